#include "core/host/export_micropython.h"

namespace dff {

Result<std::string> export_micropython(const DFF&, const ExportOptions&) { return Error{"export format 'micropython' is not implemented yet"}; }

}  // namespace dff
