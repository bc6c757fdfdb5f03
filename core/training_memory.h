// TrainingMemory: the parts of a Network's buffer only the training code touches
// (gradients, the two delta rows, optimizer state, the mini-batch blocks). Used by
// core/train*.cpp and by tests that check training from the inside; not part of the API
// a program using a network needs (core/network.h, core/train.h).
//
// Lifetime: a view of `net`; valid while the network's buffer is. Pointers are into that
// buffer; nullptr where the plan leaves a region out (see each function).
#pragma once

#include <stdint.h>

#include "core/network.h"

namespace dff {

class TrainingMemory {
 public:
  explicit TrainingMemory(Network& net) : net_(net) {}

  // parameter_count() floats, the layout of parameters(); nullptr for inference-only plans.
  float* gradients() const { return net_.plan_.training ? net_.base_ + net_.grad_offset_ : nullptr; }
  // Momentum (1x) or Adam (2x the parameters) state; nullptr for SGD or inference-only plans.
  float* optimizer_state() const { return net_.state_offset_ ? net_.base_ + net_.state_offset_ : nullptr; }
  // Two rows of the widest layer's width, alternated layer by layer during back-propagation.
  float* delta(uint8_t which) const { return net_.base_ + net_.delta_offset_ + which * net_.max_width_; }
  // Output of `layer`, written by the fused per-sample forward pass.
  float* layer_output(uint8_t layer) const { return net_.base_ + net_.output_offset_[layer]; }
  // Adam's step count (bias correction).
  uint32_t& optimizer_step() const { return net_.optimizer_step_; }

  // Rows pushed through the layers together: plan().batch_capacity when the plan laid out
  // batch memory, else 1. The batch regions below exist only then (nullptr otherwise):
  // capacity rows of (normalised) inputs, of each layer's outputs, two delta blocks and the
  // transposed weights of one layer.
  uint32_t batch_capacity() const { return net_.batch_input_offset_ ? net_.plan_.batch_capacity : 1u; }
  float* batch_input() const { return net_.batch_input_offset_ ? net_.base_ + net_.batch_input_offset_ : nullptr; }
  float* batch_output(uint8_t layer) const { return net_.base_ + net_.batch_output_offset_[layer]; }
  float* batch_delta(uint8_t which) const {
    return net_.base_ + net_.batch_delta_offset_ + which * net_.plan_.batch_capacity * net_.max_width_;
  }
  float* batch_transposed() const { return net_.base_ + net_.batch_transposed_offset_; }

 private:
  Network& net_;
};

}  // namespace dff
