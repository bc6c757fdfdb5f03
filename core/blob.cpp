#include "core/blob.h"

#include <string.h>

#include "core/crc32.h"
#include "core/little_endian.h"

namespace dff {
namespace {

using le::load_f32;
using le::load_u16;
using le::load_u32;

const char* const kBadVersion =
    "blob: format version is not 1 or 2; export the model again with this version of dff";

bool finite_bits(uint32_t bits) { return (bits & 0x7F800000u) != 0x7F800000u; }

// Bounds-checked cursor over [0, end): every read checks before it touches a byte.
class Reader {
 public:
  Reader(const uint8_t* data, uint32_t end, uint32_t pos) : data_(data), end_(end), pos_(pos) {}

  bool has(uint64_t n) const { return pos_ <= end_ && n <= end_ - pos_; }
  uint32_t pos() const { return pos_; }
  const uint8_t* here() const { return data_ + pos_; }
  void skip(uint32_t n) { pos_ += n; }  // callers check has(n) first
  uint8_t u8() { return data_[pos_++]; }
  uint16_t u16() {
    const uint16_t v = load_u16(data_ + pos_);
    pos_ += 2;
    return v;
  }
  uint32_t u32() {
    const uint32_t v = load_u32(data_ + pos_);
    pos_ += 4;
    return v;
  }

