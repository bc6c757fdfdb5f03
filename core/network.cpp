#include "core/network.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "core/prng.h"

namespace dff {
namespace {

// Float offsets of every region; shared by bytes_required() and init(). The cursor counts in 64
// bits so that no topology DFF_MAX_LAYERS allows wraps it; the offsets are only used when the
// total fits in 32 bits (fits()).
struct Layout {
  uint32_t norm = 0, input = 0, params = 0, outputs = 0, delta = 0, grad = 0, state = 0;
  uint32_t batch_input = 0, batch_outputs = 0, batch_delta = 0, batch_transposed = 0;
  uint32_t max_width = 0;
  uint64_t total = 0;
  bool fits() const { return total <= UINT32_MAX; }
};

Layout plan_layout(const Topology& t, const MemoryPlan& plan) {
  Layout l;
  uint64_t cursor = 0;
  const auto at = [&cursor] { return static_cast<uint32_t>(cursor); };
  l.norm = at();
  if (t.normalize) cursor += 2u * t.inputs();
  l.input = at();
  if (t.normalize) cursor += t.inputs();
  l.params = at();
  const uint64_t params = parameter_count(t);
  cursor += params;
  l.outputs = at();
  for (uint8_t i = 0; i < t.layer_count; ++i) {
    cursor += t.widths[i + 1];
    if (t.widths[i + 1] > l.max_width) l.max_width = t.widths[i + 1];
  }
  if (plan.training) {
    l.delta = at();
    cursor += 2u * l.max_width;
    l.grad = at();
    cursor += params;
    l.state = at();
    if (plan.optimizer == Optimizer::kMomentum) cursor += params;
    if (plan.optimizer == Optimizer::kAdam) cursor += 2u * params;
    if (plan.optimizer == Optimizer::kSgd) l.state = 0;
    if (plan.batch_capacity > 1) {
      const uint64_t rows = plan.batch_capacity;
      l.batch_input = at();
      cursor += rows * t.inputs();
      l.batch_outputs = at();
      uint32_t largest = 0;
      for (uint8_t i = 0; i < t.layer_count; ++i) {
        cursor += rows * t.widths[i + 1];
        const uint32_t size = static_cast<uint32_t>(t.widths[i]) * t.widths[i + 1];
        if (i > 0 && size > largest) largest = size;
      }
      l.batch_delta = at();
      cursor += 2u * rows * l.max_width;
      l.batch_transposed = at();
      cursor += largest;
    }
  }
  l.total = cursor;
  return l;
}

// Bytes of the layout, or 0 when its floats cannot be addressed: more than 32-bit offsets reach,
// or 4 GB or more where size_t is 32 bits (WebAssembly, microcontrollers).
size_t layout_bytes(const Layout& l) {
  if (!l.fits() || l.total > SIZE_MAX / sizeof(float)) return 0;
  return static_cast<size_t>(l.total) * sizeof(float);
}

constexpr const char* kOptimizerNames[] = {"sgd", "momentum", "adam"};
constexpr const char* kInitNames[] = {"uniform", "xavier", "he"};

// Index of `name` in `names`, or -1.
template <size_t N>
int find_name(const char* const (&names)[N], const char* name) {
  for (size_t i = 0; i < N; ++i)
    if (name != nullptr && strcmp(names[i], name) == 0) return static_cast<int>(i);
  return -1;
}

}  // namespace

const char* optimizer_name(Optimizer o) {
  const auto i = static_cast<uint8_t>(o);
  return i < 3 ? kOptimizerNames[i] : "?";
}

const char* init_name(Init init) {
  const auto i = static_cast<uint8_t>(init);
  return i < 3 ? kInitNames[i] : "?";
}

bool parse_optimizer(const char* name, Optimizer* out) {
  const int i = find_name(kOptimizerNames, name);
  if (i >= 0) *out = static_cast<Optimizer>(i);
  return i >= 0;
}

bool parse_init(const char* name, Init* out) {
  const int i = find_name(kInitNames, name);
  if (i >= 0) *out = static_cast<Init>(i);
  return i >= 0;
}

Status make_topology(const uint16_t* widths, uint32_t width_count, Activation hidden, Activation output, bool bias,
                     Topology* out) {
  if (widths == nullptr || out == nullptr) return Status(StatusCode::kInvalidArgument, "topology: null argument");
  if (width_count < 2)
    return Status(StatusCode::kInvalidArgument, "topology needs at least an input and an output layer");
  if (width_count > kMaxLayers + 1u)
    return Status(StatusCode::kInvalidArgument, "topology has more layers than DFF_MAX_LAYERS allows");
  Topology t;
  t.layer_count = static_cast<uint8_t>(width_count - 1);
  for (uint32_t i = 0; i < width_count; ++i) t.widths[i] = widths[i];
  for (uint8_t i = 0; i < t.layer_count; ++i) t.activations[i] = (i + 1 == t.layer_count) ? output : hidden;
  t.bias = bias;
  DFF_RETURN_IF_ERROR(validate_topology(t));
  *out = t;
  return Status::Ok();
}

Status validate_topology(const Topology& t) {
  if (t.layer_count < 1) return Status(StatusCode::kInvalidArgument, "topology needs at least one weight layer");
  if (t.layer_count > kMaxLayers)
    return Status(StatusCode::kInvalidArgument, "topology has more layers than DFF_MAX_LAYERS allows");
  for (uint32_t i = 0; i <= t.layer_count; ++i) {
    if (t.widths[i] == 0) return Status(StatusCode::kInvalidArgument, "every layer needs at least one neuron");
    if (t.widths[i] > kMaxWidth) return Status(StatusCode::kInvalidArgument, "a layer is wider than 4096 neurons");
  }
  for (uint8_t i = 0; i < t.layer_count; ++i) {
    const auto a = static_cast<uint8_t>(t.activations[i]);
    if (!is_valid_activation(a)) return Status(StatusCode::kInvalidArgument, "unknown activation function");
    if (t.activations[i] == Activation::kSoftmax && i + 1 != t.layer_count)
      return Status(StatusCode::kInvalidArgument, "softmax is only allowed on the output layer");
  }
  if (t.activations[t.layer_count - 1] == Activation::kSoftmax && t.outputs() < 2)
    return Status(StatusCode::kInvalidArgument, "softmax output needs at least two outputs");
  return Status::Ok();
}

uint32_t parameter_count(const Topology& t) {
  uint32_t n = 0;
  for (uint8_t i = 0; i < t.layer_count; ++i) {
    n += static_cast<uint32_t>(t.widths[i]) * t.widths[i + 1];
    if (t.bias) n += t.widths[i + 1];
  }
  return n;
}

size_t bytes_required(const Topology& t, const MemoryPlan& plan) {
  if (!validate_topology(t).ok() || plan.batch_capacity == 0 || plan.batch_capacity > kMaxBatchCapacity) return 0;
  return layout_bytes(plan_layout(t, plan));
}

Status Network::init(const Topology& topology, const MemoryPlan& plan, void* buffer, size_t size) {
  base_ = nullptr;
  DFF_RETURN_IF_ERROR(validate_topology(topology));
  if (buffer == nullptr) return Status(StatusCode::kInvalidArgument, "network buffer is null");
  if (plan.batch_capacity == 0 || plan.batch_capacity > kMaxBatchCapacity)
    return Status(StatusCode::kInvalidArgument, "batch capacity must be between 1 and 1024 rows");
  if (reinterpret_cast<uintptr_t>(buffer) % alignof(float) != 0)
    return Status(StatusCode::kInvalidArgument, "network buffer must be aligned to 4 bytes");
  const Layout l = plan_layout(topology, plan);
  const size_t bytes = layout_bytes(l);
  if (bytes == 0)
    return Status(StatusCode::kBufferTooSmall, "network needs more memory than this platform can address");
  if (size < bytes)
    return Status(StatusCode::kBufferTooSmall, "network buffer is smaller than bytes_required() for this topology");

  topology_ = topology;
  plan_ = plan;
  bytes_ = bytes;
  parameter_count_ = dff::parameter_count(topology);
  max_width_ = l.max_width;
  norm_offset_ = l.norm;
  input_offset_ = l.input;
  params_offset_ = l.params;
  uint32_t p = l.params;
  uint32_t o = l.outputs;
  uint32_t bo = l.batch_outputs;
  for (uint8_t i = 0; i < topology.layer_count; ++i) {
    weight_offset_[i] = p;
    p += static_cast<uint32_t>(topology.widths[i]) * topology.widths[i + 1];
    bias_offset_[i] = p;
    if (topology.bias) p += topology.widths[i + 1];
    output_offset_[i] = o;
    o += topology.widths[i + 1];
    batch_output_offset_[i] = bo;
    bo += plan.batch_capacity * topology.widths[i + 1];
  }
  batch_input_offset_ = l.batch_input;
  batch_delta_offset_ = l.batch_delta;
  batch_transposed_offset_ = l.batch_transposed;
  delta_offset_ = l.delta;
  grad_offset_ = l.grad;
  state_offset_ = l.state;
  optimizer_step_ = 0;
  base_ = static_cast<float*>(buffer);
  for (size_t i = 0; i < bytes / sizeof(float); ++i) base_[i] = 0.0f;
  if (topology.normalize)
    for (uint32_t i = 0; i < topology.inputs(); ++i) norm_std()[i] = 1.0f;
  last_input_ = nullptr;
  return Status::Ok();
}

void Network::rebind(void* buffer) {
  base_ = static_cast<float*>(buffer);
  last_input_ = nullptr;
}

void Network::initialize(Init init, uint64_t seed) {
  DFF_ASSERT(valid());
  Pcg32 rng(seed);
  for (uint8_t layer = 0; layer < topology_.layer_count; ++layer) {
    const uint32_t fan_in = topology_.widths[layer];
    const uint32_t fan_out = topology_.widths[layer + 1];
    float limit = 1.0f;
    if (init == Init::kXavier) limit = sqrtf(6.0f / static_cast<float>(fan_in + fan_out));
    if (init == Init::kHe) limit = sqrtf(6.0f / static_cast<float>(fan_in));
    float* w = weights(layer);
    for (uint32_t i = 0; i < fan_in * fan_out; ++i) w[i] = rng.uniform(-limit, limit);
    if (float* b = biases(layer))
      for (uint32_t i = 0; i < fan_out; ++i) b[i] = 0.0f;
  }
  reset_optimizer();
}

void Network::reset_optimizer() {
  optimizer_step_ = 0;
  if (float* s = state_offset_ ? base_ + state_offset_ : nullptr) {
    const uint32_t n = parameter_count_ * (plan_.optimizer == Optimizer::kAdam ? 2u : 1u);
    for (uint32_t i = 0; i < n; ++i) s[i] = 0.0f;
  }
}

const float* Network::normalized_input(const float* input) const {
  last_input_ = input;
  if (topology_.normalize) {
    float* normalized = base_ + input_offset_;
    const float* mean = norm_mean();
    const float* stddev = norm_std();
    for (uint32_t i = 0; i < topology_.inputs(); ++i) normalized[i] = (input[i] - mean[i]) / stddev[i];
    last_input_ = normalized;
  }
  return last_input_;
}

const float* Network::forward(const float* input) const {
  const Topology& t = topology_;
  const float* in = normalized_input(input);
  for (uint8_t layer = 0; layer < t.layer_count; ++layer) {
    const uint32_t n_in = t.widths[layer];
    const uint32_t n_out = t.widths[layer + 1];
    float* out = base_ + output_offset_[layer];
    const float* b = t.bias ? base_ + bias_offset_[layer] : nullptr;
    kernels::affine(in, base_ + weight_offset_[layer], b, out, n_in, n_out);
    activate_vector(t.activations[layer], out, n_out);
    in = out;
  }
  return in;
}

Status Network::predict(const float* input, uint32_t input_len, float* output, uint32_t output_len) const {
  if (!valid()) return Status(StatusCode::kInvalidArgument, "network is not initialised");
  if (input == nullptr || output == nullptr) return Status(StatusCode::kInvalidArgument, "predict: null argument");
  if (input_len != topology_.inputs())
    return Status(StatusCode::kDimensionMismatch, "predict: input length differs from the network's input layer");
  if (output_len != topology_.outputs())
    return Status(StatusCode::kDimensionMismatch, "predict: output length differs from the network's output layer");
  const float* out = forward(input);
  for (uint32_t i = 0; i < output_len; ++i) output[i] = out[i];
  return Status::Ok();
}

}  // namespace dff
