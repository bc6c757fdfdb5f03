#include "core/host/export/float_text.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <string>

#include "core/prng.h"

using namespace dff;

namespace {

uint32_t bits(float v) {
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  return u;
}

}  // namespace

TEST_CASE("float literals are valid C and read back bit-identical") {
  CHECK(c_float_literal(1.0f) == "1.0f");
  CHECK(c_float_literal(0.0f) == "0.0f");
  CHECK(c_float_literal(-0.0f) == "-0.0f");
  CHECK(c_float_literal(0.1f) == "0.1f");
  CHECK(c_float_literal(-2.5f) == "-2.5f");
  CHECK(c_float_literal(123456792.0f) == "123456792.0f");
  CHECK(c_float_literal(1e-45f) == "1e-45f");
  CHECK(c_float_literal(FLT_MAX) == "3.4028235e+38f");
  CHECK(c_float_literal(1.0f / 3.0f) == "0.33333334f");
  CHECK(c_float_literal(1e-5f) == "1e-05f");
  CHECK(c_float_literal(3e9f) == "3e+09f");
  CHECK(shortest_float_text(0.01f) == "0.01");
  CHECK(shortest_float_text(100.0f) == "100");  // whole numbers below 1e9 without an exponent
  CHECK(shortest_float_text(-1500.0f) == "-1500");

  Pcg32 rng(17);
  for (int n = 0; n < 100000; ++n) {
    uint32_t u = rng.next();
    float v;
    memcpy(&v, &u, sizeof v);
    if (!isfinite(v)) continue;
    const std::string literal = c_float_literal(v);
    INFO(literal);
    REQUIRE(literal.back() == 'f');
    REQUIRE(literal.find_first_of(".e") != std::string::npos);  // "1f" would not be a float literal
    REQUIRE(bits(strtof(literal.c_str(), nullptr)) == u);
    REQUIRE(literal.size() <= 16);  // shortest form: at most 9 digits, sign, point, exponent, suffix
  }
}
