// Training: back-propagation, losses, optimizers and the epoch loop.
// Everything works inside the Network's buffer; no allocation, no I/O.
#pragma once

#include <stdint.h>

#include "core/network.h"
#include "core/prng.h"
#include "core/status.h"

namespace dff {

// Numeric values are part of the model formats; never renumber.
enum class Loss : uint8_t {
  kMse = 0,           // 1/2 * sum_k (o_k - t_k)^2 per sample: the seed's error (S - O)
  kCrossEntropy = 1,  // softmax: -sum t log o; sigmoid: binary cross-entropy per output
};

// "mse" or "cross_entropy" ("?" if invalid), as in the model formats and the CLI.
const char* loss_name(Loss loss);
// Parses a loss name; false if unknown.
bool parse_loss(const char* name, Loss* out);

struct TrainOptions {
  Loss loss = Loss::kMse;
  Optimizer optimizer = Optimizer::kSgd;
  float learning_rate = 1.0f;  // the seed's lrate
  float momentum = 0.9f;       // v = momentum * v + g; w -= lr * v
  float beta1 = 0.9f;          // Adam first-moment decay
  float beta2 = 0.999f;        // Adam second-moment decay
  float epsilon = 1e-8f;       // Adam denominator guard
  float l2 = 0.0f;             // adds l2 * w to each weight's gradient (not biases)
  uint32_t batch_size = 1;     // 1 = per-sample updates as in the seed
  bool shuffle = true;         // reshuffle row order every epoch (train_epoch)
};

// Rows of inputs and targets in caller memory, row-major. Not owned.
struct DatasetView {
  const float* inputs = nullptr;
  const float* targets = nullptr;
  uint32_t rows = 0;
  uint32_t input_width = 0;
  uint32_t target_width = 0;
};

// Inputs and targets of the r-th row in `order` (row r itself when order is null).
inline const float* row_inputs(const DatasetView& d, const uint32_t* order, uint32_t r) {
  return d.inputs + static_cast<size_t>(order != nullptr ? order[r] : r) * d.input_width;
}
inline const float* row_targets(const DatasetView& d, const uint32_t* order, uint32_t r) {
  return d.targets + static_cast<size_t>(order != nullptr ? order[r] : r) * d.target_width;
}

// Checks options against the network: trainable plan, optimizer memory, loss/output pairing, ranges.
Status check_train_options(const Network& net, const TrainOptions& options);

// One update on one sample (the seed's ann.train(a, s, lrate)): forward, back-propagate, step.
// `loss` (may be null) receives the sample's loss before the update. Fails on bad options or non-finite loss.
Status train_sample(Network& net, const float* input, const float* target, const TrainOptions& options, float* loss);

// One pass over `data` in batches of options.batch_size. `order` (data.rows entries, caller-owned
// scratch) receives the row order, shuffled with `rng` when options.shuffle; it may be null when
// shuffle is off. `mean_loss` (may be null) is the mean per-sample loss seen during the pass.
// Stops with kNonFinite if the loss or any parameter becomes NaN or infinite.
Status train_epoch(Network& net, const DatasetView& data, const TrainOptions& options, Pcg32& rng, uint32_t* order,
                   float* mean_loss);

// Mean per-sample loss of the network on `data`, without training.
Status evaluate_loss(const Network& net, const DatasetView& data, Loss loss, float* mean_loss);

// Loss of one output vector against its target.
float sample_loss(Loss loss, Activation output_activation, const float* output, const float* target, uint32_t n);

// Building blocks of a step, for mini-batches and gradient checks:
// sets gradients() to zero;
void zero_gradients(Network& net);
// adds the gradient of one sample's loss to gradients() and returns that loss;
float accumulate_gradient(Network& net, const float* input, const float* target, Loss loss);
// adds the gradient of `count` rows to gradients() with matrix-matrix products and returns their
// summed loss; rows are order[first..first+count) (or first..first+count when order is null),
// count <= TrainingMemory(net).batch_capacity() (core/training_memory.h);
float accumulate_batch_gradient(Network& net, const DatasetView& data, const uint32_t* order, uint32_t first,
                                uint32_t count, Loss loss);
// writes dLoss/dz of the output layer (y: its outputs, t: targets) into delta and returns the loss
// (inline: per-sample training calls it once per sample);
inline float output_layer_delta(Loss loss, Activation act, const float* y, const float* t, uint32_t n, float* delta) {
  float value = 0.0f;
  if (loss == Loss::kCrossEntropy) {
    // Softmax or sigmoid with cross-entropy: the derivative collapses to y - t.
    for (uint32_t k = 0; k < n; ++k) delta[k] = y[k] - t[k];
    return sample_loss(loss, act, y, t, n);
  }
  for (uint32_t k = 0; k < n; ++k) {
    const float g = y[k] - t[k];
    value += g * g;
    delta[k] = g;
  }
  if (act == Activation::kSigmoid) {
    for (uint32_t k = 0; k < n; ++k) delta[k] *= y[k] * (1.0f - y[k]);  // inline: no call for the common case
  } else if (act == Activation::kSoftmax) {
    float dot = 0.0f;
    for (uint32_t k = 0; k < n; ++k) dot += delta[k] * y[k];
    for (uint32_t k = 0; k < n; ++k) delta[k] = y[k] * (delta[k] - dot);
  } else {
    scale_by_derivative(act, y, delta, n);
  }
  return 0.5f * value;
}

// applies the mean of `samples` accumulated gradients with the optimizer, then zeroes them.
void apply_gradients(Network& net, const TrainOptions& options, uint32_t samples);

// True if every parameter is finite.
bool parameters_finite(const Network& net);

}  // namespace dff
