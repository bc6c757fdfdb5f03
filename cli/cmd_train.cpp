// dff train DATA.csv -o MODEL.json [options]: trains a network on a CSV table.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/host/eval/metrics.h"
#include "cli/progress.h"
#include "core/host/data/csv.h"
#include "core/host/data/defaults.h"
#include "core/host/data/split.h"
#include "core/host/file_io.h"
#include "core/host/model/model_json.h"
#include "core/host/train/settings.h"
#include "core/host/train/trainer.h"

namespace dff::cli {
namespace {

// The settings dff train offers, with their option names; their rules are the core's.
struct SettingOption {
  const char* field;  // key of the settings object (core/host/train/settings.h)
  const char* option;
};
constexpr SettingOption kSettingOptions[] = {
    {"hidden", "--hidden"},   {"activations", "--activation"}, {"output", "--output"},  {"loss", "--loss"},
    {"optimizer", "--optimizer"}, {"learningRate", "--lr"},   {"epochs", "--epochs"},  {"batchSize", "--batch"},
    {"seed", "--seed"},       {"init", "--init"},             {"l2", "--l2"},          {"normalize", "--normalize"},
    {"bias", "--no-bias"},  {"earlyStop", "--early-stop"},
};

std::string option_of(const std::string& field) {
  for (const SettingOption& o : kSettingOptions)
    if (field == o.field) return o.option;
  return "--" + field;
}

std::string shortest(double v) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string bar_joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : "|") + n;
  return s;
}

// Checks an option's text with the core's rule for `field`; CLI11 reports the problem as
// "train: --lr: use a number from 1e-06 to 10, got '-1'".
CLI::Validator setting_check(const char* field) {
  return CLI::Validator(
      [field](std::string& text) {
        GivenSettings given;
        set_setting_text(&given, field, text);
        const std::vector<SettingsProblem> problems = check_settings(given);
        return problems.empty() ? std::string() : problems.front().detail + ", got '" + text + "'";
      },
      "");
}

struct TrainArgs {
  std::string data;
  std::string output;
  int inputs = -1;
  std::map<std::string, std::string> settings;  // field -> text, for the options given
  std::string validation;                        // --validation: a fraction or a CSV file
  bool no_bias = false;
  bool normalize = false;
  bool no_normalize = false;
  bool quiet = false;
  std::optional<bool> classes;  // --classes / --no-classes; unset: the core's guess
};

GivenSettings given_settings(const TrainArgs& a) {
  GivenSettings given;
  for (const auto& [field, text] : a.settings) set_setting_text(&given, field, text);
  if (a.no_bias) given.bias = false;
  if (a.normalize) given.normalize = true;
  if (a.no_normalize) given.normalize = false;
  return given;
}

// States a guess the person may not expect: a few whole numbers read as classes.
std::string describe_guess(const Dataset& data) {
  if (!data.classes_from_numbers) return "";
  std::string s = "column '" + data.label_column + "' holds " + std::to_string(data.class_names.size()) +
                  " distinct whole numbers: read as classes ";
  for (size_t k = 0; k < data.class_names.size(); ++k) s += (k ? ", " : "") + data.class_names[k];
  return s + " (--no-classes reads them as numbers)\n";
}

std::string describe_plan(const TrainPlan& plan, const DFF& model, const Dataset& data) {
  const Topology& t = model.topology();
  std::string s = describe_guess(data) + "training " + topology_string(t) + " (";
  if (!plan.activations.empty()) {
    std::vector<std::string> names = names_of(plan.activations);
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (size_t k = 0; k < names.size(); ++k) s += (k ? "/" : "") + names[k];
    s += " hidden, ";
  }
  s += std::string(activation_name(plan.output_activation)) + " output";
  s += plan.bias ? ", bias" : ", no bias";
  if (plan.normalize) s += ", normalised inputs";
  s += ") on " + std::to_string(data.rows) + " rows: " + loss_name(plan.options.loss) + ", " +
       optimizer_name(plan.options.optimizer) + " lr " + format_float(plan.options.learning_rate) + ", batch " +
       std::to_string(plan.options.batch_size) + ", " + std::to_string(plan.epochs) + " epochs, " +
       init_name(plan.init) + " init, seed " + std::to_string(plan.seed) + "\n";
  return s;
}

