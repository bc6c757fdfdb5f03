// gen_vectors: writes generated model headers and matching test-vector headers for the
// host compile tests (tests/exports_host) and the microcontroller tests (tests/targets).
//
//   gen_vectors MODEL FORMAT NAME OUT_DIR [--examples DIR] [--rows N]
//   gen_vectors --all OUT_DIR [--examples DIR]
//
//   MODEL     seed | mlp64 | iris | nasty | mixed | single (see test_models.h)
//   FORMAT    c | c-int8
//   NAME      the exporter's --name; files are named after the C prefix it becomes
//             (identifier_from(NAME), e.g. "seed"): OUT_DIR/<prefix>.h and OUT_DIR/<prefix>_vectors.h
//   --examples  folder holding seed.csv and iris.csv (default: the source tree's examples/)
//   --rows N  mlp64 only: number of random test rows (default 16)
//   --all     writes every model in both formats: seed, seed_int8, mlp64, mlp64_int8, iris,
//             iris_int8, m_1_bad_name_system_x and m_1_bad_name_system_x_int8 (the nasty model),
//             mixed, mixed_int8, single, single_int8
//
// <prefix>_vectors.h holds, for prefix P (upper-case PU):
//   #define PU_TEST_ROWS rows
//   static const float P_test_inputs[rows][P_INPUT_COUNT]     raw inputs
//   static const float P_test_expected[rows][P_OUTPUT_COUNT]  what P_predict must return: the
//       float model's outputs (DFF::predict, as `dff predict`) for "c"; for "c-int8" the core's
//       int8 functions on the int8 blob of the same quantisation (Int8Blob::predict)
//   static const float P_test_float_expected[rows][P_OUTPUT_COUNT]  "c-int8" only: the float
//       model's outputs, to measure what quantisation costs
//   "c-int8" only, all from the core (the header must match them bit for bit):
//     static const int8_t P_test_quantized[rows][P_INPUT_COUNT]      P_quantize_input()
//     static const int8_t P_test_expected_int8[rows][P_OUTPUT_COUNT] P_predict_int8() on those
//     static const int P_test_classes[rows]                          P_classify() (class models)
//     #define PU_TEST_ARRAYS(X)  X(array) for each constant array of the header, in CRC order
//     static const uint8_t P_test_blob[]  (#define PU_TEST_BLOB_BYTES) the int8 blob itself
//   static const int P_test_labels[rows]   iris only: the true class of each row
// The int8 models are calibrated on their own test rows.
// The arrays are PROGMEM on AVR (read them with pgm_read_float / pgm_read_word), plain
// static const elsewhere. Prints the prefix of each header written. Exit status 1 on error.
#include <stdio.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "core/host/export/float_text.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/identifier.h"
#include "core/host/file_io.h"
#include "core/host/quantize/int8_blob.h"
#include "tests/exports_host/test_models.h"

