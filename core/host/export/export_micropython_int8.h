// Exporter: model + int8 parameters -> one pure-integer Python module (dff export --format
// micropython-int8) for MicroPython boards (and CPython 3). It computes the int8 network of
// core/int8_network.h with Python integers: the same int8 outputs as the core, the firmware
// and the c-int8 header for the same inputs, and no float object per weight (MicroPython
// allocates every float), which makes it several times faster than the float module.
//
// API, for a module saved as NAME.py:
//   NAME.predict(raw_inputs)        -> list of OUTPUT_COUNT floats (dequantised int8 outputs)
//   NAME.quantize_input(raw_inputs) -> list of INPUT_COUNT int8 inputs (the core's input step)
//   NAME.predict_int8(int8_inputs)  -> list of OUTPUT_COUNT int8 outputs
//   NAME.classify(raw_inputs), NAME.label(raw_inputs): class models only, as the core's int8_classify
//   NAME.selftest()                 -> True if predict_int8 gives the core's outputs on a stored input
//   INPUTS, OUTPUTS, CLASSES, TOPOLOGY, ACTIVATIONS, INPUT_SCALE, INPUT_ZERO_POINT, OUTPUT_SCALE,
//   OUTPUT_ZERO_POINT, WEIGHTS_BYTES, FORMAT_VERSION, QUANTIZATION ('int8': what the MicroPython
//   library's load() refuses with a clear message, since it trains float models).
#pragma once

#include <stdint.h>

#include "core/host/export/exporters.h"
#include "core/host/model/dff.h"
#include "core/host/quantize/int8_quantizer.h"
#include "core/host/result.h"

namespace dff {

// Version of the generated module's API and layout (FORMAT_VERSION in the module).
constexpr uint32_t kMicroPythonInt8FormatVersion = 1;

// Returns the module for `params` (quantize_int8 of `model`), the same bytes on every
// platform, or an error like export_micropython's.
Result<ExportedFile> export_micropython_int8(const DFF& model, const Int8Params& params, const ExportOptions& options);

}  // namespace dff
