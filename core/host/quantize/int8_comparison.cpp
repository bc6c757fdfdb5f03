#include "core/host/quantize/int8_comparison.h"

#include <math.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dff {

Result<Int8Comparison> compare_int8(const DFF& model, const Int8Blob& int8, const Dataset& given) {
  const Topology& t = model.topology();
  Dataset mapped;
  const Result<const Dataset*> checked = data_for_model(model, given, &mapped);
  if (!checked.ok()) return checked.error_details();
  const Dataset* data = checked.value();
  const uint32_t n = t.outputs();
  std::vector<float> float_out(static_cast<size_t>(data->rows) * n), int8_out(float_out.size());
  Int8Comparison c;
  for (uint32_t r = 0; r < data->rows; ++r) {
    const float* x = data->inputs.data() + static_cast<size_t>(r) * data->input_width;
    const float* fy = model.network().forward(x);
    const std::vector<float> qy = int8.predict(x);
    std::copy(fy, fy + n, float_out.begin() + static_cast<std::ptrdiff_t>(r) * n);
    std::copy(qy.begin(), qy.end(), int8_out.begin() + static_cast<std::ptrdiff_t>(r) * n);
    for (uint32_t k = 0; k < n; ++k) c.max_abs_difference = fmaxf(c.max_abs_difference, fabsf(fy[k] - qy[k]));
  }
  const Evaluation f = score_outputs(float_out.data(), *data, model.class_names, model.output_names);
  c.samples = data->rows;
  c.rule = f.rule;
  c.float_correct = f.correct;
  if (c.rule == AccuracyRule::kArgmax) {
    // int8 picks its class as the board and the C header do (int8_classify: the largest
    // logit), which can differ from the largest dequantised probability on a tie; that
    // choice is scored as a one-hot row by the same rule.
    std::fill(int8_out.begin(), int8_out.end(), 0.0f);
    for (uint32_t r = 0; r < data->rows; ++r)
      int8_out[static_cast<size_t>(r) * n +
               int8.classify(data->inputs.data() + static_cast<size_t>(r) * data->input_width)] = 1.0f;
  }
  const Evaluation q = score_outputs(int8_out.data(), *data, model.class_names, model.output_names);
  c.int8_correct = q.correct;
  if (c.rule == AccuracyRule::kArgmax)
    for (uint32_t r = 0; r < data->rows; ++r) c.class_disagreements += f.predicted[r] != q.predicted[r] ? 1u : 0u;
  return c;
}

}  // namespace dff
