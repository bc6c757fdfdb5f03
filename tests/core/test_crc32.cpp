#include "core/crc32.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

namespace {

const uint8_t* bytes(const char* s) { return reinterpret_cast<const uint8_t*>(s); }

// Bit-by-bit reference (the definition of the reflected CRC-32), independent of the table.
uint32_t reference_crc32(const uint8_t* data, size_t size) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    c ^= data[i];
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
  }
  return ~c;
}

}  // namespace

TEST_CASE("crc32 matches the standard check values") {
  CHECK(dff::crc32(bytes("123456789"), 9) == 0xCBF43926u);
  CHECK(dff::crc32(nullptr, 0) == 0u);
  CHECK(dff::crc32(bytes("a"), 1) == 0xE8B7BE43u);
  const char* fox = "The quick brown fox jumps over the lazy dog";
  CHECK(dff::crc32(bytes(fox), std::strlen(fox)) == 0x414FA339u);
}

TEST_CASE("crc32 matches a bitwise reference on every byte value and length") {
  std::vector<uint8_t> data(300);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7u + 3u);
  for (size_t n = 0; n <= data.size(); ++n) {
    INFO("length " << n);
    REQUIRE(dff::crc32(data.data(), n) == reference_crc32(data.data(), n));
  }
}

TEST_CASE("crc32 continues across pieces like zlib") {
  const char* text = "The quick brown fox jumps over the lazy dog";
  const size_t n = std::strlen(text);
  const uint32_t whole = dff::crc32(bytes(text), n);
  for (size_t split = 0; split <= n; ++split) {
    const uint32_t first = dff::crc32(bytes(text), split);
    REQUIRE(dff::crc32(bytes(text) + split, n - split, first) == whole);
  }
}

TEST_CASE("crc32 detects every single-bit flip") {
  std::vector<uint8_t> data(64, 0x5A);
  const uint32_t good = dff::crc32(data.data(), data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      data[i] = static_cast<uint8_t>(data[i] ^ (1u << bit));
      REQUIRE(dff::crc32(data.data(), data.size()) != good);
      data[i] = static_cast<uint8_t>(data[i] ^ (1u << bit));
    }
  }
}
