// Whole-file reads and crash-safe writes (temp file in the same folder, then rename).
#pragma once

#include <string>

#include "core/host/result.h"

namespace dff {

// Reads a whole file; the error names the path and the system's reason.
Result<std::string> read_file(const std::string& path);
// Writes `contents` to a temporary file next to `path`, flushes it, then renames it
// over `path`. On any failure `path` is untouched and no temporary file is left.
Outcome write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace dff
