// Binary model blob: compact little-endian model file that boards receive and
// store. The parser runs on microcontrollers: no heap, it validates everything
// before it writes, parses into the caller's buffer and never reads out of bounds.
// It reads byte by byte (no unaligned loads), so the blob may sit at any address,
// in RAM or memory-mapped flash. Byte layout: docs/model-format.md ("Binary blob").
//
// Checks, in this order, each with its own StatusCode:
//   shorter than its fixed header / declared size   kBlobTruncated
//   first four bytes are not "DFFB"                 kBlobBadMagic
//   format version other than kBlobVersion          kBlobBadVersion
//   bytes after the declared size                   kBlobOversized
//   CRC32 of the content differs from the stored    kBlobBadCrc
//   header, topology, sections or sizes disagree    kBlobBadTopology
//   NaN/Inf weight, bias or normalisation constant  kNonFinite
//   model needs more than the caller's buffer       kBlobTooLarge (blob_load only)
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/network.h"
#include "core/status.h"
#include "core/train.h"

namespace dff {

constexpr uint8_t kBlobMagic[4] = {'D', 'F', 'F', 'B'};
constexpr uint16_t kBlobVersion = 1;

// Layout constants of format version 1 (see docs/model-format.md).
constexpr uint16_t kBlobHeaderBytes = 16;    // fixed header a v1 writer emits
constexpr uint32_t kBlobTrainingBytes = 48;  // training section, when kBlobFlagTraining is set
constexpr uint32_t kBlobCrcBytes = 4;        // CRC32 trailer
constexpr uint8_t kBlobFlagBias = 0x01;       // every layer has biases
constexpr uint8_t kBlobFlagNormalize = 0x02;  // normalisation section present
constexpr uint8_t kBlobFlagTraining = 0x04;   // training section present
constexpr uint8_t kBlobFlagClassNames = 0x08; // class-name section present (one name per output)
constexpr uint8_t kBlobKnownFlags = 0x0F;     // other bits must be zero in version 1
constexpr uint8_t kBlobMaxClassName = 255;    // bytes per class name (length is one byte)

// How the model was trained (training section); boards that train start from these.
struct BlobTraining {
  TrainOptions options{};   // loss, optimizer, learning rate, ..., batch size, shuffle
  Init init = Init::kUniform;
  uint64_t seed = 0;        // weight-initialisation seed
  uint32_t epochs = 0;      // epochs trained so far
  float final_loss = -1.0f; // mean loss of the last epoch; < 0 if never trained
};

// What a blob's header says, once its size, topology and CRC have been validated.
struct BlobInfo {
  Topology topology{};
  uint32_t total_bytes = 0;  // whole blob including the CRC
  uint32_t crc32 = 0;        // CRC32 stored at the end (over everything before it)
  bool has_training = false; // training section present (else `training` holds defaults)
  BlobTraining training{};
  uint16_t class_count = 0;         // 0, or topology.outputs() names (see blob_class_name)
  uint32_t class_names_offset = 0;  // byte offset of the first class name's length byte
  uint32_t norm_offset = 0;         // byte offset of the means (then the stds); 0 without normalisation
  uint32_t params_offset = 0;       // byte offset of the parameters (W0, b0, W1, b1, ...; float32 LE)
};

// Validates a blob (magic, version, sizes, CRC, topology, every value) without copying
// anything. Writes `info` (may be null) only on success. On failure `error_offset` (may be
// null) receives the byte offset of the offending field (for kBlobTruncated: `size`).
// Each failure has its own StatusCode (see the table above).
Status blob_inspect(const uint8_t* data, size_t size, BlobInfo* info, uint32_t* error_offset = nullptr);

// Validates the blob, then lays out `out` in `buffer` (caller owned, 4-byte aligned, must
// outlive `out`, must not overlap `data`) with `plan` and copies normalisation, weights and
// biases in; gradients and optimizer state start at zero. Any plan works: {training=false}
// needs the least RAM. Fails with kBlobTooLarge if buffer_size < bytes_required(topology, plan)
// or this target cannot address the model (bytes_required() is 0),
// kInvalidArgument for a null or misaligned buffer; on any failure neither `out` nor `buffer`
// is written, so a board can keep running its previous model.
Status blob_load(const uint8_t* data, size_t size, const MemoryPlan& plan, void* buffer, size_t buffer_size,
                 Network* out);

// Points `name` at class name `index` inside `data` (UTF-8, `length` bytes, NOT NUL-terminated;
// valid as long as `data` is). `info` must come from blob_inspect on the same bytes.
// Fails with kInvalidArgument if index >= info.class_count or the bytes do not match `info`.
Status blob_class_name(const uint8_t* data, size_t size, const BlobInfo& info, uint16_t index, const char** name,
                       uint8_t* length);

}  // namespace dff
