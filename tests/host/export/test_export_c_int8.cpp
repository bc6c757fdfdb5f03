// The int8 C header exporter: API, arrays against the quantised parameters, CRC, RAM, the
// AVR loops, names. Compiling the headers and checking them bit for bit against the core is
// tests/exports_host (host compilers) and tests/targets (AVR, Cortex-M0/M3).
#include "core/host/export/export_c_int8.h"

#include <stdio.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/host/export/identifier.h"
#include "core/int8_asm.h"
#include "core/int8_network.h"
#include "tests/exports_host/header_text.h"
#include "tests/exports_host/test_models.h"

using namespace dff;
namespace ht = dff::header_text;

namespace {

const std::string kExamples = std::string(DFF_SOURCE_DIR) + "/examples";

Dataset rows_of(const Matrix& m) {
  Dataset d;
  d.rows = m.rows();
  d.input_width = m.cols();
  d.inputs.assign(m.data(), m.data() + static_cast<size_t>(m.rows()) * m.cols());
  return d;
}

struct Exported {
  Int8Params params;
  std::string header;
};

Exported export_named(const test_models::TestModel& t, const std::string& name) {
  Result<Int8Params> q = quantize_int8(t.model, rows_of(t.inputs));
  REQUIRE(q.ok());
  ExportOptions options;
  options.name = name;
  Result<ExportedFile> h = export_c_int8(t.model, q.value(), options);
  INFO(h.error());
  REQUIRE(h.ok());
  REQUIRE(h->footprint.has_value());
  CHECK(h->footprint->flash_bytes == std::stoul(ht::macro(h->bytes, c_macro_name(identifier_from(name)) + "_WEIGHTS_BYTES")));
  CHECK(h->footprint->ram_bytes == std::stoul(ht::macro(h->bytes, c_macro_name(identifier_from(name)) + "_RAM_BYTES")));
  return {q.value(), h->bytes};
}

bool has(const std::string& h, const std::string& text) { return h.find(text) != std::string::npos; }

template <class T>
void add_le(std::vector<uint8_t>& bytes, const std::vector<T>& values) {
  for (const T v : values)
    for (size_t k = 0; k < sizeof(T); ++k) bytes.push_back(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * k)));
}

}  // namespace

TEST_CASE("the int8 header's arrays are the quantised parameters, in CRC order") {
  Result<test_models::TestModel> t = test_models::iris(kExamples, 5);
  REQUIRE(t.ok());
  const Exported e = export_named(t.value(), "iris8");
  const Int8Params& q = e.params;
  const std::vector<ht::CArray> arrays = ht::numeric_arrays(e.header);
  const std::vector<std::string> names = {"iris8_input_offset_", "iris8_input_multiplier_", "iris8_input_exponent_",
                                          "iris8_weights0_",      "iris8_biases0_",          "iris8_multipliers0_",
                                          "iris8_shifts0_",       "iris8_table0_",           "iris8_weights1_",
                                          "iris8_biases1_",       "iris8_multipliers1_",     "iris8_shifts1_",
                                          "iris8_exp1_"};
  REQUIRE(arrays.size() == names.size());
  for (size_t a = 0; a < arrays.size(); ++a) {
    INFO(arrays[a].name);
    CHECK(arrays[a].name == names[a]);
    REQUIRE(arrays[a].items.size() == arrays[a].count);
  }
  for (size_t i = 0; i < 4; ++i) CHECK(std::stol(arrays[0].items[i]) == q.input_offsets[i]);
  for (size_t i = 0; i < 4; ++i) CHECK(std::stol(arrays[1].items[i]) == q.input_multipliers[i]);
  for (size_t i = 0; i < 4; ++i) CHECK(std::stol(arrays[2].items[i]) == q.input_exponents[i]);
  CHECK(arrays[2].type == "int16_t");
  std::vector<uint8_t> bytes;
  add_le(bytes, q.input_offsets);
  add_le(bytes, q.input_multipliers);
  add_le(bytes, q.input_exponents);
  for (size_t l = 0; l < 2; ++l) {
    const Int8LayerParams& L = q.layers[l];
    const size_t at = 3 + 5 * l;
    CHECK(arrays[at].type == "int8_t");
    CHECK(arrays[at + 1].type == "int32_t");
    CHECK(arrays[at + 2].type == "uint16_t");
    CHECK(arrays[at + 3].type == "uint8_t");
    for (size_t i = 0; i < L.weights.size(); ++i) REQUIRE(std::stoi(arrays[at].items[i]) == L.weights[i]);
    for (size_t j = 0; j < L.biases.size(); ++j) REQUIRE(std::stol(arrays[at + 1].items[j]) == L.biases[j]);
    for (size_t j = 0; j < L.multipliers.size(); ++j) REQUIRE(std::stoi(arrays[at + 2].items[j]) == L.multipliers[j]);
    for (size_t j = 0; j < L.shifts.size(); ++j) REQUIRE(std::stoi(arrays[at + 3].items[j]) == L.shifts[j]);
    if (l == 0)
      for (size_t k = 0; k < 256; ++k) REQUIRE(std::stoi(arrays[at + 4].items[k]) == L.table[k]);
    else
      for (size_t k = 0; k < 256; ++k) REQUIRE(std::stoi(arrays[at + 4].items[k]) == L.exp_table[k]);
    add_le(bytes, L.weights);
    add_le(bytes, L.biases);
    add_le(bytes, L.multipliers);
    add_le(bytes, L.shifts);
    add_le(bytes, L.table);
    add_le(bytes, L.exp_table);
  }
  char want[40];
  snprintf(want, sizeof want, "UINT32_C(0x%08X)", crc32(bytes.data(), bytes.size()));
  CHECK(ht::macro(e.header, "IRIS8_WEIGHTS_CRC32") == want);
  CHECK(ht::macro(e.header, "IRIS8_WEIGHTS_BYTES") == std::to_string(bytes.size()));
  // RAM: one int8 scratch of the widest pair of consecutive vectors (4 + 8, 8 + 3).
  CHECK(ht::macro(e.header, "IRIS8_SCRATCH_BYTES") == "12");
  CHECK(ht::macro(e.header, "IRIS8_RAM_BYTES") == "12");
  CHECK(ht::macro(e.header, "IRIS8_FORMAT_VERSION") == "2");
  CHECK(ht::float_value(ht::macro(e.header, "IRIS8_INPUT_SCALE")) == q.input_scale);
  CHECK(ht::macro(e.header, "IRIS8_OUTPUT_ZERO_POINT") == "(-128)");  // softmax probabilities
  CHECK(ht::macro(e.header, "IRIS8_OUTPUT_SCALE") == "0.00390625f");
}

