#include "core/host/export/exporters.h"

#include "core/host/export/export_arduino.h"
#include "core/host/export/export_blob.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/export_micropython.h"
#include "core/host/export/export_micropython_int8.h"
#include "core/host/export/identifier.h"
#include "core/host/model/model_json.h"
#include "core/host/quantize/int8_blob.h"
#include "core/host/quantize/int8_quantizer.h"

namespace dff {
namespace {

using Exporter = Result<ExportedFile> (*)(const DFF&, const ExportOptions&);

Result<ExportedFile> export_json(const DFF& model, const ExportOptions&) {
  return ExportedFile{model_to_json(model), std::nullopt};
}

// What else a format's identifier names, beyond C identifiers.
enum class Naming { kC, kPythonModule, kArduinoLibrary };

// The int8 formats quantise with the options' calibration rows.
Result<Int8Params> calibrated(const DFF& model, const ExportOptions& options, const char* format) {
  if (options.calibration == nullptr)
    return Error{std::string(format) +
                 " needs calibration data, the rows the model was trained on, to fit its int8 scales "
                 "(dff export: --calibrate DATA.csv)"};
  return quantize_int8(model, *options.calibration);
}

Result<ExportedFile> export_c_int8_calibrated(const DFF& model, const ExportOptions& options) {
  Result<Int8Params> params = calibrated(model, options, "c-int8");
  if (!params.ok()) return Error{params.error()};
  return export_c_int8(model, params.value(), options);
}

Result<ExportedFile> export_micropython_int8_calibrated(const DFF& model, const ExportOptions& options) {
  Result<Int8Params> params = calibrated(model, options, "micropython-int8");
  if (!params.ok()) return Error{params.error()};
  return export_micropython_int8(model, params.value(), options);
}

Result<ExportedFile> export_blob_int8(const DFF& model, const ExportOptions& options) {
  Result<Int8Params> params = calibrated(model, options, "blob-int8");
  if (!params.ok()) return Error{params.error()};
  Result<std::string> blob = model_to_int8_blob(model, params.value());
  if (!blob.ok()) return Error{blob.error()};
  return ExportedFile{std::move(blob).value(), std::nullopt};
}

// Every format: its name, what its identifier must also be, the file name suffix, whether it
// needs calibration rows (the int8 formats), the exporter.
struct Format {
  const char* name;
  Naming naming;
  const char* suffix;
  bool calibrated;
  Exporter write;
};
constexpr Format kFormats[] = {
    {"c", Naming::kC, ".h", false, export_c},
    {"c-int8", Naming::kC, "_int8.h", true, export_c_int8_calibrated},
    {"micropython", Naming::kPythonModule, ".py", false, export_micropython},
    {"micropython-int8", Naming::kPythonModule, ".py", true, export_micropython_int8_calibrated},
    {"blob", Naming::kC, ".bin", false, export_blob},
    {"blob-int8", Naming::kC, "_int8.bin", true, export_blob_int8},
    {"json", Naming::kC, ".json", false, export_json},
    {"arduino", Naming::kArduinoLibrary, ".zip", false, export_arduino},
};

// "a, b or c" of the formats for which `pick` holds.
template <class Pick>
std::string format_list(Pick pick) {
  std::vector<const char*> names;
  for (const Format& f : kFormats)
    if (pick(f)) names.push_back(f.name);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += std::string(i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ")) + names[i];
  return out;
}

const Format* find_format(const std::string& name) {
  for (const Format& f : kFormats)
    if (name == f.name) return &f;
  return nullptr;
}

Error unknown_format(const std::string& format) {
  return Error{"unknown export format '" + format + "' (expected " + format_list([](const Format&) { return true; }) + ")"};
}

}  // namespace

const std::vector<std::string>& export_formats() {
  static const std::vector<std::string> formats = [] {
    std::vector<std::string> names;
    for (const Format& f : kFormats) names.push_back(f.name);
    return names;
  }();
  return formats;
}

bool export_needs_calibration(const std::string& format) {
  const Format* f = find_format(format);
  return f != nullptr && f->calibrated;
}

std::string calibrated_export_formats() {
  return format_list([](const Format& f) { return f.calibrated; });
}

Result<ExportName> export_name(const std::string& name, const std::string& format) {
  const Format* f = find_format(format);
  if (f == nullptr) return unknown_format(format);
  ExportName out;
  out.identifier = identifier_from(name);
  if (out.identifier.empty())
    return Error{std::string("the name has no ASCII letter or digit to make a ") +
                 (f->naming == Naming::kPythonModule ? "Python module name" : "C identifier") + " from; use e.g. 'model'"};
  if (f->naming == Naming::kPythonModule) {
    const Outcome module = check_python_module_name(out.identifier);
    if (!module.ok()) return Error{module.error()};
  }
  if (f->naming == Naming::kArduinoLibrary) {
    const Outcome library = check_arduino_name(out.identifier);
    if (!library.ok()) return Error{library.error()};
  }
  out.file_name = out.identifier + f->suffix;
  return out;
}

Result<ExportedFile> export_model(const DFF& model, const std::string& format, const ExportOptions& options) {
  const Format* f = find_format(format);
  if (f == nullptr) return unknown_format(format);
  const Result<ExportName> named = export_name(options.name, format);
  if (!named.ok()) return Error{named.error()};
  return f->write(model, options);
}

}  // namespace dff
