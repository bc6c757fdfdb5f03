// Requantisation arithmetic: the 32-bit implementation against its 64-bit definition,
// edge values, rounding of halves, saturation.
#include "core/fixed_point.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/prng.h"

using dff::clamp_int8;
using dff::float_times_fixed;
using dff::mul_high16;
using dff::requantize;

namespace {

// The definitions, in 64-bit arithmetic (floor division by a power of two).
int64_t floor_div_pow2(int64_t v, unsigned bits) { return v >> bits; }
int64_t mul_high16_reference(int32_t a, uint16_t m) { return floor_div_pow2(static_cast<int64_t>(a) * m, 16); }
int64_t requantize_reference(int32_t acc, uint16_t m, uint8_t n) {
  return floor_div_pow2(static_cast<int64_t>(acc) * m + (int64_t{1} << (n - 1)), n);
}

const std::vector<int32_t> kEdgeAccumulators = {INT32_MIN, INT32_MIN + 1, -(1 << 30) - 1, -(1 << 30), -65537, -65536,
                                                -65535, -32769, -32768, -2, -1, 0, 1, 2, 32767, 32768, 65535, 65536,
                                                65537, (1 << 30), (1 << 30) + 1, INT32_MAX - 1, INT32_MAX};
const std::vector<uint16_t> kEdgeMultipliers = {0, 1, 2, 255, 256, 16383, 16384, 16385, 23170, 32766, 32767};

}  // namespace

TEST_CASE("mul_high16 is floor(a * m / 2^16) for edge values") {
  for (const int32_t a : kEdgeAccumulators)
    for (const uint16_t m : kEdgeMultipliers) {
      INFO("a=" << a << " m=" << m);
      CHECK(mul_high16(a, m) == mul_high16_reference(a, m));
    }
}

TEST_CASE("requantize equals its 64-bit definition for every shift and edge value") {
  for (uint8_t n = dff::kRequantShiftMin; n <= dff::kRequantShiftMax; ++n)
    for (const int32_t acc : kEdgeAccumulators)
      for (const uint16_t m : {uint16_t{0}, dff::kRequantMultiplierMin, uint16_t{23170}, dff::kRequantMultiplierMax}) {
        INFO("acc=" << acc << " m=" << m << " n=" << int(n));
        CHECK(requantize(acc, m, n) == requantize_reference(acc, m, n));
      }
}

TEST_CASE("requantize equals its 64-bit definition on random values") {
  dff::Pcg32 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const int32_t acc = static_cast<int32_t>(rng.next());
    const uint16_t m = static_cast<uint16_t>(dff::kRequantMultiplierMin + rng.next() % (1u << 14));
    const uint8_t n = static_cast<uint8_t>(dff::kRequantShiftMin + rng.next() % 30u);
    INFO("acc=" << acc << " m=" << m << " n=" << int(n));
    REQUIRE(requantize(acc, m, n) == requantize_reference(acc, m, n));
  }
}

TEST_CASE("requantize rounds halves towards +infinity and everything else to nearest") {
  // factor 16384 / 2^17 = 1/8: acc / 8
  CHECK(requantize(3, 16384, 17) == 0);    // 0.375
  CHECK(requantize(4, 16384, 17) == 1);    // 0.5 up
  CHECK(requantize(5, 16384, 17) == 1);    // 0.625
  CHECK(requantize(12, 16384, 17) == 2);   // 1.5 up
  CHECK(requantize(-3, 16384, 17) == 0);   // -0.375
  CHECK(requantize(-4, 16384, 17) == 0);   // -0.5 towards +infinity
  CHECK(requantize(-5, 16384, 17) == -1);  // -0.625
  CHECK(requantize(-12, 16384, 17) == -1); // -1.5 towards +infinity
  CHECK(requantize(-13, 16384, 17) == -2);
  // The smallest factor, 2^14 / 2^46 = 2^-32: only accumulators of 2^31 magnitude reach 1/2.
  CHECK(requantize(INT32_MAX, 16384, 46) == 0);
  CHECK(requantize(INT32_MIN, 16384, 46) == 0);  // exactly -1/2: towards +infinity
  CHECK(requantize(INT32_MIN, 16385, 46) == -1);
  // Multiplier 0 always gives 0.
  CHECK(requantize(INT32_MAX, 0, 17) == 0);
  CHECK(requantize(INT32_MIN, 0, 46) == 0);
}

