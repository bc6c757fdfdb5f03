// Replays core/host/test-vectors.json against the C++ core (tests/node/rule_vectors.test.mjs
// replays the same file against the WebAssembly API).
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/eval/class_mapping.h"
#include "core/host/eval/metrics.h"
#include "core/host/train/settings_json.h"

using json = nlohmann::json;

namespace {

const json& vectors() {
  static const json v = [] {
    std::ifstream f(std::string(DFF_SOURCE_DIR) + "/core/host/test-vectors.json");
    std::stringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
  }();
  return v;
}

// A linear network without bias whose outputs equal its inputs.
dff::DFF identity_model(uint32_t n, const std::vector<std::string>& classes, const std::vector<std::string>& names) {
  dff::ModelSpec spec;
  spec.widths = {static_cast<uint16_t>(n), static_cast<uint16_t>(n)};
  spec.activations = {dff::Activation::kLinear};
  spec.bias = false;
  dff::Result<dff::DFF> made = dff::DFF::create(spec);
  REQUIRE(made.ok());
  dff::DFF m = std::move(made.value());
  float* w = m.network().weights(0);
  for (uint32_t i = 0; i < n; ++i) w[i * n + i] = 1.0f;
  m.class_names = classes;
  m.output_names = names;
  return m;
}

json optional_json(bool present, double value) { return present ? json(value) : json(nullptr); }

}  // namespace

TEST_CASE("rule vectors: the rules") { CHECK(json::parse(dff::rules_to_json()) == vectors()["rules"]); }

TEST_CASE("rule vectors: checkSettings") {
  for (const json& c : vectors()["checkSettings"]) {
    INFO(c.dump());
    dff::DataShape shape;
    const bool shaped = c.contains("shape");
    if (shaped) shape = dff::DataShape{c["shape"]["inputs"].get<uint32_t>(), c["shape"]["outputs"].get<uint32_t>()};
    const std::string text = c["settings"].dump();
    CHECK(json::parse(dff::problems_to_json(dff::check_settings_json(text, shaped ? &shape : nullptr))) ==
          c["problems"]);
  }
}

TEST_CASE("rule vectors: resolveSettings") {
  for (const json& c : vectors()["resolveSettings"]) {
    INFO(c.dump());
    dff::CsvOptions options;
    if (c.contains("inputs")) options.input_columns = c["inputs"].get<int32_t>();
    const dff::Result<dff::Dataset> data =
        dff::load_csv(std::string(DFF_SOURCE_DIR) + "/" + c["data"].get<std::string>(), options);
    REQUIRE(data.ok());
    const dff::SettingsReading reading = dff::read_settings_json(c["given"].dump());
    REQUIRE(reading.problems.empty());
    const dff::Result<dff::TrainPlan> plan = dff::resolve_settings(data.value(), reading.given);
    if (c.contains("error")) {
      REQUIRE_FALSE(plan.ok());
      CHECK(plan.error_details().field == c["error"]["field"].get<std::string>());
      CHECK(plan.error() == c["error"]["message"].get<std::string>());
    } else {
      REQUIRE(plan.ok());
      CHECK(json::parse(dff::settings_to_json(plan.value())) == c["settings"]);
    }
  }
}

TEST_CASE("rule vectors: classMapping") {
  for (const json& c : vectors()["classMapping"]) {
    INFO(c.dump());
    const auto data_classes = c["dataClasses"].get<std::vector<std::string>>();
    const auto labels = c["labels"].get<std::vector<uint32_t>>();
    dff::Dataset d;
    d.rows = static_cast<uint32_t>(labels.size());
    d.input_width = 1;
    d.target_width = static_cast<uint32_t>(data_classes.size());
    d.inputs.assign(d.rows, 0.0f);
    d.targets.assign(d.rows * data_classes.size(), 0.0f);
    for (size_t r = 0; r < labels.size(); ++r) d.targets[r * data_classes.size() + labels[r]] = 1.0f;
    d.labels = labels;
    d.class_names = data_classes;
    d.target_names = data_classes;
    d.label_column = c.value("labelColumn", "");
    const dff::Outcome mapped = dff::use_model_classes(&d, c["modelClasses"].get<std::vector<std::string>>());
    if (c.contains("error")) {
      REQUIRE_FALSE(mapped.ok());
      CHECK(mapped.error() == c["error"]["message"].get<std::string>());
      CHECK(mapped.error_details().field == c["error"]["field"].get<std::string>());
    } else {
      REQUIRE(mapped.ok());
      CHECK(d.labels == c["mapped"].get<std::vector<uint32_t>>());
    }
  }
}

