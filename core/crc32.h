// CRC-32 (IEEE 802.3, the one zlib, PNG and Ethernet use: reflected polynomial
// 0xEDB88320, initial value and final XOR 0xFFFFFFFF). crc32("123456789") == 0xCBF43926.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace dff {

// CRC-32 of `size` bytes at `data` (may be null when size is 0). Pass a previous
// result as `crc` to continue over data split in pieces (zlib's crc32() semantics):
// crc32(b, nb, crc32(a, na)) == crc32(a ++ b). Never fails; reads exactly `size` bytes.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

}  // namespace dff
