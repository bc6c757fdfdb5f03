// dff predict MODEL DATA.csv [--labels]: one CSV line of outputs per input row.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/commands.h"

namespace dff::cli {
namespace {

struct PredictArgs {
  std::string model;
  std::string data;
  bool labels = false;
};

// A CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

int run_predict(const PredictArgs& a) {
  Result<DFF> loaded = load_model_file(a.model);
  if (!loaded.ok()) return report_error(loaded.error());
  const DFF& model = loaded.value();
  if (a.labels && model.class_names.empty())
    return report_error(a.model + ": --labels needs a model trained on class labels; this one has numeric outputs");

  Result<Dataset> data = load_data_for_model(a.data, model, false);
  if (!data.ok()) return report_error(data.error());

  const uint32_t inputs = model.topology().inputs();
  const uint32_t outputs = model.topology().outputs();
  std::string out;
  out.reserve(static_cast<size_t>(data->rows) * outputs * 12);
  for (uint32_t r = 0; r < data->rows; ++r) {
    const float* x = data->inputs.data() + static_cast<size_t>(r) * inputs;
    const float* y = model.network().forward(x);
    uint32_t best = 0;
    for (uint32_t k = 0; k < outputs; ++k) {
      if (k > 0) out += ',';
      out += format_float(y[k]);
      if (y[k] > y[best]) best = k;
    }
    if (a.labels) out += ',' + csv_field(model.class_names[best]);
    out += '\n';
    if (out.size() > (1u << 16)) {
      const Outcome written = write_stdout(out);
      if (!written.ok()) return report_error(written.error());
      out.clear();
    }
  }
  const Outcome written = write_stdout(out);
  if (!written.ok()) return report_error(written.error());
  return kExitOk;
}

}  // namespace

Command add_predict(CLI::App& parent) {
  auto args = std::make_shared<PredictArgs>();
  CLI::App* app = parent.add_subcommand(
      "predict", "Print the model's outputs for every row of a CSV file, one CSV line per row");
  app->add_option("MODEL", args->model, "Model file (JSON or binary blob)")->type_name("")->required();
  app->add_option("DATA", args->data,
                  "CSV file whose first columns are the model's inputs; further (target) columns are ignored")
      ->type_name("")
      ->required();
  app->add_flag("--labels", args->labels, "Append the predicted class name (class models only)");
  app->footer(
      "Outputs are printed with up to 9 significant digits, enough to read back the exact float.\n"
      "With --labels, a class name holding a comma or quote is quoted as in CSV.\n\n"
      "Examples:\n"
      "  dff predict seed.json examples/seed.csv\n"
      "  dff predict iris.json examples/iris.csv --labels");
  return Command{app, [args] { return run_predict(*args); }};
}

}  // namespace dff::cli
