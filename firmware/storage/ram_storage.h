// RamStorage: the model store in caller RAM (QEMU, tests). Erase sets 0xFF, program
// overwrites (RAM can set bits too, so it is more forgiving than flash; FlashStorage
// is the strict model). Lost at reset: boards using it do not set kCapPersistent.
#pragma once

#include <stdint.h>

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

}  // namespace dff::fw
