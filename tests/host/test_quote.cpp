#include "core/host/quote.h"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("quoted keeps printable text and UTF-8, escapes the rest") {
  CHECK(dff::quoted("setosa") == "'setosa'");
  CHECK(dff::quoted("caf\xC3\xA9") == "'caf\xC3\xA9'");
  CHECK(dff::quoted("a\x1b]0;x\x07") == "'a\\x1b]0;x\\x07'");
  CHECK(dff::quoted("bad \xFF byte") == "'bad \\xff byte'");
  CHECK(dff::quoted("line\nbreak") == "'line\\x0abreak'");
}

TEST_CASE("quoted cuts long text") {
  const std::string q = dff::quoted(std::string(1000, 'x'));
  CHECK(q.size() < 50);
  CHECK(q.find("...") != std::string::npos);
}

TEST_CASE("utf8_length accepts only valid sequences") {
  CHECK(dff::utf8_length("\xC3\xA9", 0) == 2);
  CHECK(dff::utf8_length("\xE2\x82\xAC", 0) == 3);
  CHECK(dff::utf8_length("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(dff::utf8_length("\xC0\x80", 0) == 0);      // overlong
  CHECK(dff::utf8_length("\xED\xA0\x80", 0) == 0);  // surrogate
  CHECK(dff::utf8_length("\xE2\x82", 0) == 0);      // cut short
}
