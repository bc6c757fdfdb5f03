// Sigmoid of many values at once, for training. expf is computed in vector
// registers: range reduction to e^r * 2^k and the Cephes polynomial; the sigmoid
// is within 3 ulp of libm's on [-20, 20], 4 ulp on [-80, 80] (measured in
// tests/core/test_sigmoid_simd.cpp). libm's scalar expf was a third of the
// mini-batch training time. Inference (predict and every export) keeps libm's
// expf, so exported headers still match the core bit for bit.
#pragma once

#include <stdint.h>
#include <string.h>

#include "core/activation.h"
#include "core/simd.h"

namespace dff {
namespace simd {

#if DFF_SIMD
// One vector of sigmoids, V = Vec4 or Vec8.
template <typename V>
DFF_ALWAYS_INLINE void sigmoid_lanes(V& v) {
  typedef int32_t I __attribute__((vector_size(sizeof(V)), aligned(4)));
  const float shifter = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer in the low mantissa bits
  V x = -v;
  x = x > 87.0f ? V{} + 87.0f : x;
  x = x < -87.0f ? V{} - 87.0f : x;
  const V t = x * 1.44269504088896341f + shifter;
  const V k = t - shifter;
  const V r = (x - k * 0.693359375f) - k * -2.12194440e-4f;
  V p = 1.9875691500e-4f * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const V shifter_v = V{} + shifter;
  I bits, shifter_bits;
  memcpy(&bits, &t, sizeof bits);
  memcpy(&shifter_bits, &shifter_v, sizeof shifter_bits);
  const I scale_bits = ((bits - shifter_bits) + 127) << 23;  // 2^k
  V scale;
  memcpy(&scale, &scale_bits, sizeof scale);
  v = 1.0f / (1.0f + p * scale);
}

// values[i] = sigmoid(values[i]) for i < n, L lanes at a time; a short tail goes
// through one padded vector, so small layers (4 or 2 neurons) are vectorised too.
template <typename V>
DFF_ALWAYS_INLINE void sigmoid_vector(float* values, uint32_t n) {
  constexpr uint32_t L = sizeof(V) / sizeof(float);
  uint32_t i = 0;
  for (; i + L <= n; i += L) {
    V v;
    memcpy(&v, values + i, sizeof v);
    sigmoid_lanes(v);
    memcpy(values + i, &v, sizeof v);
  }
  if (i < n) {
    float tail[L] = {};
    memcpy(tail, values + i, (n - i) * sizeof(float));
    V v;
    memcpy(&v, tail, sizeof v);
    sigmoid_lanes(v);
    memcpy(tail, &v, sizeof v);
    memcpy(values + i, tail, (n - i) * sizeof(float));
  }
}
#endif

}  // namespace simd
}  // namespace dff
