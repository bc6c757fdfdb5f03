#include "core/host/model/dff.h"

#include <algorithm>

namespace dff {
namespace {

constexpr MemoryPlan kInferencePlan{false, Optimizer::kSgd, 1};
// Training keeps room for the largest optimizer state, so any optimizer can be used,
// and for blocks of 32 rows, so mini-batches use matrix-matrix products.
constexpr MemoryPlan kTrainingPlan{true, Optimizer::kAdam, 32};

constexpr const char* kTooLargeToTrain =
    "training this network needs more memory than this platform can address: use fewer or narrower layers";
constexpr const char* kTooLarge = "this network needs more memory than this platform can address: use fewer or narrower layers";

}  // namespace

DFF::DFF(std::initializer_list<uint16_t> widths, Activation hidden, Activation output, bool bias, uint64_t seed) {
  const std::vector<uint16_t> w(widths);
  Topology t;
  const Status s = make_topology(w.data(), static_cast<uint32_t>(w.size()), hidden, output, bias, &t);
  DFF_ASSERT(s.ok());
  const Outcome built = build(t);
  DFF_ASSERT(built.ok());
  initialize(Init::kUniform, seed);
}

Result<DFF> DFF::create(const ModelSpec& spec) {
  if (spec.widths.size() < 2) return Error{"a network needs at least an input and an output layer"};
  if (spec.activations.size() != spec.widths.size() - 1)
    return Error{"expected " + std::to_string(spec.widths.size() - 1) + " activations (one per layer), got " +
                 std::to_string(spec.activations.size())};
  if (spec.widths.size() > kMaxLayers + 1u)
    return Error{"a network may have at most " + std::to_string(kMaxLayers) + " layers"};
  Topology t;
  t.layer_count = static_cast<uint8_t>(spec.widths.size() - 1);
  for (size_t i = 0; i < spec.widths.size(); ++i) t.widths[i] = spec.widths[i];
  for (size_t i = 0; i < spec.activations.size(); ++i) t.activations[i] = spec.activations[i];
  t.bias = spec.bias;
  t.normalize = spec.normalize;
  const Status s = validate_topology(t);
  if (!s.ok()) return error_from(s);
  DFF model;
  const Outcome built = model.build(t);
  if (!built.ok()) return Error{built.error()};
  return model;
}

Outcome DFF::build(const Topology& topology) {
  if (!validate_topology(topology).ok()) return Error{"invalid topology"};
  const size_t bytes = bytes_required(topology, kInferencePlan);
  if (bytes == 0) return Error{kTooLarge};
  buffer_.assign(bytes / sizeof(float), 0.0f);
  const Status s = net_.init(topology, kInferencePlan, buffer_.data(), bytes);
  if (!s.ok()) return error_from(s);
  return true;
}

Outcome DFF::prepare_training() {
  if (net_.plan().training) return true;
  const Topology& t = net_.topology();
  const size_t bytes = bytes_required(t, kTrainingPlan);
  if (bytes == 0) return Error{kTooLargeToTrain};
  std::vector<float> buffer(bytes / sizeof(float), 0.0f);
  Network trainable;
  const Status s = trainable.init(t, kTrainingPlan, buffer.data(), bytes);
  if (!s.ok()) return error_from(s);
  std::copy(net_.parameters(), net_.parameters() + net_.parameter_count(), trainable.parameters());
  if (t.normalize) {
    std::copy(net_.norm_mean(), net_.norm_mean() + t.inputs(), trainable.norm_mean());
    std::copy(net_.norm_std(), net_.norm_std() + t.inputs(), trainable.norm_std());
  }
  buffer_ = std::move(buffer);
  net_ = trainable;
  net_.rebind(buffer_.data());
  return true;
}

DFF::DFF(const DFF& other)
    : input_names(other.input_names),
      output_names(other.output_names),
      class_names(other.class_names),
      training(other.training),
      buffer_(other.buffer_),
      net_(other.net_) {
  net_.rebind(buffer_.data());
}

DFF& DFF::operator=(const DFF& other) {
  if (this != &other) {
    DFF copy(other);
    *this = std::move(copy);
  }
  return *this;
}

DFF::DFF(DFF&& other) noexcept
    : input_names(std::move(other.input_names)),
      output_names(std::move(other.output_names)),
      class_names(std::move(other.class_names)),
      training(other.training),
      buffer_(std::move(other.buffer_)),
      net_(other.net_) {
  net_.rebind(buffer_.data());
  other.net_ = Network();
}

DFF& DFF::operator=(DFF&& other) noexcept {
  input_names = std::move(other.input_names);
  output_names = std::move(other.output_names);
  class_names = std::move(other.class_names);
  training = other.training;
  buffer_ = std::move(other.buffer_);
  net_ = other.net_;
  net_.rebind(buffer_.data());
  other.net_ = Network();
  return *this;
}

void DFF::initialize(Init init, uint64_t seed) {
  net_.initialize(init, seed);
  training.init = init;
  training.seed = seed;
  training.epochs = 0;
  training.final_loss = -1.0f;
}

Status DFF::train(const Matrix& a, const Matrix& s, float lrate) {
  TrainOptions o;
  o.learning_rate = lrate;
  return train(a, s, o);
}

Status DFF::train(const Matrix& a, const Matrix& s, const TrainOptions& options) {
  if (!prepare_training().ok()) return Status(StatusCode::kBufferTooSmall, kTooLargeToTrain);
  if (a.cols() != topology().inputs())
    return Status(StatusCode::kDimensionMismatch, "train: input width differs from the network's input layer");
  if (s.cols() != topology().outputs())
    return Status(StatusCode::kDimensionMismatch, "train: target width differs from the network's output layer");
  if (a.rows() != s.rows()) return Status(StatusCode::kDimensionMismatch, "train: inputs and targets differ in rows");
  for (uint32_t r = 0; r < a.rows(); ++r)
    DFF_RETURN_IF_ERROR(train_sample(net_, a.data() + r * a.cols(), s.data() + r * s.cols(), options, nullptr));
  return Status::Ok();
}

Matrix DFF::predict(const Matrix& a) const {
  DFF_ASSERT(a.cols() == topology().inputs());
  Matrix out(a.rows(), topology().outputs());
  for (uint32_t r = 0; r < a.rows(); ++r) {
    const float* y = net_.forward(a.data() + r * a.cols());
    for (uint32_t c = 0; c < out.cols(); ++c) out(r, c) = y[c];
  }
  return out;
}

uint32_t DFF::classify(const float* input) const {
  const float* y = net_.forward(input);
  uint32_t best = 0;
  for (uint32_t c = 1; c < topology().outputs(); ++c)
    if (y[c] > y[best]) best = c;
  return best;
}

std::vector<Matrix> DFF::weights() const {
  std::vector<Matrix> out;
  const Topology& t = topology();
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const float* w = net_.weights(l);
    out.emplace_back(t.widths[l], t.widths[l + 1], std::vector<float>(w, w + t.widths[l] * t.widths[l + 1]));
  }
  return out;
}

std::vector<Matrix> DFF::biases() const {
  std::vector<Matrix> out;
  const Topology& t = topology();
  if (!t.bias) return out;
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const float* b = net_.biases(l);
    out.emplace_back(1, t.widths[l + 1], std::vector<float>(b, b + t.widths[l + 1]));
  }
  return out;
}

Outcome DFF::set_normalization(const std::vector<float>& mean, const std::vector<float>& stddev) {
  if (!topology().normalize) return Error{"this network was built without input normalisation"};
  const size_t n = topology().inputs();
  if (mean.size() != n || stddev.size() != n)
    return Error{"normalisation needs " + std::to_string(n) + " means and standard deviations"};
  for (size_t i = 0; i < n; ++i) {
    if (!(stddev[i] > 0.0f)) return Error{"normalisation: standard deviation of input " + std::to_string(i + 1) + " must be > 0"};
    net_.norm_mean()[i] = mean[i];
    net_.norm_std()[i] = stddev[i];
  }
  return true;
}

}  // namespace dff