 private:
  const uint8_t* data_;
  uint32_t end_;
  uint32_t pos_;
};

// Failure with the offset of the field that caused it.
Status fail(StatusCode code, const char* message, uint32_t offset, uint32_t* error_offset) {
  if (error_offset != nullptr) *error_offset = offset;
  return Status(code, message);
}

Status bad(const char* message, uint32_t offset, uint32_t* error_offset) {
  return fail(StatusCode::kBlobBadTopology, message, offset, error_offset);
}

// Zero padding up to the next multiple of 4 (fixed, so equal models give equal bytes).
Status read_padding(Reader& r, uint32_t* error_offset) {
  while (r.pos() % 4u != 0u) {
    if (!r.has(1)) return bad("blob: ends inside a section's padding (declared size too small)", r.pos(), error_offset);
    const uint32_t at = r.pos();
    if (r.u8() != 0) return bad("blob: padding byte is not zero", at, error_offset);
  }
  return Status::Ok();
}

// Checks that `count` floats are present and finite.
Status read_floats(Reader& r, uint64_t count, const char* truncated_message, uint32_t* error_offset) {
  if (!r.has(count * 4u)) return bad(truncated_message, r.pos(), error_offset);
  for (uint64_t i = 0; i < count; ++i) {
    const uint32_t at = r.pos();
    if (!finite_bits(r.u32()))
      return fail(StatusCode::kNonFinite, "blob: a weight, bias or normalisation value is NaN or infinite", at,
                  error_offset);
  }
  return Status::Ok();
}

Status read_training(Reader& r, BlobTraining* t, uint32_t* error_offset) {
  const uint32_t start = r.pos();
  if (!r.has(kBlobTrainingBytes))
    return bad("blob: training section runs past the declared size", start, error_offset);
  const uint8_t loss = r.u8();
  const uint8_t optimizer = r.u8();
  const uint8_t init = r.u8();
  const uint8_t flags = r.u8();
  if (loss > static_cast<uint8_t>(Loss::kCrossEntropy)) return bad("blob: unknown loss function", start, error_offset);
  if (optimizer > static_cast<uint8_t>(Optimizer::kAdam)) return bad("blob: unknown optimizer", start + 1, error_offset);
  if (init > static_cast<uint8_t>(Init::kHe)) return bad("blob: unknown weight initialisation", start + 2, error_offset);
  if ((flags & ~1u) != 0u) return bad("blob: unknown training flag bits are set", start + 3, error_offset);
  float values[6];
  for (float& v : values) {
    const uint32_t at = r.pos();
    const uint32_t bits = r.u32();
    if (!finite_bits(bits)) return fail(StatusCode::kNonFinite, "blob: a training setting is NaN or infinite", at, error_offset);
    memcpy(&v, &bits, sizeof v);
  }
  const uint32_t batch_size = r.u32();
  const uint32_t epochs = r.u32();
  const uint32_t loss_at = r.pos();
  const uint32_t loss_bits = r.u32();
  if (!finite_bits(loss_bits))
    return fail(StatusCode::kNonFinite, "blob: the final loss is NaN or infinite", loss_at, error_offset);
  const uint32_t seed_low = r.u32();
  const uint32_t seed_high = r.u32();

  t->options.loss = static_cast<Loss>(loss);
  t->options.optimizer = static_cast<Optimizer>(optimizer);
  t->options.shuffle = (flags & 1u) != 0u;
  t->options.learning_rate = values[0];
  t->options.momentum = values[1];
  t->options.beta1 = values[2];
  t->options.beta2 = values[3];
  t->options.epsilon = values[4];
  t->options.l2 = values[5];
  t->options.batch_size = batch_size;
  t->init = static_cast<Init>(init);
  t->epochs = epochs;
  memcpy(&t->final_loss, &loss_bits, sizeof t->final_loss);
  t->seed = (static_cast<uint64_t>(seed_high) << 32) | seed_low;
  return Status::Ok();
}

Status read_class_names(Reader& r, uint16_t count, uint32_t* error_offset) {
  for (uint16_t i = 0; i < count; ++i) {
    if (!r.has(1)) return bad("blob: class names run past the declared size", r.pos(), error_offset);
    const uint8_t length = r.u8();
    if (!r.has(length)) return bad("blob: a class name runs past the declared size", r.pos() - 1u, error_offset);
    r.skip(length);
  }
  return read_padding(r, error_offset);
}

// Bytes [from, to) must be zero padding (the writer pads arrays to 4 bytes).
Status check_zeros(const uint8_t* data, uint32_t from, uint32_t to, uint32_t* error_offset) {
  for (uint32_t i = from; i < to; ++i)
    if (data[i] != 0u) return bad("blob: padding byte is not zero", i, error_offset);
  return Status::Ok();
}

// A requantisation multiplier and shift (core/fixed_point.h) at index j of their arrays.
Status check_requant(const uint8_t* data, uint32_t multipliers, uint32_t shifts, uint32_t j, uint32_t* error_offset) {
  const uint16_t m = load_u16(data + multipliers + 2u * j);
  if (m != 0u && (m < kRequantMultiplierMin || m > kRequantMultiplierMax))
    return bad("blob: an int8 multiplier is outside 16384..32767 (and not 0)", multipliers + 2u * j, error_offset);
  const uint8_t n = data[shifts + j];
  if (n < kRequantShiftMin || n > kRequantShiftMax)
    return bad("blob: an int8 shift is outside 17..46", shifts + j, error_offset);
  return Status::Ok();
}

Status check_scale(const uint8_t* data, uint32_t at, uint32_t* error_offset) {
  if (!finite_bits(load_u32(data + at)))
    return fail(StatusCode::kNonFinite, "blob: an int8 scale is NaN or infinite", at, error_offset);
  if (!(load_f32(data + at) > 0.0f)) return bad("blob: an int8 scale is not positive", at, error_offset);
  return Status::Ok();
}

// The int8 section (docs/model-format.md, "int8 parameters"): sizes, value ranges, padding.
Status read_int8_section(Reader& r, const uint8_t* data, const Topology& t, uint32_t* error_offset) {
  const uint32_t start = r.pos();
  if (!r.has(int8_section_bytes(t))) return bad("blob: int8 section runs past the declared size", start, error_offset);
  DFF_RETURN_IF_ERROR(check_zeros(data, start + 1u, start + 4u, error_offset));
  DFF_RETURN_IF_ERROR(check_scale(data, start + 4u, error_offset));
  const uint32_t n = t.inputs();
  const uint32_t offsets = start + kInt8InputHeaderBytes;
  const uint32_t multipliers = offsets + 4u * n;
  const uint32_t exponents = multipliers + ((2u * n + 3u) & ~3u);
  for (uint32_t i = 0; i < n; ++i) {
    const int32_t c = static_cast<int32_t>(load_u32(data + offsets + 4u * i));
    if (c < -kInt8InputOffsetLimit || c > kInt8InputOffsetLimit)
      return bad("blob: an int8 input offset is outside -2^29..2^29", offsets + 4u * i, error_offset);
    const uint16_t k = load_u16(data + multipliers + 2u * i);
    if (k != 0u && k < kInputMultiplierMin)
      return bad("blob: an int8 input multiplier is outside 32768..65535 (and not 0)", multipliers + 2u * i,
                 error_offset);
    if (static_cast<int16_t>(load_u16(data + exponents + 2u * i)) < kInputExponentMin)
      return bad("blob: an int8 input exponent is below -128", exponents + 2u * i, error_offset);
  }
  DFF_RETURN_IF_ERROR(check_zeros(data, multipliers + 2u * n, exponents, error_offset));
  DFF_RETURN_IF_ERROR(check_zeros(data, exponents + 2u * n, start + int8_input_bytes(t), error_offset));
  r.skip(int8_input_bytes(t));
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const Int8LayerLayout lay = int8_layer_layout(t, l, r.pos());
    const uint32_t n_out = t.widths[l + 1];
    if (static_cast<int8_t>(data[lay.header + 1]) > static_cast<int8_t>(data[lay.header + 2]))
      return bad("blob: an int8 layer's clamp minimum is above its maximum", lay.header + 1, error_offset);
    DFF_RETURN_IF_ERROR(check_scale(data, lay.header + 4u, error_offset));
    for (uint32_t i = lay.weights; i < lay.weights + n_out * t.widths[l]; ++i)
      if (data[i] == 0x80u) return bad("blob: an int8 weight is -128 (weights are symmetric, -127..127)", i, error_offset);
    for (uint32_t j = 0; j < n_out; ++j) {
      const int32_t b = static_cast<int32_t>(load_u32(data + lay.biases + 4u * j));
      if (b < -kInt8BiasLimit || b > kInt8BiasLimit)
        return bad("blob: an int8 bias is outside -2^30..2^30", lay.biases + 4u * j, error_offset);
      DFF_RETURN_IF_ERROR(check_requant(data, lay.multipliers, lay.shifts, j, error_offset));
      if (lay.neg_multipliers != 0u)
        DFF_RETURN_IF_ERROR(check_requant(data, lay.neg_multipliers, lay.neg_shifts, j, error_offset));
    }
    if (t.activations[l] == Activation::kSoftmax) {
      if (load_u16(data + lay.table) == 0u) return bad("blob: the softmax exp table starts with 0", lay.table, error_offset);
      for (uint32_t d = 0; d < kInt8TableEntries; ++d)
        if (load_u16(data + lay.table + 2u * d) > kInt8ExpOne)
          return bad("blob: a softmax exp table entry is above 32768", lay.table + 2u * d, error_offset);
    }
    // Zero padding after the weights, multipliers and shifts (and their negative twins).
    const uint32_t after_shifts = lay.neg_multipliers != 0u ? lay.neg_multipliers : (lay.table != 0u ? lay.table : lay.end);
    DFF_RETURN_IF_ERROR(check_zeros(data, lay.weights + n_out * t.widths[l], lay.biases, error_offset));
    DFF_RETURN_IF_ERROR(check_zeros(data, lay.multipliers + 2u * n_out, lay.shifts, error_offset));
    DFF_RETURN_IF_ERROR(check_zeros(data, lay.shifts + n_out, after_shifts, error_offset));
    if (lay.neg_multipliers != 0u) {
      DFF_RETURN_IF_ERROR(check_zeros(data, lay.neg_multipliers + 2u * n_out, lay.neg_shifts, error_offset));
      DFF_RETURN_IF_ERROR(check_zeros(data, lay.neg_shifts + n_out, lay.table != 0u ? lay.table : lay.end, error_offset));
    }
    r.skip(lay.end - r.pos());
  }
  return Status::Ok();
}

// Everything after the CRC check: the content is intact, so any mismatch here is a writer bug
// or a crafted blob, reported as kBlobBadTopology (or kNonFinite for values).
Status parse_body(const uint8_t* data, uint32_t body_end, BlobInfo* info, uint32_t* error_offset) {
  const bool int8 = load_u16(data + 4) == kBlobVersionInt8;
  const uint16_t header_size = load_u16(data + 6);
  if (header_size < kBlobHeaderBytes || header_size % 4u != 0u || header_size > body_end)
    return bad("blob: header size must be a multiple of 4, at least 16 and inside the blob", 6, error_offset);
  const uint8_t layer_count = data[12];
  const uint8_t flags = data[13];
  if (layer_count < 1 || layer_count > kMaxLayers)
    return bad("blob: layer count is 0 or more than this build's DFF_MAX_LAYERS", 12, error_offset);
  if ((flags & ~(int8 ? kBlobKnownFlagsInt8 : kBlobKnownFlags)) != 0u)
    return bad("blob: unknown flag bits are set", 13, error_offset);
  if (int8 && (flags & kBlobFlagInt8) == 0u) return bad("blob: a version 2 blob must have the int8 flag", 13, error_offset);
  if (load_u16(data + 14) != 0u) return bad("blob: reserved header bytes are not zero", 14, error_offset);

  Topology t;
  t.layer_count = layer_count;
  t.bias = (flags & kBlobFlagBias) != 0u;
  t.normalize = (flags & kBlobFlagNormalize) != 0u;
  Reader r(data, body_end, header_size);
  const uint32_t widths_at = r.pos();
  if (!r.has(3u * layer_count + 2u)) return bad("blob: topology runs past the declared size", widths_at, error_offset);
  for (uint32_t i = 0; i <= layer_count; ++i) t.widths[i] = r.u16();
  const uint32_t activations_at = r.pos();
  for (uint32_t i = 0; i < layer_count; ++i) {
    const uint8_t a = r.u8();
    if (!is_valid_activation(a)) return bad("blob: unknown activation function", activations_at + i, error_offset);
    t.activations[i] = static_cast<Activation>(a);
  }
  const Status topology = validate_topology(t);
  if (!topology.ok()) return bad(topology.message(), widths_at, error_offset);
  DFF_RETURN_IF_ERROR(read_padding(r, error_offset));

  BlobInfo parsed;
  parsed.topology = t;
  if ((flags & kBlobFlagTraining) != 0u) {
    parsed.has_training = true;
    DFF_RETURN_IF_ERROR(read_training(r, &parsed.training, error_offset));
  }
  if ((flags & kBlobFlagClassNames) != 0u) {
    parsed.class_count = t.outputs();
    parsed.class_names_offset = r.pos();
    DFF_RETURN_IF_ERROR(read_class_names(r, parsed.class_count, error_offset));
  }
  if (t.normalize) {
    parsed.norm_offset = r.pos();
    DFF_RETURN_IF_ERROR(
        read_floats(r, 2u * t.inputs(), "blob: normalisation runs past the declared size", error_offset));
    for (uint32_t i = 0; i < t.inputs(); ++i) {
      const uint32_t at = parsed.norm_offset + 4u * (t.inputs() + i);
      if (!(load_f32(data + at) > 0.0f))
        return bad("blob: a normalisation standard deviation is not positive", at, error_offset);
    }
  }
  if (int8) {
    parsed.int8 = true;
    parsed.int8_offset = r.pos();
    DFF_RETURN_IF_ERROR(read_int8_section(r, data, t, error_offset));
  } else {
    parsed.params_offset = r.pos();
    DFF_RETURN_IF_ERROR(read_floats(r, parameter_count(t), "blob: weights run past the declared size", error_offset));
  }
  if (r.pos() != body_end)
    return bad("blob: declared size is larger than its topology and sections need", r.pos(), error_offset);
  *info = parsed;
  return Status::Ok();
}

}  // namespace

