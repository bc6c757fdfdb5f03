#include "core/little_endian.h"

#include <catch2/catch.hpp>

using namespace dff::le;

TEST_CASE("integers load and store least significant byte first, at any alignment") {
  uint8_t b[7] = {0xAA, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12};
  CHECK(load_u16(b + 1) == 0x1234);
  CHECK(load_u32(b + 3) == 0x12345678u);  // odd address
  uint8_t out[7] = {};
  store_u32(out + 1, 0xDEADBEEFu);
  CHECK(out[1] == 0xEF);
  CHECK(out[2] == 0xBE);
  CHECK(out[3] == 0xAD);
  CHECK(out[4] == 0xDE);
  store_u16(out + 5, 0xBEEF);
  CHECK(out[5] == 0xEF);
  CHECK(out[6] == 0xBE);
  CHECK(out[0] == 0);  // nothing outside the field
}

TEST_CASE("floats go through their IEEE-754 bits") {
  const uint8_t one[4] = {0x00, 0x00, 0x80, 0x3F};  // 1.0f
  CHECK(load_f32(one) == 1.0f);
  uint8_t b[5] = {};
  store_f32(b + 1, -2.5f);  // 0xC0200000
  CHECK(b[1] == 0x00);
  CHECK(b[2] == 0x00);
  CHECK(b[3] == 0x20);
  CHECK(b[4] == 0xC0);
  CHECK(load_f32(b + 1) == -2.5f);
}
