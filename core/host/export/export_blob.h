// Exporter: model -> "blob" file contents. See docs/model-format.md.
#pragma once

#include <string>

#include "core/host/model/dff.h"
#include "core/host/export/exporters.h"
#include "core/host/result.h"

namespace dff {

// Returns the blob (model_to_blob()), or an error naming what cannot be exported.
Result<ExportedFile> export_blob(const DFF& model, const ExportOptions& options);

}  // namespace dff
