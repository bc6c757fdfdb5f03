#include "core/host/export/c_identifier.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <string>

#include "core/prng.h"
#include "tests/exports_host/header_text.h"

using namespace dff;

namespace {

std::string random_bytes(Pcg32& rng, uint32_t max_len) {
  std::string s(rng.bounded(max_len + 1), '\0');
  for (char& c : s) c = static_cast<char>(rng.bounded(256));
  return s;
}

uint32_t bits(float v) {
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  return u;
}

}  // namespace

TEST_CASE("c_string_literal escapes everything that could end or change the literal") {
  CHECK(c_string_literal("setosa") == "\"setosa\"");
  CHECK(c_string_literal("a\"b") == "\"a\\\"b\"");
  CHECK(c_string_literal("back\\slash") == "\"back\\\\slash\"");
  CHECK(c_string_literal("line\nbreak\r\t") == "\"line\\nbreak\\r\\t\"");
  CHECK(c_string_literal("what?\?/") == "\"what\\?\\?/\"");
  CHECK(c_string_literal("caf\xc3\xa9") == "\"caf\\303\\251\"");
  CHECK(c_string_literal(std::string("nul\0" "1", 5)) == "\"nul\\0001\"");
  CHECK(c_string_literal("\x7f") == "\"\\177\"");
}

TEST_CASE("c_string_literal reads back as exactly the original bytes") {
  Pcg32 rng(11);
  for (int n = 0; n < 3000; ++n) {
    const std::string text = random_bytes(rng, 40);
    const std::string literal = c_string_literal(text);
    const header_text::Lexed lexed = header_text::lex(literal);
    INFO(literal);
    REQUIRE(lexed.ok);
    REQUIRE(lexed.strings.size() == 1);
    REQUIRE(lexed.strings[0] == text);
    for (const char c : literal) REQUIRE((c >= 0x20 && c < 0x7F));
  }
}

TEST_CASE("c_comment_text cannot close or open a comment") {
  CHECK(c_comment_text("a */ b") == "\"a *\\057 b\"");
  CHECK(c_comment_text("a /* b") == "\"a \\057* b\"");
  CHECK(c_comment_text("km/h") == "\"km/h\"");
  CHECK(c_comment_text("**//") == "\"**\\057/\"");
  Pcg32 rng(13);
  for (int n = 0; n < 3000; ++n) {
    std::string text = random_bytes(rng, 30);
    if (n % 2 == 0)  // bias towards the dangerous characters
      for (char& c : text) c = "*/?\\\"\n"[static_cast<unsigned char>(c) % 6];
    const std::string comment = "/* " + c_comment_text(text) + " */";
    const header_text::Lexed lexed = header_text::lex(comment);
    INFO(comment);
    REQUIRE(lexed.ok);
    REQUIRE(lexed.comments.size() == 1);
    REQUIRE(lexed.strings.empty());
  }
}

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