Status blob_inspect(const uint8_t* data, size_t size, BlobInfo* info, uint32_t* error_offset) {
  if (data == nullptr && size != 0) return fail(StatusCode::kInvalidArgument, "blob: data is null", 0, error_offset);
  const size_t magic_bytes = size < 4 ? size : 4;
  if (magic_bytes > 0 && memcmp(data, kBlobMagic, magic_bytes) != 0)
    return fail(StatusCode::kBlobBadMagic, "blob: not a microdff model blob (does not start with \"DFFB\")", 0,
                error_offset);
  if (size < 6)
    return fail(StatusCode::kBlobTruncated, "blob: truncated inside the header (check the transfer)",
                static_cast<uint32_t>(size),
                error_offset);
  const uint16_t version = load_u16(data + 4);
  if (version != kBlobVersion && version != kBlobVersionInt8)
    return fail(StatusCode::kBlobBadVersion, kBadVersion, 4, error_offset);
  if (size < kBlobHeaderBytes)
    return fail(StatusCode::kBlobTruncated, "blob: truncated inside the header (check the transfer)",
                static_cast<uint32_t>(size),
                error_offset);
  const uint32_t total = load_u32(data + 8);
  if (total < kBlobHeaderBytes + kBlobCrcBytes)
    return bad("blob: declared size is smaller than a header and a CRC", 8, error_offset);
  if (size < total)  // so `size` fits in 32 bits below
    return fail(StatusCode::kBlobTruncated, "blob: shorter than its declared size (transfer stopped early?)",
                static_cast<uint32_t>(size),
                error_offset);
  if (size > total)
    return fail(StatusCode::kBlobOversized, "blob: extra bytes after its declared end (two files joined?)", total,
                error_offset);
  const uint32_t body_end = total - kBlobCrcBytes;
  const uint32_t stored = load_u32(data + body_end);
  if (crc32(data, static_cast<size_t>(body_end)) != stored)
    return fail(StatusCode::kBlobBadCrc, "blob: CRC32 mismatch, the content is corrupted (send it again)", body_end,
                error_offset);
  BlobInfo parsed;
  DFF_RETURN_IF_ERROR(parse_body(data, body_end, &parsed, error_offset));
  parsed.total_bytes = total;
  parsed.crc32 = stored;
  if (info != nullptr) *info = parsed;
  return Status::Ok();
}

