#include "firmware/portable/model_region.h"

#include <string.h>

#include "core/crc32.h"
#include "core/little_endian.h"

namespace dff {
namespace fw {

RegionCheck check_model_region(const uint8_t* region, uint32_t capacity, BlobMemory memory, uint32_t build_id) {
  RegionCheck r;
  uint8_t head[kRegionHeaderBytes];
  if (region == nullptr || capacity < kRegionHeaderBytes) return r;
  copy_from(head, region, kRegionHeaderBytes, memory);
  if (memcmp(head, kRegionMagic, sizeof kRegionMagic) != 0) return r;
  r.state = RegionState::kBadHeader;
  const uint32_t length = le::load_u32(head + 8);
  if (le::load_u16(head + 4) != kRegionVersion || le::load_u16(head + 6) != kRegionHeaderBytes || length < 8u ||
      length > capacity - kRegionHeaderBytes)
    return r;
  r.blob_size = length;
  r.blob_crc = le::load_u32(head + 12);
  r.build_id = le::load_u32(head + 16);
  if (r.build_id != build_id) {
    r.state = RegionState::kOtherBuild;
    return r;
  }
  const uint8_t* blob = region + kRegionHeaderBytes;
  uint32_t crc = 0;
  uint8_t chunk[32];
  for (uint32_t at = 0; at < length - 4u; at += sizeof chunk) {
    const uint32_t n = length - 4u - at < sizeof chunk ? length - 4u - at : static_cast<uint32_t>(sizeof chunk);
    copy_from(chunk, blob + at, n, memory);
    crc = crc32(chunk, static_cast<size_t>(n), crc);
  }
  copy_from(chunk, blob + length - 4u, 4, memory);
  if (crc != r.blob_crc || le::load_u32(chunk) != r.blob_crc) {
    r.state = RegionState::kBadCrc;
    return r;
  }
  r.state = RegionState::kValid;
  r.blob = blob;
  return r;
}

const char* region_state_text(RegionState state) {
  switch (state) {
    case RegionState::kValid: return "";
    case RegionState::kEmpty: return "no model flashed yet; flash one from the page";
    case RegionState::kBadHeader: return "model region unreadable; flash it again";
    case RegionState::kOtherBuild: return "model written for another firmware; flash again";
    case RegionState::kBadCrc: return "model damaged (cut write?); flash it again";
  }
  return "";
}

}  // namespace fw
}  // namespace dff