TEST_CASE("rule vectors: accuracy, confusion and row flags") {
  for (const json& c : vectors()["accuracy"]) {
    INFO(c["about"].get<std::string>());
    const auto outputs = c["outputs"].get<std::vector<std::vector<float>>>();
    const uint32_t n = static_cast<uint32_t>(outputs[0].size());
    const auto classes = c.value("modelClasses", std::vector<std::string>());
    const dff::DFF model = identity_model(n, classes, c.value("outputNames", std::vector<std::string>()));
    dff::Dataset d;
    d.rows = static_cast<uint32_t>(outputs.size());
    d.input_width = n;
    d.target_width = n;
    for (const auto& row : outputs) d.inputs.insert(d.inputs.end(), row.begin(), row.end());
    if (c.contains("labels")) {
      d.labels = c["labels"].get<std::vector<uint32_t>>();
      d.class_names = classes;
      d.targets.assign(static_cast<size_t>(d.rows) * n, 0.0f);
      for (uint32_t r = 0; r < d.rows; ++r) d.targets[r * n + d.labels[r]] = 1.0f;
    } else {
      for (const auto& row : c["targets"].get<std::vector<std::vector<float>>>())
        d.targets.insert(d.targets.end(), row.begin(), row.end());
    }
    const dff::Result<dff::Evaluation> r = dff::evaluate(model, d);
    REQUIRE(r.ok());
    const dff::Evaluation& e = r.value();
    const json& x = c["expect"];
    CHECK(optional_json(e.has_accuracy(), 0) == (x["rule"].is_null() ? json(nullptr) : json(0)));
    if (e.has_accuracy()) {
      CHECK(dff::rule_name(e.rule) == x["rule"].get<std::string>());
      CHECK(e.accuracy() == x["accuracy"].get<double>());
      CHECK(e.correct == x["correct"].get<uint32_t>());
      CHECK(std::vector<int>(e.row_correct.begin(), e.row_correct.end()) == x["rowCorrect"].get<std::vector<int>>());
    }
    CHECK(e.class_names == x["classNames"].get<std::vector<std::string>>());
    if (x["confusion"].is_null()) {
      CHECK_FALSE(e.has_confusion());
      CHECK(e.predicted.empty());
    } else {
      json confusion = json::array();
      for (uint32_t t = 0; t < e.class_names.size(); ++t) {
        json row = json::array();
        for (uint32_t p = 0; p < e.confusion_columns; ++p) row.push_back(e.confusion_at(t, p));
        confusion.push_back(row);
      }
      CHECK(confusion == x["confusion"]);
      CHECK(e.predicted == x["predicted"].get<std::vector<int32_t>>());
      REQUIRE(e.per_class.size() == x["perClass"].size());
      for (size_t k = 0; k < e.per_class.size(); ++k) {
        const json& p = x["perClass"][k];
        CHECK(e.per_class[k].rows == p["rows"].get<uint32_t>());
        CHECK(e.per_class[k].predicted == p["predicted"].get<uint32_t>());
        CHECK(e.per_class[k].correct == p["correct"].get<uint32_t>());
        const auto precision = e.per_class[k].precision();
        const auto recall = e.per_class[k].recall();
        CHECK(optional_json(precision.has_value(), precision.value_or(0)) == p["precision"]);
        CHECK(optional_json(recall.has_value(), recall.value_or(0)) == p["recall"]);
      }
    }
    // Outputs are float32, the expected errors exact decimals: compare to 1e-6.
    for (const auto& [key, value, present] :
         {std::tuple<const char*, double, bool>{"mae", e.mae, e.has_regression},
          {"rmse", e.rmse, e.has_regression},
          {"r2", e.r2.value_or(0), e.has_regression && e.r2.has_value()}}) {
      INFO(key);
      REQUIRE(present == !x[key].is_null());
      if (present) CHECK(value == Approx(x[key].get<double>()).margin(1e-6));
    }
  }
}

TEST_CASE("rule vectors: csvNumbers and csvHeader") {
  for (const json& c : vectors()["csvNumbers"]) {
    const std::string text = c["text"].get<std::string>();
    INFO("cell '" << text << "'");
    CHECK(dff::parse_csv("x,y\n" + text + ",0\n1,1\n", "cells.csv", {}).ok() == c["number"].get<bool>());
  }
  for (const json& c : vectors()["csvHeader"]) {
    INFO(c["about"].get<std::string>());
    const dff::Result<dff::Dataset> d = dff::parse_csv(c["text"].get<std::string>(), "header.csv", {});
    REQUIRE(d.ok());
    CHECK(d->rows == c["rows"].get<uint32_t>());
    CHECK((d->input_names.front() != "x1") == c["header"].get<bool>());
  }
}
