#include "core/host/export_c_int8.h"

namespace dff {

Result<std::string> export_c_int8(const DFF&, const ExportOptions&) { return Error{"export format 'c-int8' is not implemented yet"}; }

Result<Int8Calibration> calibrate_int8(const DFF&, const Dataset&) { return Error{"int8 calibration is not implemented yet"}; }

}  // namespace dff
