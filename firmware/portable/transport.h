// Transport: where the firmware's reply bytes go (a UART on a board, a buffer in tests).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace dff {
namespace fw {

// Byte sink. May block; must deliver the bytes in order. No RTTI needed.
class Transport {
 public:
  virtual void write(const uint8_t* data, size_t n) = 0;

 protected:
  ~Transport() = default;  // never deleted through the interface (no heap)
};

}  // namespace fw
}  // namespace dff
