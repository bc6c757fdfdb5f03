// Network: a multi-layer perceptron laid out in one caller-provided buffer.
//
// Ownership: the Network object is a small handle (no heap); every float the
// network uses (normalisation, weights, biases, layer outputs, deltas,
// gradients, optimizer state) lives in the buffer passed to init(), which the
// caller owns and must keep alive and unmoved for as long as the handle is used.
// Thread safety: none; predict() writes layer outputs into the buffer.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/activation.h"
#include "core/config.h"
#include "core/status.h"

namespace dff {

constexpr uint8_t kMaxLayers = DFF_MAX_LAYERS;
constexpr uint16_t kMaxWidth = 4096;
constexpr uint16_t kMaxBatchCapacity = 1024;

// Numeric values are part of the model blob format; never renumber.
enum class Init : uint8_t { kUniform = 0, kXavier = 1, kHe = 2 };
enum class Optimizer : uint8_t { kSgd = 0, kMomentum = 1, kAdam = 2 };

// Shape of a network: widths[0] inputs, widths[layer_count] outputs.
struct Topology {
  uint8_t layer_count = 0;                    // weight layers (widths - 1)
  uint16_t widths[kMaxLayers + 1] = {};       // neurons per layer, input first
  Activation activations[kMaxLayers] = {};    // one per weight layer
  bool bias = true;                           // false reproduces the seed's equations exactly
  bool normalize = false;                     // inputs are z-scored with stored mean and std

  constexpr uint16_t inputs() const { return widths[0]; }
  constexpr uint16_t outputs() const { return widths[layer_count]; }
};

// Lower-case names as in the model formats and the CLI ("sgd", "he", ...); "?" if invalid.
const char* optimizer_name(Optimizer optimizer);
const char* init_name(Init init);
// Parse those names; false if unknown.
bool parse_optimizer(const char* name, Optimizer* out);
bool parse_init(const char* name, Init* out);

// Builds a topology from widths (input first): hidden layers use `hidden`, the
// last layer `output`. Fails with kInvalidArgument on a bad shape.
Status make_topology(const uint16_t* widths, uint32_t width_count, Activation hidden, Activation output,
                     bool bias, Topology* out);
// Checks layer count, widths (1..kMaxWidth), activations (softmax only last, with >= 2 outputs).
Status validate_topology(const Topology& t);
// Number of weights plus biases.
uint32_t parameter_count(const Topology& t);

// What the buffer must hold beyond the parameters.
struct MemoryPlan {
  bool training = true;                  // false: inference only (parameters and layer outputs)
  Optimizer optimizer = Optimizer::kSgd; // state for momentum (1x) or Adam (2x parameters)
  // Rows that mini-batch training pushes through the layers together (matrix-matrix
  // products instead of one matrix-vector product per row). Above 1 it costs
  // capacity x (inputs + all layer widths + 2 x widest layer) floats plus one copy of
  // the largest non-first weight matrix; 1 keeps the per-row path and adds nothing.
  uint16_t batch_capacity = 1;
};

// Bytes init() needs for this topology and plan; 0 if the topology is invalid or the bytes do
// not fit in size_t (4 GB or more on a 32-bit target such as WebAssembly).
size_t bytes_required(const Topology& t, const MemoryPlan& plan);

class Network {
 public:
  Network() = default;

  // Lays the network out in `buffer` (size bytes, aligned for float). Parameters
  // are zeroed; call initialize() or write them. Fails (and leaves the handle
  // unusable) if the topology is invalid or the buffer too small or misaligned.
  Status init(const Topology& topology, const MemoryPlan& plan, void* buffer, size_t size);
  // Points this handle at a copy of the other network's buffer (same layout).
  void rebind(void* buffer);

  // Fills weights from `seed` (biases 0, optimizer state cleared, normalisation identity kept).
  void initialize(Init init, uint64_t seed);
  // Clears optimizer state (momentum, Adam moments and step).
  void reset_optimizer();

  // Runs the network on input_len raw inputs and copies output_len outputs.
  // Fails with kDimensionMismatch if the lengths differ from the topology.
  Status predict(const float* input, uint32_t input_len, float* output, uint32_t output_len) const;
  // Unchecked forward pass; input has topology().inputs() floats. Returns the output layer.
  const float* forward(const float* input) const;
  // The input as the first layer sees it: z-scored into the buffer when topology().normalize,
  // else `input` itself. Also what last_input() returns until the next call.
  const float* normalized_input(const float* input) const;

  bool valid() const { return base_ != nullptr; }
  const Topology& topology() const { return topology_; }
  const MemoryPlan& plan() const { return plan_; }
  size_t bytes() const { return bytes_; }
  uint32_t parameter_count() const { return parameter_count_; }

  // Weights of `layer` (widths[layer] x widths[layer+1], row-major as the seed's W).
  float* weights(uint8_t layer) { return base_ + weight_offset_[layer]; }
  const float* weights(uint8_t layer) const { return base_ + weight_offset_[layer]; }
  // Biases of `layer` (widths[layer+1] values); nullptr when the network has none.
  float* biases(uint8_t layer) { return topology_.bias ? base_ + bias_offset_[layer] : nullptr; }
  const float* biases(uint8_t layer) const { return topology_.bias ? base_ + bias_offset_[layer] : nullptr; }
  // All parameters, layer by layer (W0, b0, W1, b1, ...).
  float* parameters() { return base_ + params_offset_; }
  const float* parameters() const { return base_ + params_offset_; }
  // Input normalisation (inputs() values each); nullptr unless topology().normalize.
  float* norm_mean() { return topology_.normalize ? base_ + norm_offset_ : nullptr; }
  const float* norm_mean() const { return topology_.normalize ? base_ + norm_offset_ : nullptr; }
  float* norm_std() { return topology_.normalize ? base_ + norm_offset_ + topology_.inputs() : nullptr; }
  const float* norm_std() const { return topology_.normalize ? base_ + norm_offset_ + topology_.inputs() : nullptr; }

  // Output of `layer` from the last forward pass (widths[layer+1] values).
  const float* layer_output(uint8_t layer) const { return base_ + output_offset_[layer]; }
  // Input as the first layer saw it (normalised copy, or the caller's pointer).
  const float* last_input() const { return last_input_; }


 private:
  friend class TrainingMemory;  // the training code's view of the buffer (core/training_memory.h)

  Topology topology_{};
  MemoryPlan plan_{};
  float* base_ = nullptr;
  size_t bytes_ = 0;
  uint32_t parameter_count_ = 0;
  uint32_t max_width_ = 0;
  uint32_t norm_offset_ = 0;
  uint32_t input_offset_ = 0;
  uint32_t params_offset_ = 0;
  uint32_t weight_offset_[kMaxLayers] = {};
  uint32_t bias_offset_[kMaxLayers] = {};
  uint32_t output_offset_[kMaxLayers] = {};
  uint32_t delta_offset_ = 0;
  uint32_t grad_offset_ = 0;
  uint32_t state_offset_ = 0;
  uint32_t batch_input_offset_ = 0;
  uint32_t batch_output_offset_[kMaxLayers] = {};
  uint32_t batch_delta_offset_ = 0;
  uint32_t batch_transposed_offset_ = 0;
  uint32_t optimizer_step_ = 0;
  mutable const float* last_input_ = nullptr;
};

}  // namespace dff
