// Writes the reference numbers for the MicroPython library test (micropython/, the seed's
// DFF API): for each case, the model as the core writes it (CASE.model.json, CASE.blob and
// the exported module CASE_module.py), its DFF::predict outputs, and the weights, biases and
// outputs after the core trained a copy of it row by row with DFF::train (train_sample, one
// per-sample step per row, rows in order) for some epochs. micropython_library.test.mjs loads
// the same files in real MicroPython and compares.
//
//   gen_micropython_library_cases OUT_DIR [SOURCE_DIR]
//
// (SOURCE_DIR, passed by the shared ctest driver, is not needed.) Exits non-zero on any failure.
#include <stdio.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/host/export/export_micropython.h"
#include "core/host/model/blob_model.h"
#include "core/host/model/dff.h"
#include "core/host/model/model_json.h"
#include "core/prng.h"
#include "tests/micropython/case_files.h"

namespace {

using dff::Activation;
using dff::DFF;
using dff::Matrix;

struct Case {
  std::string name;
  DFF model;
  Matrix inputs;   // rows to predict
  Matrix train_a;  // training rows, in order
  Matrix train_s;
  dff::TrainOptions options;
  int epochs = 1;
};

[[noreturn]] void fail(const std::string& what) {
  fprintf(stderr, "gen_micropython_library_cases: %s\n", what.c_str());
  exit(1);
}

// create() with weights drawn by the core's initialise(init, seed).
DFF initialized(const std::vector<uint16_t>& widths, const std::vector<Activation>& activations, bool bias, bool normalize,
                dff::Init init, uint64_t seed) {
  DFF model = create(widths, activations, bias, normalize);
  model.initialize(init, seed);
  return model;
}

Matrix random_rows(uint32_t rows, uint32_t cols, uint64_t seed, float lo, float hi) {
  dff::Pcg32 rng(seed);
  Matrix m(rows, cols);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t c = 0; c < cols; ++c) m(r, c) = rng.uniform(lo, hi);
  return m;
}

// One-hot targets: row r is class r % cols.
Matrix one_hot(uint32_t rows, uint32_t cols) {
  Matrix m(rows, cols);
  for (uint32_t r = 0; r < rows; ++r) m(r, r % cols) = 1.0f;
  return m;
}

dff::TrainOptions options(dff::Loss loss, dff::Optimizer optimizer, float lr, float l2 = 0.0f) {
  dff::TrainOptions o;
  o.loss = loss;
  o.optimizer = optimizer;
  o.learning_rate = lr;
  o.l2 = l2;
  o.shuffle = false;
  return o;
}

// The seed document's example: DFF((3, 4, 2)) with its default weights, 1000 epochs of
// train(a, s, lrate=1) over the seed's table.
Case seed_case() {
  const Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  Case c{"seed", DFF({3, 4, 2}), a, a, s, options(dff::Loss::kMse, dff::Optimizer::kSgd, 1.0f), 1000};
  c.model.class_names = {"s1", "s2"};
  return c;
}

// A 4-8-3 classifier on raw readings normalised inside: tanh, softmax, cross-entropy, momentum.
Case momentum_case() {
  DFF model = initialized({4, 8, 3}, {Activation::kTanh, Activation::kSoftmax}, true, true, dff::Init::kXavier, 3);
  const float mean[4] = {5.8f, 3.0f, 3.8f, 1.2f}, sd[4] = {0.8f, 0.43f, 1.76f, 0.76f};
  if (!model.set_normalization({mean, mean + 4}, {sd, sd + 4}).ok()) fail("momentum normalisation");
  Matrix a = random_rows(30, 4, 3, -2.0f, 2.0f);
  for (uint32_t r = 0; r < a.rows(); ++r)
    for (uint32_t c = 0; c < 4; ++c) a(r, c) = mean[c] + sd[c] * a(r, c);
  model.input_names = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
  model.output_names = {"setosa", "versicolor", "virginica"};
  model.class_names = model.output_names;
  dff::TrainOptions o = options(dff::Loss::kCrossEntropy, dff::Optimizer::kMomentum, 0.05f);
  o.momentum = 0.8f;
  return Case{"momentum_softmax", std::move(model), a, a, one_hot(30, 3), o, 4};
}

// Every other activation; Adam with L2 (the loops), then plain SGD (the generated code).
Case mixed_case(const std::string& name, dff::Optimizer optimizer, float lr, float l2) {
  DFF model = initialized({5, 7, 6, 3}, {Activation::kRelu, Activation::kLeakyRelu, Activation::kLinear}, true, true,
                     dff::Init::kHe, 7);
  if (!model.set_normalization({10.0f, -3.0f, 0.5f, 1000.0f, 0.0f}, {2.0f, 0.5f, 1.0f, 250.0f, 3.0f}).ok())
    fail("mixed normalisation");
  Matrix a = random_rows(20, 5, 5, -1.0f, 1.0f);
  const float mean[5] = {10.0f, -3.0f, 0.5f, 1000.0f, 0.0f}, sd[5] = {2.0f, 0.5f, 1.0f, 250.0f, 3.0f};
  for (uint32_t r = 0; r < a.rows(); ++r)
    for (uint32_t c = 0; c < 5; ++c) a(r, c) = mean[c] + sd[c] * a(r, c);
  Matrix s = random_rows(20, 3, 6, -1.0f, 1.0f);
  return Case{name, std::move(model), a, a, s, options(dff::Loss::kMse, optimizer, lr, l2), 3};
}

// The seed's equations without biases; a ReLU hidden layer and softmax under MSE.
Case nobias_case() {
  DFF model = initialized({2, 3, 2}, {Activation::kRelu, Activation::kSoftmax}, false, false, dff::Init::kUniform, 9);
  Matrix a = random_rows(10, 2, 13, -1.0f, 1.0f);
  return Case{"nobias", std::move(model), a, a, one_hot(10, 2), options(dff::Loss::kMse, dff::Optimizer::kSgd, 0.5f), 20};
}

