// Writes the test cases for the MicroPython module test: for each model, CASE.py
// (export_micropython) and CASE.json (inputs, the model's own DFF::predict outputs and
// classes, names and sizes), which micropython_module.test.mjs runs in real MicroPython.
//
//   gen_micropython_cases OUT_DIR SOURCE_DIR
//
// SOURCE_DIR is the repository root (examples/iris.csv). Exits non-zero on any failure.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/host/model/dff.h"
#include "core/host/export/export_micropython.h"
#include "core/prng.h"
#include "tests/micropython/case_files.h"

namespace {

using dff::Activation;
using dff::DFF;
using dff::Matrix;

struct Case {
  std::string file;        // CASE of CASE.py / CASE.json
  std::string name_option; // --name given to the exporter
  DFF model;
  Matrix inputs;
};

[[noreturn]] void fail(const std::string& what) {
  fprintf(stderr, "gen_micropython_cases: %s\n", what.c_str());
  exit(1);
}

// Random weights and non-zero biases, so every term of the forward pass matters.
void randomize(DFF& model, uint64_t seed) {
  model.initialize(dff::Init::kXavier, seed);
  dff::Pcg32 rng(seed + 1000);
  const dff::Topology& t = model.topology();
  if (t.bias)
    for (uint8_t l = 0; l < t.layer_count; ++l)
      for (uint32_t j = 0; j < t.widths[l + 1]; ++j) model.network().biases(l)[j] = rng.uniform(-0.5f, 0.5f);
}

Matrix random_rows(uint32_t rows, uint32_t cols, uint64_t seed, const std::vector<float>& center,
                   const std::vector<float>& spread) {
  dff::Pcg32 rng(seed);
  Matrix m(rows, cols);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t c = 0; c < cols; ++c) m(r, c) = center[c] + spread[c] * rng.uniform(-2.0f, 2.0f);
  return m;
}

// The seed project's example: DFF((3, 4, 2)), sigmoid, 1000 epochs of train(a, s, lrate=1).
Case seed_case() {
  const Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  DFF ann({3, 4, 2});
  for (int epoch = 0; epoch < 1000; ++epoch)
    if (!ann.train(a, s, 1.0f).ok()) fail("seed training failed");
  ann.training.epochs = 1000;
  ann.input_names = {"i1", "i2", "i3"};
  ann.output_names = {"s1", "s2"};
  ann.class_names = {"s1", "s2"};
  Matrix inputs(12, 3);
  for (uint32_t r = 0; r < 8; ++r)
    for (uint32_t c = 0; c < 3; ++c) inputs(r, c) = a(r, c);
  const Matrix extra = random_rows(4, 3, 11, {0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f});
  for (uint32_t r = 0; r < 4; ++r)
    for (uint32_t c = 0; c < 3; ++c) inputs(8 + r, c) = extra(r, c);
  return Case{"seed", "seed", std::move(ann), std::move(inputs)};
}

// examples/iris.csv: 4 raw measurements, normalised inside, tanh hidden layer, softmax output.
Case iris_case(const std::string& source_dir) {
  std::ifstream in(source_dir + "/examples/iris.csv");
  if (!in) fail("cannot read " + source_dir + "/examples/iris.csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string> classes;
  std::vector<float> x;
  std::vector<uint32_t> labels;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream row(line);
    std::string cell;
    for (int c = 0; c < 4; ++c) {
      if (!std::getline(row, cell, ',')) fail("iris.csv: short row: " + line);
      x.push_back(strtof(cell.c_str(), nullptr));
    }
    std::getline(row, cell);
    uint32_t k = 0;
    while (k < classes.size() && classes[k] != cell) ++k;
    if (k == classes.size()) classes.push_back(cell);
    labels.push_back(k);
  }
  const auto rows = static_cast<uint32_t>(labels.size());
  if (rows < 100 || classes.size() != 3) fail("iris.csv: expected >= 100 rows and 3 classes");
  Matrix a(rows, 4, std::vector<float>(x));
  Matrix s(rows, 3);
  for (uint32_t r = 0; r < rows; ++r) s(r, labels[r]) = 1.0f;

  std::vector<float> mean(4, 0.0f), sd(4, 0.0f);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t c = 0; c < 4; ++c) mean[c] += a(r, c) / static_cast<float>(rows);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t c = 0; c < 4; ++c) sd[c] += (a(r, c) - mean[c]) * (a(r, c) - mean[c]) / static_cast<float>(rows);
  for (float& v : sd) v = sqrtf(v);

  DFF model = create({4, 8, 3}, {Activation::kTanh, Activation::kSoftmax}, true, true);
  model.initialize(dff::Init::kXavier, 3);
  if (!model.set_normalization(mean, sd).ok()) fail("iris normalisation rejected");
  dff::TrainOptions options;
  options.loss = dff::Loss::kCrossEntropy;
  options.learning_rate = 0.05f;
  for (int epoch = 0; epoch < 100; ++epoch)
    if (!model.train(a, s, options).ok()) fail("iris training failed");
  model.training.options = options;
  model.training.epochs = 100;
  model.input_names = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
  model.output_names = classes;
  model.class_names = classes;
  return Case{"iris", "iris", std::move(model), std::move(a)};
}

