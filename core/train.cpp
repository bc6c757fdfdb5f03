#include "core/train.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "core/train_sgd.h"
#include "core/training_memory.h"

namespace dff {
namespace {

constexpr float kLogFloor = 1e-12f;

Activation output_activation(const Network& net) {
  return net.topology().activations[net.topology().layer_count - 1];
}

}  // namespace

namespace {

// Back-propagates from the output delta in delta(0), adding to gradients().
void backward(Network& net) {
  const Topology& t = net.topology();
  const TrainingMemory memory(net);
  float* grad = memory.gradients();
  uint32_t grad_offset = net.parameter_count();
  uint8_t cur = 0;
  for (int layer = t.layer_count - 1; layer >= 0; --layer) {
    const auto l = static_cast<uint8_t>(layer);
    const uint32_t n_in = t.widths[l];
    const uint32_t n_out = t.widths[l + 1];
    const float* DFF_RESTRICT in = l == 0 ? net.last_input() : net.layer_output(static_cast<uint8_t>(l - 1));
    const float* DFF_RESTRICT delta = memory.delta(cur);
    if (l > 0) {
      float* DFF_RESTRICT prev = memory.delta(static_cast<uint8_t>(cur ^ 1u));
      kernels::matvec(net.weights(l), delta, prev, n_in, n_out);
      scale_by_derivative(t.activations[l - 1], in, prev, n_in);
    }
    if (t.bias) grad_offset -= n_out;
    grad_offset -= n_in * n_out;
    float* gw = grad + grad_offset;
    kernels::rank1_update(gw, in, delta, 1.0f, 1.0f, n_in, n_out);
    if (t.bias) kernels::axpy(gw + n_in * n_out, delta, 1.0f, n_out);
    cur ^= 1u;
  }
}

// Forward pass plus output delta into delta(0); returns the sample loss.
float forward_and_delta(Network& net, const float* input, const float* target, Loss loss) {
  const float* y = net.forward(input);
  return output_layer_delta(loss, output_activation(net), y, target, net.topology().outputs(), TrainingMemory(net).delta(0));
}

bool is_finite(float x) { return isfinite(x) != 0; }

// Mean loss of the pass, then the non-finite checks every epoch ends with.
Status finish_epoch(const Network& net, float total, uint32_t rows, float* mean_loss) {
  const float mean = total / static_cast<float>(rows);
  if (mean_loss != nullptr) *mean_loss = mean;
  if (!is_finite(mean))
    return Status(StatusCode::kNonFinite, "loss became NaN or infinite; lower the learning rate or normalise the inputs");
  if (!parameters_finite(net))
    return Status(StatusCode::kNonFinite, "a weight became NaN or infinite; lower the learning rate or normalise the inputs");
  return Status::Ok();
}

// Mini-batches through the batch memory: each batch in blocks of at most batch_capacity() rows.
Status train_epoch_batched(Network& net, const DatasetView& data, const TrainOptions& o, const uint32_t* order,
                           float* mean_loss) {
  float total = 0.0f;
  const uint32_t capacity = TrainingMemory(net).batch_capacity();
  zero_gradients(net);
  for (uint32_t start = 0; start < data.rows; start += o.batch_size) {
    const uint32_t end = data.rows - start < o.batch_size ? data.rows : start + o.batch_size;
    for (uint32_t block = start; block < end; block += capacity) {
      const uint32_t count = end - block < capacity ? end - block : capacity;
      total += accumulate_batch_gradient(net, data, order, block, count, o.loss);
    }
    apply_gradients(net, o, end - start);
  }
  return finish_epoch(net, total, data.rows, mean_loss);
}

}  // namespace

const char* loss_name(Loss loss) {
  return loss == Loss::kMse ? "mse" : loss == Loss::kCrossEntropy ? "cross_entropy" : "?";
}

bool parse_loss(const char* name, Loss* out) {
  if (name == nullptr) return false;
  if (strcmp(name, "mse") == 0) *out = Loss::kMse;
  else if (strcmp(name, "cross_entropy") == 0) *out = Loss::kCrossEntropy;
  else return false;
  return true;
}

float sample_loss(Loss loss, Activation act, const float* y, const float* t, uint32_t n) {
  float value = 0.0f;
  if (loss == Loss::kMse) {
    for (uint32_t k = 0; k < n; ++k) value += (y[k] - t[k]) * (y[k] - t[k]);
    return 0.5f * value;
  }
  if (act == Activation::kSoftmax) {
    for (uint32_t k = 0; k < n; ++k)
      if (t[k] != 0.0f) value -= t[k] * logf(y[k] > kLogFloor ? y[k] : kLogFloor);
    return value;
  }
  for (uint32_t k = 0; k < n; ++k) {
    const float p = y[k] < kLogFloor ? kLogFloor : (y[k] > 1.0f - 1e-7f ? 1.0f - 1e-7f : y[k]);
    value -= t[k] * logf(p) + (1.0f - t[k]) * logf(1.0f - p);
  }
  return value;
}

Status check_train_options(const Network& net, const TrainOptions& o) {
  if (!net.valid()) return Status(StatusCode::kInvalidArgument, "network is not initialised");
  if (!net.plan().training)
    return Status(StatusCode::kUnsupported, "network was laid out for inference only; use MemoryPlan{training=true}");
  // Adam's state (2x parameters) also has room for momentum's (1x).
  const bool state_fits = o.optimizer == Optimizer::kSgd || o.optimizer == net.plan().optimizer ||
                          (o.optimizer == Optimizer::kMomentum && net.plan().optimizer == Optimizer::kAdam);
  if (!state_fits)
    return Status(StatusCode::kUnsupported,
                  "network buffer has no room for this optimizer's state; lay it out with the same optimizer");
  if (o.loss == Loss::kCrossEntropy) {
    const Activation a = output_activation(net);
    if (a != Activation::kSoftmax && a != Activation::kSigmoid)
      return Status(StatusCode::kInvalidArgument, "cross-entropy loss needs a softmax or sigmoid output layer");
  }
  if (static_cast<uint8_t>(o.loss) > 1) return Status(StatusCode::kInvalidArgument, "unknown loss");
  if (static_cast<uint8_t>(o.optimizer) > 2) return Status(StatusCode::kInvalidArgument, "unknown optimizer");
  if (!(o.learning_rate > 0.0f) || !is_finite(o.learning_rate))
    return Status(StatusCode::kInvalidArgument, "learning rate must be a positive finite number");
  if (!(o.l2 >= 0.0f) || !is_finite(o.l2)) return Status(StatusCode::kInvalidArgument, "l2 must be >= 0");
  if (!(o.momentum >= 0.0f && o.momentum < 1.0f)) return Status(StatusCode::kInvalidArgument, "momentum must be in [0, 1)");
  if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f) || !(o.beta2 >= 0.0f && o.beta2 < 1.0f))
    return Status(StatusCode::kInvalidArgument, "Adam betas must be in [0, 1)");
  if (!(o.epsilon > 0.0f)) return Status(StatusCode::kInvalidArgument, "Adam epsilon must be > 0");
  if (o.batch_size == 0) return Status(StatusCode::kInvalidArgument, "batch size must be at least 1");
  return Status::Ok();
}

