// Tests for firmware/storage/ram_storage.h: the RAM store (QEMU) follows the Storage contract.
#include "firmware/storage/ram_storage.h"

#include <catch2/catch.hpp>

#include <vector>

TEST_CASE("RAM storage: erase to 0xFF, program overwrites, alignment and range enforced") {
  std::vector<uint8_t> mem(6 * 32, 0x11);
  dff::fw::RamStorage r(mem.data(), 32, 6, 2);
  CHECK(r.size() == 192);
  CHECK(r.program_unit() == 2);
  REQUIRE(r.erase_page(32).ok());
  for (uint32_t i = 32; i < 64; ++i) REQUIRE(mem[i] == 0xFF);
  CHECK(mem[31] == 0x11);
  const uint8_t data[4] = {1, 2, 3, 4};
  REQUIRE(r.program(32, data, 4).ok());
  REQUIRE(r.program(32, data + 2, 2).ok());  // RAM may be rewritten
  CHECK(mem[32] == 3);
  CHECK(!r.program(33, data, 2).ok());
  CHECK(!r.program(32, data, 3).ok());
  CHECK(!r.program(190, data, 4).ok());
  CHECK(!r.erase_page(40).ok());
  CHECK(r.map(0, 192) == mem.data());
  CHECK(r.map(1, 192) == nullptr);
  r.format();
  for (uint8_t b : mem) REQUIRE(b == 0xFF);
}
