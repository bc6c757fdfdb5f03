#include "core/host/text/utf8.h"

#include <catch2/catch.hpp>
#include <string>

using namespace dff;

TEST_CASE("utf8_sequence_length accepts exactly the well-formed sequences") {
  CHECK(utf8_sequence_length("a", 0) == 0);  // ASCII is not a multi-byte sequence
  CHECK(utf8_sequence_length("\xC3\xA9", 0) == 2);
  CHECK(utf8_sequence_length("\xE6\x97\xA5", 0) == 3);
  CHECK(utf8_sequence_length("\xF0\x9F\x8C\xB8", 0) == 4);
  CHECK(utf8_sequence_length("x\xC3\xA9", 1) == 2);
  CHECK(utf8_sequence_length("\xC3", 0) == 0);              // cut
  CHECK(utf8_sequence_length("\xE6\x97", 0) == 0);          // cut
  CHECK(utf8_sequence_length("\xA9", 0) == 0);              // stray continuation byte
  CHECK(utf8_sequence_length("\xC0\xAF", 0) == 0);          // overlong '/'
  CHECK(utf8_sequence_length("\xE0\x80\xAF", 0) == 0);      // overlong
  CHECK(utf8_sequence_length("\xED\xA0\x80", 0) == 0);      // surrogate U+D800
  CHECK(utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
  CHECK(utf8_sequence_length("\xF5\x80\x80\x80", 0) == 0);
  CHECK(utf8_sequence_length("\xC3\x29", 0) == 0);          // second byte not a continuation
}

TEST_CASE("utf8_code_point decodes what utf8_sequence_length accepts") {
  CHECK(utf8_code_point("\xC3\xA9", 0, 2) == 0xE9);
  CHECK(utf8_code_point("\xC2\x9B", 0, 2) == 0x9B);
  CHECK(utf8_code_point("\xE2\x80\xAE", 0, 3) == 0x202E);
  CHECK(utf8_code_point("\xF0\x9F\x8C\xB8", 0, 4) == 0x1F338);
  CHECK(utf8_code_point("\xF4\x8F\xBF\xBF", 0, 4) == 0x10FFFF);
}
