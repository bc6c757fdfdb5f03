#include "core/host/export/export_blob.h"

#include "core/host/model/blob_model.h"

namespace dff {

Result<std::string> export_blob(const DFF& model, const ExportOptions&) { return model_to_blob(model); }

}  // namespace dff
