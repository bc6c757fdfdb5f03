#include "core/host/data/defaults.h"

#include <catch2/catch.hpp>
#include <string>

#include "core/host/data/csv.h"
#include "core/host/eval/metrics.h"
#include "core/host/train/trainer.h"
#include "tests/host/example_data.h"

namespace {

dff::Dataset table(uint32_t inputs, uint32_t targets, std::vector<float> in, std::vector<float> out) {
  dff::Dataset d;
  d.input_width = inputs;
  d.target_width = targets;
  d.rows = static_cast<uint32_t>(in.size() / inputs);
  d.inputs = std::move(in);
  d.targets = std::move(out);
  return d;
}

// Trains `plan` on `data` and returns the fraction of rows predicted right (the core's rule).
double train_accuracy(const dff::Dataset& data, const dff::TrainPlan& plan) {
  dff::Result<dff::DFF> made = dff::make_model(data, plan);
  REQUIRE(made.ok());
  dff::DFF& model = made.value();
  dff::Trainer trainer(model, data);
  REQUIRE(trainer.run(plan.epochs).ok());
  const dff::Result<dff::Evaluation> e = dff::evaluate(model, data);
  REQUIRE(e.ok());
  return e->accuracy();
}

}  // namespace

TEST_CASE("target_kind tells class labels, [0, 1] targets and other numbers apart") {
  CHECK(dff::target_kind(load_example("iris.csv")) == dff::TargetKind::kClasses);
  CHECK(dff::target_kind(load_example("seed.csv", 3)) == dff::TargetKind::kUnitInterval);
  CHECK(dff::target_kind(load_example("xor.csv")) == dff::TargetKind::kUnitInterval);
  CHECK(dff::target_kind(table(1, 1, {0, 1}, {0.25f, 0.75f})) == dff::TargetKind::kUnitInterval);
  CHECK(dff::target_kind(table(1, 1, {0, 1}, {0.5f, 1.5f})) == dff::TargetKind::kReal);
  CHECK(dff::target_kind(table(1, 1, {0, 1}, {-0.1f, 0.5f})) == dff::TargetKind::kReal);
}

TEST_CASE("default_plan picks output, loss and normalisation from the data") {
  SECTION("seed: sigmoid + cross-entropy, binary inputs left as they are") {
    const dff::TrainPlan p = dff::default_plan(load_example("seed.csv", 3));
    CHECK(p.output_activation == dff::Activation::kSigmoid);
    CHECK(p.options.loss == dff::Loss::kCrossEntropy);
    CHECK_FALSE(p.normalize);
    REQUIRE(p.hidden.size() == 1);
    CHECK(p.hidden[0] == 16);  // 2 x (3 + 2) = 10, at least 16
    CHECK(p.activations == std::vector<dff::Activation>{dff::Activation::kRelu});
    CHECK(p.init == dff::Init::kHe);
    CHECK(p.options.optimizer == dff::Optimizer::kAdam);
    CHECK(p.options.learning_rate == 0.01f);
    CHECK(p.options.batch_size == 1u);
    CHECK(p.epochs == 1000u);
    CHECK(p.bias);
  }
  SECTION("iris: softmax + cross-entropy, raw measurements normalised") {
    const dff::TrainPlan p = dff::default_plan(load_example("iris.csv"));
    CHECK(p.output_activation == dff::Activation::kSoftmax);
    CHECK(p.options.loss == dff::Loss::kCrossEntropy);
    CHECK(p.normalize);
    CHECK(p.epochs == 200u);  // 30000 updates / 150 rows
  }
  SECTION("regression: linear + MSE") {
    const dff::TrainPlan p = dff::default_plan(table(1, 1, {0, 0.5f, 1}, {3, 4, 5}));
    CHECK(p.output_activation == dff::Activation::kLinear);
    CHECK(p.options.loss == dff::Loss::kMse);
  }
  SECTION("inputs in [-1, 1] with very different scales are normalised") {
    CHECK(dff::default_plan(table(2, 1, {0.01f, 1, -0.01f, -1}, {0, 1})).normalize);
    CHECK_FALSE(dff::default_plan(table(2, 1, {0.5f, 1, -0.5f, -1}, {0, 1})).normalize);
  }
  SECTION("above 256 rows: mini-batches of 32, Adam at 0.003, L2 5 / rows") {
    const dff::TrainPlan small = dff::default_plan(table(1, 1, std::vector<float>(256, 0.5f), std::vector<float>(256, 1)));
    CHECK(small.options.batch_size == 1u);
    CHECK(small.options.l2 == 0.0f);
    const dff::TrainPlan large = dff::default_plan(table(1, 1, std::vector<float>(257, 0.5f), std::vector<float>(257, 1)));
    CHECK(large.options.batch_size == 32u);
    CHECK(large.options.learning_rate == 0.003f);
    CHECK(large.options.l2 == 5.0f / 257);
    CHECK(large.epochs == dff::default_epochs(257, 32));
  }
  SECTION("hidden width grows with the data, within 16..32") {
    CHECK(dff::default_plan(table(9, 1, std::vector<float>(9, 0.0f), {0})).hidden[0] == 20);
    CHECK(dff::default_plan(table(64, 1, std::vector<float>(64, 0.0f), {0})).hidden[0] == 32);
  }
}

