// dff train DATA.csv -o MODEL.json [options]: trains a network on a CSV table.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/host/eval/metrics.h"
#include "cli/progress.h"
#include "core/host/data/csv.h"
#include "core/host/data/defaults.h"
#include "core/host/file_io.h"
#include "core/host/model/model_json.h"
#include "core/host/train/trainer.h"

namespace dff::cli {
namespace {

const std::map<std::string, Activation> kHiddenActivations = {
    {"sigmoid", Activation::kSigmoid}, {"relu", Activation::kRelu},
    {"leaky_relu", Activation::kLeakyRelu}, {"tanh", Activation::kTanh}};
const std::map<std::string, Activation> kOutputActivations = {
    {"sigmoid", Activation::kSigmoid}, {"softmax", Activation::kSoftmax}, {"linear", Activation::kLinear}};
const std::map<std::string, Loss> kLosses = {{"mse", Loss::kMse}, {"cross_entropy", Loss::kCrossEntropy}};
const std::map<std::string, Optimizer> kOptimizers = {
    {"sgd", Optimizer::kSgd}, {"momentum", Optimizer::kMomentum}, {"adam", Optimizer::kAdam}};
const std::map<std::string, Init> kInits = {{"uniform", Init::kUniform}, {"xavier", Init::kXavier}, {"he", Init::kHe}};

// Restricts an option to the names of `map` and shows them as its value in --help.
template <typename T>
CLI::Option* choice(CLI::Option* option, const std::map<std::string, T>& map) {
  std::vector<std::string> names;
  std::string shown;
  for (const auto& entry : map) {
    names.push_back(entry.first);
    shown += (shown.empty() ? "" : "|") + entry.first;
  }
  return option->check(CLI::IsMember(names).description(""))->type_name(shown);
}

struct TrainArgs {
  std::string data;
  std::string output;
  int inputs = -1;
  std::string hidden;
  std::string activation;
  std::string output_activation;
  std::string loss;
  std::string optimizer;
  float learning_rate = 0.0f;
  uint32_t epochs = 0;
  uint32_t batch = 1;
  uint64_t seed = 1;
  std::string init;
  bool no_bias = false;
  bool normalize = false;
  bool no_normalize = false;
  bool quiet = false;
  // Which options were given (the rest follow the data-dependent defaults).
  CLI::Option* hidden_opt = nullptr;
  CLI::Option* activation_opt = nullptr;
  CLI::Option* output_opt = nullptr;
  CLI::Option* loss_opt = nullptr;
  CLI::Option* optimizer_opt = nullptr;
  CLI::Option* lr_opt = nullptr;
  CLI::Option* epochs_opt = nullptr;
  CLI::Option* batch_opt = nullptr;
  CLI::Option* init_opt = nullptr;
};

// Accepts a positive finite number (learning rates).
const CLI::Validator kPositive(
    [](std::string& text) {
      char* end = nullptr;
      const double v = strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !(v > 0.0) || !isfinite(v) || v > 1e3)
        return "must be a positive number up to 1000 (e.g. 0.01), got '" + text + "'";
      return std::string();
    },
    "");

// Accepts a whole number >= 0 (CLI11 would wrap "-1" around for unsigned options).
const CLI::Validator kWhole(
    [](std::string& text) {
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return "must be a whole number >= 0, got '" + text + "'";
      return std::string();
    },
    "");

// "8,8" -> {8, 8}; "" or "none" -> no hidden layer.
Result<std::vector<uint16_t>> parse_hidden(const std::string& text) {
  std::vector<uint16_t> widths;
  if (text.empty() || text == "none") return widths;
  const Error bad{"--hidden: expected hidden layer widths separated by commas (e.g. 8,8, or 'none'), got '" + text +
                  "'"};
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty() || item.size() > 6 || item.find_first_not_of("0123456789") != std::string::npos) return bad;
    const unsigned long width = std::stoul(item);
    if (width < 1 || width > kMaxWidth)
      return Error{"--hidden: a layer width must be 1.." + std::to_string(kMaxWidth) + ", got " + item};
    widths.push_back(static_cast<uint16_t>(width));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (widths.size() > kMaxLayers - 1u)
    return Error{"--hidden: at most " + std::to_string(kMaxLayers - 1) + " hidden layers, got " +
                 std::to_string(widths.size())};
  return widths;
}

