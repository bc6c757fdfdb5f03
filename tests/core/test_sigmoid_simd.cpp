#include "core/sigmoid_simd.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#if DFF_SIMD
namespace {

// Largest difference from libm's sigmoid, in units of the float spacing at the result.
template <typename V>
double worst_ulps(float from, float to, float step) {
  double worst = 0.0;
  std::vector<float> values;
  for (float x = from; x <= to; x += step) values.push_back(x);
  std::vector<float> out = values;
  dff::simd::sigmoid_vector<V>(out.data(), static_cast<uint32_t>(out.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    const float want = dff::sigmoid(values[i]);
    const double ulp = std::nextafter(want, 2.0f) - want;
    worst = std::max(worst, std::fabs(static_cast<double>(out[i]) - want) / ulp);
  }
  return worst;
}

}  // namespace

TEST_CASE("the vectorised sigmoid is within 3 ulp of libm's on [-20, 20] and 4 ulp on [-80, 80]") {
  // Measured worst cases: the polynomial's error plus the division's rounding; further
  // out, where the result is tiny, the reduction e^x = e^r * 2^k loses one more ulp.
  CHECK(worst_ulps<dff::simd::Vec4>(-20.0f, 20.0f, 0.00137f) <= 3.0);
  CHECK(worst_ulps<dff::simd::Vec8>(-20.0f, 20.0f, 0.00137f) <= 3.0);
  CHECK(worst_ulps<dff::simd::Vec4>(-80.0f, 80.0f, 0.00731f) <= 4.0);
  CHECK(worst_ulps<dff::simd::Vec8>(-80.0f, 80.0f, 0.00731f) <= 4.0);
}

TEST_CASE("the vectorised sigmoid saturates without overflow and keeps NaN") {
  std::vector<float> v = {-1000.0f, -88.0f, 88.0f, 1000.0f, NAN, 0.0f, INFINITY, -INFINITY, 3.0f};
  dff::simd::sigmoid_vector<dff::simd::Vec4>(v.data(), static_cast<uint32_t>(v.size()));
  CHECK(v[0] >= 0.0f);
  CHECK(v[0] < 1e-37f);
  CHECK(v[1] < 1e-37f);
  CHECK(v[2] == 1.0f);
  CHECK(v[3] == 1.0f);
  CHECK(std::isnan(v[4]));
  CHECK(v[5] == 0.5f);
  CHECK(v[6] == 1.0f);
  CHECK(v[7] < 1e-37f);
  CHECK(v[8] == Approx(1.0 / (1.0 + std::exp(-3.0))).epsilon(1e-6));
}

TEST_CASE("every length works, including tails shorter than a vector") {
  for (uint32_t n = 1; n <= 19; ++n) {
    std::vector<float> v(n + 1, 7.0f);  // one guard value after the n inputs
    for (uint32_t i = 0; i < n; ++i) v[i] = 0.25f * static_cast<float>(i) - 2.0f;
    std::vector<float> want(v);
    for (uint32_t i = 0; i < n; ++i) want[i] = dff::sigmoid(v[i]);
    dff::simd::sigmoid_vector<dff::simd::Vec8>(v.data(), n);
    INFO("n = " << n);
    for (uint32_t i = 0; i < n; ++i) CHECK(v[i] == Approx(want[i]).epsilon(1e-6));
    CHECK(v[n] == 7.0f);  // untouched
  }
}
#else
TEST_CASE("without SIMD there is no vectorised sigmoid to test") { SUCCEED("DFF_SIMD is 0 on this target"); }
#endif
