#include "core/host/quantize/int8_comparison.h"

#include <math.h>

#include <string>
#include <vector>

namespace dff {
namespace {

bool rounded_all(const float* y, const float* target, uint32_t n) {
  for (uint32_t k = 0; k < n; ++k)
    if (roundf(y[k]) != target[k]) return false;
  return true;
}

}  // namespace

Result<Int8Comparison> compare_int8(const DFF& model, const Int8Blob& int8, const Dataset& data) {
  const Topology& t = model.topology();
  if (data.input_width != t.inputs() || data.target_width != t.outputs())
    return Error{"the data has " + std::to_string(data.input_width) + " inputs and " +
                 std::to_string(data.target_width) + " targets, the model " + std::to_string(t.inputs()) +
                 " inputs and " + std::to_string(t.outputs()) + " outputs"};
  if (data.rows == 0) return Error{"the data set has no rows"};
  Int8Comparison c;
  c.samples = data.rows;
  c.rule = accuracy_rule(model, data);
  const uint32_t n = t.outputs();
  std::vector<float> y(n);
  for (uint32_t r = 0; r < data.rows; ++r) {
    const float* x = data.inputs.data() + static_cast<size_t>(r) * data.input_width;
    const float* target = data.targets.data() + static_cast<size_t>(r) * n;
    const float* fy = model.network().forward(x);
    y.assign(fy, fy + n);
    const std::vector<float> qy = int8.predict(x);
    for (uint32_t k = 0; k < n; ++k) c.max_abs_difference = fmaxf(c.max_abs_difference, fabsf(y[k] - qy[k]));
    if (c.rule == AccuracyRule::kArgmax) {
      const uint32_t float_class = model.classify(x);
      const uint32_t int8_class = int8.classify(x);
      c.float_correct += float_class == data.labels[r] ? 1u : 0u;
      c.int8_correct += int8_class == data.labels[r] ? 1u : 0u;
      c.class_disagreements += float_class != int8_class ? 1u : 0u;
    } else if (c.rule == AccuracyRule::kRoundedAll) {
      c.float_correct += rounded_all(y.data(), target, n) ? 1u : 0u;
      c.int8_correct += rounded_all(qy.data(), target, n) ? 1u : 0u;
    }
  }
  return c;
}

}  // namespace dff
