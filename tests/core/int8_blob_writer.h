// Test-only writer of int8 blobs (format version 2), written from docs/model-format.md
// independently of the host quantiser, plus a 64-bit reference of the int8 arithmetic, so
// the core's parser and kernels are checked against the document.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/prng.h"

namespace int8_test {

using Bytes = std::vector<uint8_t>;

struct Layer {
  int8_t zero = 0, lo = -128, hi = 127, out_zero = 0;
  float out_scale = 0.125f;
  std::vector<int8_t> w;  // outputs x inputs
  std::vector<int32_t> b;
  std::vector<uint16_t> m, m_neg;
  std::vector<uint8_t> n, n_neg;
  std::vector<int8_t> table;    // 256 (sigmoid/tanh)
  std::vector<uint16_t> exps;   // 256 (softmax)
};

struct Net {
  std::vector<uint16_t> widths;
  std::vector<uint8_t> activations;  // 0 sigmoid, 1 relu, 2 leaky, 3 tanh, 4 linear, 5 softmax
  int8_t in_zero = 0;
  float in_scale = 0.5f;
  std::vector<int32_t> offsets;       // 1/256 steps
  std::vector<uint16_t> multipliers;  // factor multiplier * 2^-exponent
  std::vector<int16_t> exponents;
  std::vector<Layer> layers;
  bool training = false;
  std::vector<std::string> class_names;
};

inline void put8(Bytes& b, uint32_t v) { b.push_back(static_cast<uint8_t>(v)); }
inline void put16(Bytes& b, uint32_t v) {
  put8(b, v & 0xFF);
  put8(b, (v >> 8) & 0xFF);
}
inline void put32(Bytes& b, uint32_t v) {
  put16(b, v & 0xFFFF);
  put16(b, v >> 16);
}
inline void putf(Bytes& b, float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  put32(b, u);
}
inline void pad(Bytes& b) {
  while (b.size() % 4) put8(b, 0);
}
inline void set32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}
// Rewrites the total size and the CRC after an edit.
inline void reseal(Bytes& b) {
  set32(b, 8, static_cast<uint32_t>(b.size()));
  set32(b, b.size() - 4, dff::crc32(b.data(), b.size() - 4));
}

// The blob; `section_at` (optional) receives the offset of the int8 section.
inline Bytes build(const Net& net, size_t* section_at = nullptr) {
  Bytes b{'D', 'F', 'F', 'B'};
  put16(b, 2);
  put16(b, 16);
  put32(b, 0);
  put8(b, static_cast<uint32_t>(net.layers.size()));
  put8(b, 0x01u | 0x10u | (net.training ? 0x04u : 0u) | (net.class_names.empty() ? 0u : 0x08u));
  put16(b, 0);
  for (const uint16_t w : net.widths) put16(b, w);
  for (const uint8_t a : net.activations) put8(b, a);
  pad(b);
  if (net.training) {
    for (uint32_t i = 0; i < 4; ++i) put8(b, 0);
    for (const float f : {1.0f, 0.9f, 0.9f, 0.999f, 1e-8f, 0.0f}) putf(b, f);
    put32(b, 1);
    put32(b, 10);
    putf(b, 0.5f);
    put32(b, 1);
    put32(b, 0);
  }
  if (!net.class_names.empty()) {
    for (const std::string& n : net.class_names) {
      put8(b, static_cast<uint32_t>(n.size()));
      b.insert(b.end(), n.begin(), n.end());
    }
    pad(b);
  }
  if (section_at != nullptr) *section_at = b.size();
  put8(b, static_cast<uint8_t>(net.in_zero));
  put8(b, 0);
  put16(b, 0);
  putf(b, net.in_scale);
  for (const int32_t c : net.offsets) put32(b, static_cast<uint32_t>(c));
  for (const uint16_t k : net.multipliers) put16(b, k);
  pad(b);
  for (const int16_t e : net.exponents) put16(b, static_cast<uint16_t>(e));
  pad(b);
  for (const Layer& l : net.layers) {
    put8(b, static_cast<uint8_t>(l.zero));
    put8(b, static_cast<uint8_t>(l.lo));
    put8(b, static_cast<uint8_t>(l.hi));
    put8(b, static_cast<uint8_t>(l.out_zero));
    putf(b, l.out_scale);
    for (const int8_t w : l.w) put8(b, static_cast<uint8_t>(w));
    pad(b);
    for (const int32_t v : l.b) put32(b, static_cast<uint32_t>(v));
    for (const uint16_t v : l.m) put16(b, v);
    pad(b);
    for (const uint8_t v : l.n) put8(b, v);
    pad(b);
    for (const uint16_t v : l.m_neg) put16(b, v);
    pad(b);
    for (const uint8_t v : l.n_neg) put8(b, v);
    pad(b);
    for (const int8_t v : l.table) put8(b, static_cast<uint8_t>(v));
    for (const uint16_t v : l.exps) put16(b, v);
  }
  put32(b, 0);
  reseal(b);
  return b;
}

