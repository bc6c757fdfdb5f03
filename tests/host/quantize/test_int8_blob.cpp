// The int8 blob on the host: what model_to_int8_blob keeps and replaces, and Int8Blob.
#include "core/host/quantize/int8_blob.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/blob.h"
#include "core/host/data/csv.h"
#include "core/host/model/model_io.h"
#include "core/host/model/blob_model.h"
#include "core/little_endian.h"

using namespace dff;

namespace {

const float kSeedRows[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};

Dataset seed_rows() {
  Dataset d;
  d.rows = 8;
  d.input_width = 3;
  for (const auto& r : kSeedRows) d.inputs.insert(d.inputs.end(), r, r + 3);
  return d;
}

DFF trained_seed() {
  DFF ann({3, 4, 2});
  Matrix a(8, 3), s(8, 2);
  for (uint32_t r = 0; r < 8; ++r) {
    const int ones = static_cast<int>(kSeedRows[r][0] + kSeedRows[r][1] + kSeedRows[r][2]);
    for (uint32_t c = 0; c < 3; ++c) a(r, c) = kSeedRows[r][c];
    s(r, 0) = ones % 2 == 1 ? 1.0f : 0.0f;
    s(r, 1) = 1.0f - s(r, 0);
  }
  for (int e = 0; e < 1000; ++e) REQUIRE(ann.train(a, s, 1.0f).ok());
  return ann;
}

}  // namespace

TEST_CASE("the int8 blob keeps header, topology, training and class names and replaces the float parameters") {
  DFF model = trained_seed();
  model.class_names = {"odd", "even"};
  const Result<Int8Blob> q = Int8Blob::quantize(model, seed_rows());
  REQUIRE(q.ok());
  const std::string& bytes = q->bytes();
  const Result<std::string> float_blob = model_to_blob(model);
  REQUIRE(float_blob.ok());
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  BlobInfo info, float_info;
  REQUIRE(blob_inspect(b, bytes.size(), &info).ok());
  REQUIRE(blob_inspect(reinterpret_cast<const uint8_t*>(float_blob->data()), float_blob->size(), &float_info).ok());
  CHECK(le::load_u16(b + 4) == 2);
  CHECK(b[13] == (kBlobFlagBias | kBlobFlagTraining | kBlobFlagClassNames | kBlobFlagInt8));
  CHECK(info.int8);
  CHECK(info.int8_offset == float_info.params_offset);
  CHECK(bytes.compare(16, info.int8_offset - 16, float_blob.value(), 16, info.int8_offset - 16) == 0);
  CHECK(info.has_training);
  CHECK(info.class_count == 2);
  CHECK(bytes.size() == info.int8_offset + int8_section_bytes(info.topology) + 4);
  // Deterministic: the same model and data give the same bytes.
  CHECK(Int8Blob::quantize(model, seed_rows())->bytes() == bytes);
  // A float loader refuses it with a message, not a misreading.
  const Result<DFF> as_float = model_from_blob(bytes, "seed.blob");
  REQUIRE_FALSE(as_float.ok());
  CHECK(as_float.error().find("int8") != std::string::npos);
}

TEST_CASE("normalisation moves from its section into the int8 input step") {
  ModelSpec spec;
  spec.widths = {2, 2};
  spec.activations = {Activation::kSoftmax};
  spec.normalize = true;
  Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF& m = made.value();
  REQUIRE(m.set_normalization({1.0f, 2.0f}, {3.0f, 4.0f}).ok());
  m.network().weights(0)[0] = 1.0f;
  m.network().weights(0)[3] = -1.0f;
  Dataset d;
  d.rows = 2;
  d.input_width = 2;
  d.inputs = {0.0f, 0.0f, 5.0f, 9.0f};
  const Result<Int8Blob> q = Int8Blob::quantize(m, d);
  REQUIRE(q.ok());
  const auto* b = reinterpret_cast<const uint8_t*>(q->bytes().data());
  CHECK((b[13] & kBlobFlagNormalize) == 0);
  BlobInfo info;
  REQUIRE(blob_inspect(b, q->bytes().size(), &info).ok());
  CHECK_FALSE(info.topology.normalize);
  // The means quantise to the input zero point: normalisation is folded into the input step.
  const int8_t zero = static_cast<int8_t>(b[info.int8_offset]);
  const float means[2] = {1.0f, 2.0f};
  CHECK(q->quantize_input(means) == std::vector<int8_t>{zero, zero});
  for (const auto& row : {std::vector<float>{0.0f, 0.0f}, std::vector<float>{5.0f, 9.0f}, std::vector<float>{2.5f, 1.0f}}) {
    const std::vector<float> got = q->predict(row.data());
    const float* want = m.network().forward(row.data());
    CHECK(std::fabs(got[0] - want[0]) < 0.02f);
    CHECK(std::fabs(got[1] - want[1]) < 0.02f);
  }
}

