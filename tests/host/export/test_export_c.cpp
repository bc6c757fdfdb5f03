// The float C header exporter. Compiling and running the generated headers with gcc,
// g++, clang and clang++ is tested in tests/exports_host (ctest -L exports).
#include "core/host/export/export_c.h"

#include <math.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/host/export/export_c_common.h"
#include "core/host/export/exporters.h"
#include "tests/exports_host/header_text.h"
#include "tests/exports_host/test_models.h"

using namespace dff;
namespace ht = dff::header_text;

namespace {

const std::string kExamples = std::string(DFF_SOURCE_DIR) + "/examples";

std::string export_named(const DFF& model, const std::string& name) {
  ExportOptions options;
  options.name = name;
  Result<ExportedFile> r = export_c(model, options);
  INFO(r.error());
  REQUIRE(r.ok());
  return r->bytes;
}

uint32_t bits(float v) {
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  return u;
}

// CRC-32 of floats as little-endian bytes, written out independently of the exporter.
uint32_t crc_le(const std::vector<float>& values, uint32_t crc) {
  std::vector<uint8_t> bytes;
  for (const float v : values) {
    const uint32_t u = bits(v);
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<uint8_t>(u >> (8 * k)));
  }
  return crc32(bytes.data(), bytes.size(), crc);
}

DFF seed_model() {
  Result<test_models::TestModel> t = test_models::seed(kExamples);
  REQUIRE(t.ok());
  return t->model;
}

}  // namespace

TEST_CASE("export_c writes the documented API for the seed network") {
  const DFF model = seed_model();
  const std::string h = export_named(model, "seed");
  CHECK(ht::macro(h, "SEED_INPUT_COUNT") == "3");
  CHECK(ht::macro(h, "SEED_OUTPUT_COUNT") == "2");
  CHECK(ht::macro(h, "SEED_LAYER_COUNT") == "2");
  CHECK(ht::macro(h, "SEED_CLASS_COUNT") == "0");
  CHECK(ht::macro(h, "SEED_FORMAT_VERSION") == "1");
  CHECK(ht::macro(h, "SEED_SCRATCH_FLOATS") == "6");  // hidden 4 + output 2, never overlapping
  CHECK(ht::macro(h, "SEED_RAM_BYTES") == "24");
  CHECK(ht::macro(h, "SEED_WEIGHTS_BYTES") == "104");  // (12 + 4 + 8 + 2) floats
  CHECK(ht::macro(h, "SEED_WEIGHTS_CRC32").rfind("UINT32_C(0x", 0) == 0);
  CHECK(h.find("static inline void seed_predict(const float *input, float *output)\n") != std::string::npos);
  CHECK(h.find("seed_classify") == std::string::npos);  // numeric targets: no classes
  CHECK(h.find("seed_class_names") == std::string::npos);
  CHECK(h.find("#ifndef MICRODFF_SEED_H\n#define MICRODFF_SEED_H\n") != std::string::npos);
  // The generated comment states topology, activations and training settings.
  CHECK(h.find(" * Network      3-4-2 (2 layers), biases on\n") != std::string::npos);
  CHECK(h.find(" * Layer 1      4 -> 2, sigmoid\n") != std::string::npos);
  CHECK(h.find("loss mse, optimizer sgd, learning rate 1, batch 1") != std::string::npos);
  CHECK(h.find("1000 epochs") != std::string::npos);
  CHECK(h.find("Outputs      2: \"s1\", \"s2\"") != std::string::npos);
}

TEST_CASE("export_c needs only stdint.h, math.h and, on AVR, avr/pgmspace.h") {
  const std::string h = export_named(seed_model(), "seed");
  std::vector<std::string> includes;
  for (size_t pos = h.find("#include"); pos != std::string::npos; pos = h.find("#include", pos + 1))
    includes.push_back(h.substr(pos, h.find('\n', pos) - pos));
  CHECK(includes == std::vector<std::string>{"#include <math.h>", "#include <stdint.h>", "#include <avr/pgmspace.h>"});
  CHECK(h.find("#ifdef __AVR__\n#include <avr/pgmspace.h>\n#define SEED_FLASH_ PROGMEM\n"
               "#define SEED_READ_(address) pgm_read_float(address)\n") != std::string::npos);
}

TEST_CASE("export_c keeps no mutable state: every object outside a function is const") {
  Result<test_models::TestModel> t = test_models::mlp64();
  REQUIRE(t.ok());
  const std::string h = export_named(t->model, "mlp64");
  size_t declarations = 0;
  for (size_t pos = h.find("\nstatic "); pos != std::string::npos; pos = h.find("\nstatic ", pos + 1)) {
    const std::string line = h.substr(pos + 1, h.find('\n', pos + 1) - pos - 1);
    INFO(line);
    CHECK((line.rfind("static const ", 0) == 0 || line.rfind("static inline ", 0) == 0));
    ++declarations;
  }
  CHECK(declarations > 5);
  // The scratch is a local array in each entry point.
  CHECK(h.find("{\n    float scratch[MLP64_SCRATCH_FLOATS];\n    const float *result = mlp64_forward_(input, scratch);") !=
        std::string::npos);
}

