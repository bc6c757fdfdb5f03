// One entry point for every export format, shared by the CLI and the WASM build
// so that both produce byte-identical files, and the one rule that turns the name a
// person gives an export into the identifier and file name it uses.
#pragma once

#include <string>
#include <vector>

#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

struct ExportOptions {
  std::string name = "model";  // what the person called the model; export_name() makes the identifier
};

// Formats: "c", "c-int8", "micropython", "blob", "json".
const std::vector<std::string>& export_formats();

// What an export calls itself, from the name a person gave it.
struct ExportName {
  std::string identifier;  // C prefix of every generated name ("c", "c-int8"), Python module name
                           // ("micropython"); for "blob" and "json" only the file name uses it
  std::string file_name;   // the file to suggest: identifier + ".h", "_int8.h", ".py", ".bin" or ".json"
};
// The identifier and file name `format` uses for `name` (identifier_from() in identifier.h, and
// for "micropython" check_python_module_name()). Fails, with a message for the person who typed
// the name, when nothing usable remains or the Python module name would break the board or an import.
Result<ExportName> export_name(const std::string& name, const std::string& format);

// Produces the file contents for `format` (binary for "blob"); fails like export_name() on the name.
Result<std::string> export_model(const DFF& model, const std::string& format, const ExportOptions& options);

}  // namespace dff
