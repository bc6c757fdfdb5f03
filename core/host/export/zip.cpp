#include "core/host/export/zip.h"

#include <stdint.h>

#include "core/crc32.h"

namespace dff {
namespace {

void put16(std::string& out, uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& out, uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

constexpr uint32_t kDosDate = (0u << 9) | (1u << 5) | 1u;  // 1980-01-01, the format's first day
constexpr uint32_t kVersion = 20;                          // 2.0: what a stored file needs
constexpr uint32_t kUtf8Names = 0x0800;                    // general purpose flag bit 11

}  // namespace

std::string zip_store(const std::vector<ZipEntry>& entries) {
  std::string out;
  std::string directory;
  for (const ZipEntry& e : entries) {
    const auto offset = static_cast<uint32_t>(out.size());
    const uint32_t crc = crc32(reinterpret_cast<const uint8_t*>(e.bytes.data()), e.bytes.size());
    const auto size = static_cast<uint32_t>(e.bytes.size());
    const auto name = static_cast<uint32_t>(e.path.size());
    put32(out, 0x04034B50);  // local file header
    put16(out, kVersion);
    put16(out, kUtf8Names);
    put16(out, 0);  // stored
    put16(out, 0);  // time 00:00
    put16(out, kDosDate);
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name);
    put16(out, 0);  // no extra field
    out += e.path;
    out += e.bytes;

    put32(directory, 0x02014B50);  // central directory header
    put16(directory, (3u << 8) | kVersion);  // made by: Unix, so unzip keeps the permissions below
    put16(directory, kVersion);
    put16(directory, kUtf8Names);
    put16(directory, 0);
    put16(directory, 0);
    put16(directory, kDosDate);
    put32(directory, crc);
    put32(directory, size);
    put32(directory, size);
    put16(directory, name);
    put16(directory, 0);  // extra
    put16(directory, 0);  // comment
    put16(directory, 0);  // disk
    put16(directory, 0);  // internal attributes
    put32(directory, 0100644u << 16);  // rw-r--r--
    put32(directory, offset);
    directory += e.path;
  }
  const auto directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054B50);  // end of central directory
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint32_t>(entries.size()));
  put16(out, static_cast<uint32_t>(entries.size()));
  put32(out, static_cast<uint32_t>(directory.size()));
  put32(out, directory_offset);
  put16(out, 0);  // no comment
  return out;
}

}  // namespace dff
