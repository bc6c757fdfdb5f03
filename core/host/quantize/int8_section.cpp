#include "core/host/quantize/int8_section.h"

#include <string.h>

#include "core/int8_network.h"
#include "core/little_endian.h"

namespace dff {
namespace {

void put_u8(std::string* out, uint32_t v) { out->push_back(static_cast<char>(v & 0xFFu)); }
void put_u16(std::string* out, uint32_t v) {
  uint8_t b[2];
  le::store_u16(b, static_cast<uint16_t>(v));
  out->append(reinterpret_cast<const char*>(b), 2);
}
void put_u32(std::string* out, uint32_t v) {
  uint8_t b[4];
  le::store_u32(b, v);
  out->append(reinterpret_cast<const char*>(b), 4);
}
void put_f32(std::string* out, float f) {
  uint8_t b[4];
  le::store_f32(b, f);
  out->append(reinterpret_cast<const char*>(b), 4);
}
void pad4(std::string* out) {
  while (out->size() % 4u != 0u) put_u8(out, 0);
}

}  // namespace

void append_int8_section(const Int8Params& p, std::string* out) {
  put_u8(out, static_cast<uint8_t>(p.input_zero_point));
  put_u8(out, 0);
  put_u16(out, 0);
  put_f32(out, p.input_scale);
  for (const int32_t c : p.input_offsets) put_u32(out, static_cast<uint32_t>(c));
  for (const uint16_t k : p.input_multipliers) put_u16(out, k);
  pad4(out);
  for (const int16_t e : p.input_exponents) put_u16(out, static_cast<uint16_t>(e));
  pad4(out);
  for (const Int8LayerParams& l : p.layers) {
    put_u8(out, static_cast<uint8_t>(l.requant_zero_point));
    put_u8(out, static_cast<uint8_t>(l.clamp_min));
    put_u8(out, static_cast<uint8_t>(l.clamp_max));
    put_u8(out, static_cast<uint8_t>(l.output_zero_point));
    put_f32(out, l.output_scale);
    for (const int8_t w : l.weights) put_u8(out, static_cast<uint8_t>(w));
    pad4(out);
    for (const int32_t b : l.biases) put_u32(out, static_cast<uint32_t>(b));
    for (const uint16_t m : l.multipliers) put_u16(out, m);
    pad4(out);
    for (const uint8_t n : l.shifts) put_u8(out, n);
    pad4(out);
    for (const uint16_t m : l.neg_multipliers) put_u16(out, m);
    pad4(out);
    for (const uint8_t n : l.neg_shifts) put_u8(out, n);
    pad4(out);
    for (const int8_t v : l.table) put_u8(out, static_cast<uint8_t>(v));
    for (const uint16_t e : l.exp_table) put_u16(out, e);
  }
}

}  // namespace dff
