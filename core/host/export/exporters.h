// One entry point for every export format, shared by the CLI and the WASM build
// so that both produce byte-identical files, and the one rule that turns the name a
// person gives an export into the identifier and file name it uses.
#pragma once

#include <stdint.h>

#include <optional>
#include <string>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

struct ExportOptions {
  std::string name = "model";  // what the person called the model; export_name() makes the identifier
  // The int8 formats ("c-int8", "micropython-int8", "blob-int8") fit their scales to these rows (normally the
  // training data; not owned; may be null for the other formats).
  const Dataset* calibration = nullptr;
};

// What a generated C header needs on the board, as the header states it.
struct Footprint {
  uint32_t flash_bytes = 0;  // the constant numbers: weights, scales, biases, normalisation (P_WEIGHTS_BYTES)
  uint32_t ram_bytes = 0;    // stack arrays of one call of P_predict() or P_classify() (P_RAM_BYTES)
};

// An exported file: its bytes and, for the C headers ("c", "c-int8"), the footprint they state.
struct ExportedFile {
  std::string bytes;
  std::optional<Footprint> footprint;
};

// Formats: "c", "c-int8", "micropython", "micropython-int8", "blob", "blob-int8", "json", "arduino" (a .zip).
const std::vector<std::string>& export_formats();
// True for the int8 formats, which need ExportOptions::calibration; false for the others and unknown names.
bool export_needs_calibration(const std::string& format);
// Those formats as text for messages: "c-int8, micropython-int8 or blob-int8".
std::string calibrated_export_formats();

// What an export calls itself, from the name a person gave it.
struct ExportName {
  std::string identifier;  // C prefix of every generated name ("c", "c-int8"), Python module name
                           // ("micropython", "micropython-int8"), library and class name ("arduino"); for
                           // "blob" and "json" only the file name uses it
  std::string file_name;   // the file to suggest: identifier + ".h", "_int8.h", ".py", ".bin", "_int8.bin", ".json" or ".zip"
};
// The identifier and file name `format` uses for `name` (identifier_from() in identifier.h, and
// for the Python modules check_python_module_name(), for "arduino" check_arduino_name()). Fails, with a message for the person who typed
// the name, when nothing usable remains or the Python module name would break the board or an import.
Result<ExportName> export_name(const std::string& name, const std::string& format);

// Produces the file for `format` (binary for "blob"); fails like export_name() on the name, or
// with the reason the model cannot be exported.
Result<ExportedFile> export_model(const DFF& model, const std::string& format, const ExportOptions& options);

}  // namespace dff
