// MemoryStorage: the part RamStorage and FlashStorage share, a store over caller
// memory of `pages` pages: sizes, map(), erase_page() (sets 0xFF) and the range and
// alignment checks of program(). Subclasses say what programming does to the cells.
// Header-only, so that RTTI-enabled code (tests, sanitizers) gets its typeinfo.
#pragma once

#include <stdint.h>
#include <string.h>

#include "firmware/portable/storage.h"

namespace dff {
namespace fw {

class MemoryStorage : public Storage {
 public:
  // `memory` holds page_size * pages bytes, caller-owned, outliving this object.
  MemoryStorage(uint8_t* memory, uint32_t page_size, uint32_t pages, uint32_t program_unit)
      : mem_(memory), page_(page_size), pages_(pages), unit_(program_unit) {}

  void format() { memset(mem_, 0xFF, static_cast<size_t>(page_) * pages_); }  // every byte 0xFF

  uint32_t size() const override { return page_ * pages_; }
  uint32_t page_size() const override { return page_; }
  uint32_t program_unit() const override { return unit_; }
  const uint8_t* map(uint32_t addr, uint32_t n) const override {
    if (addr > size() || n > size() - addr) return nullptr;
    return mem_ + addr;
  }
  Status erase_page(uint32_t addr) override {
    if (addr >= size() || addr % page_ != 0) return Status(StatusCode::kInvalidArgument, "storage: erase of a non-page address");
    memset(mem_ + addr, 0xFF, page_);
    return Status::Ok();
  }

 protected:
  // The checks every program() starts with: inside the store, aligned to the program unit.
  Status check_program(uint32_t addr, uint32_t n) const {
    if (addr > size() || n > size() - addr) return Status(StatusCode::kInvalidArgument, "storage: program out of range");
    if (addr % unit_ != 0 || n % unit_ != 0) return Status(StatusCode::kInvalidArgument, "storage: unaligned program");
    return Status::Ok();
  }

  uint8_t* mem_;

 private:
  uint32_t page_;
  uint32_t pages_;
  uint32_t unit_;
};

}  // namespace fw
}  // namespace dff
