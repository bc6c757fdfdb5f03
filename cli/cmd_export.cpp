// dff export MODEL --format FORMAT -o FILE: a C header, int8 C header, MicroPython
// module (float or int8), binary blob or JSON model, written by dff::export_model().
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/host/export/exporters.h"
#include "core/host/file_io.h"
#include "core/host/quantize/int8_comparison.h"

namespace dff::cli {
namespace {

struct ExportArgs {
  std::string model;
  std::string format;
  std::string output;
  std::string name;
  std::string calibrate;
  CLI::Option* name_opt = nullptr;
  CLI::Option* calibrate_opt = nullptr;
};

// "out/iris_model.h" -> "iris_model": the default identifier prefix.
std::string file_stem(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base.empty() ? std::string("model") : base;
}

std::string calibration_report(const Int8Comparison& c) {
  std::string s = "int8 calibration on " + std::to_string(c.samples) + " rows: ";
  if (c.has_accuracy()) {
    char points[32];
    snprintf(points, sizeof points, "%+.1f", (c.int8_accuracy() - c.float_accuracy()) * 100.0);
    s += "float accuracy " + format_percent(c.float_accuracy()) + ", int8 accuracy " + format_percent(c.int8_accuracy()) +
         " (" + points + " points), ";
  } else {
    s += "no accuracy (the targets are neither classes nor 0/1), ";
  }
  return s + "max output difference " + format_float(c.max_abs_difference) + "\n";
}

int run_export(const ExportArgs& a) {
  if (a.calibrate_opt->count() > 0 && !export_needs_calibration(a.format))
    return report_usage_error("--calibrate works with the int8 formats (" + calibrated_export_formats() + ") only");
  if (a.calibrate_opt->count() == 0 && export_needs_calibration(a.format))
    return report_usage_error("--format " + a.format +
                              " needs --calibrate DATA.csv: the rows the model was trained on fit its int8 scales");
  const bool named = a.name_opt->count() > 0;
  ExportOptions options;
  options.name = named ? a.name : file_stem(a.output);
  const Result<ExportName> checked = export_name(options.name, a.format);
  if (!checked.ok())
    return report_usage_error((named ? "--name: " : "the name comes from the output file name (choose it with --name): ") +
                              checked.error());
  const Outcome writable = check_writable(a.output);
  if (!writable.ok()) return report_error(writable.error());
  Result<DFF> loaded = load_model_file(a.model);
  if (!loaded.ok()) return report_error(loaded.error());
  const DFF& model = loaded.value();

  std::string report;
  Result<Dataset> data = Error{""};
  if (a.calibrate_opt->count() > 0) {
    data = load_data_for_model(a.calibrate, model, true);
    if (!data.ok()) return report_error(data.error());
    const Result<Int8Blob> int8 = Int8Blob::quantize(model, data.value());
    if (!int8.ok()) return report_error(a.calibrate + ": " + int8.error());
    const Result<Int8Comparison> c = compare_int8(model, int8.value(), data.value());
    if (!c.ok()) return report_error(a.calibrate + ": " + c.error());
    report = calibration_report(c.value());
  }

  if (data.ok()) options.calibration = &data.value();
  const Result<ExportedFile> file = export_model(model, a.format, options);
  if (!file.ok()) return report_error(a.model + ": " + file.error());
  const Outcome written = write_file_atomic(a.output, file->bytes);
  if (!written.ok()) return report_error(written.error());

  const Outcome out = write_stdout(report + "wrote " + a.output + " (" + a.format + ", " +
                                   std::to_string(file->bytes.size()) + " bytes)\n");
  if (!out.ok()) return report_error(out.error());
  return kExitOk;
}

}  // namespace

Command add_export(CLI::App& parent) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* app = parent.add_subcommand("export", "Write a model as a C header, int8 C header, MicroPython module "
                                                  "(float or int8), binary blob or JSON model");
  app->add_option("MODEL", args->model, "Model file (JSON or binary blob)")->type_name("")->required();
  std::string format_help;
  for (const std::string& f : export_formats()) format_help += (format_help.empty() ? "" : " | ") + f;
  app->add_option("-f,--format", args->format, format_help)
      ->required()
      ->check(CLI::IsMember(export_formats()).description(""))
      ->type_name("FORMAT");
  app->add_option("-o,--output", args->output, "File to write; replaced only when the export succeeds")
      ->type_name("FILE")
      ->required();
  args->name_opt = app->add_option("--name", args->name,
                                   "Name in the generated code, made a valid C prefix or Python module name "
                                   "(micropython refuses keywords and module names: main, boot, os, array, ...; "
                                   "default: the output file name without extension)")
                      ->type_name("IDENT");
  args->calibrate_opt = app->add_option("--calibrate", args->calibrate,
                                        calibrated_export_formats() + " (required): the rows the model was trained on; they "
                                        "fit the int8 scales, and float vs int8 accuracy on them is printed")
                           ->type_name("DATA.csv");
  app->footer(
      "Examples:\n"
      "  dff export iris.json --format c -o iris_model.h          # iris_model_predict(), iris_model_classify()\n"
      "  dff export iris.json --format c-int8 -o iris_q.h --calibrate examples/iris.csv\n"
      "  dff export seed.json --format micropython -o seed_net.py  # import seed_net on the board\n"
      "  dff export iris.json --format micropython-int8 -o iris_q.py --calibrate examples/iris.csv\n"
      "  dff export seed.json --format blob -o seed.bin --name seed\n"
      "  dff export iris.json --format blob-int8 -o iris_q.bin --calibrate examples/iris.csv");
  return Command{app, [args] { return run_export(*args); }};
}

}  // namespace dff::cli
