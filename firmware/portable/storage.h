// Storage: the non-volatile memory the model store lives in, with flash semantics.
//
// Contract (both implementations in firmware/storage/ follow it; a port's adapter must too):
//   - size() bytes, in pages of page_size() bytes (size a multiple of page_size, >= 4 pages).
//   - erase_page(addr): addr is a page start; afterwards every byte of the page reads 0xFF.
//   - program(addr, data, n): addr and n are multiples of program_unit() (1, 2, 4, 8 or 16);
//     each target byte must be erased (0xFF) since the last erase of its page; programming
//     can only clear bits. A port whose flash needs bigger units buffers in its adapter.
//   - map(addr, n): pointer to the n bytes at addr, readable directly (memory-mapped flash or
//     RAM), valid until the next erase/program; nullptr if [addr, addr+n) is out of range.
// Power may fail during any erase or program; afterwards the touched bytes hold anything.
// No RTTI, no exceptions: errors are dff::Status.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

namespace dff {
namespace fw {

class Storage {
 public:
  virtual uint32_t size() const = 0;
  virtual uint32_t page_size() const = 0;
  virtual uint32_t program_unit() const = 0;
  virtual const uint8_t* map(uint32_t addr, uint32_t n) const = 0;
  virtual Status erase_page(uint32_t addr) = 0;
  virtual Status program(uint32_t addr, const uint8_t* data, uint32_t n) = 0;

 protected:
  ~Storage() = default;  // not deleted through the interface (no heap)
};

constexpr uint32_t kMaxProgramUnit = 16;

}  // namespace fw
}  // namespace dff