// Loss and accuracy of `e` for the summary: "loss 0.05, accuracy 97.5% (39/40)".
std::string scores(const Evaluation& e) {
  std::string s = "loss " + format_float(e.loss);
  if (e.has_accuracy())
    s += ", accuracy " + format_percent(e.accuracy()) + " (" + std::to_string(e.correct) + "/" +
         std::to_string(e.samples) + ")";
  return s;
}

// The rows training watches: a fraction of `data` held out (split by the plan's seed), or a
// file read for `data`'s columns and classes. Empty when --validation is not given.
Result<DataSplit> validation_rows(const TrainArgs& a, const Dataset& data, uint64_t seed) {
  if (a.validation.empty()) return DataSplit{data, Dataset(), {}};
  const double fraction = number_from_text(a.validation);
  if (!isnan(fraction)) return hold_out(data, fraction, seed);
  CsvOptions csv;
  csv.input_columns = static_cast<int32_t>(data.input_width);
  csv.class_names = data.class_names;
  Result<Dataset> file = load_csv(a.validation, csv);
  if (!file.ok()) return file.error_details();
  if (file->target_width != data.target_width)
    return Error{a.validation + ": the validation data has " + std::to_string(file->target_width) +
                 " target columns, the training data " + std::to_string(data.target_width)};
  return DataSplit{data, std::move(file.value()), {}};
}

int run_train(const TrainArgs& a) {
  const Outcome writable = check_writable(a.output);
  if (!writable.ok()) return report_error(writable.error());

  CsvOptions csv;
  csv.input_columns = a.inputs;
  if (a.classes) csv.targets = *a.classes ? TargetRead::kClasses : TargetRead::kNumbers;
  Result<Dataset> loaded = load_csv(a.data, csv);
  if (!loaded.ok()) return report_error(loaded.error());

  const GivenSettings given = given_settings(a);
  SettingsProblem problem;
  Result<TrainPlan> planned = resolve_settings(loaded.value(), given, &problem);
  if (!planned.ok()) return report_usage_error(option_of(problem.field) + ": " + problem.detail);
  if (planned->early_stop > 0 && a.validation.empty())
    return report_usage_error("--early-stop needs validation rows: add --validation FRACTION or --validation FILE.csv");
  const double fraction = number_from_text(a.validation);
  if (!isnan(fraction) && !(fraction >= kMinValidationFraction && fraction <= kMaxValidationFraction))
    return report_usage_error("--validation: use a fraction from " + shortest(kMinValidationFraction) + " to " +
                              shortest(kMaxValidationFraction) + " or a CSV file, got '" + a.validation + "'");
  Result<DataSplit> split = validation_rows(a, loaded.value(), planned->seed);
  if (!split.ok()) return report_error((isnan(fraction) ? "" : a.data + ": ") + split.error());
  const Dataset& data = split->train;
  const Dataset* validation = a.validation.empty() ? nullptr : &split->validation;
  // Defaults that follow the data (epochs, normalisation) come from the training rows.
  if (validation != nullptr) planned = resolve_settings(data, given, &problem);
  if (!planned.ok()) return report_usage_error(option_of(problem.field) + ": " + problem.detail);
  const TrainPlan& plan = planned.value();

  Result<DFF> made = make_model(data, plan);
  if (!made.ok()) return report_error(made.error());
  DFF& model = made.value();

  if (!a.quiet) {
    std::string text = describe_plan(plan, model, data);
    if (validation != nullptr) {
      text.pop_back();
      text += "; validation on " + std::to_string(validation->rows) + " rows" +
              (plan.early_stop > 0 ? ", early stop after " + std::to_string(plan.early_stop) + " epochs" : "") + "\n";
    }
    const Outcome out = write_stdout(text);
    if (!out.ok()) return report_error(out.error());
  }

  Trainer trainer(model, data, validation);
  const Outcome fits = trainer.check();
  if (!fits.ok()) return report_error(a.data + ": " + fits.error());
  const Outcome early = trainer.set_early_stop(plan.early_stop);
  if (!early.ok()) return report_usage_error(early.error());

  ProgressBar bar(!a.quiet && ProgressBar::stderr_is_terminal(), plan.epochs);
  const auto start = std::chrono::steady_clock::now();
  uint32_t chunk = 1;
  while (trainer.epoch() < plan.epochs && !trainer.stopped()) {
    const uint32_t n = std::min(chunk, plan.epochs - trainer.epoch());
    const auto chunk_start = std::chrono::steady_clock::now();
    const Result<float> loss = trainer.run(n);
    if (!loss.ok()) {
      bar.finish();
      return report_error(a.data + ": training failed at " + loss.error() + "; '" + a.output + "' was not written");
    }
    ValidationScore shown;
    if (bar.enabled() && validation != nullptr) {
      const Result<Evaluation> v = evaluate(model, *validation);
      if (v.ok()) shown = ValidationScore{true, v->loss, v->has_accuracy(), v->accuracy()};
    }
    bar.update(trainer.epoch(), loss.value(), shown);
    // Chunks of roughly 20-100 ms keep the bar lively without slowing training.
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - chunk_start).count();
    if (took < 0.02 && chunk < (1u << 20)) chunk *= 2;
    if (took > 0.1 && chunk > 1) chunk /= 2;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bar.finish();

  const Result<Evaluation> eval = evaluate(model, data);
  if (!eval.ok()) return report_error(a.data + ": " + eval.error());
  std::optional<Evaluation> held;
  if (validation != nullptr) {
    Result<Evaluation> v = evaluate(model, *validation);
    if (!v.ok()) return report_error(v.error());
    held = std::move(v.value());
  }

  const Outcome written = write_file_atomic(a.output, model_to_json(model));
  if (!written.ok()) return report_error(written.error());

  if (!a.quiet) {
    const double samples = static_cast<double>(trainer.epoch()) * data.rows;
    char line[512];
    snprintf(line, sizeof line, "trained %u epochs in %.2f s (%.0f samples/s): ", trainer.epoch(), seconds,
             seconds > 0.0 ? samples / seconds : 0.0);
    std::string summary = line + scores(eval.value());
    if (held) summary += "; validation " + scores(*held);
    if (trainer.stopped())
      summary += "; stopped early, kept epoch " + std::to_string(model.training.best_epoch);
    summary += " -> " + a.output + "\n";
    const Outcome out = write_stdout(summary);
    if (!out.ok()) return report_error(out.error());
  }
  return kExitOk;
}

}  // namespace

