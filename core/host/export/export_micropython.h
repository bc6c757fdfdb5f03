// Exporter: model -> one pure-Python module (dff export --format micropython) that
// runs on any MicroPython board (only the built-in array and math modules) and on CPython 3.
//
// The module holds the weights as float32 arrays unpacked from bytes literals and a
// forward pass with the core's arithmetic; its API, for a module saved as NAME.py:
//   NAME.predict(raw_inputs) -> list of OUTPUT_COUNT floats (normalisation applied inside)
//   NAME.classify(raw_inputs) -> class index (largest output, first on a tie); class models only
//   NAME.label(raw_inputs)    -> CLASSES[classify(raw_inputs)]; class models only
//   NAME.selftest()           -> True if predict() reproduces an embedded test vector within 1e-4
//   INPUTS, OUTPUTS, CLASSES (tuples of names), TOPOLOGY, ACTIVATIONS, BIAS, NORMALIZE,
//   WEIGHTS_BYTES, SCRATCH_BYTES, WEIGHTS_CRC32 (same bytes and CRC as the C header's), FORMAT_VERSION.
#pragma once

#include <stdint.h>

#include <string>

#include "core/host/model/dff.h"
#include "core/host/export/exporters.h"
#include "core/host/result.h"

namespace dff {

// Version of the generated module's API and layout (FORMAT_VERSION in the module).
constexpr uint32_t kMicroPythonFormatVersion = 1;

// Returns the module (ASCII except for UTF-8 inside name literals; the same bytes
// for the same model and name on every platform), or an error naming what cannot be
// exported (a name export_name() refuses, a NaN/Inf weight, a zero standard deviation,
// class names not matching the outputs).
Result<ExportedFile> export_micropython(const DFF& model, const ExportOptions& options);

// The names and shape constants both MicroPython modules start with: INPUTS, OUTPUTS, CLASSES,
// INPUT_COUNT, OUTPUT_COUNT, TOPOLOGY, ACTIVATIONS (one line each).
std::string python_shape_constants(const DFF& model);

}  // namespace dff
