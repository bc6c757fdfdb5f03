// dff evaluate MODEL DATA.csv [--json]: accuracy, confusion matrix, per-class precision and
// recall (class labels) or MAE, RMSE and R-squared (numeric targets), and the mean loss.
#include <stdio.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/host/eval/metrics.h"
#include "core/host/quote.h"

namespace dff::cli {
namespace {

struct EvaluateArgs {
  std::string model;
  std::string data;
  bool json = false;
};

nlohmann::ordered_json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

std::string to_json(const Evaluation& e) {
  using json = nlohmann::ordered_json;
  json j;
  j["accuracy"] = e.has_accuracy() ? json(e.accuracy()) : json(nullptr);
  j["loss"] = static_cast<double>(e.loss);
  j["samples"] = e.samples;
  j["rule"] = e.has_accuracy() ? json(rule_name(e.rule)) : json(nullptr);
  j["correct"] = e.has_accuracy() ? json(e.correct) : json(nullptr);
  j["classNames"] = e.class_names;
  json confusion = nullptr;
  json per_class = nullptr;
  if (e.has_confusion()) {
    confusion = json::array();
    per_class = json::array();
    for (uint32_t t = 0; t < e.class_names.size(); ++t) {
      json row = json::array();
      for (uint32_t p = 0; p < e.confusion_columns; ++p) row.push_back(e.confusion_at(t, p));
      confusion.push_back(row);
      const ClassScore& c = e.per_class[t];
      per_class.push_back({{"name", e.class_names[t]}, {"rows", c.rows}, {"predicted", c.predicted},
                           {"correct", c.correct}, {"precision", optional_number(c.precision())},
                           {"recall", optional_number(c.recall())}});
    }
  }
  j["confusion"] = confusion;
  j["perClass"] = per_class;
  j["mae"] = e.has_regression ? json(e.mae) : json(nullptr);
  j["rmse"] = e.has_regression ? json(e.rmse) : json(nullptr);
  j["r2"] = e.has_regression ? optional_number(e.r2) : json(nullptr);
  // Class names come from data files: invalid UTF-8 becomes U+FFFD instead of an exception.
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string padded(const std::string& text, size_t width, bool right) {
  const std::string pad(width > text.size() ? width - text.size() : 0, ' ');
  return right ? pad + text : text + pad;
}

std::string percent_or_dash(const std::optional<double>& v) { return v ? format_percent(*v) : "-"; }

std::string number(double v) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

// The confusion matrix and per-class precision and recall, as aligned columns.
std::string class_tables(const Evaluation& e) {
  std::vector<std::string> names;
  for (const std::string& n : e.class_names) names.push_back(printable(n));
  const bool unclassified = e.confusion_columns > names.size();
  size_t first = std::string("true \\ predicted").size();
  size_t cell = 5;
  for (const std::string& n : names) {
    first = std::max(first, n.size());
    cell = std::max(cell, n.size());
  }
  if (unclassified) cell = std::max(cell, std::string("no class").size());
  std::string out = "\nconfusion (rows: true class, columns: predicted)\n" + padded("true \\ predicted", first, false);
  for (const std::string& n : names) out += "  " + padded(n, cell, true);
  if (unclassified) out += "  " + padded("no class", cell, true);
  out += "\n";
  for (uint32_t t = 0; t < names.size(); ++t) {
    out += padded(names[t], first, false);
    for (uint32_t p = 0; p < e.confusion_columns; ++p) out += "  " + padded(std::to_string(e.confusion_at(t, p)), cell, true);
    out += "\n";
  }
  out += "\n" + padded("class", first, false) + "  precision     recall       rows\n";
  for (uint32_t t = 0; t < names.size(); ++t) {
    const ClassScore& c = e.per_class[t];
    out += padded(names[t], first, false) + "  " + padded(percent_or_dash(c.precision()), 9, true) + "  " +
           padded(percent_or_dash(c.recall()), 9, true) + "  " + padded(std::to_string(c.rows), 9, true) + "\n";
  }
  return out;
}

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
    out = to_json(e.value());
  } else {
    out = "samples  " + std::to_string(e->samples) + "\n";
    if (e->has_accuracy())
      out += "accuracy " + format_percent(e->accuracy()) + " (" + std::to_string(e->correct) + "/" +
             std::to_string(e->samples) + " rows: " + rule_description(e->rule) + ")\n";
    else
      out += "accuracy n/a (numeric targets other than 0 and 1; see the loss)\n";
    out += "loss     " + format_float(e->loss) + " (mean " + loss_name(model.training.options.loss) + " per row)\n";
    if (e->has_regression) {
      out += "mae      " + number(e->mae) + " (mean absolute error)\n";
      out += "rmse     " + number(e->rmse) + " (root mean squared error)\n";
      out += "r2       " + (e->r2 ? number(*e->r2) : std::string("n/a (the targets do not vary)")) + "\n";
    }
    if (e->has_confusion()) out += class_tables(e.value());
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
  app->add_flag("--json", args->json,
                R"(Print one JSON object {"accuracy", "loss", "samples", "rule", "correct", "classNames", )"
                R"("confusion", "perClass", "mae", "rmse", "r2"}, as the WASM API's model.evaluate())");
  app->footer(
      "Accuracy: for a model trained on class labels, a row is correct when its largest output is\n"
      "the row's class (labels are matched onto the model's classes by name, in any order). For\n"
      "numeric targets that are all 0 or 1 (e.g. one-hot columns), a row is correct when every\n"
      "output rounds to its target. Other numeric targets have no accuracy (null in --json) but\n"
      "MAE, RMSE and R-squared. With classes, the confusion matrix and per-class precision and\n"
      "recall follow the same rule (docs/evaluation.md). The loss is the mean per-row loss the\n"
      "model was trained with (mse: 1/2 sum of squared errors; cross_entropy).\n\n"
      "Examples:\n"
      "  dff evaluate iris.json examples/iris.csv\n"
      "  dff evaluate seed.json examples/seed.csv --json");
  return Command{app, [args] { return run_evaluate(*args); }};
}

}  // namespace dff::cli
