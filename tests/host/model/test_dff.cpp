#include "core/host/model/dff.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/host/train/trainer.h"

using dff::DFF;
using dff::Matrix;

namespace {

// The seed document's training set.
const Matrix kSeedA{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
const Matrix kSeedS{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};

// The seed's loop: 1000 times, each row in order, ann.train(a, s, lrate=1).
void seed_training(DFF& ann) {
  for (int i = 0; i < 1000; ++i)
    for (uint32_t r = 0; r < kSeedA.rows(); ++r) {
      const Matrix a(1, 3, {kSeedA(r, 0), kSeedA(r, 1), kSeedA(r, 2)});
      const Matrix s(1, 2, {kSeedS(r, 0), kSeedS(r, 1)});
      REQUIRE(ann.train(a, s, 1.0).ok());
    }
}

}  // namespace

TEST_CASE("the seed example: DFF((3, 4, 2)), sigmoid, lrate 1, 1000 epochs -> Good_learning? True") {
  DFF ann({3, 4, 2});
  seed_training(ann);
  bool score = true;
  for (uint32_t r = 0; r < kSeedA.rows(); ++r) {
    const Matrix a{{kSeedA(r, 0), kSeedA(r, 1), kSeedA(r, 2)}};
    const Matrix s{{kSeedS(r, 0), kSeedS(r, 1)}};
    const Matrix p = ann.predict(a);
    const bool scr = p.map(round) == s;
    INFO(a.str() << " " << p.str() << " " << p.map(round).str() << " " << s.str());
    CHECK(scr);
    score &= scr;
  }
  CHECK(score);
  const std::vector<Matrix> w = ann.weights();
  REQUIRE(w.size() == 2);
  CHECK(w[0].rows() == 3);
  CHECK(w[0].cols() == 4);
  CHECK(w[1].rows() == 4);
  CHECK(w[1].cols() == 2);
  CHECK(ann.biases().size() == 2);
}

TEST_CASE("the seed example learns for most weight seeds; 4 sigmoid units sometimes stall") {
  // Plain per-sample SGD on 4 hidden sigmoid units has real local minima: this records
  // how often, so a change to training that makes it worse is noticed.
  int learned = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    DFF ann({3, 4, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, true, seed);
    for (int i = 0; i < 1000; ++i) REQUIRE(ann.train(kSeedA, kSeedS, 1.0f).ok());
    learned += ann.predict(kSeedA).map(round) == kSeedS;
  }
  CHECK(learned >= 22);
}

TEST_CASE("the seed's DFF((3, 4, 5, 2)) trains through the same API") {
  DFF ann({3, 4, 5, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, true, 3);
  const Matrix before = ann.predict(kSeedA);
  for (int i = 0; i < 200; ++i) REQUIRE(ann.train(kSeedA, kSeedS, 1.0f).ok());
  CHECK(ann.predict(kSeedA) != before);
  CHECK(ann.weights().size() == 3);
}

TEST_CASE("no-bias DFF has no bias rows") {
  DFF ann({3, 4, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, false);
  CHECK(ann.biases().empty());
  CHECK_FALSE(ann.topology().bias);
}

TEST_CASE("train rejects mismatched shapes with a Status") {
  DFF ann({3, 4, 2});
  CHECK(ann.train(Matrix{{0, 1}}, Matrix{{1, 0}}, 1.0f).code() == dff::StatusCode::kDimensionMismatch);
  CHECK(ann.train(Matrix{{0, 1, 1}}, Matrix{{1, 0, 0}}, 1.0f).code() == dff::StatusCode::kDimensionMismatch);
  CHECK(ann.train(kSeedA, Matrix{{1, 0}}, 1.0f).code() == dff::StatusCode::kDimensionMismatch);
  CHECK(ann.train(kSeedA, kSeedS, -1.0f).code() == dff::StatusCode::kInvalidArgument);
}

TEST_CASE("create validates a spec from outside") {
  dff::ModelSpec spec;
  spec.widths = {2, 3, 1};
  spec.activations = {dff::Activation::kTanh};
  auto bad = DFF::create(spec);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().find("activations") != std::string::npos);
  spec.activations = {dff::Activation::kSoftmax, dff::Activation::kLinear};
  CHECK_FALSE(DFF::create(spec).ok());
  spec.activations = {dff::Activation::kTanh, dff::Activation::kLinear};
  spec.normalize = true;
  auto good = DFF::create(spec);
  REQUIRE(good.ok());
  CHECK(good->topology().normalize);
  CHECK_FALSE(good->set_normalization({1.0f}, {1.0f}).ok());
  CHECK_FALSE(good->set_normalization({1.0f, 2.0f}, {1.0f, 0.0f}).ok());
  CHECK(good->set_normalization({1.0f, 2.0f}, {1.0f, 3.0f}).ok());
}

TEST_CASE("copies are deep and independent; moves keep predictions") {
  DFF a({3, 4, 2});
  a.class_names = {"even", "odd"};
  DFF b = a;
  CHECK(b.predict(kSeedA) == a.predict(kSeedA));
  REQUIRE(b.train(kSeedA, kSeedS, 1.0f).ok());
  CHECK(b.predict(kSeedA) != a.predict(kSeedA));
  const Matrix expected = b.predict(kSeedA);
  DFF c = std::move(b);
  CHECK(c.predict(kSeedA) == expected);
  CHECK(c.class_names == std::vector<std::string>{"even", "odd"});
  a = c;
  CHECK(a.predict(kSeedA) == expected);
}

TEST_CASE("classify returns the index of the largest output") {
  DFF ann({3, 4, 2});
  seed_training(ann);
  for (uint32_t r = 0; r < kSeedA.rows(); ++r)
    CHECK(ann.classify(kSeedA.data() + r * 3) == (kSeedS(r, 1) > 0.5f ? 1u : 0u));
}

TEST_CASE("a model holds only what inference needs until it trains, then keeps its weights") {
  dff::ModelSpec spec;
  spec.widths = {64, 32, 10};
  spec.activations = {dff::Activation::kRelu, dff::Activation::kSoftmax};
  spec.normalize = true;
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF model = std::move(made).value();
  model.initialize(dff::Init::kHe, 3);
  std::vector<float> mean(64, 1.5f), stddev(64, 2.0f);
  REQUIRE(model.set_normalization(mean, stddev).ok());
  const dff::Topology& t = model.topology();
  CHECK_FALSE(model.ready_to_train());
  CHECK(model.network().bytes() == dff::bytes_required(t, dff::MemoryPlan{false, dff::Optimizer::kSgd, 1}));

  Matrix x(3, 64);
  for (uint32_t i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(i % 7) - 3.0f;
  const Matrix before = model.predict(x);
  REQUIRE(model.prepare_training().ok());
  CHECK(model.ready_to_train());
  CHECK(model.network().bytes() == dff::bytes_required(t, dff::MemoryPlan{true, dff::Optimizer::kAdam, 32}));
  CHECK(model.predict(x) == before);  // weights, biases and normalisation carried over exactly
  const size_t trained_bytes = model.network().bytes();
  CHECK(model.prepare_training().ok());  // a second call keeps the layout (and any optimizer state)
  CHECK(model.network().bytes() == trained_bytes);
  const DFF copy = model;
  CHECK(copy.ready_to_train());
  CHECK(copy.predict(x) == before);
}

TEST_CASE("train() makes room for training by itself") {
  DFF ann({3, 4, 2});
  CHECK_FALSE(ann.ready_to_train());
  REQUIRE(ann.train(kSeedA, kSeedS, 1.0f).ok());
  CHECK(ann.ready_to_train());
}

TEST_CASE("the Trainer asks its model for training room") {
  DFF ann({3, 4, 2});
  dff::Dataset data;
  data.rows = kSeedA.rows();
  data.input_width = 3;
  data.target_width = 2;
  data.inputs.assign(kSeedA.data(), kSeedA.data() + kSeedA.size());
  data.targets.assign(kSeedS.data(), kSeedS.data() + kSeedS.size());
  ann.training.options.optimizer = dff::Optimizer::kAdam;
  ann.training.options.learning_rate = 0.01f;
  dff::Trainer trainer(ann, data);
  CHECK(ann.ready_to_train());
  CHECK(trainer.check().ok());
  CHECK(trainer.run(2).ok());
}