TEST_CASE("Int8Blob runs the core's int8 functions and survives copies and moves") {
  const DFF model = trained_seed();
  Result<Int8Blob> q = Int8Blob::quantize(model, seed_rows());
  REQUIRE(q.ok());
  const Int8Blob copy = q.value();
  Int8Blob moved = std::move(q.value());
  for (const auto& row : kSeedRows) {
    const std::vector<int8_t> x = copy.quantize_input(row);
    CHECK(x == moved.quantize_input(row));
    const std::vector<int8_t> y = copy.run(x);
    CHECK(y == moved.run(x));
    const std::vector<float> f = moved.predict(row);
    const float* want = model.network().forward(row);
    // sigmoid outputs have scale 1/256; the pre-activation step adds a little more
    CHECK(std::fabs(f[0] - want[0]) < 0.03f);
    CHECK(std::fabs(f[1] - want[1]) < 0.03f);
    CHECK(f[0] == static_cast<float>(y[0] + 128) / 256.0f);
    CHECK(copy.classify(row) == (y[1] > y[0] ? 1 : 0));
    CHECK(copy.classify(row) == model.classify(row));
  }
  Matrix rows(8, 3);
  for (uint32_t r = 0; r < 8; ++r)
    for (uint32_t c = 0; c < 3; ++c) rows(r, c) = kSeedRows[r][c];
  const Result<Matrix> all = copy.predict(rows);
  REQUIRE(all.ok());
  CHECK(all.value()(5, 1) == copy.predict(kSeedRows[5])[1]);
  CHECK(copy.predict(Matrix(1, 2)).error() == "the data has 2 input columns but the network expects 3");
}

TEST_CASE("Int8Blob::parse names the source and byte of a bad blob") {
  const Result<Int8Blob> q = Int8Blob::quantize(trained_seed(), seed_rows());
  REQUIRE(q.ok());
  std::string bytes = q->bytes();
  bytes[40] = static_cast<char>(bytes[40] ^ 1);
  const Result<Int8Blob> bad = Int8Blob::parse(bytes, "m.blob");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error() == "m.blob: byte " + std::to_string(bytes.size() - 4) +
                           ": blob: CRC32 mismatch, the content is corrupted (send it again)");
  const Result<std::string> float_blob = model_to_blob(trained_seed());
  CHECK(Int8Blob::parse(float_blob.value(), "f.blob").error() ==
        "f.blob: byte 0: blob: holds a float model; export it with --format blob-int8 to run it as int8");
}

