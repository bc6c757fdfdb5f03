// One entry point for every export format, shared by the CLI and the WASM build
// so that both produce byte-identical files.
#pragma once

#include <string>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

struct ExportOptions {
  std::string name = "model";  // identifier prefix (sanitised into a valid C / Python name)
  // The int8 formats ("c-int8", "blob-int8") fit their scales to these rows (normally the
  // training data; not owned, may be null for the other formats).
  const Dataset* calibration = nullptr;
};

// Formats: "c", "c-int8", "micropython", "blob", "blob-int8", "json".
const std::vector<std::string>& export_formats();
// Produces the file contents for `format` (binary for "blob").
Result<std::string> export_model(const DFF& model, const std::string& format, const ExportOptions& options);

}  // namespace dff
