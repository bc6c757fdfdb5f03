// Exporter: model -> "c-int8" file contents. See docs/model-format.md.
#pragma once

#include <string>

#include "core/host/dff.h"
#include "core/host/exporters.h"
#include "core/host/dataset.h"
#include "core/host/result.h"

namespace dff {

// Returns the file contents, or an error naming what cannot be exported.
Result<std::string> export_c_int8(const DFF& model, const ExportOptions& options);

// Float vs int8 comparison of a model on a data set (dff export --calibrate).
struct Int8Calibration {
  uint32_t samples = 0;
  float float_accuracy = -1.0f;  // fraction correct; -1 when the model has no classes
  float int8_accuracy = -1.0f;
  float max_abs_difference = 0.0f;  // largest |float output - int8 output| over all outputs
};
// Runs the float network and the int8 arithmetic of the exported header on every row of `data`.
Result<Int8Calibration> calibrate_int8(const DFF& model, const Dataset& data);

}  // namespace dff
