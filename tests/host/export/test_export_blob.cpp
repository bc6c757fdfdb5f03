// Tests for core/host/export/export_blob.h: DFF -> blob -> core Network predicts identically,
// deterministic output, the documented bytes, sizes, and what cannot be exported.
#include "core/host/export/export_blob.h"

#include <math.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/blob.h"
#include "core/crc32.h"
#include "core/prng.h"
#include "core/host/model/blob_model.h"
#include "core/host/export/exporters.h"

namespace {

using dff::Activation;
using dff::DFF;
using dff::MemoryPlan;
using dff::Optimizer;

uint32_t bits(float f) {
  uint32_t u = 0;
  memcpy(&u, &f, sizeof u);
  return u;
}

const uint8_t* bytes_of(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

std::string export_ok(const DFF& model) {
  const dff::Result<dff::ExportedFile> blob = dff::export_blob(model, dff::ExportOptions{});
  INFO(blob.error());
  REQUIRE(blob.ok());
  CHECK_FALSE(blob->footprint.has_value());
  return blob->bytes;
}

// The seed document's example: DFF((3,4,2)) trained 1000 times on 8 rows with lrate 1.
DFF trained_seed_model(dff::Matrix& a) {
  a = dff::Matrix{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  DFF ann({3, 4, 2});
  for (int epoch = 0; epoch < 1000; ++epoch) REQUIRE(ann.train(a, s, 1.0f).ok());
  ann.training.epochs = 1000;
  return ann;
}

// 64-32-10 classifier (relu, softmax) with class names and normalisation; weights from a seed.
DFF wide_model(bool names_and_norm) {
  dff::ModelSpec spec;
  spec.widths = {64, 32, 10};
  spec.activations = {Activation::kRelu, Activation::kSoftmax};
  spec.normalize = names_and_norm;
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF model = made.value();
  model.initialize(dff::Init::kHe, 42);
  for (uint8_t l = 0; l < 2; ++l)
    for (uint32_t j = 0; j < spec.widths[l + 1]; ++j) model.network().biases(l)[j] = 0.01f * static_cast<float>(j);
  if (names_and_norm) {
    std::vector<float> mean(64), stddev(64);
    for (uint32_t i = 0; i < 64; ++i) {
      mean[i] = static_cast<float>(i) * 0.3f - 4.0f;
      stddev[i] = 0.5f + static_cast<float>(i % 7);
    }
    REQUIRE(model.set_normalization(mean, stddev).ok());
    for (int c = 0; c < 10; ++c) model.class_names.push_back("digit " + std::to_string(c));
  }
  model.training.options.optimizer = Optimizer::kAdam;
  model.training.options.learning_rate = 0.01f;
  return model;
}

// Loads the blob with the bare-metal parser into a fixed buffer and compares every output bit for bit.
void require_same_predictions(const DFF& model, const std::string& blob, const MemoryPlan& plan,
                              const std::vector<std::vector<float>>& rows) {
  alignas(4) static uint8_t board_ram[64 * 1024];
  dff::Network net;
  const dff::Status s = dff::blob_load(bytes_of(blob), blob.size(), plan, board_ram, sizeof board_ram, &net);
  INFO(s.message());
  REQUIRE(s.ok());
  const uint32_t n_out = model.topology().outputs();
  std::vector<float> out(n_out);
  for (const std::vector<float>& row : rows) {
    dff::Matrix x(1, static_cast<uint32_t>(row.size()), row);
    const dff::Matrix want = model.predict(x);
    REQUIRE(net.predict(row.data(), static_cast<uint32_t>(row.size()), out.data(), n_out).ok());
    for (uint32_t k = 0; k < n_out; ++k) REQUIRE(bits(out[k]) == bits(want(0, k)));
  }
}

}  // namespace

TEST_CASE("the seed model survives DFF -> blob -> Network with identical predictions") {
  dff::Matrix a;
  const DFF ann = trained_seed_model(a);
  const std::string blob = export_ok(ann);
  // 16 header + 8 topology + 48 training + 26 parameters * 4 + 4 CRC.
  CHECK(blob.size() == 180);
  std::vector<std::vector<float>> rows;
  for (uint32_t r = 0; r < a.rows(); ++r) rows.emplace_back(a.data() + r * 3, a.data() + r * 3 + 3);
  for (const MemoryPlan plan : {MemoryPlan{false, Optimizer::kSgd}, MemoryPlan{true, Optimizer::kSgd},
                                MemoryPlan{true, Optimizer::kAdam}})
    require_same_predictions(ann, blob, plan, rows);
  // And the network still classifies the seed's rows correctly once on the "board".
  const dff::Matrix rounded = ann.predict(a).map(round);
  CHECK(rounded == dff::Matrix({{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}}));

  const dff::Result<DFF> back = dff::model_from_blob(blob, "seed.blob");
  REQUIRE(back.ok());
  CHECK(back->predict(a) == ann.predict(a));
  CHECK(back->training.epochs == 1000);
  CHECK(export_ok(back.value()) == blob);  // blob -> DFF -> blob is byte-identical
}

TEST_CASE("a 64-32-10 classifier with class names and normalisation round-trips") {
  for (const bool full : {false, true}) {
    const DFF model = wide_model(full);
    const std::string blob = export_ok(model);
    INFO("class names and normalisation: " << full);
    // 16 + 8 + 48 [+ 10 names of 1+7 bytes = 80] [+ 64*2*4 = 512] + 2410*4 + 4
    CHECK(blob.size() == (full ? 16u + 8 + 48 + 80 + 512 + 9640 + 4 : 16u + 8 + 48 + 9640 + 4));
    std::vector<std::vector<float>> rows;
    dff::Pcg32 rng(7);
    for (int r = 0; r < 20; ++r) {
      std::vector<float> row(64);
      for (float& v : row) v = rng.uniform(-10.0f, 10.0f);
      rows.push_back(row);
    }
    require_same_predictions(model, blob, MemoryPlan{false, Optimizer::kSgd}, rows);
    require_same_predictions(model, blob, MemoryPlan{true, Optimizer::kAdam}, rows);

    const dff::Result<DFF> back = dff::model_from_blob(blob, "wide.blob");
    REQUIRE(back.ok());
    CHECK(back->class_names == model.class_names);
    CHECK(back->training.options.optimizer == Optimizer::kAdam);
    CHECK(back->training.seed == 42);
    CHECK(back->training.init == dff::Init::kHe);
    CHECK(export_ok(back.value()) == blob);
  }
}

TEST_CASE("export is deterministic and ignores the export name") {
  const DFF a = wide_model(true);
  const DFF b = wide_model(true);  // built again from scratch
  const std::string first = export_ok(a);
  CHECK(export_ok(a) == first);
  CHECK(export_ok(b) == first);
  dff::ExportOptions named;
  named.name = "other name";
  const dff::Result<dff::ExportedFile> via_dispatch = dff::export_model(a, "blob", named);
  REQUIRE(via_dispatch.ok());
  CHECK(via_dispatch->bytes == first);
}

TEST_CASE("the writer emits exactly the bytes documented in docs/model-format.md") {
  dff::ModelSpec spec;
  spec.widths = {2, 1};
  spec.activations = {Activation::kLinear};
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF& model = made.value();
  model.network().weights(0)[0] = 0.5f;
  model.network().weights(0)[1] = -1.0f;
  model.network().biases(0)[0] = 0.25f;
  const uint8_t expected[88] = {
      0x44, 0x46, 0x46, 0x42, 0x01, 0x00, 0x10, 0x00, 0x58, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00,  //
      0x02, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x3f,  //
      0x66, 0x66, 0x66, 0x3f, 0x66, 0x66, 0x66, 0x3f, 0x77, 0xbe, 0x7f, 0x3f, 0x77, 0xcc, 0x2b, 0x32,  //
      0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xbf,  //
      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x80, 0xbf,  //
      0x00, 0x00, 0x80, 0x3e, 0x7b, 0x67, 0xd4, 0x4b};
  const std::string blob = export_ok(model);
  REQUIRE(blob.size() == sizeof expected);
  for (size_t i = 0; i < sizeof expected; ++i) {
    INFO("byte " << i);
    CHECK(static_cast<uint8_t>(blob[i]) == expected[i]);
  }
  CHECK(dff::crc32(expected, 84) == 0x4BD4677Bu);
}

TEST_CASE("models the blob cannot hold are refused with a reason") {
  DFF model = wide_model(true);
  SECTION("class-name count differs from the outputs") {
    model.class_names.pop_back();
    const dff::Result<dff::ExportedFile> r = dff::export_blob(model, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "blob: the model has 9 class names but 10 outputs");
  }
  SECTION("class name longer than 255 bytes") {
    model.class_names[3] = std::string(255, 'x');
    const std::string ok = export_ok(model);
    const dff::Result<DFF> back = dff::model_from_blob(ok, "m");
    REQUIRE(back.ok());
    CHECK(back->class_names[3] == model.class_names[3]);
    model.class_names[3] += "y";
    const dff::Result<dff::ExportedFile> r = dff::export_blob(model, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "blob: class name 4 is 256 bytes long; the blob allows at most 255");
  }
  SECTION("non-finite weight") {
    model.network().parameters()[100] = NAN;
    const dff::Result<dff::ExportedFile> r = dff::export_blob(model, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "blob: the model has a NaN or infinite weight; train it again");
  }
  SECTION("class names with quotes, newlines and NUL bytes are carried as bytes") {
    model.class_names[0] = std::string("a\"b\n*/\0c", 8);
    model.class_names[1] = "";
    model.class_names[2] = "\xC3\xA9t\xC3\xA9";  // UTF-8
    const dff::Result<DFF> back = dff::model_from_blob(export_ok(model), "m");
    REQUIRE(back.ok());
    CHECK(back->class_names == model.class_names);
  }
}