// The benchmark's second network: 16-8-4 sigmoid, MSE, SGD.
Case wide_case() {
  DFF model({16, 8, 4}, Activation::kSigmoid, Activation::kSigmoid, true, 21);
  Matrix a = random_rows(8, 16, 17, 0.0f, 1.0f);
  return Case{"wide_16_8_4", std::move(model), a, a, one_hot(8, 4), options(dff::Loss::kMse, dff::Optimizer::kSgd, 0.5f), 50};
}

// Sigmoid outputs under (binary) cross-entropy, normalised inputs.
Case multilabel_case() {
  DFF model = initialized({6, 5, 3}, {Activation::kTanh, Activation::kSigmoid}, true, true, dff::Init::kXavier, 11);
  if (!model.set_normalization({1, 2, 3, 4, 5, 6}, {1, 2, 1, 2, 1, 2}).ok()) fail("multilabel normalisation");
  Matrix a = random_rows(12, 6, 19, 0.0f, 6.0f);
  Matrix s = random_rows(12, 3, 23, 0.0f, 1.0f);
  for (uint32_t r = 0; r < s.rows(); ++r)
    for (uint32_t c = 0; c < 3; ++c) s(r, c) = s(r, c) > 0.5f ? 1.0f : 0.0f;
  return Case{"multilabel", std::move(model), a, a, s, options(dff::Loss::kCrossEntropy, dff::Optimizer::kSgd, 0.3f), 5};
}

// More parameters than the library unrolls (its loops run): 32-16-10, softmax, class names.
Case big_case() {
  DFF model = initialized({32, 16, 10}, {Activation::kRelu, Activation::kSoftmax}, true, false, dff::Init::kHe, 31);
  for (int k = 0; k < 10; ++k) model.class_names.push_back("digit " + std::to_string(k));
  Matrix a = random_rows(10, 32, 29, 0.0f, 1.0f);
  return Case{"big_32_16_10", std::move(model), a, a, one_hot(10, 10),
              options(dff::Loss::kCrossEntropy, dff::Optimizer::kSgd, 0.05f), 3};
}

// Weights (input-major, as the model files) and biases of every layer.
nlohmann::json parameters_json(const DFF& model) {
  nlohmann::json w = nlohmann::json::array(), b = nlohmann::json::array();
  const dff::Topology& t = model.topology();
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const float* p = model.network().weights(l);
    w.push_back(std::vector<double>(p, p + size_t{t.widths[l]} * t.widths[l + 1]));
    if (t.bias) {
      const float* q = model.network().biases(l);
      b.push_back(std::vector<double>(q, q + t.widths[l + 1]));
    }
  }
  return {{"weights", w}, {"biases", b}};
}


void write_case(Case& c, const std::string& dir) {
  c.model.training.options = c.options;
  const dff::Result<std::string> blob = dff::model_to_blob(c.model);
  if (!blob.ok()) fail(c.name + ": " + blob.error());
  dff::ExportOptions export_options;
  export_options.name = c.name + "_module";
  const dff::Result<dff::ExportedFile> module = dff::export_micropython(c.model, export_options);
  if (!module.ok()) fail(c.name + ": " + module.error());
  write_file(dir + "/" + c.name + ".model.json", dff::model_to_json(c.model));
  write_file(dir + "/" + c.name + ".blob", blob.value());
  write_file(dir + "/" + c.name + "_module.py", module->bytes);

  nlohmann::json j = {
      {"case", c.name},
      {"model_json", c.name + ".model.json"},
      {"blob", c.name + ".blob"},
      {"module", c.name + "_module"},
      {"initial", parameters_json(c.model)},
      {"inputs", rows_json(c.inputs)},
      {"expected", rows_json(c.model.predict(c.inputs))},
      {"train_inputs", rows_json(c.train_a)},
      {"train_targets", rows_json(c.train_s)},
      {"epochs", c.epochs},
      {"optimizer", dff::optimizer_name(c.options.optimizer)},
      {"loss", dff::loss_name(c.options.loss)},
      {"parameters", c.model.network().parameter_count()},
  };
  DFF trained = c.model;
  for (int e = 0; e < c.epochs; ++e) {
    const dff::Status s = trained.train(c.train_a, c.train_s, c.options);
    if (!s.ok()) fail(c.name + ": training failed: " + s.message());
  }
  j["trained"] = parameters_json(trained);
  j["trained_expected"] = rows_json(trained.predict(c.inputs));
  write_file(dir + "/" + c.name + ".json", j.dump(1) + "\n");
  printf("%s: %u parameters, %d epochs of %u rows (%s, %s)\n", c.name.c_str(), c.model.network().parameter_count(),
         c.epochs, c.train_a.rows(), dff::optimizer_name(c.options.optimizer), dff::loss_name(c.options.loss));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) fail("usage: gen_micropython_library_cases OUT_DIR [SOURCE_DIR]");
  const std::string dir = argv[1];
  std::vector<Case> cases;
  cases.push_back(seed_case());
  cases.push_back(momentum_case());
  cases.push_back(mixed_case("mixed_adam_l2", dff::Optimizer::kAdam, 0.01f, 0.001f));
  cases.push_back(mixed_case("mixed_sgd", dff::Optimizer::kSgd, 0.01f, 0.0f));
  cases.push_back(nobias_case());
  cases.push_back(wide_case());
  cases.push_back(multilabel_case());
  cases.push_back(big_case());
  for (Case& c : cases) write_case(c, dir);
  return 0;
}
