#include "core/host/train/settings_json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/host/data/csv.h"

using json = nlohmann::json;

TEST_CASE("read_settings_json reads every field; null is absent; unknown keys are ignored") {
  const dff::SettingsReading r = dff::read_settings_json(
      R"({"hidden":[8,4],"activations":["tanh","relu"],"output":"softmax","loss":"mse","optimizer":"sgd",)"
      R"("learningRate":0.5,"epochs":"30","batchSize":4,"seed":9,"init":"xavier","normalize":true,"bias":false,)"
      R"("l2":0.01,"seedling":3,"loss2":null,"init2":{}})");
  CHECK(r.problems.empty());
  const dff::GivenSettings& g = r.given;
  CHECK(*g.hidden == std::vector<double>{8, 4});
  CHECK(*g.activations == std::vector<std::string>{"tanh", "relu"});
  CHECK(*g.output == "softmax");
  CHECK(*g.loss == "mse");
  CHECK(*g.optimizer == "sgd");
  CHECK(*g.learning_rate == 0.5);
  CHECK(*g.epochs == 30.0);
  CHECK(*g.batch_size == 4.0);
  CHECK(*g.seed == 9.0);
  CHECK(*g.init == "xavier");
  CHECK(*g.normalize);
  CHECK_FALSE(*g.bias);
  CHECK(*g.l2 == 0.01);
  CHECK_FALSE(dff::read_settings_json(R"({"learningRate":null})").given.learning_rate.has_value());
}

TEST_CASE("read_settings_json: wrong types and bad text are problems, never a crash") {
  CHECK(dff::read_settings_json("not json").problems.size() == 1);
  CHECK(dff::read_settings_json("[1,2]").problems.size() == 1);
  CHECK(dff::read_settings_json("").problems.size() == 1);
  const dff::SettingsReading r = dff::read_settings_json(R"({"hidden":"8,8","bias":"no"})");
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].message() == "Hidden layers: use up to 15 widths from 1 to 4096, e.g. 8,8 (none: no hidden layer)");
  CHECK(r.problems[1].field == "bias");
  for (const char* text : {R"({"hidden":[{}]})", R"({"activations":[1]})", R"({"output":7})", R"({"seed":[]})",
                           R"({"epochs":"1e400"})", R"({"hidden":[1e300]})"}) {
    INFO(text);
    CHECK(dff::check_settings_json(text, nullptr).size() == 1);
  }
}

TEST_CASE("settings_to_json writes a complete settings object with short floats") {
  dff::CsvOptions options;
  options.input_columns = 3;
  const dff::Result<dff::Dataset> seed = dff::load_csv(std::string(DFF_SOURCE_DIR) + "/examples/seed.csv", options);
  REQUIRE(seed.ok());
  const json j = json::parse(dff::settings_to_json(dff::default_plan(seed.value())));
  CHECK(j["learningRate"].dump() == "0.01");
  CHECK(j["hidden"] == json::array({16}));
  CHECK(j["activations"] == json::array({"relu"}));
  CHECK(j.size() == 14);
  // What it writes reads back to the same settings.
  const dff::SettingsReading back = dff::read_settings_json(j.dump());
  CHECK(back.problems.empty());
  const dff::Result<dff::TrainPlan> again = dff::resolve_settings(seed.value(), back.given);
  REQUIRE(again.ok());
  CHECK(json::parse(dff::settings_to_json(again.value())) == j);
}

TEST_CASE("rules_to_json lists names and limits") {
  const json r = json::parse(dff::rules_to_json());
  CHECK(r["outputActivations"].size() == 6);
  CHECK(r["limits"]["learningRate"]["max"] == 10);
  CHECK(r["limits"]["maxClasses"] == 4096);
}
