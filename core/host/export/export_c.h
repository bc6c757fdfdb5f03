// Exporter: model -> one self-contained C99 / C++11 header with a float32
// forward pass (dff export --format c). Layout, API and guarantees: docs/c-header.md.
#pragma once

#include <string>

#include "core/host/model/dff.h"
#include "core/host/export/exporters.h"
#include "core/host/result.h"

namespace dff {

// Returns the header (same bytes for the same model and name on every platform) and the
// flash and RAM it states, or an error naming what cannot be exported (the name, a NaN/Inf
// weight, a zero std, ...).
Result<ExportedFile> export_c(const DFF& model, const ExportOptions& options);

}  // namespace dff