TEST_CASE("requantize keeps 15 significant bits of the factor") {
  CHECK(requantize(1 << 20, 23170, 20) == 23170);       // 2^20 * 23170 / 2^20 exactly
  CHECK(requantize(1 << 20, 23170, 32) == 6);           // 23170 / 2^12 = 5.66
  CHECK(requantize(1000000, 32767, 17) == 250000 - 8);  // 1e6 * 32767 / 2^17 = 249992.37
}

TEST_CASE("clamp_int8 saturates at both ends and at a relu zero point") {
  CHECK(clamp_int8(300, -128, 127) == 127);
  CHECK(clamp_int8(128, -128, 127) == 127);
  CHECK(clamp_int8(127, -128, 127) == 127);
  CHECK(clamp_int8(-128, -128, 127) == -128);
  CHECK(clamp_int8(-129, -128, 127) == -128);
  CHECK(clamp_int8(INT32_MIN, -128, 127) == -128);
  CHECK(clamp_int8(INT32_MAX, -128, 127) == 127);
  CHECK(clamp_int8(-100, -90, 127) == -90);  // relu with zero point -90
  CHECK(clamp_int8(-89, -90, 127) == -89);
  CHECK(clamp_int8(5, 5, 5) == 5);
}

namespace {

// x * k * 2^(8 - e) in double (exact for 24 x 16 bit products), truncated, limited to +-2^30.
int64_t float_times_fixed_reference(float x, uint16_t k, int16_t e) {
  const double limit = 1073741824.0;
  if (!std::isfinite(x)) return std::signbit(x) ? -1073741824 : 1073741824;
  const double v = std::ldexp(static_cast<double>(x) * k, 8 - e);
  return static_cast<int64_t>(v >= limit ? limit : (v <= -limit ? -limit : std::trunc(v)));
}

float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

}  // namespace

TEST_CASE("float_times_fixed is x * k * 2^(8 - e), truncated and limited, for every kind of float") {
  const float specials[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 3.0f, 1e-45f, -1e-45f, 1.17549435e-38f,
                            std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                            std::nanf(""), -std::nanf(""), from_bits(0x7F7FFFFFu), from_bits(0x00FFFFFFu)};
  for (const float x : specials)
    for (const uint16_t k : {uint16_t{0}, dff::kInputMultiplierMin, uint16_t{40000}, uint16_t{65535}})
      for (int e = dff::kInputExponentMin; e <= 300; e += 7) {
        INFO("x=" << x << " k=" << k << " e=" << e);
        CHECK(float_times_fixed(x, k, static_cast<int16_t>(e)) == float_times_fixed_reference(x, k, static_cast<int16_t>(e)));
      }
  // The boundaries of the shift paths (9 and 16): x = 2^j for a range of j around them.
  for (int j = -30; j < 40; ++j)
    for (int e = 0; e < 40; ++e) {
      const float x = std::ldexp(1.0f, j) * 1.75f;
      INFO("j=" << j << " e=" << e);
      CHECK(float_times_fixed(x, 65535, static_cast<int16_t>(e)) == float_times_fixed_reference(x, 65535, static_cast<int16_t>(e)));
      CHECK(float_times_fixed(-x, 32768, static_cast<int16_t>(e)) == float_times_fixed_reference(-x, 32768, static_cast<int16_t>(e)));
    }
  CHECK(float_times_fixed(1.0f, 32768, 15) == 256);   // factor 1: 1.0 is 256/256
  CHECK(float_times_fixed(-2.5f, 32768, 16) == -320);  // factor 1/2: -1.25
  CHECK(float_times_fixed(0.00390625f, 32768, 16) == 0);  // 1/512 of a step truncates to 0
}
