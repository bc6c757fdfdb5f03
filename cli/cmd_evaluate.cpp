// dff evaluate MODEL DATA.csv [--json]: accuracy and mean loss on a labelled CSV file.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "core/host/eval/metrics.h"

namespace dff::cli {
namespace {

struct EvaluateArgs {
  std::string model;
  std::string data;
  bool json = false;
};

int run_evaluate(const EvaluateArgs& a) {
  Result<DFF> loaded = load_model_file(a.model);
  if (!loaded.ok()) return report_error(loaded.error());
  const DFF& model = loaded.value();
  Result<Dataset> data = load_data_for_model(a.data, model, true);
  if (!data.ok()) return report_error(data.error());
  const Result<Evaluation> e = evaluate(model, data.value());
  if (!e.ok()) return report_error(a.data + ": " + e.error());

  std::string out;
  if (a.json) {
    nlohmann::ordered_json j;
    j["accuracy"] = e->has_accuracy() ? nlohmann::ordered_json(e->accuracy()) : nlohmann::ordered_json(nullptr);
    j["loss"] = static_cast<double>(e->loss);
    j["samples"] = e->samples;
    out = j.dump() + "\n";
  } else {
    out = "samples  " + std::to_string(e->samples) + "\n";
    if (e->has_accuracy())
      out += "accuracy " + format_percent(e->accuracy()) + " (" + std::to_string(e->correct) + "/" +
             std::to_string(e->samples) + " rows: " + rule_description(e->rule) + ")\n";
    else
      out += "accuracy n/a (numeric targets other than 0 and 1; see the loss)\n";
    out += "loss     " + format_float(e->loss) + " (mean " + loss_name(model.training.options.loss) + " per row)\n";
  }
  const Outcome written = write_stdout(out);
  if (!written.ok()) return report_error(written.error());
  return kExitOk;
}

}  // namespace

Command add_evaluate(CLI::App& parent) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* app = parent.add_subcommand("evaluate", "Accuracy and mean loss of a model on a CSV file with targets");
  app->add_option("MODEL", args->model, "Model file (JSON or binary blob)")->type_name("")->required();
  app->add_option("DATA", args->data, "CSV file: the model's inputs, then its targets or class-label column")
      ->type_name("")->required();
  app->add_flag("--json", args->json, R"(Print one JSON object {"accuracy": .., "loss": .., "samples": ..})");
  app->footer(
      "Accuracy: for a model trained on class labels, a row is correct when its largest output is\n"
      "the row's class. For numeric targets that are all 0 or 1 (e.g. one-hot columns), a row is\n"
      "correct when every output rounds to its target. Other numeric targets have no accuracy\n"
      "(null in --json). The loss is the mean per-row loss the model was trained with\n"
      "(mse: 1/2 sum of squared errors; cross_entropy).\n\n"
      "Examples:\n"
      "  dff evaluate iris.json examples/iris.csv\n"
      "  dff evaluate seed.json examples/seed.csv --json");
  return Command{app, [args] { return run_evaluate(*args); }};
}

}  // namespace dff::cli
