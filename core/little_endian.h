// Little-endian integers and IEEE-754 floats in byte buffers, whatever the CPU's byte
// order and the buffer's alignment: the model blob, the serial protocol and the model
// store all lay numbers out this way. No bounds checks: callers check lengths first.
#pragma once

#include <stdint.h>
#include <string.h>

namespace dff {
namespace le {

inline uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

inline uint32_t load_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

inline float load_f32(const uint8_t* p) {
  const uint32_t bits = load_u32(p);
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

inline void store_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}

inline void store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

inline void store_f32(uint8_t* p, float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  store_u32(p, bits);
}

}  // namespace le
}  // namespace dff
