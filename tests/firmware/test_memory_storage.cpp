// Tests for firmware/storage/memory_storage.h: what RAM and flash stores share.
#include "firmware/storage/memory_storage.h"

#include <catch2/catch.hpp>

#include <vector>

namespace {

// The smallest subclass: programming copies, as RAM does.
class CopyStorage final : public dff::fw::MemoryStorage {
 public:
  using MemoryStorage::MemoryStorage;
  dff::Status program(uint32_t addr, const uint8_t* data, uint32_t n) override {
    DFF_RETURN_IF_ERROR(check_program(addr, n));
    memcpy(mem_ + addr, data, n);
    return dff::Status::Ok();
  }
};

}  // namespace

TEST_CASE("memory storage: sizes, map bounds, page erase and program checks") {
  std::vector<uint8_t> mem(4 * 16, 0x00);
  CopyStorage s(mem.data(), 16, 4, 4);
  CHECK(s.size() == 64);
  CHECK(s.page_size() == 16);
  CHECK(s.program_unit() == 4);
  CHECK(s.map(0, 64) == mem.data());
  CHECK(s.map(60, 4) == mem.data() + 60);
  CHECK(s.map(60, 5) == nullptr);
  CHECK(s.map(65, 0) == nullptr);
  REQUIRE(s.erase_page(16).ok());
  for (uint32_t i = 0; i < 64; ++i) REQUIRE(mem[i] == (i >= 16 && i < 32 ? 0xFF : 0x00));
  CHECK(s.erase_page(8).code() == dff::StatusCode::kInvalidArgument);   // not a page start
  CHECK(s.erase_page(64).code() == dff::StatusCode::kInvalidArgument);  // past the end
  const uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  CHECK(s.program(4, data, 8).ok());
  CHECK(mem[4] == 1);
  CHECK(s.program(2, data, 4).code() == dff::StatusCode::kInvalidArgument);   // unaligned address
  CHECK(s.program(4, data, 3).code() == dff::StatusCode::kInvalidArgument);   // not whole units
  CHECK(s.program(60, data, 8).code() == dff::StatusCode::kInvalidArgument);  // out of range
  s.format();
  for (uint8_t b : mem) REQUIRE(b == 0xFF);
}
