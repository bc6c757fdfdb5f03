// Exporter: model -> one self-contained C99 / C++11 header with a float32
// forward pass (dff export --format c). Layout, API and guarantees: docs/c-header.md.
#pragma once

#include <string>

#include "core/host/model/dff.h"
#include "core/host/export/exporters.h"
#include "core/host/result.h"

namespace dff {

// Returns the header text (same bytes for the same model and name on every platform),
// or an error naming what cannot be exported (a NaN/Inf weight, a zero std, ...).
Result<std::string> export_c(const DFF& model, const ExportOptions& options);

}  // namespace dff
