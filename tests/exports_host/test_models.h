// Models the export tests use, built the same way everywhere (gen_vectors, the Catch2
// exporter tests): deterministic, so every run and every machine gets the same weights.
//   seed   DFF((3,4,2)) sigmoid, trained on examples/seed.csv as in the seed project
//   mlp64  64-32-10 relu/softmax, normalised inputs, random weights and biases (weights that
//          do not fit in 2 KB of RAM), 10 classes
//   iris   4-8-3 tanh/softmax, normalised, cross-entropy + Adam on examples/iris.csv (150 rows)
//   nasty  the seed network with hostile column and class names (quotes, backslashes, newlines,
//          comment ends, trigraphs, non-ASCII bytes)
//   mixed  5-7-6-2 leaky_relu/sigmoid/linear without biases, random weights (regression outputs)
//   single 3-1 sigmoid, one layer, normalised inputs, random weights
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/model/matrix.h"
#include "core/host/data/normalization.h"
#include "core/host/result.h"
#include "core/host/train/trainer.h"
#include "core/prng.h"

namespace dff {
namespace test_models {

// A model plus the rows to check it on (inputs, and class labels when known).
struct TestModel {
  DFF model;
  Matrix inputs;
  std::vector<uint32_t> labels;  // true class per row; empty when unknown
};

// The --name a hostile user might pass (must still give compilable, harmless C).
inline const char* nasty_name() { return "1 bad-name; system(\"x\")"; }

inline Matrix dataset_inputs(const Dataset& data) { return Matrix(data.rows, data.input_width, data.inputs); }

inline Result<TestModel> seed(const std::string& examples_dir) {
  CsvOptions csv;
  csv.input_columns = 3;
  Result<Dataset> data = load_csv(examples_dir + "/seed.csv", csv);
  if (!data.ok()) return Error{data.error()};
  TestModel t{DFF({3, 4, 2}), dataset_inputs(data.value()), {}};
  const Matrix targets(data->rows, data->target_width, data->targets);
  // The seed project's loop: 1000 passes of per-row SGD on MSE with lrate 1.
  for (int epoch = 0; epoch < 1000; ++epoch) {
    const Status s = t.model.train(t.inputs, targets, 1.0f);
    if (!s.ok()) return error_from(s, "seed training");
  }
  t.model.training.epochs = 1000;
  t.model.input_names = data->input_names;
  t.model.output_names = data->target_names;
  return t;
}

inline Result<TestModel> mlp64(uint32_t rows = 16) {
  ModelSpec spec;
  spec.widths = {64, 32, 10};
  spec.activations = {Activation::kRelu, Activation::kSoftmax};
  spec.normalize = true;
  Result<DFF> made = DFF::create(spec);
  if (!made.ok()) return Error{made.error()};
  DFF model = std::move(made.value());
  model.initialize(Init::kHe, 64);
  Pcg32 rng(6432);
  Network& net = model.network();
  for (uint8_t l = 0; l < 2; ++l)
    for (uint32_t j = 0; j < spec.widths[l + 1]; ++j) net.biases(l)[j] = rng.uniform(-0.5f, 0.5f);
  std::vector<float> mean(64), stddev(64);
  for (uint32_t i = 0; i < 64; ++i) {
    mean[i] = rng.uniform(-10.0f, 10.0f);
    stddev[i] = rng.uniform(0.5f, 4.0f);
  }
  const Outcome set = model.set_normalization(mean, stddev);
  if (!set.ok()) return Error{set.error()};
  for (uint32_t k = 0; k < 10; ++k) model.class_names.push_back("digit " + std::to_string(k));
  Matrix inputs(rows, 64);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t i = 0; i < 64; ++i) inputs(r, i) = mean[i] + stddev[i] * rng.uniform(-2.0f, 2.0f);
  return TestModel{std::move(model), std::move(inputs), {}};
}

inline Result<TestModel> iris(const std::string& examples_dir, uint32_t epochs = 200) {
  Result<Dataset> data = load_csv(examples_dir + "/iris.csv", CsvOptions{});
  if (!data.ok()) return Error{data.error()};
  ModelSpec spec;
  spec.widths = {4, 8, 3};
  spec.activations = {Activation::kTanh, Activation::kSoftmax};
  spec.normalize = true;
  Result<DFF> made = DFF::create(spec);
  if (!made.ok()) return Error{made.error()};
  DFF model = std::move(made.value());
  model.initialize(Init::kXavier, 1);
  const Normalization norm = fit_normalization(data.value());
  const Outcome set = model.set_normalization(norm.mean, norm.stddev);
  if (!set.ok()) return Error{set.error()};
  model.input_names = data->input_names;
  model.class_names = data->class_names;
  model.training.options.loss = Loss::kCrossEntropy;
  model.training.options.optimizer = Optimizer::kAdam;
  model.training.options.learning_rate = 0.01f;
  Trainer trainer(model, data.value());
  Result<float> loss = trainer.run(epochs);
  if (!loss.ok()) return Error{loss.error()};
  return TestModel{std::move(model), dataset_inputs(data.value()), data->labels};
}

inline Result<TestModel> nasty(const std::string& examples_dir) {
  Result<TestModel> t = seed(examples_dir);
  if (!t.ok()) return t;
  t->model.input_names = {"quote\" back\\slash", "new\nline */ end /* start", "tri?\?/graph ?\?= \xc3\xa9\x01\x7f"};
  t->model.class_names = {"*/ system(\"rm -rf /\"); /*", "line\r\nbreak \\\" ?\?' \xff"};
  t->model.output_names.clear();
  return t;
}

// Random weights (and biases) for the small shape tests, plus random input rows.
inline Result<TestModel> random_model(const ModelSpec& spec, uint64_t seed, uint32_t rows) {
  Result<DFF> made = DFF::create(spec);
  if (!made.ok()) return Error{made.error()};
  DFF model = std::move(made.value());
  model.initialize(Init::kXavier, seed);
  Pcg32 rng(seed + 1);
  Network& net = model.network();
  for (uint8_t l = 0; spec.bias && l < net.topology().layer_count; ++l)
    for (uint32_t j = 0; j < net.topology().widths[l + 1]; ++j) net.biases(l)[j] = rng.uniform(-1.0f, 1.0f);
  const uint32_t n = spec.widths[0];
  std::vector<float> mean(n), stddev(n);
  for (uint32_t i = 0; i < n; ++i) {
    mean[i] = rng.uniform(-5.0f, 5.0f);
    stddev[i] = rng.uniform(0.25f, 3.0f);
  }
  if (spec.normalize) {
    const Outcome set = model.set_normalization(mean, stddev);
    if (!set.ok()) return Error{set.error()};
  }
  Matrix inputs(rows, n);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t i = 0; i < n; ++i)
      inputs(r, i) = spec.normalize ? mean[i] + stddev[i] * rng.uniform(-2.0f, 2.0f) : rng.uniform(-3.0f, 3.0f);
  return TestModel{std::move(model), std::move(inputs), {}};
}

inline Result<TestModel> mixed() {
  ModelSpec spec;
  spec.widths = {5, 7, 6, 2};
  spec.activations = {Activation::kLeakyRelu, Activation::kSigmoid, Activation::kLinear};
  spec.bias = false;
  return random_model(spec, 5762, 12);
}

inline Result<TestModel> single() {
  ModelSpec spec;
  spec.widths = {3, 1};
  spec.activations = {Activation::kSigmoid};
  spec.normalize = true;
  return random_model(spec, 31, 10);
}

}  // namespace test_models
}  // namespace dff
