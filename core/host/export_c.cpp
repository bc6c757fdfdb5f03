#include "core/host/export_c.h"

namespace dff {

Result<std::string> export_c(const DFF&, const ExportOptions&) { return Error{"export format 'c' is not implemented yet"}; }

}  // namespace dff
