// The int8 model on the host: the int8 blob (format version 2) built from a float model and
// its Int8Params, and an owning wrapper that runs it with the core's int8 functions, the
// very code the firmware, the Arduino image and the page's preview run.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/host/model/dff.h"
#include "core/host/model/matrix.h"
#include "core/host/quantize/int8_quantizer.h"
#include "core/host/result.h"
#include "core/int8_network.h"

namespace dff {

// The model's float blob with its normalisation and float parameters replaced by the int8
// section (version 2, flag int8; header, topology, training settings and class names as in
// the float blob). Deterministic. Fails like model_to_blob().
Result<std::string> model_to_int8_blob(const DFF& model, const Int8Params& params);

// Owns int8 blob bytes and runs them. Copies and moves keep working (the view is rebuilt).
class Int8Blob {
 public:
  // Validates `bytes` (blob_int8_model); the error names `source` and the byte offset.
  static Result<Int8Blob> parse(std::string bytes, const std::string& source);
  // quantize_int8 + model_to_int8_blob + parse.
  static Result<Int8Blob> quantize(const DFF& model, const Dataset& calibration);

  const std::string& bytes() const { return bytes_; }
  const Topology& topology() const { return topology_; }
  // A core handle on bytes(); valid while this object lives unchanged.
  Int8Model model() const;

  // Raw inputs -> int8 inputs (int8_quantize_input).
  std::vector<int8_t> quantize_input(const float* raw) const;
  // int8 inputs -> int8 outputs (int8_run).
  std::vector<int8_t> run(const std::vector<int8_t>& input) const;
  // Raw inputs -> float outputs (int8_predict), one row.
  std::vector<float> predict(const float* raw) const;
  // predict() for each row of `inputs`; fails on a width mismatch.
  Result<Matrix> predict(const Matrix& inputs) const;
  // Raw inputs -> index of the largest output (int8_classify on the quantised input).
  uint16_t classify(const float* raw) const;

 private:
  std::string bytes_;
  Topology topology_{};
  uint32_t section_ = 0;
};

}  // namespace dff
