// Fixed-point arithmetic of the int8 inference path: requantisation of int32 accumulators
// to int8 with a 15-bit multiplier and a shift, in 32-bit integer operations only (no
// float, no 64-bit products), so every target computes the same bits. Arithmetic right
// shifts of negative values are assumed (GCC, Clang and MSVC do this). C++11, header only.
// The generated int8 C header (core/host/export/export_c_int8.cpp) writes the same
// functions in C; docs/model-format.md ("int8 arithmetic") states them.
#pragma once

#include <stdint.h>

#if defined(__AVR__)
#include "core/int8_avr_asm.h"
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

// floor(a * m / 2^16) for any int32 a and m < 2^15: two 16 x 16 -> 32 bit products.
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
}

// v limited to [lo, hi] as an int8 (lo <= hi, both int8 values).
inline int8_t clamp_int8(int32_t v, int8_t lo, int8_t hi) {
  return static_cast<int8_t>(v < lo ? lo : (v > hi ? hi : v));
}

}  // namespace dff
