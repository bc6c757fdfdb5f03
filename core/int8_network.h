// Full-integer int8 inference of a network stored in a model blob's int8 section
// (docs/model-format.md, "int8 parameters"). No heap, no float arithmetic from the raw
// inputs to the int8 outputs (the input step reads the floats' bits; only the optional
// dequantisation of outputs multiplies floats), int32 accumulation, fixed-point
// requantisation (core/fixed_point.h).
//
// Ownership: an Int8Model is a small handle (no copy of the parameters); it points at the
// blob's bytes, which the caller owns and must keep unchanged while the handle is used.
// The bytes are read through a policy type `Bytes` with
//   static uint8_t get(const uint8_t* p);   // one byte of the model
//   static int32_t dot(const uint8_t* w, const int8_t* x, uint16_t n, int32_t acc);
//                                           // acc + sum of (int8)w[i] * x[i], i < n
// RamBytes reads ordinary memory (RAM, or flash mapped into the address space as on
// Cortex-M). A CPU with separate program memory supplies its own: core/int8_avr.h has
// AvrProgmemBytes, so an ATmega runs a blob that lives in flash without copying it.
// Every function is deterministic: the same model and inputs give the same bits on
// every target (tests/targets, tests/firmware_e2e and the WASM tests compare them).
// Thread safety: the functions keep no state; the caller's scratch is their only memory.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/fixed_point.h"
#include "core/int8_asm.h"
#include "core/network.h"
#include "core/status.h"

