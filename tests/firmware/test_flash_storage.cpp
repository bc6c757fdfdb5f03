// Tests for firmware/storage/flash_storage.h: NOR-flash semantics the model store relies on.
#include "firmware/storage/flash_storage.h"

#include <catch2/catch.hpp>

#include <string.h>

#include <vector>

TEST_CASE("flash: erase sets 0xFF, program clears bits only once per erase, alignment and range enforced") {
  std::vector<uint8_t> mem(4 * 64, 0x00);
  dff::fw::FlashStorage f(mem.data(), 64, 4, 8);
  CHECK(f.size() == 256);
  CHECK(f.page_size() == 64);
  CHECK(f.program_unit() == 8);
  const uint8_t data[8] = {0x0F, 0xF0, 0x00, 0xFF, 1, 2, 3, 4};
  CHECK(!f.program(64, data, 8).ok());  // not erased
  REQUIRE(f.erase_page(64).ok());
  for (uint32_t i = 64; i < 128; ++i) REQUIRE(mem[i] == 0xFF);
  CHECK(mem[63] == 0x00);
  CHECK(mem[128] == 0x00);
  REQUIRE(f.program(64, data, 8).ok());
  CHECK(memcmp(f.map(64, 8), data, 8) == 0);
  CHECK(!f.program(64, data, 8).ok());  // twice without erase
  CHECK(!f.program(72, data, 4).ok());  // length not a unit multiple
  CHECK(!f.program(76, data, 8).ok());  // address not aligned
  CHECK(!f.program(252, data, 8).ok()); // past the end
  CHECK(!f.erase_page(65).ok());
  CHECK(!f.erase_page(256).ok());
  CHECK(f.map(250, 6) != nullptr);
  CHECK(f.map(250, 7) == nullptr);
  CHECK(f.map(0xFFFFFFF0u, 0x20) == nullptr);
  f.format();
  for (uint8_t b : mem) REQUIRE(b == 0xFF);
}
