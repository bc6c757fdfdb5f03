// Per-sample SGD: the layer loop and the code for layers of any width (the
// vectorised kernels); narrow layers use core/train_sgd_small.cpp.
#include "core/train_sgd.h"

#include "core/kernels.h"
#include "core/training_memory.h"

namespace dff {
namespace {

void forward_any(const SgdLayer& l) {
  kernels::affine(l.in, l.w, l.b, l.out, l.n_in, l.n_out);
  activate_vector(l.act, l.out, l.n_out);
}

// W -= lr * in . delta^T (after `prev` = W . delta, from the weights before the update).
void backward_any(const SgdLayer& l, const float* delta, float* prev, Activation prev_act, float keep, float lr) {
  if (prev != nullptr) {
    kernels::backprop_rank1(l.w, l.in, delta, prev, keep, -lr, l.n_in, l.n_out);
    scale_by_derivative(prev_act, l.in, prev, l.n_in);
  } else {
    kernels::rank1_update(l.w, l.in, delta, keep, -lr, l.n_in, l.n_out);
  }
  if (l.b != nullptr) kernels::axpy(l.b, delta, -lr, l.n_out);
}

SgdForwardFn forward_fn(const SgdLayer& l) {
  const SgdForwardFn small = sgd_forward_small(l.n_in, l.n_out);
  return small != nullptr ? small : forward_any;
}

SgdBackwardFn backward_fn(const SgdLayer& l) {
  const SgdBackwardFn small = sgd_backward_small(l.n_in, l.n_out);
  return small != nullptr ? small : backward_any;
}

}  // namespace

SgdStepper::SgdStepper(Network& net, Loss loss, float learning_rate, float l2)
    : net_(net), layer_count_(net.topology().layer_count), loss_(loss), learning_rate_(learning_rate),
      keep_(1.0f - learning_rate * l2) {
  const Topology& t = net.topology();
  for (uint8_t l = 0; l < layer_count_; ++l) {
    SgdLayer& layer = layers_[l];
    layer = {l == 0 ? nullptr : net.layer_output(static_cast<uint8_t>(l - 1)), net.weights(l), net.biases(l),
             TrainingMemory(net).layer_output(l), t.widths[l], t.widths[l + 1], t.activations[l], nullptr, nullptr};
    layer.forward = forward_fn(layer);
    layer.backward = backward_fn(layer);
  }
}

float SgdStepper::step(const float* input, const float* target) {
  layers_[0].in = net_.normalized_input(input);
  for (uint8_t l = 0; l < layer_count_; ++l) layers_[l].forward(layers_[l]);
  const SgdLayer& top = layers_[layer_count_ - 1];
  const TrainingMemory memory(net_);
  const float value = output_layer_delta(loss_, top.act, top.out, target, top.n_out, memory.delta(0));
  uint8_t cur = 0;
  for (uint8_t l = layer_count_; l-- > 0;) {
    float* prev = l > 0 ? memory.delta(static_cast<uint8_t>(cur ^ 1u)) : nullptr;
    const Activation prev_act = l > 0 ? layers_[l - 1].act : Activation::kLinear;
    layers_[l].backward(layers_[l], memory.delta(cur), prev, prev_act, keep_, learning_rate_);
    cur ^= 1u;
  }
  return value;
}

}  // namespace dff
