// The settings object and the rules as JSON: the form in which they cross to JavaScript
// (dff.rules, dff.checkSettings, dff.resolveSettings) and in which a page stores or links a
// session, so the one reader here decides what a stored or shared settings object may hold.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/host/train/settings.h"

namespace dff {

// A settings object read from JSON text, and what was wrong with its fields' types.
struct SettingsReading {
  GivenSettings given;                   // the fields present (null counts as absent)
  std::vector<SettingsProblem> problems; // fields of the wrong type; field "" if the text is not a JSON object
};

// Reads a settings object ({"hidden": [8], "learningRate": 0.01, ...}, keys as in settings.h).
// Numbers may also be given as decimal text ("0.01", as a form field holds them). Keys it
// does not know are ignored. Never fails: problems are listed.
SettingsReading read_settings_json(std::string_view text);
// check_settings() on a JSON settings object: type problems first, then the rules, one per field.
std::vector<SettingsProblem> check_settings_json(std::string_view text, const DataShape* shape);
// A complete settings object: every field, floats as their shortest decimal (0.01, not
// 0.009999999776).
std::string settings_to_json(const TrainPlan& plan);
// [{"field": .., "message": ..}, ...]
std::string problems_to_json(const std::vector<SettingsProblem>& problems);
// The rules: {"hiddenActivations": [...], "outputActivations", "losses", "optimizers",
// "inits", "formats", "limits": {"maxWidth", "maxHiddenLayers", "maxClasses",
// "learningRate": {"min", "max"}, "epochs", "batchSize", "seed", "l2", "earlyStop",
// "validationFraction"}}.
std::string rules_to_json();

}  // namespace dff