namespace dff {

// Layout of the int8 section (all offsets from the start of the blob). The input part: this
// header, then per input an i32 offset, a u16 multiplier and an i16 exponent (three arrays,
// each padded to 4 bytes).
constexpr uint32_t kInt8InputHeaderBytes = 8;  // i8 zero point, 3 zero bytes, f32 scale
constexpr uint32_t kInt8LayerHeaderBytes = 8;  // i8 requant zero point, i8 min, i8 max, i8 output zero point, f32 output scale
constexpr uint32_t kInt8TableEntries = 256;    // sigmoid/tanh: int8 per pre-activation; softmax: u16 exp per distance
constexpr uint16_t kInt8ExpOne = 1u << 15;     // softmax exp table entry of distance 0

// Byte offsets of one layer's record; the arrays follow the 8-byte header in this order,
// each padded with zeros to a multiple of 4 bytes.
struct Int8LayerLayout {
  uint32_t header = 0;
  uint32_t weights = 0;          // i8[outputs * inputs], neuron by neuron
  uint32_t biases = 0;           // i32[outputs], zero points folded in
  uint32_t multipliers = 0;      // u16[outputs]
  uint32_t shifts = 0;           // u8[outputs]
  uint32_t neg_multipliers = 0;  // leaky relu only (acc < 0): u16[outputs]
  uint32_t neg_shifts = 0;       // leaky relu only: u8[outputs]
  uint32_t table = 0;            // sigmoid/tanh: i8[256]; softmax: u16[256]; else 0
  uint32_t end = 0;              // first byte after the record
};

// Bytes of the input part (header, offsets, multipliers, exponents) for a valid topology.
uint32_t int8_input_bytes(const Topology& t);
// Offsets of layer `layer`'s record when it starts at byte `at`.
Int8LayerLayout int8_layer_layout(const Topology& t, uint8_t layer, uint32_t at);
// Bytes of the whole section; 64-bit so that no topology can make it wrap.
uint64_t int8_section_bytes(const Topology& t);
// Bytes of int8 scratch the run functions need: max over k of widths[k] + widths[k+1].
size_t int8_scratch_bytes(const Topology& t);
// Where vector k (0 the input, k > 0 layer k-1's output) lives in a scratch of `span` =
// int8_scratch_bytes(t) bytes: even vectors at the start, odd ones at the end, so a layer
// never writes over the vector it reads.
inline size_t int8_scratch_offset(const Topology& t, uint8_t k, size_t span) {
  return (k % 2u == 0u) ? 0u : span - t.widths[k];
}

// Reads ordinary memory.
struct RamBytes {
  static uint8_t get(const uint8_t* p) { return *p; }
  static int32_t dot(const uint8_t* w, const int8_t* x, uint16_t n, int32_t acc) {
    const int8_t* wi = reinterpret_cast<const int8_t*>(w);
#if defined(__ARM_ARCH_6M__)
    uint32_t i = n;
    int32_t a, b;
    __asm__ volatile(DFF_THUMB1_DOT_ASM
                     : [acc] "+l"(acc), [n] "+l"(i), [a] "=&l"(a), [b] "=&l"(b)
                     : [w] "l"(wi), [x] "l"(x)
                     : "cc");
#else
    for (uint16_t i = 0; i < n; ++i) acc += static_cast<int16_t>(wi[i] * x[i]);
#endif
    return acc;
  }
};

// A validated int8 model: blob_int8_model() or, for a blob only `Bytes` can read, blob_int8_model_at() (core/blob.h).
struct Int8Model {
  const uint8_t* bytes = nullptr;  // first byte of the blob, in the memory the Bytes policy reads
  Topology topology{};             // widths and activations
  uint32_t section = 0;            // offset of the int8 section in the blob
};

namespace int8_detail {

template <class B>
uint16_t u16(const uint8_t* p) {
  return static_cast<uint16_t>(B::get(p) | (B::get(p + 1) << 8));
}
template <class B>
uint32_t u32(const uint8_t* p) {
  return static_cast<uint32_t>(u16<B>(p)) | (static_cast<uint32_t>(u16<B>(p + 2)) << 16);
}
template <class B>
float f32(const uint8_t* p) {
  const uint32_t bits = u32<B>(p);
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}
template <class B>
int8_t i8(const uint8_t* p) {
  return static_cast<int8_t>(B::get(p));
}

// One dense layer: in (widths[layer] values) -> out (widths[layer+1] values). For softmax
// layers `out` receives the logits.
template <class B>
void layer(const Int8Model& m, uint8_t l, const Int8LayerLayout& r, const int8_t* in, int8_t* out) {
  const uint8_t* base = m.bytes;
  const Activation a = m.topology.activations[l];
  const uint16_t n_in = m.topology.widths[l];
  const uint16_t n_out = m.topology.widths[l + 1];
  const int8_t zero = i8<B>(base + r.header);
  const int8_t lo = i8<B>(base + r.header + 1);
  const int8_t hi = i8<B>(base + r.header + 2);
  const bool leaky = a == Activation::kLeakyRelu;
  const bool table = a == Activation::kSigmoid || a == Activation::kTanh;
  const uint8_t* w = base + r.weights;
  for (uint16_t j = 0; j < n_out; ++j, w += n_in) {
    const int32_t acc = B::dot(w, in, n_in, static_cast<int32_t>(u32<B>(base + r.biases + 4u * j)));
    uint16_t mult;
    uint8_t shift;
    if (leaky && acc < 0) {
      mult = u16<B>(base + r.neg_multipliers + 2u * j);
      shift = B::get(base + r.neg_shifts + j);
    } else {
      mult = u16<B>(base + r.multipliers + 2u * j);
      shift = B::get(base + r.shifts + j);
    }
    int8_t v = clamp_int8(zero + requantize(acc, mult, shift), lo, hi);
    if (table) v = i8<B>(base + r.table + static_cast<uint8_t>(v + 128));
    out[j] = v;
  }
}

// Runs every layer; the last writes to `out` (logits for a softmax layer). Returns the last layer's layout.
template <class B>
Int8LayerLayout forward(const Int8Model& m, const int8_t* in, int8_t* out, int8_t* scratch) {
  const Topology& t = m.topology;
  const size_t span = int8_scratch_bytes(t);
  uint32_t at = m.section + int8_input_bytes(t);
  Int8LayerLayout r;
  const int8_t* vec = in;
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    r = int8_layer_layout(t, l, at);
    int8_t* dst = l + 1u == t.layer_count ? out : scratch + int8_scratch_offset(t, static_cast<uint8_t>(l + 1u), span);
    layer<B>(m, l, r, vec, dst);
    vec = dst;
    at = r.end;
  }
  return r;
}

// Softmax of n int8 logits in place, to probabilities with scale 1/256 and zero point -128:
// e[k] from the exp table (<= 2^15), S their sum, r = (2^31 - 1) / S (one division, r < 2^16),
// p[k] = round(e[k] * r / 2^23) - 128, limited to 127.
template <class B>
void softmax(const Int8Model& m, const Int8LayerLayout& r, int8_t* v, uint16_t n) {
  const uint8_t* table = m.bytes + r.table;
  int8_t top = v[0];
  for (uint16_t k = 1; k < n; ++k)
    if (v[k] > top) top = v[k];
  uint32_t sum = 0;
  for (uint16_t k = 0; k < n; ++k) sum += u16<B>(table + 2u * static_cast<uint8_t>(top - v[k]));
  const uint16_t inverse = static_cast<uint16_t>(UINT32_C(0x7FFFFFFF) / sum);
  for (uint16_t k = 0; k < n; ++k) {
    const uint32_t e = u16<B>(table + 2u * static_cast<uint8_t>(top - v[k]));
    const uint32_t p = (e * inverse + (UINT32_C(1) << 22)) >> 23;
    v[k] = clamp_int8(static_cast<int32_t>(p) - 128, -128, 127);
  }
}

}  // namespace int8_detail

// The int8 outputs for int8 inputs (topology().inputs() values, already quantised with the
// model's input scale and zero point; see int8_quantize_input): probabilities with scale
// 1/256 and zero point -128 for a softmax output layer. `scratch` holds
// int8_scratch_bytes(topology) bytes; `output` must not overlap `input` or the scratch.
template <class Bytes = RamBytes>
void int8_run(const Int8Model& m, const int8_t* input, int8_t* output, int8_t* scratch) {
  const Int8LayerLayout last = int8_detail::forward<Bytes>(m, input, output, scratch);
  const Topology& t = m.topology;
  if (t.activations[t.layer_count - 1] == Activation::kSoftmax)
    int8_detail::softmax<Bytes>(m, last, output, t.outputs());
}