void zero_gradients(Network& net) {
  float* g = TrainingMemory(net).gradients();
  DFF_ASSERT(g != nullptr);
  for (uint32_t i = 0; i < net.parameter_count(); ++i) g[i] = 0.0f;
}

float accumulate_gradient(Network& net, const float* input, const float* target, Loss loss) {
  DFF_ASSERT(TrainingMemory(net).gradients() != nullptr);
  const float value = forward_and_delta(net, input, target, loss);
  backward(net);
  return value;
}

void apply_gradients(Network& net, const TrainOptions& o, uint32_t samples) {
  const Topology& t = net.topology();
  // Restrict pointers and options in locals: otherwise the compiler must assume a store
  // to a parameter can change an option, and neither hoists them nor vectorises.
  const TrainingMemory memory(net);
  float* DFF_RESTRICT p = net.parameters();
  float* DFF_RESTRICT g = memory.gradients();
  const uint32_t n = net.parameter_count();
  const float inv = 1.0f / static_cast<float>(samples);
  const float l2 = o.l2;
  // Mean gradient plus L2 on weights (biases are not decayed).
  uint32_t offset = 0;
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t weights = static_cast<uint32_t>(t.widths[l]) * t.widths[l + 1];
    for (uint32_t i = offset; i < offset + weights; ++i) g[i] = g[i] * inv + l2 * p[i];
    offset += weights;
    if (t.bias) {
      for (uint32_t i = offset; i < offset + t.widths[l + 1]; ++i) g[i] *= inv;
      offset += t.widths[l + 1];
    }
  }
  const float lr = o.learning_rate;
  if (o.optimizer == Optimizer::kSgd) {
    for (uint32_t i = 0; i < n; ++i) p[i] -= lr * g[i];
  } else if (o.optimizer == Optimizer::kMomentum) {
    float* DFF_RESTRICT v = memory.optimizer_state();
    const float momentum = o.momentum;
    for (uint32_t i = 0; i < n; ++i) {
      v[i] = momentum * v[i] + g[i];
      p[i] -= lr * v[i];
    }
  } else {
    float* DFF_RESTRICT m = memory.optimizer_state();
    float* DFF_RESTRICT v = m + n;
    const uint32_t step = ++memory.optimizer_step();
    const float beta1 = o.beta1, beta2 = o.beta2, epsilon = o.epsilon;
    const float keep1 = 1.0f - beta1, keep2 = 1.0f - beta2;
    const float c1 = 1.0f / (1.0f - powf(beta1, static_cast<float>(step)));
    const float c2 = 1.0f / (1.0f - powf(beta2, static_cast<float>(step)));
    for (uint32_t i = 0; i < n; ++i) {
      m[i] = beta1 * m[i] + keep1 * g[i];
      v[i] = beta2 * v[i] + keep2 * g[i] * g[i];
      p[i] -= lr * (m[i] * c1) / (sqrtf(v[i] * c2) + epsilon);
    }
  }
  for (uint32_t i = 0; i < n; ++i) g[i] = 0.0f;
}