TEST_CASE("export_c arrays hold the exact weights and the CRC covers exactly their bytes") {
  Result<test_models::TestModel> t = test_models::iris(kExamples, 20);
  REQUIRE(t.ok());
  const DFF& model = t->model;
  const Network& net = model.network();
  const std::string h = export_named(model, "iris");
  const std::vector<ht::CArray> arrays = ht::numeric_arrays(h);
  REQUIRE(arrays.size() == 6);
  const std::vector<std::string> names = {"iris_input_mean_", "iris_input_std_", "iris_weights0_",
                                          "iris_biases0_",    "iris_weights1_",  "iris_biases1_"};
  std::vector<std::vector<float>> expected = {
      std::vector<float>(net.norm_mean(), net.norm_mean() + 4), std::vector<float>(net.norm_std(), net.norm_std() + 4),
      neuron_major_weights(net, 0), std::vector<float>(net.biases(0), net.biases(0) + 8),
      neuron_major_weights(net, 1), std::vector<float>(net.biases(1), net.biases(1) + 3)};
  // Neuron-major layout: element [j * n_in + i] is the core's W[i][j].
  CHECK(expected[2][1 * 4 + 3] == net.weights(0)[3 * 8 + 1]);
  uint32_t crc = 0;
  size_t bytes = 0;
  for (size_t a = 0; a < arrays.size(); ++a) {
    INFO(arrays[a].name);
    CHECK(arrays[a].type == "float");
    CHECK(arrays[a].name == names[a]);
    REQUIRE(arrays[a].count == expected[a].size());
    REQUIRE(arrays[a].items.size() == expected[a].size());
    for (size_t i = 0; i < expected[a].size(); ++i) REQUIRE(bits(ht::float_value(arrays[a].items[i])) == bits(expected[a][i]));
    crc = crc_le(expected[a], crc);
    bytes += expected[a].size() * 4;
  }
  char want[40];
  snprintf(want, sizeof want, "UINT32_C(0x%08X)", crc);
  CHECK(ht::macro(h, "IRIS_WEIGHTS_CRC32") == want);
  CHECK(ht::macro(h, "IRIS_WEIGHTS_BYTES") == std::to_string(bytes));
}

TEST_CASE("export_c CRC changes when any single weight changes") {
  DFF model = seed_model();
  const std::string before = ht::macro(export_named(model, "seed"), "SEED_WEIGHTS_CRC32");
  model.network().weights(1)[5] = std::nextafter(model.network().weights(1)[5], 10.0f);
  CHECK(ht::macro(export_named(model, "seed"), "SEED_WEIGHTS_CRC32") != before);
}

TEST_CASE("export_c output is deterministic") {
  const DFF model = seed_model();
  const DFF copy = model;
  const std::string a = export_named(model, "seed");
  CHECK(export_named(model, "seed") == a);
  CHECK(export_named(copy, "seed") == a);
  ExportOptions options;
  options.name = "seed";
  Result<ExportedFile> via_dispatch = export_model(model, "c", options);
  REQUIRE(via_dispatch.ok());
  CHECK(via_dispatch->bytes == a);
}

TEST_CASE("export_c turns a hostile --name into a harmless prefix") {
  Result<test_models::TestModel> t = test_models::nasty(kExamples);
  REQUIRE(t.ok());
  const std::string h = export_named(t->model, test_models::nasty_name());
  CHECK(h.find("static inline void m_1_bad_name_system_x_predict(") != std::string::npos);
  CHECK(h.find("static inline int m_1_bad_name_system_x_classify(") != std::string::npos);
  CHECK(ht::macro(h, "M_1_BAD_NAME_SYSTEM_X_INPUT_COUNT") == "3");
  const ht::Lexed lexed = ht::lex(h);
  INFO(lexed.problem);
  REQUIRE(lexed.ok);
  // Outside comments and literals nothing of the hostile text is left.
  const std::string& code = lexed.code;
  CHECK(code.find("system(") == std::string::npos);
  CHECK(code.find("rm -rf") == std::string::npos);
}

TEST_CASE("export_c escapes class and column names in literals and comments") {
  Result<test_models::TestModel> t = test_models::nasty(kExamples);
  REQUIRE(t.ok());
  const std::string h = export_named(t->model, "nasty");
  const ht::Lexed lexed = ht::lex(h);
  INFO(lexed.problem);
  REQUIRE(lexed.ok);
  // The class names array holds exactly the original bytes.
  REQUIRE(lexed.strings.size() == 2);
  CHECK(lexed.strings[0] == t->model.class_names[0]);
  CHECK(lexed.strings[1] == t->model.class_names[1]);
  // The first comment is the description; hostile names show up there escaped, on single lines.
  const std::string& description = lexed.comments.at(0);
  CHECK(description.find("Classes      2: ") != std::string::npos);
  CHECK(description.find("Inputs       3: \"quote\\\" back\\\\slash\", \"new\\nline *\\057 end \\057* start\"") !=
        std::string::npos);
}