Command add_train(CLI::App& parent) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* app = parent.add_subcommand("train", "Train a network on a CSV table and save it as a JSON model");
  app->add_option("DATA", args->data, "CSV file: input columns, then target columns or one class-label column")
      ->type_name("")->required();
  // --output is the output activation (as the issue spells the options); the model file is -o.
  app->add_option("-o", args->output, "Model file to write (JSON); replaced only when training succeeds")
      ->type_name("MODEL.json")
      ->required();
  app->add_option("--inputs", args->inputs, "The first N columns are inputs, the rest targets (default: all but the last)")
      ->check(CLI::Range(1, static_cast<int>(kMaxWidth)).description(""))
      ->type_name("N");
  app->add_flag_function(
         "--classes,!--no-classes",
         [args](int64_t count) { args->classes = count > 0; },
         "Read the single target column as class labels (--classes) or as numbers (--no-classes); default: "
         "labels when most cells are text, or when it holds 3.." + std::to_string(kMaxGuessedClasses) +
             " distinct whole numbers with at least two rows each (the guess is stated)");
  const SettingsRules& rules = settings_rules();
  // An option whose text goes through the core's check for `field`.
  const auto setting = [&](const char* field, const std::string& type, const std::string& help) {
    return app->add_option_function<std::string>(
                  option_of(field), [args, field](const std::string& text) { args->settings[field] = text; },
                  help)
        ->check(setting_check(field))
        ->type_name(type);
  };
  setting("hidden", "W,W,...",
          "Hidden layer widths: " + allowed_values("hidden") + " (default: one layer of 2 x (inputs + outputs), 16..32)");
  setting("activations", bar_joined(names_of(rules.hidden_activations)), "Hidden activation (default: relu)");
  setting("output", bar_joined(names_of(rules.output_activations)),
          "Output activation (default: softmax for class labels, sigmoid for targets in [0,1], else linear)");
  setting("loss", bar_joined(names_of(rules.losses)),
          "Loss (default: cross_entropy for softmax and sigmoid outputs, else mse; cross_entropy needs one of those)");
  setting("optimizer", bar_joined(names_of(rules.optimizers)), "Optimizer (default: adam)");
  const uint32_t large_batch = default_batch_size(kPerSampleRows + 1);
  const std::string up_to = " up to " + std::to_string(kPerSampleRows) + " rows";
  setting("learningRate", "RATE",
          "Learning rate, " + allowed_values("learningRate") + " (default: adam " +
              shortest(default_learning_rate(Optimizer::kAdam, 1)) + up_to + ", " +
              shortest(default_learning_rate(Optimizer::kAdam, large_batch)) + " above; momentum " +
              shortest(default_learning_rate(Optimizer::kMomentum)) + ", sgd " +
              shortest(default_learning_rate(Optimizer::kSgd)) + ")");
  setting("epochs", "N",
          "Passes over the data, " + allowed_values("epochs") + " (default: about 30000 updates, 20..1000 epochs; " +
              std::to_string(default_epochs(1, 1, true)) + " with --early-stop, which decides when to stop)");
  setting("batchSize", "N",
          "Rows per update, " + allowed_values("batchSize") + " (default: " + std::to_string(default_batch_size(1)) +
              ", per-sample as the seed," + up_to + ", " + std::to_string(large_batch) + " above)");
  setting("seed", "N", "Seed for weights and shuffling, " + allowed_values("seed") + " (default: 1)");
  setting("init", bar_joined(names_of(rules.inits)), "Weight initialisation (default: he for relu-like, else xavier)");
  setting("l2", "LAMBDA",
          "L2 penalty on the weights (not biases), " + allowed_values("l2") + " (default: " +
              shortest(default_l2(kPerSampleRows)) + up_to + ", " + shortest(kL2TimesRows) + " / rows above)");
  app->add_option("--validation", args->validation,
                  "Rows to watch while training: a fraction of DATA held out (split by --seed, stratified by "
                  "class; " + shortest(kMinValidationFraction) + " to " + shortest(kMaxValidationFraction) +
                      ") or a CSV file with DATA's columns; the summary and the progress bar show its loss and "
                      "accuracy")
      ->type_name("FRACTION|FILE.csv");
  setting("earlyStop", "N",
          "Stop when the validation loss has not improved for N epochs and keep the best epoch's weights "
          "(recorded in the model), " + allowed_values("earlyStop") + " (default: 0, off; needs --validation)");
  app->add_flag("--no-bias", args->no_bias, "No bias terms (the seed's equations exactly)");
  CLI::Option* norm = app->add_flag("--normalize", args->normalize,
                                    "Z-score the inputs (stored in the model; default: on when an input lies "
                                    "outside [-1,1] or column scales differ 10x)");
  app->add_flag("--no-normalize", args->no_normalize, "Never normalise the inputs")->excludes(norm);
  app->add_flag("-q,--quiet", args->quiet, "Print nothing but errors (no progress bar, no summary)");
  app->footer(
      "Examples:\n"
      "  dff train examples/seed.csv --inputs 3 -o seed.json\n"
      "  dff train examples/iris.csv -o iris.json --hidden 8 --epochs 300\n"
      "  dff train examples/iris.csv -o iris.json --validation 0.2 --early-stop 20\n"
      "  dff train examples/xor.csv -o xor.json --hidden 4 --activation sigmoid --output sigmoid \\\n"
      "            --loss mse --optimizer sgd --lr 1 --init uniform   # the seed's recipe\n"
      "\nThe progress bar is drawn on stderr when it is a terminal; the summary goes to stdout.");
  return Command{app, [args] { return run_train(*args); }};
}

}  // namespace dff::cli
