#include "core/host/export/layout.h"

#include <catch2/catch.hpp>
#include <cstring>

#include "core/crc32.h"
#include "core/host/model/dff.h"

TEST_CASE("neuron_major_weights lists each neuron's incoming weights together") {
  dff::DFF model({2, 3, 1}, dff::Activation::kRelu, dff::Activation::kLinear, true, 4);
  const float* w = model.network().weights(0);  // row-major: [i * 3 + j] connects input i to neuron j
  const std::vector<float> n = dff::neuron_major_weights(model.network(), 0);
  REQUIRE(n.size() == 6);
  for (uint32_t j = 0; j < 3; ++j)
    for (uint32_t i = 0; i < 2; ++i) CHECK(n[j * 2 + i] == w[i * 3 + j]);
}

TEST_CASE("WeightBytes counts the bytes and the CRC-32 of floats (little-endian) and int8 in order") {
  const std::vector<float> values = {1.0f, -2.5f, 0.1f};
  const std::vector<int8_t> q = {-127, 0, 5};
  unsigned char bytes[15];
  for (int i = 0; i < 3; ++i) {
    uint32_t u;
    std::memcpy(&u, &values[static_cast<size_t>(i)], 4);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<unsigned char>(u >> (8 * b));
  }
  std::memcpy(bytes + 12, q.data(), 3);
  dff::WeightBytes sum;
  sum.add(std::vector<float>(values.begin(), values.begin() + 1));
  sum.add(std::vector<float>(values.begin() + 1, values.end()));  // continuing equals one pass
  CHECK(sum.bytes == 12);
  CHECK(sum.crc == dff::crc32(bytes, 12));
  sum.add(q);
  CHECK(sum.bytes == 15);
  CHECK(sum.crc == dff::crc32(bytes, sizeof bytes));
}
