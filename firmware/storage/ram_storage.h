// RamStorage: the model store in caller RAM (QEMU, tests). Erase sets 0xFF, program
// overwrites (RAM can set bits too, so it is more forgiving than flash; FlashStorage
// is the strict model). Lost at reset: boards using it do not set kCapPersistent.
// Header-only, so that RTTI-enabled code (tests, sanitizers) gets its typeinfo.
#pragma once

#include <stdint.h>
#include <string.h>

#include "firmware/portable/storage.h"

namespace dff::fw {

class RamStorage final : public Storage {
 public:
  // `memory` holds page_size * pages bytes, caller-owned, outliving this object.
  // Starts erased only if the caller erased it (call format() for a blank store).
  RamStorage(uint8_t* memory, uint32_t page_size, uint32_t pages, uint32_t program_unit = 1)
      : mem_(memory), page_(page_size), pages_(pages), unit_(program_unit) {}

  void format();  // every byte 0xFF

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

inline void RamStorage::format() { memset(mem_, 0xFF, static_cast<size_t>(page_) * pages_); }

inline const uint8_t* RamStorage::map(uint32_t addr, uint32_t n) const {
  if (addr > size() || n > size() - addr) return nullptr;
  return mem_ + addr;
}

inline Status RamStorage::erase_page(uint32_t addr) {
  if (addr >= size() || addr % page_ != 0) return Status(StatusCode::kInvalidArgument, "storage: erase of a non-page address");
  memset(mem_ + addr, 0xFF, page_);
  return Status::Ok();
}

inline Status RamStorage::program(uint32_t addr, const uint8_t* data, uint32_t n) {
  if (addr > size() || n > size() - addr) return Status(StatusCode::kInvalidArgument, "storage: program out of range");
  if (addr % unit_ != 0 || n % unit_ != 0) return Status(StatusCode::kInvalidArgument, "storage: unaligned program");
  memcpy(mem_ + addr, data, n);
  return Status::Ok();
}

}  // namespace dff::fw
