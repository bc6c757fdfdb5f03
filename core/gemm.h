// Matrix-matrix product for mini-batch training: a block of rows goes through a
// layer at once, so each weight loaded from memory serves several rows.
// Register blocking (4 rows x 2 vectors of accumulators) is spelled out with
// GCC/Clang vector types of the width the caller picks: they lower to
// SSE/AVX/NEON/WASM SIMD, or to scalar code on a CPU without SIMD. Other
// compilers get the plain column loop.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "core/simd.h"

namespace dff {
namespace gemm {

// Where C starts: from zero, from a bias row broadcast to every row, or from C itself.
enum class Start : uint8_t { kZero, kBias, kAccumulate };

// A is read through strides so that the same kernel multiplies by A or by A transposed:
// A(r, k) = a[r * row_stride + k * k_stride].
struct StridedA {
  const float* a;
  uint32_t row_stride;
  uint32_t k_stride;
};

#if DFF_SIMD
using simd::Vec4;
using simd::Vec8;

// Vectors travel by reference: by value they would change the ABI between ISA variants.
template <typename V>
DFF_ALWAYS_INLINE void start_vector(V& v, Start s, const float* c, const float* bias) {
  if (s == Start::kAccumulate) memcpy(&v, c, sizeof v);
  else if (s == Start::kBias) memcpy(&v, bias, sizeof v);
  else v = V{};
}

// C[R rows x NV vectors] at column j.
template <typename V, uint32_t R, uint32_t NV>
DFF_ALWAYS_INLINE void block(const StridedA& A, uint32_t row, const float* DFF_RESTRICT b, uint32_t ldb,
                           float* DFF_RESTRICT c, uint32_t ldc, uint32_t j, uint32_t k, Start start,
                           const float* bias) {
  constexpr uint32_t L = sizeof(V) / sizeof(float);
  V acc[R][NV];
  for (uint32_t r = 0; r < R; ++r)
    for (uint32_t v = 0; v < NV; ++v)
      start_vector(acc[r][v], start, c + (row + r) * ldc + j + L * v, bias != nullptr ? bias + j + L * v : nullptr);
  // Pointers that step through k: 32-bit index arithmetic per element cost a third of the time.
  const float* a[R];
  for (uint32_t r = 0; r < R; ++r) a[r] = A.a + static_cast<size_t>(row + r) * A.row_stride;
  const size_t a_step = A.k_stride;
  const float* bk = b + j;
  for (uint32_t kk = 0; kk < k; ++kk, bk += ldb) {
    V bv[NV];
    for (uint32_t v = 0; v < NV; ++v) memcpy(&bv[v], bk + L * v, sizeof(V));
    for (uint32_t r = 0; r < R; ++r) {
      const float x = *a[r];
      a[r] += a_step;
      for (uint32_t v = 0; v < NV; ++v) acc[r][v] += x * bv[v];
    }
  }
  for (uint32_t r = 0; r < R; ++r)
    for (uint32_t v = 0; v < NV; ++v) memcpy(c + (row + r) * ldc + j + L * v, &acc[r][v], sizeof(V));
}
#endif

// Columns [j, n) of R rows, one column at a time (what is left narrower than a vector).
template <uint32_t R>
DFF_ALWAYS_INLINE void block_tail(const StridedA& A, uint32_t row, const float* DFF_RESTRICT b, uint32_t ldb,
                                float* DFF_RESTRICT c, uint32_t ldc, uint32_t j, uint32_t n, uint32_t k, Start start,
                                const float* bias) {
  for (; j < n; ++j) {
    float acc[R];
    for (uint32_t r = 0; r < R; ++r)
      acc[r] = start == Start::kAccumulate ? c[(row + r) * ldc + j] : (start == Start::kBias ? bias[j] : 0.0f);
    const float* a[R];
    for (uint32_t r = 0; r < R; ++r) a[r] = A.a + static_cast<size_t>(row + r) * A.row_stride;
    const float* bk = b + j;
    for (uint32_t kk = 0; kk < k; ++kk, bk += ldb) {
      const float w = *bk;
      for (uint32_t r = 0; r < R; ++r) {
        acc[r] += *a[r] * w;
        a[r] += A.k_stride;
      }
    }
    for (uint32_t r = 0; r < R; ++r) c[(row + r) * ldc + j] = acc[r];
  }
}

template <typename V, uint32_t R>
DFF_ALWAYS_INLINE void rows(const StridedA& A, uint32_t row, const float* DFF_RESTRICT b, uint32_t ldb,
                          float* DFF_RESTRICT c, uint32_t ldc, uint32_t n, uint32_t k, Start start,
                          const float* bias) {
  uint32_t j = 0;
#if DFF_SIMD
  constexpr uint32_t L = sizeof(V) / sizeof(float);
  for (; j + 2 * L <= n; j += 2 * L) block<V, R, 2>(A, row, b, ldb, c, ldc, j, k, start, bias);
  for (; j + L <= n; j += L) block<V, R, 1>(A, row, b, ldb, c, ldc, j, k, start, bias);
#endif
  block_tail<R>(A, row, b, ldb, c, ldc, j, n, k, start, bias);
}

// C (m x n, row stride ldc) = start + A (m x k, strided) . B (k x n, row stride ldb),
// computed with vectors of type V (Vec4 or Vec8; any type when vectors are off).
// With Start::kBias, `bias` holds n values added to every row.
template <typename V>
DFF_ALWAYS_INLINE void multiply(const StridedA& A, const float* DFF_RESTRICT b, uint32_t ldb, float* DFF_RESTRICT c,
                              uint32_t ldc, uint32_t m, uint32_t n, uint32_t k, Start start, const float* bias) {
  DFF_ASSERT(start != Start::kBias || bias != nullptr);
  uint32_t row = 0;
#if defined(__OPTIMIZE_SIZE__)
  // Size-optimised builds (microcontrollers): one row at a time, a quarter of the code.
  for (; row < m; ++row) rows<V, 1>(A, row, b, ldb, c, ldc, n, k, start, bias);
  return;
#endif
  for (; row + 4 <= m; row += 4) rows<V, 4>(A, row, b, ldb, c, ldc, n, k, start, bias);
  switch (m - row) {
    case 3: rows<V, 3>(A, row, b, ldb, c, ldc, n, k, start, bias); break;
    case 2: rows<V, 2>(A, row, b, ldb, c, ldc, n, k, start, bias); break;
    case 1: rows<V, 1>(A, row, b, ldb, c, ldc, n, k, start, bias); break;
    default: break;
  }
}

}  // namespace gemm
}  // namespace dff