bool parameters_finite(const Network& net) {
  const float* p = net.parameters();
  for (uint32_t i = 0; i < net.parameter_count(); ++i)
    if (!is_finite(p[i])) return false;
  return true;
}

Status train_sample(Network& net, const float* input, const float* target, const TrainOptions& options, float* loss) {
  DFF_RETURN_IF_ERROR(check_train_options(net, options));
  float value = 0.0f;
  if (options.optimizer == Optimizer::kSgd) {
    value = SgdStepper(net, options.loss, options.learning_rate, options.l2).step(input, target);
  } else {
    zero_gradients(net);
    value = accumulate_gradient(net, input, target, options.loss);
    apply_gradients(net, options, 1);
  }
  if (loss != nullptr) *loss = value;
  if (!is_finite(value))
    return Status(StatusCode::kNonFinite, "loss became NaN or infinite; lower the learning rate or normalise the inputs");
  return Status::Ok();
}

Status train_epoch(Network& net, const DatasetView& data, const TrainOptions& o, Pcg32& rng, uint32_t* order,
                   float* mean_loss) {
  DFF_RETURN_IF_ERROR(check_train_options(net, o));
  const Topology& t = net.topology();
  if (data.input_width != t.inputs())
    return Status(StatusCode::kDimensionMismatch, "data has a different number of inputs than the network");
  if (data.target_width != t.outputs())
    return Status(StatusCode::kDimensionMismatch, "data has a different number of targets than the network outputs");
  if (data.rows == 0 || data.inputs == nullptr || data.targets == nullptr)
    return Status(StatusCode::kInvalidArgument, "training data is empty");
  if (o.shuffle && order == nullptr)
    return Status(StatusCode::kInvalidArgument, "shuffling needs an order buffer of one entry per row");
  if (order != nullptr) {
    for (uint32_t i = 0; i < data.rows; ++i) order[i] = i;
    if (o.shuffle) {
      for (uint32_t i = data.rows - 1; i > 0; --i) {
        const uint32_t j = rng.bounded(i + 1);
        const uint32_t tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
  }
  const bool fused = o.batch_size == 1 && o.optimizer == Optimizer::kSgd;
  if (!fused && o.batch_size > 1 && TrainingMemory(net).batch_capacity() > 1) return train_epoch_batched(net, data, o, order, mean_loss);
  float total = 0.0f;
  if (fused) {
    SgdStepper sgd(net, o.loss, o.learning_rate, o.l2);
    for (uint32_t r = 0; r < data.rows; ++r) total += sgd.step(row_inputs(data, order, r), row_targets(data, order, r));
    return finish_epoch(net, total, data.rows, mean_loss);
  }
  uint32_t in_batch = 0;
  zero_gradients(net);
  for (uint32_t r = 0; r < data.rows; ++r) {
    total += accumulate_gradient(net, row_inputs(data, order, r), row_targets(data, order, r), o.loss);
    if (++in_batch == o.batch_size || r + 1 == data.rows) {
      apply_gradients(net, o, in_batch);
      in_batch = 0;
    }
  }
  return finish_epoch(net, total, data.rows, mean_loss);
}

Status evaluate_loss(const Network& net, const DatasetView& data, Loss loss, float* mean_loss) {
  if (!net.valid()) return Status(StatusCode::kInvalidArgument, "network is not initialised");
  const Topology& t = net.topology();
  if (data.input_width != t.inputs() || data.target_width != t.outputs())
    return Status(StatusCode::kDimensionMismatch, "data widths differ from the network's inputs and outputs");
  if (data.rows == 0) return Status(StatusCode::kInvalidArgument, "evaluation data is empty");
  float total = 0.0f;
  for (uint32_t r = 0; r < data.rows; ++r) {
    const float* y = net.forward(data.inputs + static_cast<size_t>(r) * data.input_width);
    total += sample_loss(loss, output_activation(net), y, data.targets + static_cast<size_t>(r) * data.target_width,
                         t.outputs());
  }
  if (mean_loss != nullptr) *mean_loss = total / static_cast<float>(data.rows);
  return Status::Ok();
}

}  // namespace dff
