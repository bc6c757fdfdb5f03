// Exporter: an int8 network (core/host/quantize) -> one self-contained C99 / C++11 header
// with a full-integer forward pass (dff export --format c-int8 --calibrate DATA.csv). The
// header computes exactly what the core's int8 functions (core/int8_network.h) compute,
// bit for bit, on every target; layout and API: docs/c-header.md ("int8 header").
#pragma once

#include <stdint.h>

#include <string>

#include "core/host/export/exporters.h"
#include "core/host/model/dff.h"
#include "core/host/quantize/int8_quantizer.h"
#include "core/host/result.h"

namespace dff {

// Version of the int8 header's layout and API (P_FORMAT_VERSION): 2 since activations are int8.
constexpr uint32_t kCHeaderInt8FormatVersion = 2;

// Returns the header for `model` quantised as `params` (from quantize_int8 on the same model)
// and the flash and RAM it states; the same bytes for the same inputs on every platform.
// Fails like export_c() (the name, a NaN/Inf weight, ...). export_model("c-int8") quantises
// with ExportOptions::calibration and calls this.
Result<ExportedFile> export_c_int8(const DFF& model, const Int8Params& params, const ExportOptions& options);

}  // namespace dff
