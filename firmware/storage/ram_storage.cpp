#include "firmware/storage/ram_storage.h"

#include <string.h>

namespace dff::fw {

void RamStorage::format() { memset(mem_, 0xFF, static_cast<size_t>(page_) * pages_); }

const uint8_t* RamStorage::map(uint32_t addr, uint32_t n) const {
  if (addr > size() || n > size() - addr) return nullptr;
  return mem_ + addr;
}

Status RamStorage::erase_page(uint32_t addr) {
  if (addr >= size() || addr % page_ != 0) return Status(StatusCode::kInvalidArgument, "storage: erase of a non-page address");
  memset(mem_ + addr, 0xFF, page_);
  return Status::Ok();
}

Status RamStorage::program(uint32_t addr, const uint8_t* data, uint32_t n) {
  if (addr > size() || n > size() - addr) return Status(StatusCode::kInvalidArgument, "storage: program out of range");
  if (addr % unit_ != 0 || n % unit_ != 0) return Status(StatusCode::kInvalidArgument, "storage: unaligned program");
  memcpy(mem_ + addr, data, n);
  return Status::Ok();
}

}  // namespace dff::fw
