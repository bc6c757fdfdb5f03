// How every code export lays out a model's numbers: weights neuron by neuron, and the byte
// count and CRC-32 of everything written, in file order (P_WEIGHTS_BYTES / P_WEIGHTS_CRC32 in
// the C headers, WEIGHTS_BYTES / WEIGHTS_CRC32 in the MicroPython module: equal for one model).
#pragma once

#include <stdint.h>

#include <vector>

#include "core/network.h"

namespace dff {

// Weights of a layer neuron by neuron: element [j * n_in + i] connects input i to neuron j.
std::vector<float> neuron_major_weights(const Network& net, uint8_t layer);

// Byte count and CRC-32 (core/crc32.h) of the numbers an export writes, added in file order:
// each float as its 4 little-endian IEEE 754 bytes, each int8 as one byte (the arrays' memory
// on a little-endian MCU).
struct WeightBytes {
  uint32_t bytes = 0;
  uint32_t crc = 0;
  void add(const std::vector<float>& values);
  void add(const std::vector<int8_t>& values);
};

}  // namespace dff
