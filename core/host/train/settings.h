// Training settings: the rules on every setting a person gives (allowed names, numeric
// ranges, which combinations train), and the one function that applies what a person
// gave over the data-dependent defaults. `dff train` (its options, --help and checks),
// the WASM API (dff.rules, dff.checkSettings, dff.resolveSettings, dff.defaults) and so
// the page all use these; nothing else restates them.
//
// A settings object, as the page and the JSON form name its fields (settings_json.h):
//   hidden        hidden layer widths, 0..kMaxHiddenLayers of 1..kMaxWidth
//   activations   one hidden activation per hidden layer (or one for all of them)
//   output        output activation      loss, optimizer, init: names as dff train spells them
//   learningRate, epochs, batchSize, seed, l2: numbers in the ranges of settings_rules()
//   earlyStop     patience in epochs for early stopping (0: off; training needs validation rows)
//   normalize, bias: true or false
#pragma once

#include <stdint.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/data/defaults.h"
#include "core/host/result.h"

namespace dff {

// Most hidden layers: the core's layer limit less the output layer.
constexpr uint32_t kMaxHiddenLayers = kMaxLayers - 1u;

// A numeric setting's allowed values.
struct NumberRule {
  const char* key;    // field of the settings object ("learningRate")
  const char* label;  // how messages name it ("Learning rate")
  double min;
  double max;
  bool whole;         // only whole numbers
};

// Every allowed value, in the order menus show them. Names are as dff train spells them.
struct SettingsRules {
  std::vector<Activation> hidden_activations;
  std::vector<Activation> output_activations;  // exactly what dff train --output accepts
  std::vector<Loss> losses;
  std::vector<Optimizer> optimizers;
  std::vector<Init> inits;
  uint32_t max_width = kMaxWidth;
  uint32_t max_hidden_layers = kMaxHiddenLayers;
  NumberRule learning_rate;
  NumberRule epochs;
  NumberRule batch_size;
  NumberRule seed;
  NumberRule l2;
  NumberRule early_stop;
};

// The rules (a static object, valid for the program's lifetime).
const SettingsRules& settings_rules();

// Settings as a person gave them, before any check: a field left empty takes its default.
// Numbers are kept as given (NaN for text that is not a number) so that the checks, not
// the readers, decide what is allowed.
struct GivenSettings {
  std::optional<std::vector<double>> hidden;
  std::optional<std::vector<std::string>> activations;
  std::optional<std::string> output;
  std::optional<std::string> loss;
  std::optional<std::string> optimizer;
  std::optional<std::string> init;
  std::optional<double> learning_rate;
  std::optional<double> epochs;
  std::optional<double> batch_size;
  std::optional<double> seed;
  std::optional<double> l2;
  std::optional<double> early_stop;
  std::optional<bool> normalize;
  std::optional<bool> bias;
};

// One problem with one setting. message() is what the page shows ("Learning rate: use a
// number from 1e-06 to 10"); detail is the part after the label, for dff's option errors.
struct SettingsProblem {
  std::string field;   // key of the settings object
  std::string label;   // "Learning rate"
  std::string detail;  // "use a number from 1e-06 to 10"
  std::string message() const { return label + ": " + detail; }
  Error error() const;  // message() with `field` set
};

// The data's shape, for the checks that depend on it (softmax needs 2 or more outputs).
struct DataShape {
  uint32_t inputs = 0;
  uint32_t outputs = 0;
};

// Every problem with the given settings, field by field, then the cross-field rules
// (one activation per hidden layer, cross_entropy needs a softmax or sigmoid output,
// softmax needs at least 2 outputs when `shape` is given). Empty when they are fine.
std::vector<SettingsProblem> check_settings(const GivenSettings& given, const DataShape* shape = nullptr);

// The settings to train `data` with: every field given wins; every other one takes the
// data-dependent default (default_plan), following the given ones where defaults depend on
// each other (an optimizer or a batch size brings its learning rate, an output its loss, a
// hidden activation its init, a batch size its number of epochs, early stopping the most
// epochs as it decides when to stop). Fails with the first problem
// (Error::field names the setting).
// `problem` (may be null) receives the problem when it fails.
Result<TrainPlan> resolve_settings(const Dataset& data, const GivenSettings& given,
                                   SettingsProblem* problem = nullptr);

// Sets one field of `given` from text, as a command line or a form field holds it: numbers
// by number_from_text, hidden widths by parse_hidden_text, a single activation name for
// every hidden layer, "true"/"false" for flags. Text that does not read is kept as a value
// check_settings refuses. False for an unknown field.
bool set_setting_text(GivenSettings* given, std::string_view field, std::string_view text);

// Hidden layer widths from text as people type them: "8,8", "8 8", "16; 8"; "" or "none"
// for no hidden layer. Checks the widths and the layer count; errors have field "hidden".
Result<std::vector<uint16_t>> parse_hidden_text(std::string_view text);
// A decimal number from text ("0.01", "1e-3", " 5 "); NaN when the text is not one.
double number_from_text(std::string_view text);

// The problem a wrong value of `field` has: "Learning rate: use a number from 1e-06 to 10".
SettingsProblem invalid_setting(std::string_view field);
// The allowed values of one field in words ("a number from 1e-06 to 10",
// "one of sgd, momentum, adam"); empty for an unknown field.
std::string allowed_values(std::string_view field);

// Names of the rules' lists, for help texts and the JSON form.
std::vector<std::string> names_of(const std::vector<Activation>& list);
std::vector<std::string> names_of(const std::vector<Loss>& list);
std::vector<std::string> names_of(const std::vector<Optimizer>& list);
std::vector<std::string> names_of(const std::vector<Init>& list);

}  // namespace dff
