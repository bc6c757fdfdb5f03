#include "core/int8_network.h"

namespace dff {
namespace {

uint32_t pad4(uint32_t n) { return (n + 3u) & ~3u; }

}  // namespace

uint32_t int8_input_bytes(const Topology& t) {
  return kInt8InputHeaderBytes + 4u * t.inputs() + 2u * pad4(2u * t.inputs());
}

Int8LayerLayout int8_layer_layout(const Topology& t, uint8_t layer, uint32_t at) {
  const uint32_t n_in = t.widths[layer];
  const uint32_t n_out = t.widths[layer + 1];
  const Activation a = t.activations[layer];
  Int8LayerLayout r;
  r.header = at;
  r.weights = at + kInt8LayerHeaderBytes;
  r.biases = r.weights + pad4(n_in * n_out);
  r.multipliers = r.biases + 4u * n_out;
  r.shifts = r.multipliers + pad4(2u * n_out);
  uint32_t end = r.shifts + pad4(n_out);
  if (a == Activation::kLeakyRelu) {
    r.neg_multipliers = end;
    r.neg_shifts = r.neg_multipliers + pad4(2u * n_out);
    end = r.neg_shifts + pad4(n_out);
  }
  if (a == Activation::kSigmoid || a == Activation::kTanh) {
    r.table = end;
    end += kInt8TableEntries;
  } else if (a == Activation::kSoftmax) {
    r.table = end;
    end += 2u * kInt8TableEntries;
  }
  r.end = end;
  return r;
}

uint64_t int8_section_bytes(const Topology& t) {
  // Layers are at most 4096 x 4096 (16 M weights + 10 bytes per neuron), 16 of them: < 2^32.
  uint32_t at = int8_input_bytes(t);
  for (uint8_t l = 0; l < t.layer_count; ++l) at = int8_layer_layout(t, l, at).end;
  return at;
}

size_t int8_scratch_bytes(const Topology& t) {
  size_t most = 0;
  for (uint8_t k = 0; k < t.layer_count; ++k) {
    const size_t pair = static_cast<size_t>(t.widths[k]) + t.widths[k + 1];
    if (pair > most) most = pair;
  }
  return most;
}

}  // namespace dff