// A network with random valid parameters (any activations; softmax last).
inline Net random_net(const std::vector<uint16_t>& widths, const std::vector<uint8_t>& activations, uint64_t seed) {
  dff::Pcg32 rng(seed);
  auto between = [&](int lo, int hi) { return lo + static_cast<int>(rng.bounded(static_cast<uint32_t>(hi - lo + 1))); };
  Net net;
  net.widths = widths;
  net.activations = activations;
  net.in_zero = static_cast<int8_t>(between(-20, 20));
  net.in_scale = 0.03125f;
  for (uint16_t i = 0; i < widths[0]; ++i) {
    net.offsets.push_back(between(-40000, 40000));
    net.multipliers.push_back(static_cast<uint16_t>(between(32768, 65535)));
    net.exponents.push_back(static_cast<int16_t>(between(8, 20)));
  }
  for (size_t l = 0; l + 1 < widths.size(); ++l) {
    const uint32_t n_in = widths[l], n_out = widths[l + 1];
    Layer L;
    L.zero = static_cast<int8_t>(between(-30, 30));
    L.lo = activations[l] == 1 ? static_cast<int8_t>(between(-128, -60)) : -128;
    L.out_zero = static_cast<int8_t>(between(-128, 127));
    L.out_scale = 0.0625f * static_cast<float>(between(1, 8));
    for (uint32_t i = 0; i < n_in * n_out; ++i) L.w.push_back(static_cast<int8_t>(between(-127, 127)));
    for (uint32_t j = 0; j < n_out; ++j) {
      L.b.push_back(between(-200000, 200000));
      L.m.push_back(static_cast<uint16_t>(between(16384, 32767)));
      L.n.push_back(static_cast<uint8_t>(between(24, 30)));
      if (activations[l] == 2) {
        L.m_neg.push_back(static_cast<uint16_t>(between(16384, 32767)));
        L.n_neg.push_back(static_cast<uint8_t>(between(28, 34)));
      }
    }
    if (activations[l] == 0 || activations[l] == 3)
      for (int q = 0; q < 256; ++q) L.table.push_back(static_cast<int8_t>(between(-128, 127)));
    if (activations[l] == 5)
      for (int d = 0; d < 256; ++d) L.exps.push_back(static_cast<uint16_t>(std::lround(32768.0 * std::exp(-0.05 * d))));
    net.layers.push_back(L);
  }
  return net;
}

inline int64_t requant64(int64_t acc, uint16_t m, uint8_t n) { return (acc * m + (int64_t{1} << (n - 1))) >> n; }
inline int8_t sat(int64_t v, int lo = -128, int hi = 127) { return static_cast<int8_t>(v < lo ? lo : (v > hi ? hi : v)); }

// The input step by its definition, in double (exact: 24 x 16 bit products): x * k * 2^(8 - e)
// truncated towards zero, limited to +-2^30, plus the offset; then floor((t + 128) / 256), clamped.
inline int8_t quantize_reference(float x, uint16_t k, int16_t e, int32_t offset) {
  double v = !std::isfinite(x) ? (std::signbit(x) ? -INFINITY : INFINITY) : static_cast<double>(x) * k;
  v = std::ldexp(v, 8 - e);
  const double limit = 1073741824.0;
  v = v >= limit ? limit : (v <= -limit ? -limit : std::trunc(v));
  return sat(static_cast<int64_t>(std::floor((v + offset + 128.0) / 256.0)));
}

// The int8 outputs by the document's formulas; `logits` (optional) gets the last layer before softmax.
inline std::vector<int8_t> reference(const Net& net, std::vector<int8_t> x, std::vector<int8_t>* logits = nullptr) {
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer& L = net.layers[l];
    const uint32_t n_in = net.widths[l], n_out = net.widths[l + 1];
    std::vector<int8_t> y(n_out);
    for (uint32_t j = 0; j < n_out; ++j) {
      int64_t acc = L.b[j];
      for (uint32_t i = 0; i < n_in; ++i) acc += int64_t{L.w[j * n_in + i]} * x[i];
      const bool neg = net.activations[l] == 2 && acc < 0;
      int8_t v = sat(L.zero + requant64(acc, neg ? L.m_neg[j] : L.m[j], neg ? L.n_neg[j] : L.n[j]), L.lo, L.hi);
      if (!L.table.empty()) v = L.table[static_cast<size_t>(v + 128)];
      y[j] = v;
    }
    if (net.activations[l] == 5) {
      if (logits != nullptr) *logits = y;
      int top = -128;
      for (const int8_t v : y) top = v > top ? v : top;
      uint64_t sum = 0;
      for (const int8_t v : y) sum += L.exps[static_cast<size_t>(top - v)];
      const uint64_t r = 0x7FFFFFFFull / sum;
      for (int8_t& v : y) {
        const uint64_t e = L.exps[static_cast<size_t>(top - v)];
        v = sat(static_cast<int64_t>((e * r + (1ull << 22)) >> 23) - 128);
      }
    }
    x = y;
  }
  if (logits != nullptr && net.activations.back() != 5) *logits = x;
  return x;
}

}  // namespace int8_test
