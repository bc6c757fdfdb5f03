#include "firmware/storage/flash_storage.h"

#include <string.h>

namespace dff::fw {

void FlashStorage::format() { memset(mem_, 0xFF, static_cast<size_t>(page_) * pages_); }

const uint8_t* FlashStorage::map(uint32_t addr, uint32_t n) const {
  if (addr > size() || n > size() - addr) return nullptr;
  return mem_ + addr;
}

Status FlashStorage::erase_page(uint32_t addr) {
  if (addr >= size() || addr % page_ != 0) return Status(StatusCode::kInvalidArgument, "flash: erase of a non-page address");
  memset(mem_ + addr, 0xFF, page_);
  return Status::Ok();
}

Status FlashStorage::program(uint32_t addr, const uint8_t* data, uint32_t n) {
  if (addr > size() || n > size() - addr) return Status(StatusCode::kInvalidArgument, "flash: program out of range");
  if (addr % unit_ != 0 || n % unit_ != 0) return Status(StatusCode::kInvalidArgument, "flash: unaligned program");
  for (uint32_t i = 0; i < n; ++i) {
    if (mem_[addr + i] != 0xFF) return Status(StatusCode::kInvalidArgument, "flash: program of a unit that is not erased");
  }
  for (uint32_t i = 0; i < n; ++i) mem_[addr + i] = static_cast<uint8_t>(mem_[addr + i] & data[i]);
  return Status::Ok();
}

}  // namespace dff::fw
