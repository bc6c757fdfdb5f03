// Binary model blob: compact little-endian model file that boards receive and
// store. The parser runs on microcontrollers: no heap, it validates everything
// before it writes, parses into the caller's buffer and never reads out of bounds.
// Byte layout: docs/model-format.md.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/network.h"
#include "core/status.h"

namespace dff {

constexpr uint8_t kBlobMagic[4] = {'D', 'F', 'F', 'B'};
constexpr uint16_t kBlobVersion = 1;

// What a blob's header says, once its size, topology and CRC have been validated.
struct BlobInfo {
  Topology topology{};
  uint32_t total_bytes = 0;  // whole blob including the CRC
  uint32_t crc32 = 0;        // CRC32 stored at the end (over everything before it)
};

// Validates a blob (magic, version, topology, sizes, CRC) without copying anything.
// Each failure has its own StatusCode (kBlobTruncated, kBlobBadMagic, ...).
Status blob_inspect(const uint8_t* data, size_t size, BlobInfo* info);

// Validates the blob, then lays out `out` in `buffer` (caller owned, must outlive `out`)
// with `plan` and copies weights, biases and normalisation in. Fails with kBlobTooLarge
// if the buffer is smaller than bytes_required(topology, plan); `out` is untouched on failure.
Status blob_load(const uint8_t* data, size_t size, const MemoryPlan& plan, void* buffer, size_t buffer_size,
                 Network* out);

}  // namespace dff
