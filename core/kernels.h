// Inner loops of the forward and backward passes, written so compilers
// vectorise them without -ffast-math (restrict pointers; several partial sums).
// Narrow layers (<= 8 outputs, like the seed's) get fully unrolled versions,
// except in size-optimised builds (-Os) where flash matters more than speed.
#pragma once

#include <stdint.h>

#include <string.h>

#include "core/config.h"
#include "core/simd.h"

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

#if DFF_SIMD
// Columns [j, j + 4 * NV) of affine(): the accumulators stay in vector registers for
// the whole pass over the inputs (an axpy per input would load and store them each time).
template <uint32_t NV>
inline void affine_columns(const float* DFF_RESTRICT in, const float* DFF_RESTRICT w, const float* DFF_RESTRICT b,
                           float* DFF_RESTRICT out, uint32_t n_in, uint32_t n_out, uint32_t j) {
  simd::Vec4 acc[NV];
  for (uint32_t v = 0; v < NV; ++v) {
    if (b != nullptr) memcpy(&acc[v], b + j + 4 * v, sizeof acc[v]);
    else acc[v] = simd::Vec4{};
  }
  const float* wp = w + j;
  for (uint32_t i = 0; i < n_in; ++i, wp += n_out) {
    const float x = in[i];
    for (uint32_t v = 0; v < NV; ++v) {
      simd::Vec4 wv;
      memcpy(&wv, wp + 4 * v, sizeof wv);
      acc[v] += x * wv;
    }
  }
  for (uint32_t v = 0; v < NV; ++v) memcpy(out + j + 4 * v, &acc[v], sizeof acc[v]);
}

inline void affine_wide(const float* DFF_RESTRICT in, const float* DFF_RESTRICT w, const float* DFF_RESTRICT b,
                        float* DFF_RESTRICT out, uint32_t n_in, uint32_t n_out) {
  uint32_t j = 0;
  for (; j + 16 <= n_out; j += 16) affine_columns<4>(in, w, b, out, n_in, n_out, j);
  for (; j + 4 <= n_out; j += 4) affine_columns<1>(in, w, b, out, n_in, n_out, j);
  for (; j < n_out; ++j) {
    float acc = b != nullptr ? b[j] : 0.0f;
    for (uint32_t i = 0; i < n_in; ++i) acc += in[i] * w[i * n_out + j];
    out[j] = acc;
  }
}

// One row of a rank-1 update for wide layers, 4 columns at a time: compilers' own
// vectorisation leaves rows shorter than its unrolled width (10 outputs) scalar.
template <bool kKeepAll>
DFF_ALWAYS_INLINE void rank1_row(float* DFF_RESTRICT row, const float* DFF_RESTRICT delta, float keep, float a,
                                 uint32_t n) {
  uint32_t j = 0;
  for (; j + 4 <= n; j += 4) {
    simd::Vec4 r, d;
    memcpy(&r, row + j, sizeof r);
    memcpy(&d, delta + j, sizeof d);
    r = kKeepAll ? r + a * d : r * keep + a * d;
    memcpy(row + j, &r, sizeof r);
  }
  for (; j < n; ++j) row[j] = kKeepAll ? row[j] + a * delta[j] : row[j] * keep + a * delta[j];
}

// dot(row, delta, n) as dot() computes it (eight partial sums as two vectors, same order).
DFF_ALWAYS_INLINE float dot_wide(const float* DFF_RESTRICT row, const float* DFF_RESTRICT delta, uint32_t n) {
  simd::Vec4 lo{}, hi{};
  uint32_t j = 0;
  for (; j + 8 <= n; j += 8) {
    simd::Vec4 r0, r1, d0, d1;
    memcpy(&r0, row + j, sizeof r0);
    memcpy(&r1, row + j + 4, sizeof r1);
    memcpy(&d0, delta + j, sizeof d0);
    memcpy(&d1, delta + j + 4, sizeof d1);
    lo += r0 * d0;
    hi += r1 * d1;
  }
  const simd::Vec4 pair = lo + hi;
  float sum = (pair[0] + pair[1]) + (pair[2] + pair[3]);
  for (; j < n; ++j) sum += row[j] * delta[j];
  return sum;
}

inline void rank1_wide(float* DFF_RESTRICT w, const float* DFF_RESTRICT in, const float* DFF_RESTRICT delta,
                       float keep, float scale, uint32_t n_in, uint32_t n_out) {
  if (keep == 1.0f) {
    for (uint32_t i = 0; i < n_in; ++i) rank1_row<true>(w + i * n_out, delta, keep, scale * in[i], n_out);
  } else {
    for (uint32_t i = 0; i < n_in; ++i) rank1_row<false>(w + i * n_out, delta, keep, scale * in[i], n_out);
  }
}
#endif

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
#if DFF_SIMD
  return affine_wide(in, w, b, out, n_in, n_out);
#endif
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
#if DFF_SIMD
  return rank1_wide(w, in, delta, keep, scale, n_in, n_out);
#endif
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

// prev[i] = sum_j W[i][j] * delta[j] (as matvec()), then the rank1_update() of W: one pass
// over W instead of two, for back-propagation with per-sample updates.
inline void backprop_rank1(float* DFF_RESTRICT w, const float* DFF_RESTRICT in, const float* DFF_RESTRICT delta,
                           float* DFF_RESTRICT prev, float keep, float scale, uint32_t n_in, uint32_t n_out) {
#if DFF_SIMD && !defined(__OPTIMIZE_SIZE__)
  if (n_out > 8) {
    for (uint32_t i = 0; i < n_in; ++i) {
      float* row = w + i * n_out;
      prev[i] = dot_wide(row, delta, n_out);
      if (keep == 1.0f) rank1_row<true>(row, delta, keep, scale * in[i], n_out);
      else rank1_row<false>(row, delta, keep, scale * in[i], n_out);
    }
    return;
  }
#endif
  matvec(w, delta, prev, n_in, n_out);
  rank1_update(w, in, delta, keep, scale, n_in, n_out);
}

}  // namespace kernels
}  // namespace dff
