// Pcg32: a small portable PRNG (PCG-XSH-RR, O'Neill 2014). The same seed gives
// the same sequence on every compiler and platform, unlike std distributions.
#pragma once

#include <stdint.h>

namespace dff {

class Pcg32 {
 public:
  // Seeds the generator; any 64-bit value is a valid seed.
  explicit constexpr Pcg32(uint64_t seed = 0x853c49e6748fea9bULL, uint64_t stream = 0xda3e39cb94b95bdbULL)
      : state_(0), inc_((stream << 1u) | 1u) {
    next();
    state_ += seed;
    next();
  }

  // Next 32 random bits.
  constexpr uint32_t next() {
    const uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    const uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    const uint32_t rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  // Uniform float in [0, 1) with 24 random bits.
  constexpr float uniform() { return static_cast<float>(next() >> 8) * (1.0f / 16777216.0f); }

  // Uniform float in [lo, hi).
  constexpr float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }

  // Uniform integer in [0, bound) without bias; bound must be > 0. Lemire's multiply-shift
  // (ACM TOMS 2019): a division only in the rare case that may need a rejection.
  constexpr uint32_t bounded(uint32_t bound) {
    uint64_t m = static_cast<uint64_t>(next()) * bound;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < bound) {
      const uint32_t threshold = static_cast<uint32_t>(0u - bound) % bound;
      while (low < threshold) {
        m = static_cast<uint64_t>(next()) * bound;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

 private:
  uint64_t state_;
  uint64_t inc_;
};

}  // namespace dff
