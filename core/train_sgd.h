// Per-sample SGD, the seed's train(): forward pass, back-propagation and the
// update W -= lr * (dW + l2 * W), b -= lr * db, for one sample at a time.
// Internal to core/train (train_epoch and train_sample use it).
#pragma once

#include <stdint.h>

#include "core/network.h"
#include "core/train.h"

namespace dff {

struct SgdLayer;
using SgdForwardFn = void (*)(const SgdLayer&);
// (layer, its output delta, delta to fill for the layer below or nullptr, that layer's activation, keep, lr)
using SgdBackwardFn = void (*)(const SgdLayer&, const float*, float*, Activation, float, float);

// One weight layer as the step sees it, with the code picked for its shape.
struct SgdLayer {
  const float* in;
  float* w;
  float* b;  // nullptr without biases
  float* out;
  uint16_t n_in;
  uint16_t n_out;
  Activation act;
  SgdForwardFn forward;
  SgdBackwardFn backward;
};

// Code unrolled for a layer n_in x n_out when both are at most 8 (core/train_sgd_small.cpp);
// nullptr for wider layers and in size-optimised (-Os) builds.
SgdForwardFn sgd_forward_small(uint16_t n_in, uint16_t n_out);
SgdBackwardFn sgd_backward_small(uint16_t n_in, uint16_t n_out);

// Works out the layers' pointers and code once, then steps sample by sample.
// Holds a reference to `net`, which must outlive it and keep its buffer and topology.
class SgdStepper {
 public:
  SgdStepper(Network& net, Loss loss, float learning_rate, float l2);
  // One update on one sample (inputs() raw inputs, outputs() targets); returns the loss before it.
  float step(const float* input, const float* target);

 private:
  Network& net_;
  uint8_t layer_count_;
  Loss loss_;
  float learning_rate_;
  float keep_;
  SgdLayer layers_[kMaxLayers];
};

}  // namespace dff
