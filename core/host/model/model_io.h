// Loading a model from a file that holds either the JSON model or the binary
// blob, told apart by content (not by file name).
#pragma once

#include <string>

#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// Parses model bytes (JSON text or blob); `source` names them in errors.
Result<DFF> parse_model(const std::string& bytes, const std::string& source);
// Reads and parses a model file.
Result<DFF> load_model(const std::string& path);

}  // namespace dff
