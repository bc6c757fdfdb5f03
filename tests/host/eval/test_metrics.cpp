#include "core/host/eval/metrics.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/data/defaults.h"
#include "core/host/train/trainer.h"
#include "tests/host/example_data.h"

// The rule's cases (argmax, rounded, none; confusion, row flags, per-class, errors) are in
// core/host/test-vectors.json, replayed by test_rule_vectors.cpp; these cover evaluate().

namespace {

dff::Dataset load(const std::string& text, const dff::CsvOptions& options = dff::CsvOptions()) {
  dff::Result<dff::Dataset> d = dff::parse_csv(text, "data.csv", options);
  REQUIRE(d.ok());
  return d.value();
}

dff::DFF trained_iris() {
  const dff::Dataset iris = load_example("iris.csv");
  dff::Result<dff::DFF> made = dff::make_model(iris, dff::default_plan(iris));
  REQUIRE(made.ok());
  dff::Trainer trainer(made.value(), iris);
  REQUIRE(trainer.run(50).ok());
  return std::move(made.value());
}

}  // namespace

TEST_CASE("evaluate matches the data's classes onto the model's by name") {
  const dff::DFF model = trained_iris();
  // Two rows, virginica first: the data numbers its classes virginica = 0, setosa = 1.
  const dff::Dataset data = load("a,b,c,d,species\n6.7,3.0,5.2,2.3,virginica\n5.1,3.5,1.4,0.2,setosa\n");
  REQUIRE(data.class_names == std::vector<std::string>{"virginica", "setosa"});
  const dff::Result<dff::Evaluation> e = dff::evaluate(model, data);
  REQUIRE(e.ok());
  CHECK(e->rule == dff::AccuracyRule::kArgmax);
  CHECK(e->correct == 2);
  CHECK(e->class_names == model.class_names);
  CHECK(e->predicted == std::vector<int32_t>{2, 0});
  CHECK(e->confusion_at(2, 2) == 1);
  CHECK(e->confusion_at(0, 0) == 1);
  CHECK_FALSE(e->has_regression);

  SECTION("an unknown class is an error naming it") {
    const dff::Result<dff::Evaluation> bad = dff::evaluate(model, load("a,b,c,d,kind\n1,2,3,4,setosa\n1,2,3,4,rose\n"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error_details().field == "kind");
    CHECK(bad.error().find("unknown class 'rose'") == 0);
  }
}

TEST_CASE("evaluate refuses data of another shape") {
  const dff::DFF model = trained_iris();
  dff::CsvOptions three;
  three.input_columns = 3;
  const dff::Result<dff::Evaluation> e = dff::evaluate(model, load("a,b,c,y\n1,2,3,0\n", three));
  REQUIRE_FALSE(e.ok());
  CHECK(e.error() == "the data has 3 inputs and 1 targets, the model 4 inputs and 3 outputs");
}

TEST_CASE("data_for_model maps classes only when they differ") {
  const dff::DFF model = trained_iris();
  const dff::Dataset same = load_example("iris.csv");
  dff::Dataset mapped;
  const dff::Result<const dff::Dataset*> as_is = dff::data_for_model(model, same, &mapped);
  REQUIRE(as_is.ok());
  CHECK(as_is.value() == &same);
  const dff::Dataset reordered = load("a,b,c,d,species\n6.7,3.0,5.2,2.3,virginica\n5.1,3.5,1.4,0.2,setosa\n");
  const dff::Result<const dff::Dataset*> moved = dff::data_for_model(model, reordered, &mapped);
  REQUIRE(moved.ok());
  CHECK(moved.value() == &mapped);
  CHECK(mapped.labels == std::vector<uint32_t>{2, 0});
  CHECK(dff::data_for_model(model, dff::Dataset(), &mapped).error() ==
        "the data has 0 inputs and 0 targets, the model 4 inputs and 3 outputs");
}

TEST_CASE("rule names and descriptions") {
  CHECK(std::string(dff::rule_name(dff::AccuracyRule::kArgmax)) == "argmax");
  CHECK(std::string(dff::rule_name(dff::AccuracyRule::kRounded)) == "rounded");
  CHECK(std::string(dff::rule_name(dff::AccuracyRule::kNone)).empty());
  CHECK(std::string(dff::rule_description(dff::AccuracyRule::kRounded)) == "every rounded output = its target");
}