// Every element-wise activation, normalisation with uneven scales, hostile names and --name.
Case mixed_case() {
  DFF model = create({5, 7, 6, 5, 3}, {Activation::kRelu, Activation::kTanh, Activation::kLeakyRelu, Activation::kLinear},
                     true, true);
  randomize(model, 7);
  const std::vector<float> mean = {10.0f, -3.0f, 0.5f, 1000.0f, 0.0f};
  const std::vector<float> sd = {2.0f, 0.5f, 1.0f, 250.0f, 3.0f};
  if (!model.set_normalization(mean, sd).ok()) fail("mixed normalisation rejected");
  model.input_names = {"it's", "say \"hi\"", "back\\slash", "new\nline\r\ttab", "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8C\xB8"};
  // Bidirectional formatting (U+202E, U+2066..U+2069) and a C1 control (U+0085) must come back
  // exactly, though the module may not hold them as they are.
  model.output_names = {"'''", "\"\"\" #", "*/ \\x41 \\u00e9 \xE2\x80\xAE)x(tixe"};
  model.class_names = {"ctrl \x01\x1f\x7f \xC2\x85", "quote ' \" '", "\xCE\xB1\xCE\xB2\xCE\xB3 \\n \xE2\x81\xA6iso\xE2\x81\xA9"};
  return Case{"mixed", "1 bad-name; import os", std::move(model), random_rows(40, 5, 5, mean, sd)};
}

// The seed's own equations: no biases, sigmoid, a single output (regression, no classes).
Case nobias_case() {
  DFF model({2, 3, 1}, Activation::kSigmoid, Activation::kSigmoid, false, 9);
  return Case{"nobias", "nobias", std::move(model), random_rows(10, 2, 13, {0.0f, 0.0f}, {1.0f, 1.0f})};
}

// The size benchmark: 64-32-10, sigmoid hidden layer, softmax, ten classes.
Case wide_case() {
  DFF model = create({64, 32, 10}, {Activation::kSigmoid, Activation::kSoftmax}, true, false);
  randomize(model, 21);
  for (int k = 0; k < 10; ++k) model.class_names.push_back("digit " + std::to_string(k));
  return Case{"wide_64_32_10", "wide_64_32_10", std::move(model),
              random_rows(20, 64, 17, std::vector<float>(64, 0.5f), std::vector<float>(64, 0.25f))};
}


void write_case(const Case& c, const std::string& dir) {
  dff::ExportOptions options;
  options.name = c.name_option;
  const dff::Result<dff::ExportedFile> py = dff::export_micropython(c.model, options);
  if (!py.ok()) fail(c.file + ": " + py.error());
  const std::string module = dff::export_name(c.name_option, "micropython").value().identifier;
  const Matrix expected = c.model.predict(c.inputs);
  nlohmann::json classes = nlohmann::json::array();
  if (!c.model.class_names.empty())
    for (uint32_t r = 0; r < c.inputs.rows(); ++r) classes.push_back(c.model.classify(c.inputs.data() + r * c.inputs.cols()));
  const dff::Topology& t = c.model.topology();
  nlohmann::json topology = nlohmann::json::array();
  for (uint8_t l = 0; l <= t.layer_count; ++l) topology.push_back(t.widths[l]);
  nlohmann::json activations = nlohmann::json::array();
  for (uint8_t l = 0; l < t.layer_count; ++l) activations.push_back(dff::activation_name(t.activations[l]));
  // Expected sizes, from the topology alone: parameters (+ mean and std) and two widest vectors.
  uint32_t widest = t.inputs();
  for (uint8_t l = 1; l <= t.layer_count; ++l) widest = widest > t.widths[l] ? widest : t.widths[l];
  const uint32_t weights_bytes = 4u * (c.model.network().parameter_count() + (t.normalize ? 2u * t.inputs() : 0u));
  nlohmann::json j = {
      {"case", c.file},
      {"module", module},
      {"file", module + ".py"},
      {"topology", topology},
      {"activations", activations},
      {"weights_bytes", weights_bytes},
      {"scratch_bytes", 2u * 4u * widest},
      {"inputs", rows_json(c.inputs)},
      {"expected", rows_json(expected)},
      {"expected_classes", classes},
      {"input_names", c.model.input_names},
      {"output_names", c.model.output_names},
      {"class_names", c.model.class_names},
      {"parameters", c.model.network().parameter_count()},
      {"module_bytes", py->bytes.size()},
  };
  write_file(dir + "/" + module + ".py", py->bytes);
  write_file(dir + "/" + c.file + ".json", j.dump(1) + "\n");
  printf("%s: %s.py, %zu bytes, %u parameters\n", c.file.c_str(), module.c_str(), py->bytes.size(),
         c.model.network().parameter_count());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) fail("usage: gen_micropython_cases OUT_DIR SOURCE_DIR");
  const std::string dir = argv[1];
  write_case(seed_case(), dir);
  write_case(iris_case(argv[2]), dir);
  write_case(mixed_case(), dir);
  write_case(nobias_case(), dir);
  write_case(wide_case(), dir);
  return 0;
}
