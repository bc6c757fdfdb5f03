// RamStorage: the model store in caller RAM (QEMU, tests). Erase sets 0xFF, program
// overwrites (RAM can set bits too, so it is more forgiving than flash; FlashStorage
// is the strict model). Lost at reset: boards using it do not set kCapPersistent.
// Header-only, so that RTTI-enabled code (tests, sanitizers) gets its typeinfo.
#pragma once

#include "firmware/storage/memory_storage.h"

namespace dff {
namespace fw {

class RamStorage final : public MemoryStorage {
 public:
  // `memory` holds page_size * pages bytes, caller-owned, outliving this object.
  // Starts erased only if the caller erased it (call format() for a blank store).
  RamStorage(uint8_t* memory, uint32_t page_size, uint32_t pages, uint32_t program_unit = 1)
      : MemoryStorage(memory, page_size, pages, program_unit) {}

  Status program(uint32_t addr, const uint8_t* data, uint32_t n) override {
    DFF_RETURN_IF_ERROR(check_program(addr, n));
    memcpy(mem_ + addr, data, n);
    return Status::Ok();
  }
};

}  // namespace fw
}  // namespace dff
