// Fixed-point arithmetic of the int8 inference path: requantisation of int32 accumulators
// to int8 with a 15-bit multiplier and a shift, and the input step's product of a float and
// a 16-bit fixed-point factor computed from the float's bits, both in 32-bit integer
// operations only (no float arithmetic, no 64-bit products), so every target computes the
// same bits. Arithmetic right shifts of negative values are assumed (GCC, Clang and MSVC do
// this). C++11, header only.
// The generated int8 C header (core/host/export/export_c_int8.cpp) writes the same
// functions in C; docs/model-format.md ("int8 arithmetic") states them.
#pragma once

#include <stdint.h>
#include <string.h>

#if defined(__AVR__)
#include "core/int8_asm.h"
#endif

namespace dff {

// A requantisation factor is multiplier / 2^shift with the multiplier 0 or in
// [kRequantMultiplierMin, kRequantMultiplierMax] and the shift in [kRequantShiftMin,
// kRequantShiftMax]: factors from 2^-32 up to (but excluding) 1/4 with 15 significant bits.
constexpr uint16_t kRequantMultiplierMin = 1u << 14;
constexpr uint16_t kRequantMultiplierMax = (1u << 15) - 1u;
constexpr uint8_t kRequantShiftMin = 17;
constexpr uint8_t kRequantShiftMax = 46;
// Accumulator biases are kept within +-2^30 so that bias + n * 127 * 128 (n <= 4096) fits int32.
constexpr int32_t kInt8BiasLimit = INT32_C(1) << 30;
// The input step (float_times_fixed): a factor is k * 2^-e with k 0 or in [kInputMultiplierMin,
// 65535] and e >= kInputExponentMin (factors below 2^144); products are limited to
// +-kInt8InputLimit, offsets to +-kInt8InputOffsetLimit, so their sum fits int32.
constexpr uint16_t kInputMultiplierMin = 1u << 15;
constexpr int16_t kInputExponentMin = -128;
constexpr int32_t kInt8InputLimit = INT32_C(1) << 30;
constexpr int32_t kInt8InputOffsetLimit = INT32_C(1) << 29;

// floor(a * m / 2^16) for any int32 a and uint16 m: two 16 x 16 -> 32 bit products.
inline int32_t mul_high16(int32_t a, uint16_t m) {
#if defined(__AVR__)
  int32_t r;
  uint8_t lo, z;
  __asm__(DFF_AVR_MUL_HIGH16_ASM : [r] "=&r"(r), [lo] "=&r"(lo), [z] "=&r"(z) : [a] "a"(a), [m] "a"(m) : "r0", "r1");
  return r;
#else
  const int32_t high = static_cast<int32_t>(static_cast<int16_t>(a >> 16)) * static_cast<int32_t>(m);
  const uint32_t low = static_cast<uint32_t>(static_cast<uint16_t>(a)) * static_cast<uint32_t>(m);
  return high + static_cast<int32_t>(low >> 16);
#endif
}

// floor((acc * multiplier + 2^(shift-1)) / 2^shift): acc times the factor, rounded to
// nearest with halves towards +infinity. Needs a multiplier and shift as above.
// Computed as (floor(t / 2^(shift-17)) + 1) / 2 with t = floor(acc * multiplier / 2^16),
// which is the same number and needs no variable left shift.
inline int32_t requantize(int32_t acc, uint16_t multiplier, uint8_t shift) {
#if defined(__AVR__)
  int32_t r;
  uint8_t lo, z, s = static_cast<uint8_t>(shift - 17u);
  __asm__(DFF_AVR_REQUANTIZE_ASM
          : [r] "=&r"(r), [lo] "=&r"(lo), [z] "=&r"(z), [s] "+d"(s)
          : [a] "a"(acc), [m] "a"(multiplier)
          : "r0", "r1", "cc");
  return r;
#else
  int32_t t = mul_high16(acc, multiplier);
  uint8_t s = static_cast<uint8_t>(shift - 17u);
  // Whole-byte steps first: on 8-bit CPUs they are register moves, not bit loops.
  if (s >= 16u) {
    t >>= 16;
    s = static_cast<uint8_t>(s - 16u);
  }
  if (s >= 8u) {
    t >>= 8;
    s = static_cast<uint8_t>(s - 8u);
  }
  return ((t >> s) + 1) >> 1;
#endif
}

// floor(v / 2^s) for any s (0 from 32 on), whole bytes first.
inline uint32_t shift_right_u32(uint32_t v, int16_t s) {
  if (s >= 32) return 0;
  if (s >= 16) {
    v >>= 16;
    s = static_cast<int16_t>(s - 16);
  }
  if (s >= 8) {
    v >>= 8;
    s = static_cast<int16_t>(s - 8);
  }
  return v >> s;
}

// floor(floor(m * k / 2^16) / 2^s) for m < 2^31, s >= 0.
inline uint32_t mul_high16_shift(uint32_t m, uint16_t k, int32_t s) {
#if defined(__AVR__)
  if (s >= 32) return 0;
  uint32_t r;
  uint8_t lo, z, bits = static_cast<uint8_t>(s);
  __asm__(DFF_AVR_MUL_HIGH16_SHIFT_ASM
          : [r] "=&r"(r), [lo] "=&r"(lo), [z] "=&r"(z), [s] "+d"(bits)
          : [a] "a"(m), [m] "a"(k)
          : "r0", "r1", "cc");
  return r;
#else
  return shift_right_u32(static_cast<uint32_t>(mul_high16(static_cast<int32_t>(m), k)), static_cast<int16_t>(s > 32 ? 32 : s));
#endif
}

// x * k * 2^(8 - e), truncated towards zero and limited to +-kInt8InputLimit: the input
// step's product in units of 1/256, from the bits of the float x (IEEE-754 binary32; NaN
// and infinities give the limit of their sign). Exact up to the truncation: x = M * 2^(E-150)
// with the 24-bit M split into 8 + 16 bits, each multiplied by k in 32 bits. Needs
// e >= kInputExponentMin (then only normal floats reach shifts below 16, and below 9 their
// product is at least 2^30).
inline int32_t float_times_fixed(float x, uint16_t k, int16_t e) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  // bits >> 23 from whole bytes (8-bit CPUs shift 32-bit values one bit per loop pass).
  const uint8_t top = static_cast<uint8_t>(bits >> 24);
  const uint8_t exponent = static_cast<uint8_t>((top << 1) | (static_cast<uint8_t>(bits >> 16) >> 7));
  uint32_t m = bits & 0x7FFFFFu;
  uint32_t u;
  if (exponent == 0xFFu) {
    u = kInt8InputLimit;
  } else {
    if (exponent != 0u) m |= 0x800000u;
    const int16_t sh = static_cast<int16_t>(142 + e - (exponent != 0u ? exponent : 1));
    if (m == 0u || k == 0u)
      u = 0;
    else if (sh < 9)
      u = kInt8InputLimit;
    else if (sh < 16)
      u = ((static_cast<uint32_t>(static_cast<uint16_t>(m >> 16)) * k) << (16 - sh)) +
          ((static_cast<uint32_t>(static_cast<uint16_t>(m)) * k) >> sh);
    else
      u = mul_high16_shift(m, k, sh - 16);
    if (u > static_cast<uint32_t>(kInt8InputLimit)) u = kInt8InputLimit;
  }
  return (top & 0x80u) != 0u ? -static_cast<int32_t>(u) : static_cast<int32_t>(u);
}

// v limited to [lo, hi] as an int8 (lo <= hi, both int8 values).
inline int8_t clamp_int8(int32_t v, int8_t lo, int8_t hi) {
  return static_cast<int8_t>(v < lo ? lo : (v > hi ? hi : v));
}

}  // namespace dff
