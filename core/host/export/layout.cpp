#include "core/host/export/layout.h"

#include <string.h>

#include "core/crc32.h"

namespace dff {

std::vector<float> neuron_major_weights(const Network& net, uint8_t layer) {
  const uint32_t n_in = net.topology().widths[layer], n_out = net.topology().widths[layer + 1];
  const float* w = net.weights(layer);
  std::vector<float> out(static_cast<size_t>(n_in) * n_out);
  for (uint32_t j = 0; j < n_out; ++j)
    for (uint32_t i = 0; i < n_in; ++i) out[static_cast<size_t>(j) * n_in + i] = w[static_cast<size_t>(i) * n_out + j];
  return out;
}

void WeightBytes::add(const std::vector<float>& values) {
  for (const float v : values) {
    uint32_t b = 0;
    memcpy(&b, &v, sizeof b);
    const uint8_t le[4] = {static_cast<uint8_t>(b), static_cast<uint8_t>(b >> 8), static_cast<uint8_t>(b >> 16),
                           static_cast<uint8_t>(b >> 24)};
    crc = crc32(le, sizeof le, crc);
  }
  bytes += static_cast<uint32_t>(values.size() * sizeof(float));
}

void WeightBytes::add(const std::vector<int8_t>& values) {
  crc = crc32(reinterpret_cast<const uint8_t*>(values.data()), values.size(), crc);
  bytes += static_cast<uint32_t>(values.size());
}

}  // namespace dff
