#include "core/host/export_blob.h"

#include "core/host/blob_model.h"

namespace dff {

Result<std::string> export_blob(const DFF& model, const ExportOptions&) { return model_to_blob(model); }

}  // namespace dff