TEST_CASE("single defaults follow the options a person sets") {
  CHECK(dff::default_output_activation(dff::TargetKind::kClasses) == dff::Activation::kSoftmax);
  CHECK(dff::default_output_activation(dff::TargetKind::kUnitInterval) == dff::Activation::kSigmoid);
  CHECK(dff::default_output_activation(dff::TargetKind::kReal) == dff::Activation::kLinear);
  CHECK(dff::default_loss(dff::Activation::kSoftmax) == dff::Loss::kCrossEntropy);
  CHECK(dff::default_loss(dff::Activation::kSigmoid) == dff::Loss::kCrossEntropy);
  CHECK(dff::default_loss(dff::Activation::kLinear) == dff::Loss::kMse);
  CHECK(dff::default_loss(dff::Activation::kTanh) == dff::Loss::kMse);
  CHECK(dff::default_init(dff::Activation::kRelu) == dff::Init::kHe);
  CHECK(dff::default_init(dff::Activation::kLeakyRelu) == dff::Init::kHe);
  CHECK(dff::default_init(dff::Activation::kTanh) == dff::Init::kXavier);
  CHECK(dff::default_init(dff::Activation::kSigmoid) == dff::Init::kXavier);
  CHECK(dff::default_learning_rate(dff::Optimizer::kSgd) > dff::default_learning_rate(dff::Optimizer::kAdam));
  CHECK(dff::default_epochs(8, 1) == 1000u);        // capped
  CHECK(dff::default_epochs(150, 1) == 200u);
  CHECK(dff::default_epochs(150, 32) == 1000u);     // 5 batches per epoch
  CHECK(dff::default_epochs(1000000, 1) == 20u);    // at least 20 passes
  CHECK(dff::default_epochs(0, 1) >= 1u);
  CHECK(dff::default_epochs(10, 0) >= 1u);
  CHECK(dff::default_epochs(150, 1, true) == 1000u);  // early stopping decides
  CHECK(dff::default_learning_rate(dff::Optimizer::kAdam, 32) < dff::default_learning_rate(dff::Optimizer::kAdam, 1));
  CHECK(dff::default_batch_size(256) == 1u);
  CHECK(dff::default_batch_size(257) == 32u);
  CHECK(dff::default_l2(256) == 0.0f);
  CHECK(dff::default_l2(341) == 5.0f / 341);  // L2 falls as rows are added: a fixed prior on the weights
  CHECK(dff::default_l2(1078) < dff::default_l2(341));
  CHECK(dff::default_l2(100000) < 0.0001f);
}

TEST_CASE("make_model builds an initialised model that fits the data") {
  const dff::Dataset iris = load_example("iris.csv");
  dff::TrainPlan plan = dff::default_plan(iris);
  plan.hidden = {5, 4};
  plan.activations = {dff::Activation::kRelu, dff::Activation::kTanh};
  plan.seed = 9;
  dff::Result<dff::DFF> made = dff::make_model(iris, plan);
  REQUIRE(made.ok());
  const dff::DFF& m = made.value();
  const dff::Topology& t = m.topology();
  REQUIRE(t.layer_count == 3);
  CHECK(t.widths[0] == 4);
  CHECK(t.widths[1] == 5);
  CHECK(t.widths[2] == 4);
  CHECK(t.widths[3] == 3);
  CHECK(t.activations[0] == dff::Activation::kRelu);
  CHECK(t.activations[1] == dff::Activation::kTanh);
  CHECK(t.activations[2] == dff::Activation::kSoftmax);
  CHECK(t.normalize);
  CHECK(m.network().norm_mean()[2] == Approx(3.758f).epsilon(1e-4));
  CHECK(m.class_names == iris.class_names);
  CHECK(m.input_names == iris.input_names);
  CHECK(m.training.seed == 9u);
  CHECK(m.training.epochs == 0u);
  CHECK(m.training.options.loss == dff::Loss::kCrossEntropy);
  bool nonzero = false;
  for (uint32_t i = 0; i < m.network().parameter_count(); ++i) nonzero = nonzero || m.network().parameters()[i] != 0.0f;
  CHECK(nonzero);

  SECTION("same seed, same weights") {
    dff::Result<dff::DFF> again = dff::make_model(iris, plan);
    REQUIRE(again.ok());
    CHECK(again->weights() == m.weights());
  }
  SECTION("a plan that does not fit is an error, not a crash") {
    dff::TrainPlan bad = plan;
    bad.output_activation = dff::Activation::kLinear;  // with cross-entropy
    CHECK_FALSE(dff::make_model(iris, bad).ok());
    bad = plan;
    bad.hidden = {0, 4};
    CHECK_FALSE(dff::make_model(iris, bad).ok());
    bad = plan;
    bad.activations = {dff::Activation::kRelu};  // two hidden layers
    CHECK_FALSE(dff::make_model(iris, bad).ok());
    CHECK_FALSE(dff::make_model(dff::Dataset{}, plan).ok());
    const dff::Dataset one = table(1, 1, {0, 1}, {0, 1});
    dff::TrainPlan softmax1 = dff::default_plan(one);
    softmax1.output_activation = dff::Activation::kSoftmax;
    CHECK_FALSE(dff::make_model(one, softmax1).ok());
  }
}

TEST_CASE("defaults train the seed example for at least 19 of seeds 1..20") {
  const dff::Dataset data = load_example("seed.csv", 3);
  int all_correct = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    dff::TrainPlan plan = dff::default_plan(data);
    plan.seed = seed;
    if (train_accuracy(data, plan) == 1.0) ++all_correct;
  }
  CHECK(all_correct >= 19);
}

TEST_CASE("defaults train XOR and Iris well") {
  const dff::Dataset xor_data = load_example("xor.csv");
  const dff::Dataset iris = load_example("iris.csv");
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    dff::TrainPlan plan = dff::default_plan(xor_data);
    plan.seed = seed;
    CHECK(train_accuracy(xor_data, plan) == 1.0);
    plan = dff::default_plan(iris);
    plan.seed = seed;
    CHECK(train_accuracy(iris, plan) >= 0.95);
  }
}