TEST_CASE("the int8 header has the float header's API plus the int8 one, and the AVR loops of the core") {
  Result<test_models::TestModel> t = test_models::iris(kExamples, 5);
  REQUIRE(t.ok());
  const std::string h = export_named(t.value(), "q").header;
  for (const char* decl : {"static inline void q_predict(const float *input, float *output)",
                           "static inline int q_classify(const float *input)",
                           "static inline void q_quantize_input(const float *input, int8_t *q)",
                           "static inline void q_predict_int8(const int8_t *input, int8_t *output)",
                           "static inline int q_classify_int8(const int8_t *input)",
                           "static inline void q_dequantize_output(const int8_t *q, float *output)"}) {
    INFO(decl);
    CHECK(has(h, decl));
  }
  // The AVR inner loops are the very text of core/int8_asm.h.
  std::string dot = DFF_AVR_DOT_ASM;
  const size_t first = dot.find('\n');
  CHECK(has(h, "\"" + dot.substr(0, first) + "\\n\\t\"\n"));
  CHECK(has(h, "\"mulsu %D[a], %B[m]\\n\\t\"\n"));
  CHECK(has(h, "#ifdef __AVR__\n    uint16_t count = (uint16_t)n;"));
  // Without normalisation every input has the same step: constants, no arrays.
  Result<test_models::TestModel> seed = test_models::seed(kExamples);
  REQUIRE(seed.ok());
  const Exported s = export_named(seed.value(), "seed8");
  CHECK_FALSE(has(s.header, "seed8_input_offset_["));
  CHECK_FALSE(has(s.header, "seed8_input_multiplier_["));
  CHECK(ht::macro(s.header, "SEED8_INPUT_MULTIPLIER_") == std::to_string(s.params.input_multipliers[0]) + "u");
  CHECK(has(s.header, "seed8_float_times_fixed_(input[i], SEED8_INPUT_MULTIPLIER_, SEED8_INPUT_EXPONENT_) + "
                      "SEED8_INPUT_OFFSET_;"));
  CHECK_FALSE(has(s.header, "seed8_classify"));  // no class names
  CHECK_FALSE(has(s.header, "_softmax_"));
}

TEST_CASE("the int8 header keeps the float header's guard and name escaping") {
  Result<test_models::TestModel> t = test_models::nasty(kExamples);
  REQUIRE(t.ok());
  const std::string h = export_named(t.value(), test_models::nasty_name()).header;
  CHECK(has(h, "#ifndef MICRODFF_M_1_BAD_NAME_SYSTEM_X_INT8_H\n"));
  CHECK(has(h, "#define M_1_BAD_NAME_SYSTEM_X_READ_I8_(address) ((int8_t)pgm_read_byte(address))"));
  const ht::Lexed lexed = ht::lex(h);
  INFO(lexed.problem);
  REQUIRE(lexed.ok);
  REQUIRE(lexed.strings.size() >= 2);  // the class names, then the AVR asm text
  CHECK(lexed.strings[0] == t->model.class_names[0]);
  CHECK(lexed.strings[1] == t->model.class_names[1]);
}

TEST_CASE("the int8 header is deterministic and refuses non-finite models") {
  Result<test_models::TestModel> t = test_models::seed(kExamples);
  REQUIRE(t.ok());
  CHECK(export_named(t.value(), "m").header == export_named(t.value(), "m").header);
  const Int8Params q = quantize_int8(t->model, rows_of(t->inputs)).value();
  DFF broken = t->model;
  broken.network().weights(0)[0] = std::numeric_limits<float>::infinity();
  Result<ExportedFile> r = export_c_int8(broken, q, ExportOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "cannot export: layer 0 weight [input 0 -> neuron 0] is infinite; retrain the model");
}

TEST_CASE("int8 flash is a fraction of float flash") {
  Result<test_models::TestModel> t = test_models::mlp64();
  REQUIRE(t.ok());
  const std::string h = export_named(t.value(), "m").header;
  const uint32_t bytes = static_cast<uint32_t>(std::stoul(ht::macro(h, "M_WEIGHTS_BYTES")));
  // 2368 weights + 42 * (4 + 2 + 1) + 512 (exp table) + 64 * (4 + 2 + 2) (input step)
  CHECK(bytes == 2368 + 42 * 7 + 512 + 512);
  CHECK(bytes < 0.4 * 10152);  // the float header's constants: 10152 bytes
}