Status blob_load(const uint8_t* data, size_t size, const MemoryPlan& plan, void* buffer, size_t buffer_size,
                 Network* out) {
  if (out == nullptr) return Status(StatusCode::kInvalidArgument, "blob_load: out is null");
  BlobInfo info;
  DFF_RETURN_IF_ERROR(blob_inspect(data, size, &info));
  if (info.int8)
    return Status(StatusCode::kUnsupported, "blob: holds an int8 model, which runs with blob_int8_model, not as float");
  const Topology& t = info.topology;
  const size_t need = bytes_required(t, plan);  // 0 when this target cannot address it
  if (need == 0 || need > buffer_size)
    return Status(StatusCode::kBlobTooLarge,
                  "blob: model needs more RAM than the buffer provides (see bytes_required; "
                  "an inference-only plan needs the least)");
  if (buffer == nullptr) return Status(StatusCode::kInvalidArgument, "blob_load: buffer is null");
  if (reinterpret_cast<uintptr_t>(buffer) % alignof(float) != 0u)
    return Status(StatusCode::kInvalidArgument, "blob_load: buffer must be aligned to 4 bytes");

  Network net;
  DFF_RETURN_IF_ERROR(net.init(t, plan, buffer, buffer_size));
  if (t.normalize) {
    const uint8_t* p = data + info.norm_offset;
    for (uint32_t i = 0; i < t.inputs(); ++i) net.norm_mean()[i] = load_f32(p + 4u * i);
    p += 4u * t.inputs();
    for (uint32_t i = 0; i < t.inputs(); ++i) net.norm_std()[i] = load_f32(p + 4u * i);
  }
  float* params = net.parameters();
  const uint8_t* p = data + info.params_offset;
  for (uint32_t i = 0; i < net.parameter_count(); ++i) params[i] = load_f32(p + 4u * i);
  *out = net;
  return Status::Ok();
}