// The defaults for `data`, with every option the person gave applied on top; the
// options not given follow the ones that were (e.g. --optimizer sgd picks sgd's learning rate).
Result<TrainPlan> build_plan(const TrainArgs& a, const Dataset& data) {
  TrainPlan plan = default_plan(data);
  if (a.hidden_opt->count() > 0) {
    Result<std::vector<uint16_t>> hidden = parse_hidden(a.hidden);
    if (!hidden.ok()) return Error{hidden.error()};
    plan.hidden = hidden.value();
  }
  if (a.activation_opt->count() > 0) {
    plan.hidden_activation = kHiddenActivations.at(a.activation);
    plan.init = default_init(plan.hidden_activation);
  }
  if (a.init_opt->count() > 0) plan.init = kInits.at(a.init);
  if (a.output_opt->count() > 0) {
    plan.output_activation = kOutputActivations.at(a.output_activation);
    plan.options.loss = default_loss(plan.output_activation);
  }
  if (a.loss_opt->count() > 0) plan.options.loss = kLosses.at(a.loss);
  if (a.optimizer_opt->count() > 0) {
    plan.options.optimizer = kOptimizers.at(a.optimizer);
    plan.options.learning_rate = default_learning_rate(plan.options.optimizer);
  }
  if (a.lr_opt->count() > 0) plan.options.learning_rate = a.learning_rate;
  if (a.batch_opt->count() > 0) {
    plan.options.batch_size = a.batch;
    plan.epochs = default_epochs(data.rows, a.batch);
  }
  if (a.epochs_opt->count() > 0) plan.epochs = a.epochs;
  plan.seed = a.seed;
  plan.bias = !a.no_bias;
  if (a.normalize) plan.normalize = true;
  if (a.no_normalize) plan.normalize = false;

  if (plan.options.loss == Loss::kCrossEntropy && plan.output_activation != Activation::kSoftmax &&
      plan.output_activation != Activation::kSigmoid)
    return Error{"--loss cross_entropy needs a softmax or sigmoid output (--output softmax|sigmoid)"};
  if (plan.output_activation == Activation::kSoftmax && data.target_width < 2)
    return Error{"--output softmax needs at least 2 outputs, but '" + a.data +
                 "' has 1 target column; use --output sigmoid or linear"};
  return plan;
}

std::string describe_plan(const TrainPlan& plan, const DFF& model, const Dataset& data) {
  const Topology& t = model.topology();
  std::string s = "training " + topology_string(t) + " (";
  if (t.layer_count > 1) s += std::string(activation_name(plan.hidden_activation)) + " hidden, ";
  s += std::string(activation_name(plan.output_activation)) + " output";
  s += plan.bias ? ", bias" : ", no bias";
  if (plan.normalize) s += ", normalised inputs";
  s += ") on " + std::to_string(data.rows) + " rows: " + loss_name(plan.options.loss) + ", " +
       optimizer_name(plan.options.optimizer) + " lr " + format_float(plan.options.learning_rate) + ", batch " +
       std::to_string(plan.options.batch_size) + ", " + std::to_string(plan.epochs) + " epochs, " +
       init_name(plan.init) + " init, seed " + std::to_string(plan.seed) + "\n";
  return s;
}

