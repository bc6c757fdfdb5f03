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

namespace {

// 60 rows of a noisy line: a network overfits the 40 training rows, the validation loss turns.
void noisy_line(dff::Dataset* train, dff::Dataset* validation) {
  for (dff::Dataset* d : {train, validation}) {
    d->input_width = 1;
    d->target_width = 1;
  }
  dff::Pcg32 rng(3);
  for (int r = 0; r < 60; ++r) {
    dff::Dataset* d = r % 3 == 0 ? validation : train;
    const float x = rng.uniform() * 2.0f - 1.0f;
    d->inputs.push_back(x);
    d->targets.push_back(0.5f * x + (rng.uniform() - 0.5f) * 0.6f);
    ++d->rows;
  }
}

}  // namespace

TEST_CASE("Trainer measures the validation rows after each run") {
  dff::Dataset train, validation;
  noisy_line(&train, &validation);
  dff::DFF model({1, 8, 1}, dff::Activation::kTanh, dff::Activation::kLinear);
  model.training.options.learning_rate = 0.05f;
  dff::Trainer trainer(model, train, &validation);
  const dff::Result<float> run = trainer.run(5);
  INFO(run.error());
  REQUIRE(run.ok());
  REQUIRE(trainer.validation_loss().has_value());
  float expected = 0.0f;
  REQUIRE(dff::evaluate_loss(model.network(), validation.view(), model.training.options.loss, &expected).ok());
  CHECK(*trainer.validation_loss() == expected);
  CHECK_FALSE(trainer.stopped());
  CHECK(dff::Trainer(model, train).run(1).ok());
}

TEST_CASE("early stopping ends training and keeps the best epoch's weights") {
  dff::Dataset train, validation;
  noisy_line(&train, &validation);
  dff::DFF model({1, 32, 32, 1}, dff::Activation::kTanh, dff::Activation::kLinear);
  model.training.options.optimizer = dff::Optimizer::kAdam;
  model.training.options.learning_rate = 0.02f;
  dff::Trainer trainer(model, train, &validation);
  REQUIRE(trainer.set_early_stop(10).ok());
  // In chunks, as the CLI and the page run it.
  for (int chunk = 0; chunk < 300 && !trainer.stopped(); ++chunk) REQUIRE(trainer.run(10).ok());
  REQUIRE(trainer.stopped());
  const uint32_t best = trainer.best_epoch();
  CHECK(best >= 1);
  CHECK(trainer.epoch() == best + 10);
  CHECK(model.training.early_stop == 10u);
  CHECK(model.training.best_epoch == best);
  // The weights are the best epoch's: their validation loss is the lowest seen.
  float now = 0.0f;
  REQUIRE(dff::evaluate_loss(model.network(), validation.view(), model.training.options.loss, &now).ok());
  CHECK(now == *trainer.validation_loss());
  // Once stopped, more epochs do nothing.
  const std::vector<dff::Matrix> kept = model.weights();
  REQUIRE(trainer.run(10).ok());
  CHECK(trainer.epoch() == best + 10);
  CHECK(model.weights() == kept);
}

TEST_CASE("early stopping needs validation rows that fit the network") {
  dff::Dataset train, validation;
  noisy_line(&train, &validation);
  dff::DFF model({1, 4, 1});
  CHECK(dff::Trainer(model, train).set_early_stop(5).error() == "early stopping needs validation rows to watch");
  dff::Dataset wide = validation;
  wide.input_width = 2;
  CHECK(dff::Trainer(model, train, &wide).check().error().find("the validation data has 2 input columns") == 0);
}
