#include "core/host/train/settings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmath>

#include <string>

#include "core/host/quote.h"

namespace dff {
namespace {

const SettingsRules kRules = {
    {Activation::kRelu, Activation::kLeakyRelu, Activation::kTanh, Activation::kSigmoid, Activation::kLinear},
    // Any activation can be the output layer's (the core, the model files and every exporter
    // handle them): tanh for targets in [-1, 1], relu for targets >= 0; softmax only there.
    {Activation::kSoftmax, Activation::kSigmoid, Activation::kLinear, Activation::kTanh, Activation::kRelu,
     Activation::kLeakyRelu},
    {Loss::kCrossEntropy, Loss::kMse},
    {Optimizer::kAdam, Optimizer::kSgd, Optimizer::kMomentum},
    {Init::kHe, Init::kXavier, Init::kUniform},
    kMaxWidth,
    kMaxHiddenLayers,
    // Above 10 every optimizer here diverges on normalised data; below 1e-6 nothing moves
    // in float32 within the epoch limit.
    {"learningRate", "Learning rate", 1e-6, 10.0, false},
    {"epochs", "Epochs", 1.0, 100000000.0, true},
    {"batchSize", "Batch size", 1.0, 1000000.0, true},
    // Seeds stay exact in a JS number (2^53 - 1), so the page and dff agree on them.
    {"seed", "Seed", 0.0, 9007199254740991.0, true},
    {"l2", "L2 penalty", 0.0, 1.0, false},
    {"earlyStop", "Early stop", 0.0, 100000.0, true},
};

// Whole numbers in full (10, 9007199254740991), others as the shortest "%g" text that
// reads back as the same double (1e-06).
std::string number_text(double v) {
  char buffer[40];
  if (v == floor(v) && fabs(v) < 1e16) {
    snprintf(buffer, sizeof buffer, "%.0f", v);
    return buffer;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    if (strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string range_text(const NumberRule& r) {
  return std::string(r.whole ? "a whole number" : "a number") + " from " + number_text(r.min) + " to " +
         number_text(r.max);
}

std::string hidden_text() {
  return "up to " + std::to_string(kMaxHiddenLayers) + " widths from 1 to " + std::to_string(kMaxWidth) +
         ", e.g. 8,8 (none: no hidden layer)";
}

const char* label_of(std::string_view field) {
  if (field == "hidden") return "Hidden layers";
  if (field == "activations") return "Hidden activation";
  if (field == "output") return "Output activation";
  if (field == "loss") return "Loss";
  if (field == "optimizer") return "Optimizer";
  if (field == "init") return "Initialisation";
  if (field == "normalize") return "Normalize inputs";
  if (field == "bias") return "Bias";
  for (const NumberRule* r : {&kRules.learning_rate, &kRules.epochs, &kRules.batch_size, &kRules.seed, &kRules.l2,
                             &kRules.early_stop})
    if (field == r->key) return r->label;
  return "";
}

SettingsProblem problem(std::string_view field, std::string detail) {
  return SettingsProblem{std::string(field), label_of(field), std::move(detail)};
}

bool fits(const NumberRule& r, double v) { return v >= r.min && v <= r.max && (!r.whole || v == floor(v)); }

template <typename T>
bool listed(const std::vector<T>& list, T value) {
  for (const T& item : list)
    if (item == value) return true;
  return false;
}

// The name as one of `list`, or nothing.
std::optional<Activation> activation_in(const std::vector<Activation>& list, const std::string& name) {
  Activation a{};
  if (!parse_activation(name.c_str(), &a) || !listed(list, a)) return std::nullopt;
  return a;
}
std::optional<Loss> loss_of(const std::string& name) {
  Loss l{};
  if (!parse_loss(name.c_str(), &l) || !listed(kRules.losses, l)) return std::nullopt;
  return l;
}
std::optional<Optimizer> optimizer_of(const std::string& name) {
  Optimizer o{};
  if (!parse_optimizer(name.c_str(), &o) || !listed(kRules.optimizers, o)) return std::nullopt;
  return o;
}
std::optional<Init> init_of(const std::string& name) {
  Init i{};
  if (!parse_init(name.c_str(), &i) || !listed(kRules.inits, i)) return std::nullopt;
  return i;
}

bool hidden_fits(const std::vector<double>& widths) {
  if (widths.size() > kMaxHiddenLayers) return false;
  for (const double w : widths)
    if (!(w >= 1.0 && w <= kMaxWidth && w == floor(w))) return false;
  return true;
}

// The rules between fields, on values known to be valid one by one (unknown: nullopt).
void cross_problems(std::optional<size_t> hidden_layers, std::optional<size_t> activations,
                    std::optional<Activation> output, std::optional<Loss> loss, const DataShape* shape,
                    std::vector<SettingsProblem>* out) {
  if (hidden_layers && activations && *activations != 1 && *activations != *hidden_layers)
    out->push_back(problem("activations", "give one per hidden layer (" + std::to_string(*hidden_layers) +
                                              ") or one for all of them, not " + std::to_string(*activations)));
  if (output && loss && *loss == Loss::kCrossEntropy && *output != Activation::kSoftmax &&
      *output != Activation::kSigmoid)
    out->push_back(problem("loss", std::string("cross_entropy needs a softmax or sigmoid output; with a ") +
                                       activation_name(*output) + " output use mse"));
  if (output && shape && *output == Activation::kSoftmax && shape->outputs < 2)
    out->push_back(problem("output", "softmax needs at least 2 outputs, but the data has " +
                                         std::to_string(shape->outputs) + "; use sigmoid or linear"));
}

template <typename T>
std::vector<std::string> names_with(const std::vector<T>& list, const char* (*name)(T)) {
  std::vector<std::string> out;
  for (const T item : list) out.push_back(name(item));
  return out;
}

}  // namespace

const SettingsRules& settings_rules() { return kRules; }

Error SettingsProblem::error() const {
  Error e{message()};
  e.field = field;
  return e;
}

std::vector<std::string> names_of(const std::vector<Activation>& list) { return names_with(list, activation_name); }
std::vector<std::string> names_of(const std::vector<Loss>& list) { return names_with(list, loss_name); }
std::vector<std::string> names_of(const std::vector<Optimizer>& list) { return names_with(list, optimizer_name); }
std::vector<std::string> names_of(const std::vector<Init>& list) { return names_with(list, init_name); }

std::string allowed_values(std::string_view field) {
  if (field == "hidden") return hidden_text();
  if (field == "activations") return "one of " + joined(names_of(kRules.hidden_activations));
  if (field == "output") return "one of " + joined(names_of(kRules.output_activations));
  if (field == "loss") return "one of " + joined(names_of(kRules.losses));
  if (field == "optimizer") return "one of " + joined(names_of(kRules.optimizers));
  if (field == "init") return "one of " + joined(names_of(kRules.inits));
  if (field == "normalize" || field == "bias") return "true or false";
  for (const NumberRule* r : {&kRules.learning_rate, &kRules.epochs, &kRules.batch_size, &kRules.seed, &kRules.l2,
                             &kRules.early_stop})
    if (field == r->key) return range_text(*r);
  return "";
}

SettingsProblem invalid_setting(std::string_view field) {
  if (field == "activations") return problem(field, "use " + allowed_values(field) + " for each hidden layer");
  return problem(field, "use " + allowed_values(field));
}

std::vector<SettingsProblem> check_settings(const GivenSettings& g, const DataShape* shape) {
  std::vector<SettingsProblem> out;
  const auto bad = [&](const char* field) { out.push_back(invalid_setting(field)); };
  std::optional<size_t> hidden_layers;
  if (g.hidden) {
    if (hidden_fits(*g.hidden)) hidden_layers = g.hidden->size();
    else bad("hidden");
  }
  std::optional<size_t> activations;
  if (g.activations) {
    bool all = true;
    for (const std::string& name : *g.activations) all = all && activation_in(kRules.hidden_activations, name);
    if (all) activations = g.activations->size();
    else bad("activations");
  }
  std::optional<Activation> output;
  if (g.output && !(output = activation_in(kRules.output_activations, *g.output))) bad("output");
  std::optional<Loss> loss;
  if (g.loss && !(loss = loss_of(*g.loss))) bad("loss");
  if (g.optimizer && !optimizer_of(*g.optimizer)) bad("optimizer");
  if (g.init && !init_of(*g.init)) bad("init");
  const std::pair<const std::optional<double>*, const NumberRule*> numbers[] = {
      {&g.learning_rate, &kRules.learning_rate}, {&g.epochs, &kRules.epochs}, {&g.batch_size, &kRules.batch_size},
      {&g.seed, &kRules.seed}, {&g.l2, &kRules.l2}, {&g.early_stop, &kRules.early_stop}};
  for (const auto& [value, rule] : numbers)
    if (*value && !fits(*rule, **value)) bad(rule->key);
  cross_problems(hidden_layers, activations, output, loss, shape, &out);
  return out;
}

Result<TrainPlan> resolve_settings(const Dataset& data, const GivenSettings& g, SettingsProblem* problem_out) {
  const DataShape shape{data.input_width, data.target_width};
  const auto fail = [&](const SettingsProblem& p) {
    if (problem_out != nullptr) *problem_out = p;
    return p.error();
  };
  const std::vector<SettingsProblem> problems = check_settings(g, &shape);
  if (!problems.empty()) return fail(problems.front());

  TrainPlan plan = default_plan(data);
  const Activation default_hidden = plan.activations.empty() ? Activation::kRelu : plan.activations.front();
  if (g.hidden) {
    plan.hidden.clear();
    for (const double w : *g.hidden) plan.hidden.push_back(static_cast<uint16_t>(w));
    plan.activations.assign(plan.hidden.size(), default_hidden);
  }
  if (g.activations) {
    std::vector<Activation> given;
    for (const std::string& name : *g.activations) given.push_back(*activation_in(kRules.hidden_activations, name));
    if (given.size() == 1) plan.activations.assign(plan.hidden.size(), given.front());
    else plan.activations = given;
    if (!given.empty()) plan.init = default_init(given.front());
  }
  if (g.init) plan.init = *init_of(*g.init);
  if (g.output) {
    plan.output_activation = *activation_in(kRules.output_activations, *g.output);
    plan.options.loss = default_loss(plan.output_activation);
  }
  if (g.loss) plan.options.loss = *loss_of(*g.loss);
  if (g.optimizer) plan.options.optimizer = *optimizer_of(*g.optimizer);
  if (g.batch_size) plan.options.batch_size = static_cast<uint32_t>(*g.batch_size);
  if (g.optimizer || g.batch_size)
    plan.options.learning_rate = default_learning_rate(plan.options.optimizer, plan.options.batch_size);
  if (g.learning_rate) plan.options.learning_rate = static_cast<float>(*g.learning_rate);
  if (g.early_stop) plan.early_stop = static_cast<uint32_t>(*g.early_stop);
  if (g.batch_size || plan.early_stop > 0)
    plan.epochs = default_epochs(data.rows, plan.options.batch_size, plan.early_stop > 0);
  if (g.epochs) plan.epochs = static_cast<uint32_t>(*g.epochs);
  if (g.seed) plan.seed = static_cast<uint64_t>(*g.seed);
  if (g.l2) plan.options.l2 = static_cast<float>(*g.l2);
  if (g.normalize) plan.normalize = *g.normalize;
  if (g.bias) plan.bias = *g.bias;

  std::vector<SettingsProblem> combined;
  cross_problems(plan.hidden.size(), plan.activations.size(), plan.output_activation, plan.options.loss, &shape,
                 &combined);
  if (!combined.empty()) return fail(combined.front());
  return plan;
}

bool set_setting_text(GivenSettings* g, std::string_view field, std::string_view text) {
  const std::pair<const char*, std::optional<double>*> numbers[] = {{"learningRate", &g->learning_rate},
                                                                     {"epochs", &g->epochs},
                                                                     {"batchSize", &g->batch_size},
                                                                     {"seed", &g->seed},
                                                                     {"l2", &g->l2},
                                                                     {"earlyStop", &g->early_stop}};
  for (const auto& [key, slot] : numbers) {
    if (field == key) {
      *slot = number_from_text(text);
      return true;
    }
  }
  const std::pair<const char*, std::optional<std::string>*> names[] = {
      {"output", &g->output}, {"loss", &g->loss}, {"optimizer", &g->optimizer}, {"init", &g->init}};
  for (const auto& [key, slot] : names) {
    if (field == key) {
      *slot = std::string(text);
      return true;
    }
  }
  if (field == "hidden") {
    const Result<std::vector<uint16_t>> widths = parse_hidden_text(text);
    g->hidden = widths.ok() ? std::vector<double>(widths->begin(), widths->end()) : std::vector<double>{std::nan("")};
    return true;
  }
  if (field == "activations") {
    g->activations = std::vector<std::string>{std::string(text)};
    return true;
  }
  if (field == "normalize" || field == "bias") {
    std::optional<bool>& slot = field == "normalize" ? g->normalize : g->bias;
    slot = text == "true";
    return text == "true" || text == "false";
  }
  return false;
}

Result<std::vector<uint16_t>> parse_hidden_text(std::string_view text) {
  const auto is_separator = [](char c) { return c == ',' || c == ';' || c == ' ' || c == '\t'; };
  size_t start = 0;
  while (start < text.size() && is_separator(text[start])) ++start;
  size_t end = text.size();
  while (end > start && is_separator(text[end - 1])) --end;
  const std::string_view trimmed = text.substr(start, end - start);
  std::vector<uint16_t> widths;
  if (trimmed.empty() || trimmed == "none") return widths;
  const SettingsProblem wrong = problem("hidden", "use " + hidden_text() + ", not " + quoted(text));
  std::vector<double> given;
  size_t i = 0;
  while (i < trimmed.size()) {
    size_t j = i;
    while (j < trimmed.size() && !is_separator(trimmed[j])) ++j;
    const std::string_view item = trimmed.substr(i, j - i);
    if (item.empty() || item.size() > 6 || item.find_first_not_of("0123456789") != std::string_view::npos)
      return wrong.error();
    given.push_back(strtod(std::string(item).c_str(), nullptr));
    // Commas may have spaces around them: "8, 8".
    bool comma = false;
    while (j < trimmed.size() && is_separator(trimmed[j])) {
      if (trimmed[j] == ',' || trimmed[j] == ';') {
        if (comma) return wrong.error();
        comma = true;
      }
      ++j;
    }
    i = j;
  }
  if (!hidden_fits(given)) return wrong.error();
  for (const double w : given) widths.push_back(static_cast<uint16_t>(w));
  return widths;
}

double number_from_text(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  // strtod also reads hex, "inf" and "nan": only plain decimals are numbers here.
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string_view::npos) return std::nan("");
  const std::string copy(text);
  char* end = nullptr;
  const double v = strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !isfinite(v)) return std::nan("");
  return v;
}

}  // namespace dff
