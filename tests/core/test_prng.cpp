#include "core/prng.h"

#include <catch2/catch.hpp>

TEST_CASE("Pcg32 reproduces the reference sequence of pcg32_srandom_r(42, 54)") {
  // First outputs of the PCG reference implementation (pcg32-demo, seed 42, sequence 54).
  dff::Pcg32 rng(42u, 54u);
  const uint32_t expected[] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (uint32_t e : expected) CHECK(rng.next() == e);
}

TEST_CASE("Pcg32 is deterministic per seed and differs between seeds") {
  dff::Pcg32 a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint32_t x = a.next();
    CHECK(x == b.next());
    differs |= x != c.next();
  }
  CHECK(differs);
}

TEST_CASE("Pcg32 uniform stays in range and covers it") {
  dff::Pcg32 rng(1);
  float lo = 1.0f, hi = 0.0f;
  double sum = 0.0;
  for (int i = 0; i < 100000; ++i) {
    const float u = rng.uniform();
    REQUIRE(u >= 0.0f);
    REQUIRE(u < 1.0f);
    lo = u < lo ? u : lo;
    hi = u > hi ? u : hi;
    sum += u;
  }
  CHECK(lo < 0.001f);
  CHECK(hi > 0.999f);
  CHECK(sum / 100000.0 == Approx(0.5).margin(0.01));
  for (int i = 0; i < 1000; ++i) {
    const float v = rng.uniform(-1.0f, 1.0f);
    REQUIRE(v >= -1.0f);
    REQUIRE(v < 1.0f);
  }
}

TEST_CASE("Pcg32 bounded is unbiased over a small range") {
  dff::Pcg32 rng(3);
  int counts[6] = {};
  for (int i = 0; i < 60000; ++i) {
    const uint32_t v = rng.bounded(6);
    REQUIRE(v < 6u);
    ++counts[v];
  }
  for (int c : counts) CHECK(c == Approx(10000).margin(400));
  CHECK(rng.bounded(1) == 0u);
}

TEST_CASE("Pcg32 bounded is Lemire's multiply-shift with rejection, draw for draw") {
  // The shuffle order of every epoch depends on it: the same on every platform.
  dff::Pcg32 rng(5), raw(5);
  const uint32_t bounds[] = {1u, 2u, 7u, 8u, 1000u, 0x80000001u, 0xfffffffeu};
  int rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    const uint32_t bound = bounds[i % 7];
    const uint32_t threshold = (0u - bound) % bound;
    uint64_t m = static_cast<uint64_t>(raw.next()) * bound;
    while (static_cast<uint32_t>(m) < threshold) {
      ++rejected;
      m = static_cast<uint64_t>(raw.next()) * bound;
    }
    REQUIRE(rng.bounded(bound) == static_cast<uint32_t>(m >> 32));
  }
  CHECK(rejected > 1000);  // 0x80000001 rejects about half its draws: the loop was exercised
  CHECK(rng.next() == raw.next());
}