// tests/host/quantize/int8-vectors.json pins the int8 bits: for fixed models (the golden
// exports' models and calibration rows) and fixed raw inputs, the quantised inputs, int8
// outputs, dequantised outputs and classes. This suite checks them natively and as
// WebAssembly; tests/node/wasm_api.test.mjs checks the page's predictInt8 against them.
// DFF_WRITE_INT8_VECTORS=1 rewrites the file (on purpose, when the int8 arithmetic changes).
namespace {

const std::string kGolden = std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/";
const std::string kVectors = std::string(DFF_SOURCE_DIR) + "/tests/host/quantize/int8-vectors.json";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct VectorCase {
  const char* model;
  const char* calibration;  // relative to the golden folder, as in its cases.tsv
  uint32_t every;           // rows taken from the calibration file: every n-th, up to 8
};

const VectorCase kVectorCases[] = {{"seed.json", "../../../../examples/seed.csv", 1},
                                   {"iris.json", "../../../../examples/iris.csv", 19},
                                   {"mlp64.json", "calibration/mlp64.csv", 1},
                                   {"mixed.json", "calibration/mixed.csv", 1}};

nlohmann::json expected_row(const Int8Blob& q, const std::vector<float>& x) {
  const std::vector<int8_t> in = q.quantize_input(x.data());
  nlohmann::json row;
  row["input"] = std::vector<double>(x.begin(), x.end());
  row["quantised"] = std::vector<int>(in.begin(), in.end());
  const std::vector<int8_t> y = q.run(in);
  row["int8"] = std::vector<int>(y.begin(), y.end());
  const std::vector<float> f = q.predict(x.data());
  row["outputs"] = std::vector<double>(f.begin(), f.end());
  row["class"] = q.classify(x.data());
  return row;
}

}  // namespace

TEST_CASE("int8 bits for fixed models and inputs match int8-vectors.json") {
  const bool write = std::getenv("DFF_WRITE_INT8_VECTORS") != nullptr;
  nlohmann::json recorded;
  if (!write) recorded = nlohmann::json::parse(slurp(kVectors));
  nlohmann::json cases = nlohmann::json::array();
  size_t index = 0;
  for (const VectorCase& c : kVectorCases) {
    INFO(c.model);
    const Result<DFF> model = load_model(kGolden + "models/" + c.model);
    REQUIRE(model.ok());
    CsvOptions csv;
    csv.input_columns = model->topology().inputs();
    csv.require_targets = false;
    const Result<Dataset> rows = load_csv(kGolden + c.calibration, csv);
    REQUIRE(rows.ok());
    const Result<Int8Blob> q = Int8Blob::quantize(model.value(), rows.value());
    REQUIRE(q.ok());
    const uint32_t width = rows->input_width;
    std::vector<std::vector<float>> inputs;
    if (write) {
      for (uint32_t r = 0; r < rows->rows && inputs.size() < 8; r += c.every)
        inputs.emplace_back(rows->inputs.begin() + r * width, rows->inputs.begin() + (r + 1) * width);
      // Far outside the calibrated range: the input step saturates.
      for (const float factor : {100.0f, -100.0f}) {
        std::vector<float> x(inputs[0]);
        for (float& v : x) v = (v + 1.0f) * factor;
        inputs.push_back(x);
      }
    } else {
      REQUIRE(index < recorded["cases"].size());
      const nlohmann::json& want = recorded["cases"][index];
      CHECK(want["model"] == c.model);
      CHECK(want["calibration"] == c.calibration);
      for (const nlohmann::json& row : want["rows"]) inputs.push_back(row["input"].get<std::vector<float>>());
      REQUIRE(inputs.size() >= 8);
    }
    nlohmann::json got_rows = nlohmann::json::array();
    for (size_t r = 0; r < inputs.size(); ++r) {
      const nlohmann::json got = expected_row(q.value(), inputs[r]);
      if (!write) {
        INFO("row " << r);
        CHECK(got == recorded["cases"][index]["rows"][r]);
      }
      got_rows.push_back(got);
    }
    cases.push_back({{"model", c.model}, {"calibration", c.calibration}, {"rows", got_rows}});
    ++index;
  }
  if (write) {
    nlohmann::json out;
    out["about"] =
        "int8 bits of fixed models (tests/host/export/golden/models) quantised on the calibration rows named, "
        "relative to the golden folder: per input row the quantised inputs, int8 outputs, dequantised outputs "
        "and the class (largest logit). Written by test_int8_blob with DFF_WRITE_INT8_VECTORS=1.";
    out["cases"] = cases;
    std::ofstream(kVectors, std::ios::binary) << out.dump(1) << "\n";
    WARN("wrote " << kVectors);
  } else {
    CHECK(index == recorded["cases"].size());
  }
}
