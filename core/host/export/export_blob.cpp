#include "core/host/export/export_blob.h"

#include "core/host/model/blob_model.h"

namespace dff {

Result<ExportedFile> export_blob(const DFF& model, const ExportOptions&) {
  Result<std::string> blob = model_to_blob(model);
  if (!blob.ok()) return Error{blob.error()};
  return ExportedFile{std::move(blob).value(), std::nullopt};
}

}  // namespace dff
