#include "core/network.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

using dff::Activation;
using dff::MemoryPlan;
using dff::Network;
using dff::StatusCode;
using dff::Topology;

namespace {

Topology seed_topology(bool bias) {
  const uint16_t widths[] = {3, 4, 2};
  Topology t;
  REQUIRE(dff::make_topology(widths, 3, Activation::kSigmoid, Activation::kSigmoid, bias, &t).ok());
  return t;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace

TEST_CASE("bytes_required counts parameters, layer outputs, deltas, gradients and optimizer state") {
  const Topology t = seed_topology(true);
  CHECK(dff::parameter_count(t) == 3 * 4 + 4 + 4 * 2 + 2);
  CHECK(dff::bytes_required(t, MemoryPlan{false, dff::Optimizer::kSgd}) == (26 + 6) * sizeof(float));
  CHECK(dff::bytes_required(t, MemoryPlan{true, dff::Optimizer::kSgd}) == (26 + 6 + 8 + 26) * sizeof(float));
  CHECK(dff::bytes_required(t, MemoryPlan{true, dff::Optimizer::kMomentum}) == (26 + 6 + 8 + 52) * sizeof(float));
  CHECK(dff::bytes_required(t, MemoryPlan{true, dff::Optimizer::kAdam}) == (26 + 6 + 8 + 78) * sizeof(float));
  Topology normalized = t;
  normalized.normalize = true;
  CHECK(dff::bytes_required(normalized, MemoryPlan{false, dff::Optimizer::kSgd}) == (26 + 6 + 9) * sizeof(float));
}

TEST_CASE("bytes_required is 0 for a network this target cannot address, and init refuses it") {
  // 16 layers of 4096 with Adam and 32-row blocks: 1,093,345,280 floats, 4.37 GB.
  uint16_t widths[dff::kMaxLayers + 1];
  for (uint16_t& w : widths) w = dff::kMaxWidth;
  Topology t;
  REQUIRE(dff::make_topology(widths, 17, Activation::kRelu, Activation::kRelu, true, &t).ok());
  const uint64_t floats = 4ull * dff::parameter_count(t) + 16 * 4096 + 2 * 4096 + 32 * 4096 + 32 * 16 * 4096 +
                          2 * 32 * 4096 + 4096 * 4096;
  REQUIRE(floats == 1093345280ull);
  const MemoryPlan training{true, dff::Optimizer::kAdam, 32};
  const MemoryPlan inference{false, dff::Optimizer::kSgd, 1};
  const uint64_t inference_floats = dff::parameter_count(t) + 16 * 4096;
  CHECK(dff::bytes_required(t, inference) == inference_floats * sizeof(float));
  if (sizeof(size_t) == 4) {
    CHECK(dff::bytes_required(t, training) == 0);
    // A caller that trusts a wrapped size would hand over a small buffer: init must not write it.
    float one[1] = {42.0f};
    Network net;
    CHECK(net.init(t, training, one, SIZE_MAX).code() == StatusCode::kBufferTooSmall);
    CHECK(one[0] == 42.0f);
    CHECK_FALSE(net.valid());
  } else {
    CHECK(dff::bytes_required(t, training) == floats * sizeof(float));
  }
}

TEST_CASE("init rejects small, null and misaligned buffers") {
  const Topology t = seed_topology(true);
  const MemoryPlan plan{};
  std::vector<float> storage(dff::bytes_required(t, plan) / sizeof(float) + 1);
  Network net;
  CHECK(net.init(t, plan, storage.data(), dff::bytes_required(t, plan) - 1).code() == StatusCode::kBufferTooSmall);
  CHECK_FALSE(net.valid());
  CHECK(net.init(t, plan, nullptr, 1000).code() == StatusCode::kInvalidArgument);
  auto* misaligned = reinterpret_cast<unsigned char*>(storage.data()) + 1;
  CHECK(net.init(t, plan, misaligned, dff::bytes_required(t, plan)).code() == StatusCode::kInvalidArgument);
  CHECK(net.init(t, plan, storage.data(), dff::bytes_required(t, plan)).ok());
  CHECK(net.valid());
  CHECK(net.bytes() == dff::bytes_required(t, plan));
}

TEST_CASE("validate_topology explains what is wrong") {
  Topology t = seed_topology(true);
  CHECK(dff::validate_topology(t).ok());
  Topology zero = t;
  zero.widths[1] = 0;
  CHECK(dff::validate_topology(zero).code() == StatusCode::kInvalidArgument);
  Topology hidden_softmax = t;
  hidden_softmax.activations[0] = Activation::kSoftmax;
  CHECK(std::string(dff::validate_topology(hidden_softmax).message()).find("softmax") != std::string::npos);
  Topology single_softmax = t;
  single_softmax.widths[2] = 1;
  single_softmax.activations[1] = Activation::kSoftmax;
  CHECK_FALSE(dff::validate_topology(single_softmax).ok());
  Topology bad_activation = t;
  bad_activation.activations[1] = static_cast<Activation>(77);
  CHECK_FALSE(dff::validate_topology(bad_activation).ok());
  Topology wide = t;
  wide.widths[1] = 5000;
  CHECK_FALSE(dff::validate_topology(wide).ok());
  Topology none;
  CHECK_FALSE(dff::validate_topology(none).ok());
  const uint16_t too_many[dff::kMaxLayers + 2] = {};
  Topology unused;
  CHECK_FALSE(dff::make_topology(too_many, dff::kMaxLayers + 2, Activation::kRelu, Activation::kLinear, true, &unused).ok());
  CHECK(dff::bytes_required(zero, MemoryPlan{}) == 0);
}

TEST_CASE("without biases predict is the seed's equations (8): H = s(I.Wih), O = s(H.Who)") {
  const Topology t = seed_topology(false);
  std::vector<float> storage(dff::bytes_required(t, MemoryPlan{}) / sizeof(float));
  Network net;
  REQUIRE(net.init(t, MemoryPlan{}, storage.data(), storage.size() * sizeof(float)).ok());
  CHECK(net.biases(0) == nullptr);
  const float wih[12] = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f, 0.9f, -1.0f, 1.1f, -1.2f};
  const float who[8] = {0.2f, -0.1f, 0.4f, -0.3f, 0.6f, -0.5f, 0.8f, -0.7f};
  for (int i = 0; i < 12; ++i) net.weights(0)[i] = wih[i];
  for (int i = 0; i < 8; ++i) net.weights(1)[i] = who[i];
  const float input[3] = {1.0f, 0.0f, 1.0f};
  float out[2];
  REQUIRE(net.predict(input, 3, out, 2).ok());
  double h[4];
  for (int j = 0; j < 4; ++j) h[j] = sigmoid(input[0] * wih[j] + input[1] * wih[4 + j] + input[2] * wih[8 + j]);
  for (int k = 0; k < 2; ++k) {
    double z = 0;
    for (int j = 0; j < 4; ++j) z += h[j] * who[j * 2 + k];
    CHECK(out[k] == Approx(sigmoid(z)).epsilon(1e-6));
  }
}

TEST_CASE("biases are added before the activation") {
  const uint16_t widths[] = {2, 1};
  Topology t;
  REQUIRE(dff::make_topology(widths, 2, Activation::kLinear, Activation::kLinear, true, &t).ok());
  std::vector<float> storage(dff::bytes_required(t, MemoryPlan{false}) / sizeof(float));
  Network net;
  REQUIRE(net.init(t, MemoryPlan{false}, storage.data(), storage.size() * sizeof(float)).ok());
  net.weights(0)[0] = 2.0f;
  net.weights(0)[1] = -3.0f;
  net.biases(0)[0] = 0.5f;
  const float in[2] = {4.0f, 1.0f};
  float out = 0;
  REQUIRE(net.predict(in, 2, &out, 1).ok());
  CHECK(out == 5.5f);
}

TEST_CASE("normalisation z-scores raw inputs before the first layer") {
  const uint16_t widths[] = {2, 1};
  Topology t;
  REQUIRE(dff::make_topology(widths, 2, Activation::kLinear, Activation::kLinear, false, &t).ok());
  t.normalize = true;
  std::vector<float> storage(dff::bytes_required(t, MemoryPlan{false}) / sizeof(float));
  Network net;
  REQUIRE(net.init(t, MemoryPlan{false}, storage.data(), storage.size() * sizeof(float)).ok());
  CHECK(net.norm_std()[0] == 1.0f);  // identity until set
  net.norm_mean()[0] = 10.0f;
  net.norm_std()[0] = 2.0f;
  net.norm_mean()[1] = -1.0f;
  net.norm_std()[1] = 4.0f;
  net.weights(0)[0] = 1.0f;
  net.weights(0)[1] = 1.0f;
  const float in[2] = {14.0f, 7.0f};
  float out = 0;
  REQUIRE(net.predict(in, 2, &out, 1).ok());
  CHECK(out == Approx(2.0f + 2.0f));
}

TEST_CASE("predict checks lengths and initialisation") {
  const Topology t = seed_topology(true);
  std::vector<float> storage(dff::bytes_required(t, MemoryPlan{}) / sizeof(float));
  Network net;
  const float in[3] = {};
  float out[2];
  CHECK(net.predict(in, 3, out, 2).code() == StatusCode::kInvalidArgument);
  REQUIRE(net.init(t, MemoryPlan{}, storage.data(), storage.size() * sizeof(float)).ok());
  CHECK(net.predict(in, 2, out, 2).code() == StatusCode::kDimensionMismatch);
  CHECK(net.predict(in, 3, out, 3).code() == StatusCode::kDimensionMismatch);
  CHECK(net.predict(in, 3, out, 2).ok());
}

TEST_CASE("initialize is deterministic per seed and respects each scheme's range") {
  const uint16_t widths[] = {64, 32, 10};
  Topology t;
  REQUIRE(dff::make_topology(widths, 3, Activation::kRelu, Activation::kSoftmax, true, &t).ok());
  const size_t n = dff::bytes_required(t, MemoryPlan{}) / sizeof(float);
  std::vector<float> a(n), b(n);
  Network na, nb;
  REQUIRE(na.init(t, MemoryPlan{}, a.data(), n * sizeof(float)).ok());
  REQUIRE(nb.init(t, MemoryPlan{}, b.data(), n * sizeof(float)).ok());
  na.initialize(dff::Init::kXavier, 5);
  nb.initialize(dff::Init::kXavier, 5);
  CHECK(std::equal(na.parameters(), na.parameters() + na.parameter_count(), nb.parameters()));
  nb.initialize(dff::Init::kXavier, 6);
  CHECK_FALSE(std::equal(na.parameters(), na.parameters() + na.parameter_count(), nb.parameters()));

  const struct { dff::Init init; float limit0; } schemes[] = {
      {dff::Init::kUniform, 1.0f}, {dff::Init::kXavier, std::sqrt(6.0f / 96.0f)}, {dff::Init::kHe, std::sqrt(6.0f / 64.0f)}};
  for (const auto& s : schemes) {
    na.initialize(s.init, 11);
    float max_abs = 0.0f;
    for (int i = 0; i < 64 * 32; ++i) max_abs = std::max(max_abs, std::fabs(na.weights(0)[i]));
    CHECK(max_abs <= s.limit0);
    CHECK(max_abs > 0.9f * s.limit0);
    for (int i = 0; i < 32; ++i) CHECK(na.biases(0)[i] == 0.0f);
  }
}

TEST_CASE("any depth works: the seed's DFF((3, 4, 5, 2))") {
  const uint16_t widths[] = {3, 4, 5, 2};
  Topology t;
  REQUIRE(dff::make_topology(widths, 4, Activation::kSigmoid, Activation::kSigmoid, true, &t).ok());
  CHECK(t.layer_count == 3);
  std::vector<float> storage(dff::bytes_required(t, MemoryPlan{}) / sizeof(float));
  Network net;
  REQUIRE(net.init(t, MemoryPlan{}, storage.data(), storage.size() * sizeof(float)).ok());
  net.initialize(dff::Init::kUniform, 1);
  const float in[3] = {1, 0, 1};
  float out[2];
  REQUIRE(net.predict(in, 3, out, 2).ok());
  CHECK(out[0] > 0.0f);
  CHECK(out[0] < 1.0f);
}

TEST_CASE("optimizer and init names round-trip and unknown names are refused") {
  for (dff::Optimizer o : {dff::Optimizer::kSgd, dff::Optimizer::kMomentum, dff::Optimizer::kAdam}) {
    dff::Optimizer back = dff::Optimizer::kSgd;
    REQUIRE(dff::parse_optimizer(dff::optimizer_name(o), &back));
    CHECK(back == o);
  }
  for (dff::Init i : {dff::Init::kUniform, dff::Init::kXavier, dff::Init::kHe}) {
    dff::Init back = dff::Init::kUniform;
    REQUIRE(dff::parse_init(dff::init_name(i), &back));
    CHECK(back == i);
  }
  CHECK(std::string(dff::optimizer_name(dff::Optimizer::kAdam)) == "adam");
  CHECK(std::string(dff::init_name(dff::Init::kHe)) == "he");
  CHECK(std::string(dff::optimizer_name(static_cast<dff::Optimizer>(7))) == "?");
  dff::Optimizer o = dff::Optimizer::kMomentum;
  CHECK_FALSE(dff::parse_optimizer("Adam", &o));
  CHECK_FALSE(dff::parse_optimizer(nullptr, &o));
  CHECK(o == dff::Optimizer::kMomentum);  // untouched on failure
  dff::Init i = dff::Init::kXavier;
  CHECK_FALSE(dff::parse_init("glorot", &i));
  CHECK(i == dff::Init::kXavier);
}
