#include "core/host/data/normalization.h"

#include <stddef.h>

#include <cfloat>
#include <cmath>

namespace dff {

Normalization fit_normalization(const Dataset& data) {
  const size_t width = data.input_width;
  const size_t rows = data.rows;
  Normalization n;
  n.mean.assign(width, 0.0f);
  n.stddev.assign(width, 1.0f);
  if (rows == 0 || data.inputs.size() < rows * width) return n;
  for (size_t c = 0; c < width; ++c) {
    double sum = 0.0;
    for (size_t r = 0; r < rows; ++r) sum += static_cast<double>(data.inputs[r * width + c]);
    const double mean = sum / static_cast<double>(rows);
    double squares = 0.0;  // second pass: no cancellation for large offsets
    for (size_t r = 0; r < rows; ++r) {
      const double d = static_cast<double>(data.inputs[r * width + c]) - mean;
      squares += d * d;
    }
    const double stddev = std::sqrt(squares / static_cast<double>(rows));
    n.mean[c] = static_cast<float>(mean);
    n.stddev[c] = stddev >= static_cast<double>(FLT_MIN) ? static_cast<float>(stddev) : 1.0f;
  }
  return n;
}

bool scales_differ_widely(const Dataset& data) {
  const size_t width = data.input_width;
  const size_t rows = data.rows;
  if (data.inputs.size() < rows * width) return false;
  float smallest = 0.0f;
  float largest = 0.0f;
  for (size_t c = 0; c < width; ++c) {
    float scale = 0.0f;
    for (size_t r = 0; r < rows; ++r) scale = std::fmax(scale, std::fabs(data.inputs[r * width + c]));
    if (scale == 0.0f) continue;
    if (largest == 0.0f || scale > largest) largest = scale;
    if (smallest == 0.0f || scale < smallest) smallest = scale;
  }
  return smallest > 0.0f && static_cast<double>(largest) > 10.0 * static_cast<double>(smallest);
}

}  // namespace dff
