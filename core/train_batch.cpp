// Mini-batch gradients with matrix-matrix products (see core/gemm.h): the same
// sums as accumulate_gradient() row by row, in a different order of additions.
#include "core/gemm.h"
#include "core/sigmoid_simd.h"
#include "core/train.h"
#include "core/training_memory.h"

namespace dff {
namespace {

// Rows of the block, gathered (and normalised) into the batch input memory.
const float* gather_inputs(Network& net, const DatasetView& data, const uint32_t* order, uint32_t first,
                           uint32_t count) {
  const uint32_t n = data.input_width;
  float* dst = TrainingMemory(net).batch_input();
  const float* mean = net.norm_mean();
  const float* stddev = net.norm_std();
  for (uint32_t r = 0; r < count; ++r) {
    const float* src = row_inputs(data, order, first + r);
    float* out = dst + r * n;
    if (mean != nullptr) {
      for (uint32_t i = 0; i < n; ++i) out[i] = (src[i] - mean[i]) / stddev[i];
    } else {
      for (uint32_t i = 0; i < n; ++i) out[i] = src[i];
    }
  }
  return dst;
}

// Activation of a block of rows laid out one after the other.
template <typename V>
DFF_ALWAYS_INLINE void activate_block(Activation a, float* z, uint32_t count, uint32_t width) {
  if (a == Activation::kSoftmax) {
    for (uint32_t r = 0; r < count; ++r) activate_vector(Activation::kSoftmax, z + r * width, width);
#if DFF_SIMD
  } else if (a == Activation::kSigmoid) {
    simd::sigmoid_vector<V>(z, count * width);
#endif
  } else {
    activate_vector(a, z, count * width);
  }
}

// The whole block; inlined into one function per instruction set.
template <typename V>
DFF_ALWAYS_INLINE float batch_gradient(Network& net, const DatasetView& data, const uint32_t* order, uint32_t first,
                                     uint32_t count, Loss loss) {
  const TrainingMemory memory(net);
  DFF_ASSERT(count >= 1 && count <= memory.batch_capacity() && memory.batch_input() != nullptr);
  const Topology& t = net.topology();
  const uint8_t layers = t.layer_count;

  // Forward: Z = X . W + b for the whole block, then the activation.
  const float* x = gather_inputs(net, data, order, first, count);
  for (uint8_t l = 0; l < layers; ++l) {
    const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
    float* z = memory.batch_output(l);
    const float* b = net.biases(l);
    gemm::multiply<V>({x, n_in, 1}, net.weights(l), n_out, z, n_out, count, n_out, n_in,
                   b != nullptr ? gemm::Start::kBias : gemm::Start::kZero, b);
    activate_block<V>(t.activations[l], z, count, n_out);
    x = z;
  }

  // Output deltas and losses, row by row.
  const uint32_t n_y = t.outputs();
  const float* y = memory.batch_output(static_cast<uint8_t>(layers - 1));
  float* delta = memory.batch_delta(0);
  const Activation out_act = t.activations[layers - 1];
  float total = 0.0f;
  for (uint32_t r = 0; r < count; ++r) {
    total += output_layer_delta(loss, out_act, y + r * n_y, row_targets(data, order, first + r), n_y, delta + r * n_y);
  }

  // Backward: dW += A^T . D, db += column sums of D, D_prev = D . W^T (before W changes).
  float* grad = memory.gradients() + net.parameter_count();
  uint8_t cur = 0;
  for (int layer = layers - 1; layer >= 0; --layer) {
    const auto l = static_cast<uint8_t>(layer);
    const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
    const float* a = l == 0 ? memory.batch_input() : memory.batch_output(static_cast<uint8_t>(l - 1));
    const float* d = memory.batch_delta(cur);
    if (t.bias) {
      grad -= n_out;
      for (uint32_t r = 0; r < count; ++r)
        for (uint32_t j = 0; j < n_out; ++j) grad[j] += d[r * n_out + j];
    }
    grad -= n_in * n_out;
    gemm::multiply<V>({a, 1, n_in}, d, n_out, grad, n_out, n_in, n_out, count, gemm::Start::kAccumulate, nullptr);
    if (l > 0) {
      // W^T (n_out x n_in) so that D . W^T reads both operands along rows.
      const float* w = net.weights(l);
      float* wt = memory.batch_transposed();
      for (uint32_t i = 0; i < n_in; ++i)
        for (uint32_t j = 0; j < n_out; ++j) wt[j * n_in + i] = w[i * n_out + j];
      float* prev = memory.batch_delta(static_cast<uint8_t>(cur ^ 1u));
      gemm::multiply<V>({d, n_out, 1}, wt, n_in, prev, n_in, count, n_in, n_out, gemm::Start::kZero, nullptr);
      scale_by_derivative(t.activations[l - 1], a, prev, count * n_in);
    }
    cur ^= 1u;
  }
  return total;
}

#if DFF_SIMD
using BaselineVector = gemm::Vec4;
#else
using BaselineVector = float;
#endif

float batch_gradient_baseline(Network& net, const DatasetView& data, const uint32_t* order, uint32_t first,
                              uint32_t count, Loss loss) {
  return batch_gradient<BaselineVector>(net, data, order, first, count, loss);
}

#if DFF_X86_DISPATCH
__attribute__((target("avx2,fma"))) float batch_gradient_avx2(Network& net, const DatasetView& data,
                                                              const uint32_t* order, uint32_t first, uint32_t count,
                                                              Loss loss) {
  return batch_gradient<gemm::Vec8>(net, data, order, first, count, loss);
}
#endif

}  // namespace

float accumulate_batch_gradient(Network& net, const DatasetView& data, const uint32_t* order, uint32_t first,
                                uint32_t count, Loss loss) {
#if DFF_X86_DISPATCH
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return batch_gradient_avx2(net, data, order, first, count, loss);
#endif
  return batch_gradient_baseline(net, data, order, first, count, loss);
}

}  // namespace dff