namespace {

using dff::Error;
using dff::Matrix;
using dff::Result;

std::string float_rows(const Matrix& m) {
  std::string out = "{\n";
  for (uint32_t r = 0; r < m.rows(); ++r) {
    out += "    {";
    for (uint32_t c = 0; c < m.cols(); ++c) out += (c ? ", " : "") + dff::c_float_literal(m(r, c));
    out += r + 1 < m.rows() ? "},\n" : "}\n";
  }
  return out + "}";
}

template <class T>
std::string int_rows(const std::vector<std::vector<T>>& rows) {
  std::string out = "{\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    out += "    {";
    for (size_t c = 0; c < rows[r].size(); ++c) out += (c ? ", " : "") + std::to_string(rows[r][c]);
    out += r + 1 < rows.size() ? "},\n" : "}\n";
  }
  return out + "}";
}

// What the int8 vectors add (see the top of this file).
struct Int8Vectors {
  std::vector<std::vector<int>> quantized, outputs;
  std::vector<int> classes;
  std::vector<std::string> arrays;
  std::string blob;
};

std::string int8_vectors(const std::string& prefix, const std::string& flash, const Int8Vectors& v, bool classes) {
  const std::string upper = dff::c_macro_name(prefix);
  const std::string rows = std::to_string(v.quantized.size());
  std::string h = "\nstatic const int8_t " + prefix + "_test_quantized[" + rows + "][" +
                  std::to_string(v.quantized[0].size()) + "] " + flash + " = " + int_rows(v.quantized) + ";\n";
  h += "\nstatic const int8_t " + prefix + "_test_expected_int8[" + rows + "][" + std::to_string(v.outputs[0].size()) +
       "] " + flash + " = " + int_rows(v.outputs) + ";\n";
  if (classes) {
    h += "\nstatic const int " + prefix + "_test_classes[" + rows + "] " + flash + " = {";
    for (size_t r = 0; r < v.classes.size(); ++r) h += (r ? ", " : "") + std::to_string(v.classes[r]);
    h += "};\n";
  }
  h += "\n#define " + upper + "_TEST_ARRAYS(X)";
  for (const std::string& a : v.arrays) h += " X(" + a + ");";
  h += "\n\n#define " + upper + "_TEST_BLOB_BYTES " + std::to_string(v.blob.size()) + "\n";
  h += "static const uint8_t " + prefix + "_test_blob[" + std::to_string(v.blob.size()) + "] " + flash + " = {";
  for (size_t i = 0; i < v.blob.size(); ++i)
    h += (i % 24 == 0 ? "\n    " : " ") + std::to_string(static_cast<uint8_t>(v.blob[i])) + (i + 1 < v.blob.size() ? "," : "");
  return h + "\n};\n";
}

std::string vectors_header(const std::string& prefix, const std::string& model_name, const std::string& format,
                           const Matrix& inputs, const Matrix& expected, const Matrix* float_expected,
                           const std::vector<uint32_t>& labels, const Int8Vectors* int8, bool classes) {
  const std::string upper = dff::c_macro_name(prefix);
  const std::string flash = upper + "_TEST_FLASH_";
  const std::string rows = std::to_string(inputs.rows());
  std::string h = "/* Test vectors for " + prefix + ".h (model " + model_name + ", format " + format +
                  "), written by tests/exports_host/gen_vectors. */\n";
  h += "#ifndef " + upper + "_VECTORS_H\n#define " + upper + "_VECTORS_H\n\n";
  h += "#include <stdint.h>\n\n";
  h += "#ifdef __AVR__\n#include <avr/pgmspace.h>\n#define " + flash + " PROGMEM\n#else\n#define " + flash + "\n#endif\n\n";
  h += "#define " + upper + "_TEST_ROWS " + rows + "\n\n";
  h += "static const float " + prefix + "_test_inputs[" + rows + "][" + std::to_string(inputs.cols()) + "] " + flash +
       " = " + float_rows(inputs) + ";\n\n";
  h += "static const float " + prefix + "_test_expected[" + rows + "][" + std::to_string(expected.cols()) + "] " + flash +
       " = " + float_rows(expected) + ";\n";
  if (float_expected != nullptr)
    h += "\nstatic const float " + prefix + "_test_float_expected[" + rows + "][" +
         std::to_string(float_expected->cols()) + "] " + flash + " = " + float_rows(*float_expected) + ";\n";
  if (!labels.empty()) {
    h += "\nstatic const int " + prefix + "_test_labels[" + rows + "] " + flash + " = {";
    for (size_t r = 0; r < labels.size(); ++r) h += (r % 25 == 0 ? "\n    " : " ") + std::to_string(labels[r]) + (r + 1 < labels.size() ? "," : "");
    h += "\n};\n";
  }
  if (int8 != nullptr) h += int8_vectors(prefix, flash, *int8, classes);
  return h + "\n#endif\n";
}

// The header's arrays in CRC order, named from the parameters (independently of the exporter).
std::vector<std::string> int8_arrays(const std::string& prefix, const dff::Int8Params& q) {
  std::vector<std::string> names;
  bool per_input = false;
  for (size_t i = 0; i < q.input_offsets.size(); ++i)
    per_input = per_input || q.input_offsets[i] != q.input_offsets[0] ||
                q.input_multipliers[i] != q.input_multipliers[0] || q.input_exponents[i] != q.input_exponents[0];
  if (per_input)
    for (const char* a : {"_input_offset_", "_input_multiplier_", "_input_exponent_"}) names.push_back(prefix + a);
  for (size_t l = 0; l < q.layers.size(); ++l) {
    const std::string n = std::to_string(l) + "_";
    for (const char* a : {"weights", "biases", "multipliers", "shifts"}) names.push_back(prefix + "_" + a + n);
    if (!q.layers[l].neg_multipliers.empty()) {
      names.push_back(prefix + "_neg_multipliers" + n);
      names.push_back(prefix + "_neg_shifts" + n);
    }
    if (!q.layers[l].table.empty()) names.push_back(prefix + "_table" + n);
    if (!q.layers[l].exp_table.empty()) names.push_back(prefix + "_exp" + n);
  }
  return names;
}

Result<dff::test_models::TestModel> build(const std::string& model, const std::string& examples, uint32_t rows) {
  if (model == "seed") return dff::test_models::seed(examples);
  if (model == "mlp64") return dff::test_models::mlp64(rows);
  if (model == "iris") return dff::test_models::iris(examples);
  if (model == "nasty") return dff::test_models::nasty(examples);
  if (model == "mixed") return dff::test_models::mixed();
  if (model == "single") return dff::test_models::single();
  return Error{"unknown model '" + model + "' (expected seed, mlp64, iris, nasty, mixed or single)"};
}

dff::Outcome generate(const std::string& model_name, const std::string& format, const std::string& name,
                      const std::string& out_dir, const std::string& examples, uint32_t rows) {
  Result<dff::test_models::TestModel> t = build(model_name, examples, rows);
  if (!t.ok()) return Error{model_name + ": " + t.error()};
  dff::ExportOptions options;
  options.name = name;
  const Matrix float_out = t->model.predict(t->inputs);
  Result<dff::ExportedFile> header = Error{"unknown format '" + format + "' (expected c or c-int8)"};
  Matrix expected = float_out;
  const std::string prefix = dff::identifier_from(name);
  Int8Vectors int8;
  if (format == "c") header = dff::export_c(t->model, options);
  if (format == "c-int8") {
    dff::Dataset calibration;
    calibration.rows = t->inputs.rows();
    calibration.input_width = t->inputs.cols();
    calibration.inputs.assign(t->inputs.data(), t->inputs.data() + static_cast<size_t>(t->inputs.rows()) * t->inputs.cols());
    Result<dff::Int8Params> params = dff::quantize_int8(t->model, calibration);
    if (!params.ok()) return Error{model_name + ": " + params.error()};
    header = dff::export_c_int8(t->model, params.value(), options);
    Result<std::string> blob = dff::model_to_int8_blob(t->model, params.value());
    if (!blob.ok()) return Error{model_name + ": " + blob.error()};
    Result<dff::Int8Blob> q = dff::Int8Blob::parse(blob.value(), model_name);
    if (!q.ok()) return Error{q.error()};
    Result<Matrix> predicted = q->predict(t->inputs);
    if (!predicted.ok()) return Error{model_name + ": " + predicted.error()};
    expected = predicted.value();
    for (uint32_t r = 0; r < t->inputs.rows(); ++r) {
      const float* x = t->inputs.data() + static_cast<size_t>(r) * t->inputs.cols();
      const std::vector<int8_t> in = q->quantize_input(x);
      const std::vector<int8_t> out = q->run(in);
      int8.quantized.emplace_back(in.begin(), in.end());
      int8.outputs.emplace_back(out.begin(), out.end());
      int8.classes.push_back(q->classify(x));
    }
    int8.arrays = int8_arrays(prefix, params.value());
    int8.blob = blob.value();
  }
  if (!header.ok()) return Error{model_name + ": " + header.error()};
  const std::string vectors =
      vectors_header(prefix, model_name, format, t->inputs, expected, format == "c-int8" ? &float_out : nullptr,
                     t->labels, format == "c-int8" ? &int8 : nullptr, !t->model.class_names.empty());
  dff::Outcome written = dff::write_file_atomic(out_dir + "/" + prefix + ".h", header->bytes);
  if (written.ok()) written = dff::write_file_atomic(out_dir + "/" + prefix + "_vectors.h", vectors);
  if (!written.ok()) return Error{written.error()};
  printf("%s\n", prefix.c_str());
  return true;
}

int usage() {
  fprintf(stderr,
          "usage: gen_vectors MODEL FORMAT NAME OUT_DIR [--examples DIR] [--rows N]\n"
          "       gen_vectors --all OUT_DIR [--examples DIR]\n"
          "MODEL: seed | mlp64 | iris | nasty | mixed | single; FORMAT: c | c-int8\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  std::string examples = std::string(DFF_SOURCE_DIR) + "/examples";
  uint32_t rows = 16;
  bool all = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--all") {
      all = true;
    } else if (arg == "--examples" && i + 1 < argc) {
      examples = argv[++i];
    } else if (arg == "--rows" && i + 1 < argc) {
      rows = static_cast<uint32_t>(strtoul(argv[++i], nullptr, 10));
      if (rows == 0) return usage();
    } else if (!arg.empty() && arg[0] == '-') {
      return usage();
    } else {
      positional.push_back(arg);
    }
  }
  struct Job {
    std::string model, format, name;
  };
  std::vector<Job> jobs;
  std::string out_dir;
  if (all && positional.size() == 1) {
    out_dir = positional[0];
    for (const char* model : {"seed", "mlp64", "iris", "nasty", "mixed", "single"}) {
      const std::string name = std::string(model) == "nasty" ? dff::test_models::nasty_name() : model;
      jobs.push_back({model, "c", name});
      jobs.push_back({model, "c-int8", name + " int8"});
    }
  } else if (!all && positional.size() == 4) {
    jobs.push_back({positional[0], positional[1], positional[2]});
    out_dir = positional[3];
  } else {
    return usage();
  }
  for (const Job& job : jobs) {
    const dff::Outcome done = generate(job.model, job.format, job.name, out_dir, examples, rows);
    if (!done.ok()) {
      fprintf(stderr, "gen_vectors: %s\n", done.error().c_str());
      return 1;
    }
  }
  return 0;
}
