#include "core/host/train/settings_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/host/data/csv.h"
#include "core/host/data/split.h"
#include "core/host/export/float_text.h"
#include "core/host/export/exporters.h"

namespace dff {
namespace {

using json = nlohmann::json;

// A JSON string; the texts here are ASCII names and messages, escaped all the same.
std::string text(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : s) {
    const unsigned char b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20) {
      out += "\\u00";
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string text_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) out += (out.size() > 1 ? "," : "") + text(item);
  return out + "]";
}

// A JSON number that reads back as exactly `v` (17 significant digits at most).
std::string number(double v) {
  char buffer[32];
  for (int digits = 1; digits <= 17; ++digits) {
    snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    if (strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

std::string limits(const NumberRule& r) { return "{\"min\":" + number(r.min) + ",\"max\":" + number(r.max) + "}"; }

// A JSON number, or a string holding one; NaN for anything else.
double number_of(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return number_from_text(v.get_ref<const std::string&>());
  return std::nan("");
}

}  // namespace

SettingsReading read_settings_json(std::string_view text) {
  SettingsReading out;
  const json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    out.problems.push_back(SettingsProblem{"", "Settings", "expected a JSON object of settings"});
    return out;
  }
  GivenSettings& g = out.given;
  const auto present = [&](const char* key) -> const json* {
    const auto it = root.find(key);
    return it == root.end() || it->is_null() ? nullptr : &*it;
  };
  if (const json* v = present("hidden")) {
    if (v->is_array()) {
      std::vector<double> widths;
      for (const json& w : *v) widths.push_back(number_of(w));
      g.hidden = widths;
    } else {
      out.problems.push_back(invalid_setting("hidden"));
    }
  }
  if (const json* v = present("activations")) {
    if (v->is_array()) {
      std::vector<std::string> names;
      for (const json& a : *v) names.push_back(a.is_string() ? a.get<std::string>() : std::string());
      g.activations = names;
    } else {
      out.problems.push_back(invalid_setting("activations"));
    }
  }
  // A name of the wrong type becomes "", which no list holds, so check_settings states the names.
  const std::pair<const char*, std::optional<std::string>*> names[] = {
      {"output", &g.output}, {"loss", &g.loss}, {"optimizer", &g.optimizer}, {"init", &g.init}};
  for (const auto& [key, slot] : names)
    if (const json* v = present(key)) *slot = v->is_string() ? v->get<std::string>() : std::string();
  const std::pair<const char*, std::optional<double>*> numbers[] = {{"learningRate", &g.learning_rate},
                                                                     {"epochs", &g.epochs},
                                                                     {"batchSize", &g.batch_size},
                                                                     {"seed", &g.seed},
                                                                     {"l2", &g.l2},
                                                                     {"earlyStop", &g.early_stop}};
  for (const auto& [key, slot] : numbers)
    if (const json* v = present(key)) *slot = number_of(*v);
  const std::pair<const char*, std::optional<bool>*> flags[] = {{"normalize", &g.normalize}, {"bias", &g.bias}};
  for (const auto& [key, slot] : flags) {
    if (const json* v = present(key)) {
      if (v->is_boolean()) *slot = v->get<bool>();
      else out.problems.push_back(invalid_setting(key));
    }
  }
  return out;
}

std::vector<SettingsProblem> check_settings_json(std::string_view text, const DataShape* shape) {
  SettingsReading reading = read_settings_json(text);
  std::vector<SettingsProblem> problems = std::move(reading.problems);
  for (SettingsProblem& p : check_settings(reading.given, shape)) {
    bool seen = false;
    for (const SettingsProblem& q : problems) seen = seen || q.field == p.field;
    if (!seen) problems.push_back(std::move(p));
  }
  return problems;
}

std::string settings_to_json(const TrainPlan& plan) {
  std::vector<std::string> activations = names_of(plan.activations);
  std::string widths;
  for (const uint16_t w : plan.hidden) widths += (widths.empty() ? "" : ",") + std::to_string(w);
  return "{\"hidden\":[" + widths + "],\"activations\":" + text_list(activations) +
         ",\"output\":" + text(activation_name(plan.output_activation)) +
         ",\"loss\":" + text(loss_name(plan.options.loss)) +
         ",\"optimizer\":" + text(optimizer_name(plan.options.optimizer)) +
         ",\"learningRate\":" + shortest_float_text(plan.options.learning_rate) +
         ",\"epochs\":" + std::to_string(plan.epochs) +
         ",\"batchSize\":" + std::to_string(plan.options.batch_size) +
         ",\"seed\":" + std::to_string(plan.seed) +
         ",\"init\":" + text(init_name(plan.init)) +
         ",\"normalize\":" + (plan.normalize ? "true" : "false") +
         ",\"bias\":" + (plan.bias ? "true" : "false") +
         ",\"l2\":" + shortest_float_text(plan.options.l2) +
         ",\"earlyStop\":" + std::to_string(plan.early_stop) + "}";
}

std::string problems_to_json(const std::vector<SettingsProblem>& problems) {
  std::string out = "[";
  for (const SettingsProblem& p : problems)
    out += (out.size() > 1 ? "," : "") + std::string("{\"field\":") + text(p.field) + ",\"message\":" +
           text(p.message()) + "}";
  return out + "]";
}

std::string rules_to_json() {
  const SettingsRules& r = settings_rules();
  return "{\"hiddenActivations\":" + text_list(names_of(r.hidden_activations)) +
         ",\"outputActivations\":" + text_list(names_of(r.output_activations)) +
         ",\"losses\":" + text_list(names_of(r.losses)) + ",\"optimizers\":" + text_list(names_of(r.optimizers)) +
         ",\"inits\":" + text_list(names_of(r.inits)) + ",\"formats\":" + text_list(export_formats()) +
         ",\"limits\":{\"maxWidth\":" + std::to_string(r.max_width) +
         ",\"maxHiddenLayers\":" + std::to_string(r.max_hidden_layers) +
         ",\"maxClasses\":" + std::to_string(kMaxClasses) + ",\"learningRate\":" + limits(r.learning_rate) +
         ",\"epochs\":" + limits(r.epochs) + ",\"batchSize\":" + limits(r.batch_size) +
         ",\"seed\":" + limits(r.seed) + ",\"l2\":" + limits(r.l2) + ",\"earlyStop\":" + limits(r.early_stop) +
         ",\"validationFraction\":{\"min\":" + number(kMinValidationFraction) +
         ",\"max\":" + number(kMaxValidationFraction) + "}}}";
}

}  // namespace dff