int run_train(const TrainArgs& a) {
  const Outcome writable = check_writable(a.output);
  if (!writable.ok()) return report_error(writable.error());

  CsvOptions csv;
  csv.input_columns = a.inputs;
  Result<Dataset> loaded = load_csv(a.data, csv);
  if (!loaded.ok()) return report_error(loaded.error());
  const Dataset& data = loaded.value();

  Result<TrainPlan> planned = build_plan(a, data);
  if (!planned.ok()) return report_usage_error(planned.error());
  const TrainPlan& plan = planned.value();

  Result<DFF> made = make_model(data, plan);
  if (!made.ok()) return report_error(made.error());
  DFF& model = made.value();

  if (!a.quiet) {
    const Outcome out = write_stdout(describe_plan(plan, model, data));
    if (!out.ok()) return report_error(out.error());
  }

  Trainer trainer(model, data);
  const Outcome fits = trainer.check();
  if (!fits.ok()) return report_error(a.data + ": " + fits.error());

  ProgressBar bar(!a.quiet && ProgressBar::stderr_is_terminal(), plan.epochs);
  const auto start = std::chrono::steady_clock::now();
  uint32_t done = 0;
  uint32_t chunk = 1;
  while (done < plan.epochs) {
    const uint32_t n = std::min(chunk, plan.epochs - done);
    const auto chunk_start = std::chrono::steady_clock::now();
    const Result<float> loss = trainer.run(n);
    if (!loss.ok()) {
      bar.finish();
      return report_error(a.data + ": training failed at " + loss.error() + "; '" + a.output + "' was not written");
    }
    done += n;
    bar.update(done, loss.value());
    // Chunks of roughly 20-100 ms keep the bar lively without slowing training.
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - chunk_start).count();
    if (took < 0.02 && chunk < (1u << 20)) chunk *= 2;
    if (took > 0.1 && chunk > 1) chunk /= 2;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bar.finish();

  const Result<Evaluation> eval = evaluate(model, data);
  if (!eval.ok()) return report_error(a.data + ": " + eval.error());

  const Outcome written = write_file_atomic(a.output, model_to_json(model));
  if (!written.ok()) return report_error(written.error());

  if (!a.quiet) {
    const double samples = static_cast<double>(plan.epochs) * data.rows;
    char line[512];
    snprintf(line, sizeof line, "trained %u epochs in %.2f s (%.0f samples/s): loss %s", plan.epochs, seconds,
             seconds > 0.0 ? samples / seconds : 0.0, format_float(eval->loss).c_str());
    std::string summary = line;
    if (eval->has_accuracy())
      summary += ", accuracy " + format_percent(eval->accuracy()) + " (" + std::to_string(eval->correct) + "/" +
                 std::to_string(eval->samples) + ")";
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
  args->hidden_opt = app->add_option("--hidden", args->hidden,
                                     "Hidden layer widths, e.g. 8,8, or 'none' (default: one layer of "
                                     "2 x (inputs + outputs), 16..32)")
                         ->type_name("W,W,...");
  args->activation_opt = choice(app->add_option("--activation", args->activation, "Hidden activation (default: relu)"), kHiddenActivations);
  args->output_opt =
      choice(app->add_option("--output", args->output_activation,
                      "Output activation (default: softmax for class labels, sigmoid for targets in [0,1], else linear)"), kOutputActivations);
  args->loss_opt = choice(app->add_option("--loss", args->loss,
                                   "Loss (default: cross_entropy for softmax and sigmoid outputs, mse for linear)"), kLosses);
  args->optimizer_opt =
      choice(app->add_option("--optimizer", args->optimizer, "Optimizer (default: adam)"), kOptimizers);
  args->lr_opt = app->add_option("--lr", args->learning_rate,
                                 "Learning rate (default: 0.01 for adam and momentum, 0.05 for sgd)")
                     ->check(kPositive)
                     ->type_name("RATE");
  args->epochs_opt = app->add_option("--epochs", args->epochs,
                                     "Passes over the data (default: about 30000 updates, 20..1000 epochs)")
                         ->check(kWhole)
                         ->check(CLI::Range(1u, 100000000u).description(""))
                         ->type_name("N");
  args->batch_opt = app->add_option("--batch", args->batch, "Rows per update (default: 1, per-sample as the seed)")
                        ->check(kWhole)
                        ->check(CLI::Range(1u, 1u << 24).description(""))
                        ->type_name("N");
  app->add_option("--seed", args->seed, "Seed for weights and shuffling (default: 1)")->check(kWhole)->type_name("N");
  args->init_opt = choice(app->add_option("--init", args->init, "Weight initialisation (default: he for relu, else xavier)"), kInits);
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
      "  dff train examples/xor.csv -o xor.json --hidden 4 --activation sigmoid --output sigmoid \\\n"
      "            --loss mse --optimizer sgd --lr 1 --init uniform   # the seed's recipe\n"
      "\nThe progress bar is drawn on stderr when it is a terminal; the summary goes to stdout.");
  return Command{app, [args] { return run_train(*args); }};
}

}  // namespace dff::cli
