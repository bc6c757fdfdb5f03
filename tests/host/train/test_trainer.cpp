#include "core/host/train/trainer.h"

#include <catch2/catch.hpp>

namespace {

dff::Dataset seed_dataset() {
  dff::Dataset d;
  d.rows = 8;
  d.input_width = 3;
  d.target_width = 2;
  d.inputs = {0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0};
  d.targets = {1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0};
  return d;
}

}  // namespace

TEST_CASE("Trainer runs epochs in chunks and records them in the model") {
  const dff::Dataset data = seed_dataset();
  dff::DFF model({3, 8, 2}, dff::Activation::kTanh, dff::Activation::kSigmoid);
  model.training.options.optimizer = dff::Optimizer::kAdam;
  model.training.options.learning_rate = 0.05f;
  dff::Trainer trainer(model, data);
  REQUIRE(trainer.check().ok());
  const auto first = trainer.run(10);
  REQUIRE(first.ok());
  const auto later = trainer.run(490);
  REQUIRE(later.ok());
  CHECK(trainer.epoch() == 500u);
  CHECK(model.training.epochs == 500u);
  CHECK(later.value() < first.value());
  CHECK(model.training.final_loss == later.value());
}

TEST_CASE("chunked training equals one long run") {
  const dff::Dataset data = seed_dataset();
  dff::DFF a({3, 6, 2}), b({3, 6, 2});
  dff::Trainer ta(a, data), tb(b, data);
  REQUIRE(ta.run(100).ok());
  for (int i = 0; i < 10; ++i) REQUIRE(tb.run(10).ok());
  CHECK(a.predict(dff::Matrix(1, 3, {1, 0, 1})) == b.predict(dff::Matrix(1, 3, {1, 0, 1})));
}

TEST_CASE("Trainer reports mismatched data and divergence with the epoch") {
  dff::Dataset data = seed_dataset();
  dff::DFF wrong({4, 4, 2});
  CHECK(dff::Trainer(wrong, data).check().error().find("3 input columns") != std::string::npos);
  dff::DFF model({3, 4, 2}, dff::Activation::kLinear, dff::Activation::kLinear);
  model.training.options.learning_rate = 1e6f;
  dff::Trainer trainer(model, data);
  const auto r = trainer.run(100);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("epoch ") == 0);
  CHECK(r.error().find("NaN") != std::string::npos);
}
