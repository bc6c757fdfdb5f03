// FlashStorage: RAM that behaves like NOR flash, for host tests and as the template of a
// real board's adapter: erase_page sets a page to 0xFF; program ANDs the data into the
// cells (bits can only go 1 -> 0), requires addr and n aligned to the program unit, and
// refuses to program a unit that is not fully erased (as ECC flash such as STM32L4/G4 does);
// the store never needs to.
// Header-only, so that RTTI-enabled code (tests, sanitizers) gets its typeinfo.
#pragma once

#include <stdint.h>
#include <string.h>

#include "firmware/portable/storage.h"

namespace dff::fw {

class FlashStorage final : public Storage {
 public:
  FlashStorage(uint8_t* memory, uint32_t page_size, uint32_t pages, uint32_t program_unit)
      : mem_(memory), page_(page_size), pages_(pages), unit_(program_unit) {}

  void format();  // every byte 0xFF (a fresh chip)

  uint32_t size() const override { return page_ * pages_; }
  uint32_t page_size() const override { return page_; }
  uint32_t program_unit() const override { return unit_; }
  const uint8_t* map(uint32_t addr, uint32_t n) const override;
  Status erase_page(uint32_t addr) override;
  Status program(uint32_t addr, const uint8_t* data, uint32_t n) override;

 private:
  uint8_t* mem_;
  uint32_t page_;
  uint32_t pages_;
  uint32_t unit_;
};

inline void FlashStorage::format() { memset(mem_, 0xFF, static_cast<size_t>(page_) * pages_); }

inline const uint8_t* FlashStorage::map(uint32_t addr, uint32_t n) const {
  if (addr > size() || n > size() - addr) return nullptr;
  return mem_ + addr;
}

inline Status FlashStorage::erase_page(uint32_t addr) {
  if (addr >= size() || addr % page_ != 0) return Status(StatusCode::kInvalidArgument, "flash: erase of a non-page address");
  memset(mem_ + addr, 0xFF, page_);
  return Status::Ok();
}

inline Status FlashStorage::program(uint32_t addr, const uint8_t* data, uint32_t n) {
  if (addr > size() || n > size() - addr) return Status(StatusCode::kInvalidArgument, "flash: program out of range");
  if (addr % unit_ != 0 || n % unit_ != 0) return Status(StatusCode::kInvalidArgument, "flash: unaligned program");
  for (uint32_t i = 0; i < n; ++i) {
    if (mem_[addr + i] != 0xFF) return Status(StatusCode::kInvalidArgument, "flash: program of a unit that is not erased");
  }
  for (uint32_t i = 0; i < n; ++i) mem_[addr + i] = static_cast<uint8_t>(mem_[addr + i] & data[i]);
  return Status::Ok();
}

}  // namespace dff::fw
