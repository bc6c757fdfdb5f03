// Binary model blob: compact little-endian model file that boards receive and
// store. The parser runs on microcontrollers: no heap, it validates everything
// before it writes, parses into the caller's buffer and never reads out of bounds.
// It reads byte by byte (no unaligned loads), so the blob may sit at any address,
// in RAM or memory-mapped flash. Byte layout: docs/model-format.md ("Binary blob").
//
// Checks, in this order, each with its own StatusCode:
//   shorter than its fixed header / declared size   kBlobTruncated
//   first four bytes are not "DFFB"                 kBlobBadMagic
//   format version other than 1 or 2                kBlobBadVersion
//   bytes after the declared size                   kBlobOversized
//   CRC32 of the content differs from the stored    kBlobBadCrc
//   header, topology, sections or sizes disagree    kBlobBadTopology
//   NaN/Inf weight, bias or normalisation constant  kNonFinite
//   model needs more than the caller's buffer       kBlobTooLarge (blob_load only)
//   float model asked to run as int8, or int8 as float  kUnsupported
//
// Version 1 blobs hold float32 parameters; version 2 blobs hold an int8 section instead
// (full-integer inference, core/int8_network.h). Writers emit version 1 for every float
// model, so boards with a version-1 parser keep accepting them.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/int8_network.h"
#include "core/network.h"
#include "core/status.h"
#include "core/train.h"

namespace dff {

constexpr uint8_t kBlobMagic[4] = {'D', 'F', 'F', 'B'};
constexpr uint16_t kBlobVersion = 1;      // float models
constexpr uint16_t kBlobVersionInt8 = 2;  // int8 models (adds kBlobFlagInt8); readers accept 1 and 2

// Layout constants of format version 1 (see docs/model-format.md).
constexpr uint16_t kBlobHeaderBytes = 16;    // fixed header a v1 writer emits
constexpr uint32_t kBlobTrainingBytes = 48;  // training section, when kBlobFlagTraining is set
constexpr uint32_t kBlobCrcBytes = 4;        // CRC32 trailer
constexpr uint8_t kBlobFlagBias = 0x01;       // every layer has biases
constexpr uint8_t kBlobFlagNormalize = 0x02;  // normalisation section present
constexpr uint8_t kBlobFlagTraining = 0x04;   // training section present
constexpr uint8_t kBlobFlagClassNames = 0x08; // class-name section present (one name per output)
constexpr uint8_t kBlobFlagInt8 = 0x10;       // version 2 only, always set there: an int8 section replaces
                                              // the normalisation and parameter sections
constexpr uint8_t kBlobKnownFlags = 0x0F;     // other bits must be zero in version 1
constexpr uint8_t kBlobKnownFlagsInt8 = 0x1D; // version 2: bias, training, class names, int8
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
  uint32_t params_offset = 0;       // byte offset of the parameters (W0, b0, W1, b1, ...; float32 LE); 0 for int8
  bool int8 = false;                // version 2: the model is an int8 network
  uint32_t int8_offset = 0;         // byte offset of the int8 section; 0 for float
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
// is written, so a board can keep running its previous model. An int8 blob fails with
// kUnsupported (run it with blob_int8_model).
Status blob_load(const uint8_t* data, size_t size, const MemoryPlan& plan, void* buffer, size_t buffer_size,
                 Network* out);

// Points `name` at class name `index` inside `data` (UTF-8, `length` bytes, NOT NUL-terminated;
// valid as long as `data` is). `info` must come from blob_inspect on the same bytes.
// Fails with kInvalidArgument if index >= info.class_count or the bytes do not match `info`.
Status blob_class_name(const uint8_t* data, size_t size, const BlobInfo& info, uint16_t index, const char** name,
                       uint8_t* length);

// Validates an int8 blob (everything blob_inspect checks, every int8 parameter included)
// and points `model` at it: the handle reads `data`, which must stay unchanged while it is
// used. Fails with kUnsupported for a float blob; writes `model` only on success.
Status blob_int8_model(const uint8_t* data, size_t size, Int8Model* model);

// Points `model` at an int8 blob that only `Bytes` can read (e.g. AVR program memory),
// reading just its header and topology through `Bytes`: for a blob that was validated in
// full before it was stored there (by blob_inspect on the host or in the page). Checks the
// magic, version, flags and topology again; kBlobBadMagic, kBlobBadVersion,
// kBlobBadTopology, or kUnsupported for a float blob. Writes `model` only on success.
template <class Bytes>
Status blob_int8_model_at(const uint8_t* blob, Int8Model* model);

namespace blob_detail {
Status int8_header(const uint8_t header[16], uint16_t* header_size);
}  // namespace blob_detail

template <class Bytes>
Status blob_int8_model_at(const uint8_t* blob, Int8Model* model) {
  uint8_t header[kBlobHeaderBytes];
  for (uint32_t i = 0; i < kBlobHeaderBytes; ++i) header[i] = Bytes::get(blob + i);
  uint16_t at = 0;
  DFF_RETURN_IF_ERROR(blob_detail::int8_header(header, &at));
  Topology t;
  t.layer_count = header[12];
  t.bias = (header[13] & kBlobFlagBias) != 0u;
  uint32_t pos = at;
  for (uint32_t i = 0; i <= t.layer_count; ++i, pos += 2)
    t.widths[i] = static_cast<uint16_t>(Bytes::get(blob + pos) | (Bytes::get(blob + pos + 1) << 8));
  for (uint32_t i = 0; i < t.layer_count; ++i, ++pos) {
    const uint8_t a = Bytes::get(blob + pos);
    if (!is_valid_activation(a)) return Status(StatusCode::kBlobBadTopology, "blob: unknown activation function");
    t.activations[i] = static_cast<Activation>(a);
  }
  const Status valid = validate_topology(t);
  if (!valid.ok()) return Status(StatusCode::kBlobBadTopology, valid.message());
  pos = (pos + 3u) & ~3u;
  if ((header[13] & kBlobFlagTraining) != 0u) pos += kBlobTrainingBytes;
  if ((header[13] & kBlobFlagClassNames) != 0u) {
    for (uint32_t k = 0; k < t.outputs(); ++k) pos += 1u + Bytes::get(blob + pos);
    pos = (pos + 3u) & ~3u;
  }
  model->bytes = blob;
  model->topology = t;
  model->section = pos;
  return Status::Ok();
}

}  // namespace dff
