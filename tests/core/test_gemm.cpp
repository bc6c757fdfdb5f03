#include "core/gemm.h"

#include <catch2/catch.hpp>
#include <vector>

#include "core/prng.h"

using dff::gemm::Start;
using dff::gemm::StridedA;

namespace {

// Naive reference in double: start + A . B with A read through its strides.
std::vector<double> reference(const StridedA& A, const std::vector<float>& b, uint32_t ldb, const std::vector<float>& c0,
                              uint32_t ldc, uint32_t m, uint32_t n, uint32_t k, Start start, const float* bias) {
  std::vector<double> c(c0.begin(), c0.end());
  for (uint32_t r = 0; r < m; ++r)
    for (uint32_t j = 0; j < n; ++j) {
      double s = start == Start::kAccumulate ? c0[r * ldc + j] : (start == Start::kBias ? bias[j] : 0.0);
      for (uint32_t kk = 0; kk < k; ++kk) s += static_cast<double>(A.a[r * A.row_stride + kk * A.k_stride]) * b[kk * ldb + j];
      c[r * ldc + j] = s;
    }
  return c;
}

template <typename V>
void check_shapes() {
  dff::Pcg32 rng(7);
  auto fill = [&](std::vector<float>& v) {
    for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  };
  for (uint32_t m : {1u, 2u, 3u, 4u, 5u, 7u, 32u})
    for (uint32_t n : {1u, 3u, 4u, 8u, 10u, 16u, 17u, 33u})
      for (uint32_t k : {1u, 5u, 64u})
        for (Start start : {Start::kZero, Start::kBias, Start::kAccumulate})
          for (bool transposed : {false, true}) {
            // ldb and ldc wider than n: the kernel must stay inside its columns.
            const uint32_t ldb = n + 2, ldc = n + 3;
            std::vector<float> a(m * k), b(k * ldb), bias(n), c(m * ldc);
            fill(a);
            fill(b);
            fill(bias);
            fill(c);
            const StridedA A = transposed ? StridedA{a.data(), 1, m} : StridedA{a.data(), k, 1};
            const std::vector<double> want = reference(A, b, ldb, c, ldc, m, n, k, start, bias.data());
            dff::gemm::multiply<V>(A, b.data(), ldb, c.data(), ldc, m, n, k, start, bias.data());
            for (uint32_t i = 0; i < c.size(); ++i) {
              INFO("m=" << m << " n=" << n << " k=" << k << " start=" << static_cast<int>(start)
                        << " transposed=" << transposed << " index=" << i);
              // Padding columns (j >= n) are untouched, so they equal the reference exactly.
              REQUIRE(c[i] == Approx(want[i]).margin(1e-5));
            }
          }
}

}  // namespace

#if DFF_SIMD
TEST_CASE("multiply with 4-wide vectors equals the naive product on every shape") { check_shapes<dff::gemm::Vec4>(); }
TEST_CASE("multiply with 8-wide vectors equals the naive product on every shape") { check_shapes<dff::gemm::Vec8>(); }
#endif
TEST_CASE("multiply without vectors equals the naive product on every shape") { check_shapes<float>(); }

TEST_CASE("multiply writes the hand-computed 2x2 product") {
  const float a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8}, bias[2] = {10, 20};
  float c[4] = {};
  dff::gemm::multiply<float>({a, 2, 1}, b, 2, c, 2, 2, 2, 2, Start::kBias, bias);
  CHECK(c[0] == 29.0f);  // 10 + 1*5 + 2*7
  CHECK(c[1] == 42.0f);  // 20 + 1*6 + 2*8
  CHECK(c[2] == 53.0f);  // 10 + 3*5 + 4*7
  CHECK(c[3] == 70.0f);  // 20 + 3*6 + 4*8
}