Status blob_int8_model(const uint8_t* data, size_t size, Int8Model* model) {
  if (model == nullptr) return Status(StatusCode::kInvalidArgument, "blob_int8_model: model is null");
  BlobInfo info;
  DFF_RETURN_IF_ERROR(blob_inspect(data, size, &info));
  if (!info.int8)
    return Status(StatusCode::kUnsupported, "blob: holds a float model; export it with --format blob-int8 to run it as int8");
  model->bytes = data;
  model->topology = info.topology;
  model->section = info.int8_offset;
  return Status::Ok();
}

namespace blob_detail {

Status int8_header(const uint8_t header[16], uint16_t* header_size) {
  if (memcmp(header, kBlobMagic, sizeof kBlobMagic) != 0)
    return Status(StatusCode::kBlobBadMagic, "blob: not a microdff model blob (does not start with \"DFFB\")");
  const uint16_t version = load_u16(header + 4);
  if (version == kBlobVersion)
    return Status(StatusCode::kUnsupported, "blob: holds a float model; export it with --format blob-int8 to run it as int8");
  if (version != kBlobVersionInt8) return Status(StatusCode::kBlobBadVersion, kBadVersion);
  const uint16_t at = load_u16(header + 6);
  const uint8_t flags = header[13];
  if (at < kBlobHeaderBytes || at % 4u != 0u || header[12] < 1 || header[12] > kMaxLayers ||
      (flags & ~kBlobKnownFlagsInt8) != 0u || (flags & kBlobFlagInt8) == 0u || load_u16(header + 14) != 0u)
    return Status(StatusCode::kBlobBadTopology, "blob: header of an int8 blob is invalid");
  *header_size = at;
  return Status::Ok();
}

}  // namespace blob_detail

Status blob_class_name(const uint8_t* data, size_t size, const BlobInfo& info, uint16_t index, const char** name,
                       uint8_t* length) {
  if (data == nullptr || name == nullptr || length == nullptr)
    return Status(StatusCode::kInvalidArgument, "blob_class_name: null argument");
  if (index >= info.class_count) return Status(StatusCode::kInvalidArgument, "blob_class_name: no class with this index");
  if (size != info.total_bytes || info.class_names_offset >= size)
    return Status(StatusCode::kInvalidArgument, "blob_class_name: info does not belong to these bytes");
  Reader r(data, info.total_bytes - kBlobCrcBytes, info.class_names_offset);
  for (uint16_t i = 0;; ++i) {
    if (!r.has(1)) return Status(StatusCode::kInvalidArgument, "blob_class_name: info does not belong to these bytes");
    const uint8_t n = r.u8();
    if (!r.has(n)) return Status(StatusCode::kInvalidArgument, "blob_class_name: info does not belong to these bytes");
    if (i == index) {
      *name = reinterpret_cast<const char*>(r.here());
      *length = n;
      return Status::Ok();
    }
    r.skip(n);
  }
}

}  // namespace dff
