// Inner loops of the forward and backward passes, written so compilers
// vectorise them without -ffast-math (restrict pointers; several partial sums).
// Narrow layers (<= 8 outputs, like the seed's) get fully unrolled versions,
// except in size-optimised builds (-Os) where flash matters more than speed.
#pragma once

#include <stdint.h>

#include "core/config.h"

namespace dff {
namespace kernels {

// y[i] += a * x[i] for i < n.
inline void axpy(float* DFF_RESTRICT y, const float* DFF_RESTRICT x, float a, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) y[i] += a * x[i];
}

// y[i] = y[i] * keep + a * x[i] for i < n (SGD step with weight decay folded in).
inline void scale_axpy(float* DFF_RESTRICT y, const float* DFF_RESTRICT x, float keep, float a, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) y[i] = y[i] * keep + a * x[i];
}

// Sum of x[i] * y[i]; eight partial sums let the compiler use SIMD lanes.
inline float dot(const float* DFF_RESTRICT x, const float* DFF_RESTRICT y, uint32_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (uint32_t k = 0; k < 8; ++k) acc[k] += x[i + k] * y[i + k];
  float sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

template <uint32_t N>
inline void affine_small(const float* DFF_RESTRICT in, const float* DFF_RESTRICT w, const float* DFF_RESTRICT b,
                         float* DFF_RESTRICT out, uint32_t n_in) {
  float acc[N];
  for (uint32_t j = 0; j < N; ++j) acc[j] = b != nullptr ? b[j] : 0.0f;
  for (uint32_t i = 0; i < n_in; ++i)
    for (uint32_t j = 0; j < N; ++j) acc[j] += in[i] * w[i * N + j];
  for (uint32_t j = 0; j < N; ++j) out[j] = acc[j];
}

// out = b + in . W (in: n_in, W: n_in x n_out row-major, b may be null).
inline void affine(const float* DFF_RESTRICT in, const float* DFF_RESTRICT w, const float* DFF_RESTRICT b,
                   float* DFF_RESTRICT out, uint32_t n_in, uint32_t n_out) {
#if !defined(__OPTIMIZE_SIZE__)
  switch (n_out) {
    case 1: return affine_small<1>(in, w, b, out, n_in);
    case 2: return affine_small<2>(in, w, b, out, n_in);
    case 3: return affine_small<3>(in, w, b, out, n_in);
    case 4: return affine_small<4>(in, w, b, out, n_in);
    case 5: return affine_small<5>(in, w, b, out, n_in);
    case 6: return affine_small<6>(in, w, b, out, n_in);
    case 7: return affine_small<7>(in, w, b, out, n_in);
    case 8: return affine_small<8>(in, w, b, out, n_in);
    default: break;
  }
#endif
  for (uint32_t j = 0; j < n_out; ++j) out[j] = b != nullptr ? b[j] : 0.0f;
  for (uint32_t i = 0; i < n_in; ++i) axpy(out, w + i * n_out, in[i], n_out);
}

template <uint32_t N>
inline void rank1_small(float* DFF_RESTRICT w, const float* DFF_RESTRICT in, const float* DFF_RESTRICT delta,
                        float keep, float scale, uint32_t n_in) {
  float d[N];
  for (uint32_t j = 0; j < N; ++j) d[j] = scale * delta[j];
  for (uint32_t i = 0; i < n_in; ++i)
    for (uint32_t j = 0; j < N; ++j) w[i * N + j] = w[i * N + j] * keep + in[i] * d[j];
}

// W[i][j] = W[i][j] * keep + scale * in[i] * delta[j]: a rank-1 update of an n_in x n_out matrix.
inline void rank1_update(float* DFF_RESTRICT w, const float* DFF_RESTRICT in, const float* DFF_RESTRICT delta,
                         float keep, float scale, uint32_t n_in, uint32_t n_out) {
#if !defined(__OPTIMIZE_SIZE__)
  switch (n_out) {
    case 1: return rank1_small<1>(w, in, delta, keep, scale, n_in);
    case 2: return rank1_small<2>(w, in, delta, keep, scale, n_in);
    case 3: return rank1_small<3>(w, in, delta, keep, scale, n_in);
    case 4: return rank1_small<4>(w, in, delta, keep, scale, n_in);
    case 5: return rank1_small<5>(w, in, delta, keep, scale, n_in);
    case 6: return rank1_small<6>(w, in, delta, keep, scale, n_in);
    case 7: return rank1_small<7>(w, in, delta, keep, scale, n_in);
    case 8: return rank1_small<8>(w, in, delta, keep, scale, n_in);
    default: break;
  }
#endif
  if (keep == 1.0f) {
    for (uint32_t i = 0; i < n_in; ++i) axpy(w + i * n_out, delta, scale * in[i], n_out);
  } else {
    for (uint32_t i = 0; i < n_in; ++i) scale_axpy(w + i * n_out, delta, keep, scale * in[i], n_out);
  }
}

template <uint32_t N>
inline void matvec_small(const float* DFF_RESTRICT w, const float* DFF_RESTRICT delta, float* DFF_RESTRICT out,
                         uint32_t n_in) {
  for (uint32_t i = 0; i < n_in; ++i) {
    float s = 0.0f;
    for (uint32_t j = 0; j < N; ++j) s += w[i * N + j] * delta[j];
    out[i] = s;
  }
}

// out[i] = sum_j W[i][j] * delta[j] (W: n_in x n_out): back-propagates a delta through W.
inline void matvec(const float* DFF_RESTRICT w, const float* DFF_RESTRICT delta, float* DFF_RESTRICT out,
                   uint32_t n_in, uint32_t n_out) {
#if !defined(__OPTIMIZE_SIZE__)
  switch (n_out) {
    case 1: return matvec_small<1>(w, delta, out, n_in);
    case 2: return matvec_small<2>(w, delta, out, n_in);
    case 3: return matvec_small<3>(w, delta, out, n_in);
    case 4: return matvec_small<4>(w, delta, out, n_in);
    default: break;
  }
#endif
  for (uint32_t i = 0; i < n_in; ++i) out[i] = dot(w + i * n_out, delta, n_out);
}

}  // namespace kernels
}  // namespace dff
