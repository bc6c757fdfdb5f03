// FlashStorage: RAM that behaves like NOR flash, for host tests and as the template of a
// real board's adapter: erase_page sets a page to 0xFF; program ANDs the data into the
// cells (bits can only go 1 -> 0), requires addr and n aligned to the program unit, and
// refuses to program a unit that is not fully erased (as ECC flash such as STM32L4/G4 does);
// the store never needs to.
// Header-only, so that RTTI-enabled code (tests, sanitizers) gets its typeinfo.
#pragma once

#include "firmware/storage/memory_storage.h"

namespace dff {
namespace fw {

class FlashStorage final : public MemoryStorage {
 public:
  // `memory` holds page_size * pages bytes, caller-owned, outliving this object.
  // A fresh chip: call format() first.
  FlashStorage(uint8_t* memory, uint32_t page_size, uint32_t pages, uint32_t program_unit)
      : MemoryStorage(memory, page_size, pages, program_unit) {}

  Status program(uint32_t addr, const uint8_t* data, uint32_t n) override {
    DFF_RETURN_IF_ERROR(check_program(addr, n));
    for (uint32_t i = 0; i < n; ++i) {
      if (mem_[addr + i] != 0xFF) return Status(StatusCode::kInvalidArgument, "flash: program of a unit that is not erased");
    }
    for (uint32_t i = 0; i < n; ++i) mem_[addr + i] = static_cast<uint8_t>(mem_[addr + i] & data[i]);
    return Status::Ok();
  }
};

}  // namespace fw
}  // namespace dff
