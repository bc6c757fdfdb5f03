// Model region: a model blob kept in flash next to the firmware image, at a page-aligned
// address the board's linker script fixes, so that a host can put a new model on a board by
// writing flash pages through the bootloader (the page's "Flash Arduino"), and the firmware
// runs it from there (ModelView, no copy in RAM).
//
// Layout (little-endian), then the blob itself (docs/model-format.md):
//   0   magic "DFFM"
//   4   format version u16 = 1
//   6   header bytes u16 = 20 (the blob starts here; a multiple of 4, so its floats stay aligned)
//   8   blob length u32
//   12  blob CRC u32: the blob's CRC trailer (CRC-32 of its bytes 0 .. length - 5), as the
//       serial protocol's BEGIN and INFO carry it: it names the model
//   16  firmware build id u32: the image this region was written for
// Erased flash (0xFF) has no magic: "empty". The JS side is web/src/board/model-region.js;
// firmware/protocol/model-region-vectors.json pins both.
#pragma once

#include <stdint.h>

#include "core/model_view.h"

namespace dff {
namespace fw {

constexpr uint8_t kRegionMagic[4] = {'D', 'F', 'F', 'M'};
constexpr uint16_t kRegionVersion = 1;
constexpr uint32_t kRegionHeaderBytes = 20;

enum class RegionState : uint8_t {
  kValid = 0,
  kEmpty = 1,       // no magic (erased flash, never written)
  kBadHeader = 2,   // other format version or header size, or a length that does not fit the region
  kOtherBuild = 3,  // written for another firmware build (its layout or limits may differ)
  kBadCrc = 4,      // the blob's bytes do not match the header's CRC or their own trailer (a cut write)
};

struct RegionCheck {
  RegionState state = RegionState::kEmpty;
  const uint8_t* blob = nullptr;  // in the region's memory; valid when state == kValid
  uint32_t blob_size = 0;
  uint32_t blob_crc = 0;          // the header's
  uint32_t build_id = 0;          // the header's
};

// Reads the region at `region` (capacity bytes, in `memory`) and checks its header and the
// blob's CRC against `build_id` (this firmware's). Does not parse the blob (ModelView does).
RegionCheck check_model_region(const uint8_t* region, uint32_t capacity, BlobMemory memory, uint32_t build_id);

// A sentence for people (flash text on AVR ports) on why there is no model; "" when valid.
const char* region_state_text(RegionState state);

}  // namespace fw
}  // namespace dff
