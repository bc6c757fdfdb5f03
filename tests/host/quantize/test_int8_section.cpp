// The int8 section writer against the core's layout (core/int8_network.h).
#include "core/host/quantize/int8_section.h"

#include <catch2/catch.hpp>
#include <cstring>

#include "core/int8_network.h"
#include "core/little_endian.h"

using namespace dff;

TEST_CASE("the section's arrays sit where int8_layer_layout says, padded with zeros") {
  Int8Params p;
  const uint16_t widths[] = {3, 5, 2};
  REQUIRE(make_topology(widths, 3, Activation::kLeakyRelu, Activation::kSoftmax, true, &p.topology).ok());
  p.input_zero_point = -7;
  p.input_scale = 0.5f;
  p.input_offsets = {-1000, 2000, 3000};
  p.input_multipliers = {40000, 50000, 60000};
  p.input_exponents = {-5, 6, 7};
  for (uint8_t l = 0; l < 2; ++l) {
    Int8LayerParams L;
    const uint32_t n_in = widths[l], n_out = widths[l + 1];
    L.requant_zero_point = static_cast<int8_t>(10 + l);
    L.clamp_min = -100;
    L.clamp_max = 100;
    L.output_zero_point = static_cast<int8_t>(-20 - l);
    L.output_scale = 0.25f;
    for (uint32_t i = 0; i < n_in * n_out; ++i) L.weights.push_back(static_cast<int8_t>(i + 1));
    for (uint32_t j = 0; j < n_out; ++j) {
      L.biases.push_back(-1000 - static_cast<int32_t>(j));
      L.multipliers.push_back(static_cast<uint16_t>(20000 + j));
      L.shifts.push_back(static_cast<uint8_t>(20 + j));
      if (l == 0) {
        L.neg_multipliers.push_back(static_cast<uint16_t>(30000 + j));
        L.neg_shifts.push_back(static_cast<uint8_t>(30 + j));
      }
    }
    if (l == 1)
      for (uint32_t d = 0; d < 256; ++d) L.exp_table.push_back(static_cast<uint16_t>(32768 - 100 * d));
    p.layers.push_back(L);
  }
  std::string out(12, 'x');  // the section starts 4-aligned after earlier sections
  append_int8_section(p, &out);
  const auto* b = reinterpret_cast<const uint8_t*>(out.data());
  CHECK(out.size() == 12 + int8_section_bytes(p.topology));
  CHECK(static_cast<int8_t>(b[12]) == -7);
  CHECK((b[13] | b[14] | b[15]) == 0);
  CHECK(le::load_f32(b + 16) == 0.5f);
  CHECK(static_cast<int32_t>(le::load_u32(b + 20)) == -1000);
  CHECK(le::load_u32(b + 20 + 8) == 3000);
  CHECK(le::load_u16(b + 32 + 4) == 60000);
  CHECK(le::load_u16(b + 32 + 6) == 0);  // padding
  CHECK(static_cast<int16_t>(le::load_u16(b + 40)) == -5);
  CHECK(le::load_u16(b + 40 + 4) == 7);
  CHECK(le::load_u16(b + 40 + 6) == 0);  // padding
  const Int8LayerLayout l0 = int8_layer_layout(p.topology, 0, 12 + int8_input_bytes(p.topology));
  const Int8LayerLayout l1 = int8_layer_layout(p.topology, 1, l0.end);
  CHECK(static_cast<int8_t>(b[l0.header]) == 10);
  CHECK(static_cast<int8_t>(b[l1.header + 3]) == -21);
  CHECK(le::load_f32(b + l1.header + 4) == 0.25f);
  CHECK(b[l0.weights + 14] == 15);
  CHECK(b[l0.weights + 15] == 0);  // padding after 15 weights
  CHECK(static_cast<int32_t>(le::load_u32(b + l0.biases + 8)) == -1002);
  CHECK(le::load_u16(b + l0.multipliers + 8) == 20004);
  CHECK(le::load_u16(b + l0.multipliers + 10) == 0);  // padding
  CHECK(b[l0.shifts + 4] == 24);
  CHECK(le::load_u16(b + l0.neg_multipliers + 2) == 30001);
  CHECK(b[l0.neg_shifts + 4] == 34);
  CHECK(le::load_u16(b + l1.table + 2 * 255) == 32768 - 25500);
  CHECK(l1.end == out.size());
}
