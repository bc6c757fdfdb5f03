#include "core/host/data/normalization.h"

#include <stddef.h>
#include <stdio.h>

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

namespace {

// The largest and the smallest column scale (max |x|) of the non-zero columns, by column
// (the first column on a tie), and the signed input of the largest magnitude.
struct Scales {
  size_t largest = 0;
  size_t smallest = 0;
  float largest_scale = 0.0f;
  float smallest_scale = 0.0f;
  float extreme = 0.0f;
  bool not_a_number = false;  // an input is NaN (never within any range)
};

Scales column_scales(const Dataset& data) {
  const size_t width = data.input_width;
  const size_t rows = data.rows;
  Scales s;
  if (data.inputs.size() < rows * width) return s;
  for (size_t c = 0; c < width; ++c) {
    float scale = 0.0f;
    float extreme = 0.0f;
    for (size_t r = 0; r < rows; ++r) {
      const float x = data.inputs[r * width + c];
      if (std::isnan(x)) s.not_a_number = true;
      if (std::fabs(x) > scale) {
        scale = std::fabs(x);
        extreme = x;
      }
    }
    if (scale == 0.0f) continue;
    if (s.largest_scale == 0.0f || scale > s.largest_scale) {
      s.largest = c;
      s.largest_scale = scale;
      s.extreme = extreme;
    }
    if (s.smallest_scale == 0.0f || scale < s.smallest_scale) {
      s.smallest = c;
      s.smallest_scale = scale;
    }
  }
  return s;
}

std::string column_name(const Dataset& data, size_t c) {
  if (c < data.input_names.size() && !data.input_names[c].empty()) return "'" + data.input_names[c] + "'";
  return "column " + std::to_string(c + 1);
}

std::string short_number(float v) {
  char text[32];
  snprintf(text, sizeof text, "%.4g", static_cast<double>(v));
  return text;
}

bool differ_widely(const Scales& s) {
  return s.smallest_scale > 0.0f && static_cast<double>(s.largest_scale) > 10.0 * static_cast<double>(s.smallest_scale);
}

}  // namespace

bool scales_differ_widely(const Dataset& data) { return differ_widely(column_scales(data)); }

std::string normalization_reason(const Dataset& data) {
  const Scales s = column_scales(data);
  if (differ_widely(s)) {
    return "input scales differ widely: " + column_name(data, s.largest) + " reaches " + short_number(s.largest_scale) +
           ", " + column_name(data, s.smallest) + " only " + short_number(s.smallest_scale);
  }
  if (s.largest_scale > 1.0f) return column_name(data, s.largest) + " reaches " + short_number(s.extreme) + ", outside -1..1";
  if (s.not_a_number) return "an input is not a number";
  return "";
}

}  // namespace dff
