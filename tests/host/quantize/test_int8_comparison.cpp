// Accuracy of the int8 network against the float one on held-out data: the four splits of
// bench/heldout (scikit-learn's iris, wine, breast cancer, digits; fixed 75/25 stratified
// splits). Each model is trained as `dff train` trains it with no options (the
// data-dependent defaults, seed 1), calibrated on the training split and evaluated on the
// held-out split; int8 may be at most 1 point below float.
#include "core/host/quantize/int8_comparison.h"

#include <catch2/catch.hpp>
#include <string>

#include "core/host/data/csv.h"
#include "core/host/data/defaults.h"
#include "core/host/train/trainer.h"

using namespace dff;

namespace {

Dataset load(const std::string& name, const std::vector<std::string>& classes = {}) {
  CsvOptions options;
  options.class_names = classes;
  Result<Dataset> d = load_csv(std::string(DFF_SOURCE_DIR) + "/bench/heldout/data/" + name, options);
  INFO(d.error());
  REQUIRE(d.ok());
  return d.value();
}

struct Outcome8 {
  Int8Comparison train, test;
};

Outcome8 train_and_compare(const std::string& set, Activation hidden = Activation::kRelu) {
  const Dataset train = load(set + "-train.csv");
  const Dataset test = load(set + "-test.csv", train.class_names);
  TrainPlan plan = default_plan(train);
  if (hidden != Activation::kRelu) {
    plan.activations.assign(plan.hidden.size(), hidden);
    plan.init = default_init(hidden);
  }
  Result<DFF> made = make_model(train, plan);
  REQUIRE(made.ok());
  DFF& model = made.value();
  Trainer trainer(model, train);
  const Result<float> loss = trainer.run(plan.epochs);
  REQUIRE(loss.ok());
  const Result<Int8Blob> int8 = Int8Blob::quantize(model, train);
  INFO(int8.error());
  REQUIRE(int8.ok());
  const Result<Int8Comparison> on_train = compare_int8(model, int8.value(), train);
  const Result<Int8Comparison> on_test = compare_int8(model, int8.value(), test);
  REQUIRE(on_train.ok());
  REQUIRE(on_test.ok());
  return {on_train.value(), on_test.value()};
}

}  // namespace

TEST_CASE("int8 accuracy on held-out data is at most 1 point below float") {
  for (const char* set : {"iris", "wine", "breast_cancer", "digits"}) {
    const Outcome8 o = train_and_compare(set);
    const Int8Comparison& c = o.test;
    WARN(set << ": held-out " << c.samples << " rows, float " << 100.0 * c.float_accuracy() << "%, int8 "
             << 100.0 * c.int8_accuracy() << "%, " << c.class_disagreements << " rows classified differently; "
             << "training split float " << 100.0 * o.train.float_accuracy() << "%, int8 "
             << 100.0 * o.train.int8_accuracy() << "%, max |float - int8| " << c.max_abs_difference);
    REQUIRE(c.rule == AccuracyRule::kArgmax);
    CHECK(c.float_accuracy() > 0.85);  // the float model learned something to compare against
    CHECK(c.int8_accuracy() >= c.float_accuracy() - 0.01);
  }
}

TEST_CASE("table and leaky layers keep the accuracy too (sigmoid, tanh, leaky relu hidden layers)") {
  for (const char* set : {"breast_cancer", "digits"})
    for (const Activation hidden : {Activation::kSigmoid, Activation::kTanh, Activation::kLeakyRelu}) {
      const Int8Comparison c = train_and_compare(set, hidden).test;
      WARN(set << " " << activation_name(hidden) << ": held-out float " << 100.0 * c.float_accuracy() << "%, int8 "
               << 100.0 * c.int8_accuracy() << "%, max |float - int8| " << c.max_abs_difference);
      CHECK(c.float_accuracy() > 0.85);
      CHECK(c.int8_accuracy() >= c.float_accuracy() - 0.01);
    }
}
