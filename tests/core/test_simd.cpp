#include "core/simd.h"

#include <catch2/catch.hpp>
#include <cstring>

#if DFF_SIMD
TEST_CASE("vector types hold 4 and 8 floats and work element-wise") {
  static_assert(sizeof(dff::simd::Vec4) == 4 * sizeof(float), "Vec4 is 4 floats");
  static_assert(sizeof(dff::simd::Vec8) == 8 * sizeof(float), "Vec8 is 8 floats");
  const float a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  dff::simd::Vec8 v;
  std::memcpy(&v, a, sizeof v);
  v = v * 2.0f + 1.0f;
  float out[8];
  std::memcpy(out, &v, sizeof out);
  for (int i = 0; i < 8; ++i) CHECK(out[i] == 2.0f * a[i] + 1.0f);
}
#endif

TEST_CASE("SIMD is on for the host CPUs we build for") {
#if defined(__x86_64__) || defined(__aarch64__) || defined(__wasm_simd128__)
  CHECK(DFF_SIMD == 1);
#else
  SUCCEED("other targets may have DFF_SIMD 0");
#endif
}