// Scale and zero point of the int8 outputs: real value = scale * (q - zero).
template <class Bytes = RamBytes>
void int8_output_quantization(const Int8Model& m, float* scale, int8_t* zero) {
  const Topology& t = m.topology;
  uint32_t at = m.section + int8_input_bytes(t);
  for (uint8_t l = 0; l + 1u < t.layer_count; ++l) at = int8_layer_layout(t, l, at).end;
  *zero = int8_detail::i8<Bytes>(m.bytes + at + 3);
  *scale = int8_detail::f32<Bytes>(m.bytes + at + 4);
}

// The class, by core/classify.h's rule: with one output, 1 if it is >= 0.5 (compared as
// the dequantised float, as float models do), else the index of the largest output, the
// first on a tie; for softmax models the largest logit, so no softmax is computed. Same
// input and scratch rules as int8_run.
template <class Bytes = RamBytes>
uint16_t int8_classify(const Int8Model& m, const int8_t* input, int8_t* scratch) {
  const Topology& t = m.topology;
  int8_t* out = scratch + int8_scratch_offset(t, t.layer_count, int8_scratch_bytes(t));
  int8_detail::forward<Bytes>(m, input, out, scratch);
  if (t.outputs() == 1u) {
    float scale;
    int8_t zero;
    int8_output_quantization<Bytes>(m, &scale, &zero);
    return static_cast<float>(out[0] - zero) * scale >= 0.5f ? 1u : 0u;
  }
  uint16_t best = 0;
  for (uint16_t k = 1; k < t.outputs(); ++k)
    if (out[k] > out[best]) best = k;
  return best;
}

// Raw float inputs -> int8 inputs, in integers from the floats' bits: with the input's
// multiplier k, exponent e and offset c (the zero point and the normalisation folded in,
// in units of 1/256 of a step), q = clamp(floor((float_times_fixed(x, k, e) + c + 128) / 256)).
// NaN and infinities read as the extreme level of their sign.
template <class Bytes = RamBytes>
void int8_quantize_input(const Int8Model& m, const float* raw, int8_t* q) {
  const uint16_t n = m.topology.inputs();
  const uint8_t* offsets = m.bytes + m.section + kInt8InputHeaderBytes;
  const uint8_t* multipliers = offsets + 4u * n;
  const uint8_t* exponents = multipliers + ((2u * n + 3u) & ~3u);
  for (uint16_t i = 0; i < n; ++i) {
    const int32_t t = float_times_fixed(raw[i], int8_detail::u16<Bytes>(multipliers + 2u * i),
                                        static_cast<int16_t>(int8_detail::u16<Bytes>(exponents + 2u * i))) +
                      static_cast<int32_t>(int8_detail::u32<Bytes>(offsets + 4u * i));
    q[i] = clamp_int8((t + 128) >> 8, -128, 127);
  }
}

// int8 outputs -> floats: (q - output zero point) * output scale, one float32 multiplication.
template <class Bytes = RamBytes>
void int8_dequantize_output(const Int8Model& m, const int8_t* q, float* out) {
  float scale;
  int8_t zero;
  int8_output_quantization<Bytes>(m, &scale, &zero);
  for (uint16_t k = 0; k < m.topology.outputs(); ++k) out[k] = static_cast<float>(q[k] - zero) * scale;
}

// Raw floats in, float outputs out (quantise, run, dequantise), with the lengths checked;
// `input` and `output` may be the same array (the inputs are read before any output is written):
// kDimensionMismatch if they differ from the topology, kBufferTooSmall if the scratch is
// smaller than int8_scratch_bytes(topology), kInvalidArgument for a model without bytes.
template <class Bytes = RamBytes>
Status int8_predict(const Int8Model& m, const float* input, uint32_t input_len, float* output, uint32_t output_len,
                    int8_t* scratch, size_t scratch_size) {
  const Topology& t = m.topology;
  if (m.bytes == nullptr || t.layer_count == 0)
    return Status(StatusCode::kInvalidArgument, "int8 model: not opened (see blob_int8_model)");
  if (input_len != t.inputs() || output_len != t.outputs())
    return Status(StatusCode::kDimensionMismatch, "int8 model: input or output length differs from the topology");
  if (scratch == nullptr || scratch_size < int8_scratch_bytes(t))
    return Status(StatusCode::kBufferTooSmall, "int8 model: scratch smaller than int8_scratch_bytes(topology)");
  int8_t* q = scratch;
  int8_t* out = scratch + int8_scratch_offset(t, t.layer_count, int8_scratch_bytes(t));
  int8_quantize_input<Bytes>(m, input, q);
  int8_run<Bytes>(m, q, out, scratch);
  int8_dequantize_output<Bytes>(m, out, output);
  return Status::Ok();
}

}  // namespace dff
