#include "core/host/export_blob.h"

namespace dff {

Result<std::string> export_blob(const DFF&, const ExportOptions&) { return Error{"export format 'blob' is not implemented yet"}; }

}  // namespace dff
