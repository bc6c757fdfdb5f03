#include "core/model_view.h"

#include <string.h>

#include "core/activation.h"
#include "core/blob.h"
#include "core/crc32.h"
#include "core/little_endian.h"

#if defined(__AVR__)
#include <avr/pgmspace.h>
#endif

namespace dff {
namespace {

// Weights are read (and multiplied) this many at a time: one copy per chunk, not per weight.
constexpr uint32_t kChunkFloats = 8;

bool finite_bits(uint32_t bits) { return (bits & 0x7F800000u) != 0x7F800000u; }

// Widest output among the layers of one parity (0: layers 0, 2, 4, ...; 1: layers 1, 3, ...).
uint32_t widest_layer(const Topology& t, uint8_t parity) {
  uint32_t widest = 0;
  for (uint8_t layer = parity; layer < t.layer_count; layer = static_cast<uint8_t>(layer + 2u))
    if (t.widths[layer + 1] > widest) widest = t.widths[layer + 1];
  return widest;
}

}  // namespace

// n is at most a chunk, so size_t (16 bits on AVR) holds it.
void copy_from(void* dst, const uint8_t* src, uint32_t n, BlobMemory memory) {
#if defined(__AVR__)
  if (memory == BlobMemory::kProgram) {
    memcpy_P(dst, src, static_cast<size_t>(n));
    return;
  }
#else
  (void)memory;
#endif
  memcpy(dst, src, static_cast<size_t>(n));
}

uint32_t view_work_floats(const Topology& t) { return widest_layer(t, 0) + widest_layer(t, 1); }

void ModelView::read(uint32_t offset, void* dst, uint32_t n) const { copy_from(dst, blob_ + offset, n, memory_); }

Status ModelView::open(const uint8_t* blob, uint32_t size, BlobMemory memory) {
  // The checks run on a scratch copy of the view; *this changes only when all pass.
  ModelView v;
  v.blob_ = blob;
  v.memory_ = memory;
  v.size_ = size;
  if (blob == nullptr) return Status(StatusCode::kInvalidArgument, "model view: blob is null");
  uint8_t head[kBlobHeaderBytes];
  const uint32_t head_bytes = size < kBlobHeaderBytes ? size : kBlobHeaderBytes;
  v.read(0, head, head_bytes);
  if (memcmp(head, kBlobMagic, head_bytes < 4u ? static_cast<size_t>(head_bytes) : 4u) != 0)
    return Status(StatusCode::kBlobBadMagic, "blob: not a microdff model blob (does not start with \"DFFB\")");
  if (size < 6) return Status(StatusCode::kBlobTruncated, "blob: truncated inside the header");
  if (le::load_u16(head + 4) != kBlobVersion) return Status(StatusCode::kBlobBadVersion, "blob: format version is not 1");
  if (size < kBlobHeaderBytes) return Status(StatusCode::kBlobTruncated, "blob: truncated inside the header");
  const uint32_t total = le::load_u32(head + 8);
  if (total < kBlobHeaderBytes + kBlobCrcBytes)
    return Status(StatusCode::kBlobBadTopology, "blob: declared size is smaller than a header and a CRC");
  if (size < total) return Status(StatusCode::kBlobTruncated, "blob: shorter than its declared size");
  if (size > total) return Status(StatusCode::kBlobOversized, "blob: extra bytes after its declared end");
  const uint32_t body_end = total - kBlobCrcBytes;
  uint32_t crc = 0;
  uint8_t chunk[32];
  for (uint32_t at = 0; at < body_end; at += sizeof chunk) {
    const uint32_t n = body_end - at < sizeof chunk ? body_end - at : static_cast<uint32_t>(sizeof chunk);
    v.read(at, chunk, n);
    crc = dff::crc32(chunk, static_cast<size_t>(n), crc);
  }
  v.read(body_end, chunk, 4);
  v.crc_ = le::load_u32(chunk);
  if (crc != v.crc_) return Status(StatusCode::kBlobBadCrc, "blob: CRC32 mismatch, the content is corrupted");

  // From here on the bytes are intact: a mismatch is a writer bug or a crafted blob.
  const Status bad(StatusCode::kBlobBadTopology, "blob: header, topology or sections are inconsistent");
  const uint16_t header_size = le::load_u16(head + 6);
  if (header_size < kBlobHeaderBytes || header_size % 4u != 0u || header_size > body_end) return bad;
  const uint8_t layers = head[12];
  const uint8_t flags = head[13];
  if (layers < 1 || layers > kMaxLayers || (flags & ~kBlobKnownFlags) != 0u || le::load_u16(head + 14) != 0u) return bad;
  Topology& t = v.topology_;
  t.layer_count = layers;
  t.bias = (flags & kBlobFlagBias) != 0u;
  t.normalize = (flags & kBlobFlagNormalize) != 0u;
  uint32_t pos = header_size;
  const uint32_t topology_bytes = 3u * layers + 2u;
  if (topology_bytes > body_end - pos) return bad;
  uint8_t topo[3u * kMaxLayers + 2u];
  v.read(pos, topo, topology_bytes);
  for (uint32_t i = 0; i <= layers; ++i) t.widths[i] = le::load_u16(topo + 2u * i);
  for (uint32_t i = 0; i < layers; ++i) {
    const uint8_t a = topo[2u * (layers + 1u) + i];
    if (!is_valid_activation(a)) return bad;
    t.activations[i] = static_cast<Activation>(a);
  }
  if (!validate_topology(t).ok()) return bad;
  pos += topology_bytes;
  // Zero padding to the next multiple of 4 after the topology and after the class names.
  auto padding = [&]() {
    while (pos % 4u != 0u) {
      uint8_t z = 1;
      if (pos >= body_end) return false;
      v.read(pos++, &z, 1);
      if (z != 0) return false;
    }
    return true;
  };
  if (!padding()) return bad;
  if ((flags & kBlobFlagTraining) != 0u) {
    if (kBlobTrainingBytes > body_end - pos) return bad;
    pos += kBlobTrainingBytes;
  }
  if ((flags & kBlobFlagClassNames) != 0u) {
    for (uint32_t i = 0; i < t.outputs(); ++i) {
      uint8_t length = 0;
      if (pos >= body_end) return bad;
      v.read(pos++, &length, 1);
      if (length > body_end - pos) return bad;
      pos += length;
    }
    if (!padding()) return bad;
  }
  // Normalisation (means, then standard deviations > 0) and parameters: finite floats.
  const uint32_t norm_floats = t.normalize ? 2u * t.inputs() : 0u;
  const uint32_t floats = norm_floats + parameter_count(t);
  if (floats > (body_end - pos) / 4u || pos + 4u * floats != body_end) return bad;
  for (uint32_t i = 0; i < floats; ++i) {
    v.read(pos + 4u * i, chunk, 4);
    if (!finite_bits(le::load_u32(chunk)))
      return Status(StatusCode::kNonFinite, "blob: a weight, bias or normalisation value is NaN or infinite");
  }
  for (uint32_t i = t.inputs(); i < norm_floats; ++i) {
    v.read(pos + 4u * i, chunk, 4);
    if (!(le::load_f32(chunk) > 0.0f)) return bad;
  }
  v.norm_offset_ = t.normalize ? pos : 0u;
  v.params_offset_ = pos + 4u * norm_floats;
  v.even_floats_ = widest_layer(t, 0);
  v.work_floats_ = view_work_floats(t);
  *this = v;
  return Status::Ok();
}

Status ModelView::predict(float* io, uint32_t input_len, uint32_t output_len, float* work, uint32_t work_len) const {
  if (!valid()) return Status(StatusCode::kInvalidArgument, "model view: no model open");
  if (io == nullptr || work == nullptr) return Status(StatusCode::kInvalidArgument, "model view: null argument");
  const Topology& t = topology_;
  if (input_len != t.inputs()) return Status(StatusCode::kDimensionMismatch, "predict: wrong number of inputs");
  if (output_len != t.outputs()) return Status(StatusCode::kDimensionMismatch, "predict: wrong number of outputs");
  if (work_len < work_floats_) return Status(StatusCode::kBufferTooSmall, "predict: work memory below work_floats()");
  float* even = work;
  float* odd = work + even_floats_;
  const float* in = io;
  uint8_t bytes[4u * kChunkFloats];
  if (t.normalize) {
    for (uint32_t i = 0; i < t.inputs(); ++i) {
      read(norm_offset_ + 4u * i, bytes, 4);
      read(norm_offset_ + 4u * (t.inputs() + i), bytes + 4, 4);
      io[i] = (io[i] - le::load_f32(bytes)) / le::load_f32(bytes + 4);
    }
  }
  // out[j] = b[j] + sum over i of in[i] * W[i][j], summed in the order Network::forward does.
  uint32_t at = params_offset_;
  for (uint8_t layer = 0; layer < t.layer_count; ++layer) {
    const uint32_t n_in = t.widths[layer];
    const uint32_t n_out = t.widths[layer + 1];
    float* out = layer % 2u == 0u ? even : odd;
    const uint32_t weights = at;
    at += 4u * n_in * n_out;
    for (uint32_t j = 0; j < n_out; j += kChunkFloats) {
      const uint32_t n = n_out - j < kChunkFloats ? n_out - j : kChunkFloats;
      if (t.bias) read(at + 4u * j, bytes, 4u * n);
      for (uint32_t k = 0; k < n; ++k) out[j + k] = t.bias ? le::load_f32(bytes + 4u * k) : 0.0f;
    }
    if (t.bias) at += 4u * n_out;
    for (uint32_t i = 0; i < n_in; ++i) {
      const float x = in[i];
      for (uint32_t j = 0; j < n_out; j += kChunkFloats) {
        const uint32_t n = n_out - j < kChunkFloats ? n_out - j : kChunkFloats;
        read(weights + 4u * (i * n_out + j), bytes, 4u * n);
        for (uint32_t k = 0; k < n; ++k) out[j + k] += x * le::load_f32(bytes + 4u * k);
      }
    }
    activate_vector(t.activations[layer], out, n_out);
    in = out;
  }
  for (uint32_t k = 0; k < t.outputs(); ++k) io[k] = in[k];
  return Status::Ok();
}

}  // namespace dff