TEST_CASE("export_c emits classify and class names for class models") {
  Result<test_models::TestModel> t = test_models::iris(kExamples, 5);
  REQUIRE(t.ok());
  const std::string h = export_named(t->model, "iris");
  CHECK(ht::macro(h, "IRIS_CLASS_COUNT") == "3");
  CHECK(h.find("static const char *const iris_class_names[3] = {\n    \"setosa\",\n    \"versicolor\",\n"
               "    \"virginica\"\n};") != std::string::npos);
  CHECK(h.find("static inline int iris_classify(const float *input)") != std::string::npos);
  CHECK(h.find("Normalise    yes") != std::string::npos);
  CHECK(h.find("loss cross_entropy, optimizer adam, learning rate 0.01, beta1 0.9, beta2 0.999") != std::string::npos);
}

TEST_CASE("export_c refuses models it cannot print faithfully") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  SECTION("NaN weight") {
    DFF model = seed_model();
    model.network().weights(1)[3 * 2 + 1] = nan;
    Result<ExportedFile> r = export_c(model, ExportOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "cannot export: layer 1 weight [input 3 -> neuron 1] is NaN; retrain the model");
  }
  SECTION("infinite bias") {
    DFF model = seed_model();
    model.network().biases(0)[2] = -inf;
    Result<ExportedFile> r = export_c(model, ExportOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "cannot export: layer 0 bias of neuron 2 is infinite; retrain the model");
  }
  SECTION("zero or non-finite normalisation") {
    Result<test_models::TestModel> t = test_models::single();
    REQUIRE(t.ok());
    t->model.network().norm_std()[1] = 0.0f;
    Result<ExportedFile> r = export_c(t->model, ExportOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "cannot export: normalisation std of input 1 is 0 (inputs would divide by zero)");
    t->model.network().norm_std()[1] = 1.0f;
    t->model.network().norm_mean()[2] = nan;
    r = export_c(t->model, ExportOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "cannot export: normalisation mean of input 2 is NaN");
  }
  SECTION("class names that do not match the outputs") {
    DFF model = seed_model();
    model.class_names = {"a", "b", "c"};
    Result<ExportedFile> r = export_c(model, ExportOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "cannot export: the model has 3 class names but 2 outputs");
  }
  SECTION("the printed text never holds nan or inf") {
    const std::string h = export_named(seed_model(), "seed");
    CHECK(h.find("nan") == std::string::npos);
    CHECK(h.find("inf") == std::string::npos);
  }
}

TEST_CASE("plan_scratch alternates vectors between both ends of the scratch") {
  Topology t;
  t.layer_count = 2;
  t.widths[0] = 3;
  t.widths[1] = 4;
  t.widths[2] = 2;
  ScratchPlan p = plan_scratch(t);
  CHECK(p.floats == 6);
  CHECK(p.output_offset == std::vector<uint32_t>{0, 4});

  t.normalize = true;  // normalised input 3, then 4, then 2
  p = plan_scratch(t);
  CHECK(p.floats == 7);
  CHECK(p.input_offset == 0);
  CHECK(p.output_offset == std::vector<uint32_t>{3, 0});

  t.layer_count = 3;  // 64-32-10-64 style: the widest pair decides
  t.normalize = false;
  t.widths[0] = 64;
  t.widths[1] = 32;
  t.widths[2] = 10;
  t.widths[3] = 64;
  p = plan_scratch(t);
  CHECK(p.floats == 74);
  CHECK(p.output_offset == std::vector<uint32_t>{0, 64, 0});

  t.layer_count = 1;  // one layer, no normalisation: only the output
  t.widths[1] = 5;
  p = plan_scratch(t);
  CHECK(p.floats == 5);
  CHECK(p.output_offset == std::vector<uint32_t>{0});
}

TEST_CASE("plan_scratch never lets a layer's input and output overlap and stays within 2x the widest") {
  Pcg32 rng(3);
  for (int n = 0; n < 2000; ++n) {
    Topology t;
    t.layer_count = static_cast<uint8_t>(1 + rng.bounded(6));
    t.normalize = rng.bounded(2) == 1;
    uint32_t widest = 0;
    for (uint32_t i = 0; i <= t.layer_count; ++i) t.widths[i] = static_cast<uint16_t>(1 + rng.bounded(100));
    for (uint32_t i = t.normalize ? 0 : 1; i <= t.layer_count; ++i) widest = std::max<uint32_t>(widest, t.widths[i]);
    const ScratchPlan p = plan_scratch(t);
    REQUIRE(p.floats <= 2 * widest);
    uint32_t in_offset = p.input_offset, in_width = t.normalize ? t.widths[0] : 0;
    for (uint8_t l = 0; l < t.layer_count; ++l) {
      const uint32_t out = p.output_offset[l], width = t.widths[l + 1];
      REQUIRE(out + width <= p.floats);
      if (in_width > 0) REQUIRE((out + width <= in_offset || in_offset + in_width <= out));
      in_offset = out;
      in_width = width;
    }
  }
}
