#include "core/train_sgd.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "core/kernels.h"
#include "core/prng.h"

using dff::Activation;
using dff::SgdLayer;

namespace {

const Activation kHiddenActivations[] = {Activation::kSigmoid, Activation::kRelu, Activation::kLeakyRelu,
                                         Activation::kTanh, Activation::kLinear};

std::vector<float> random_values(dff::Pcg32& rng, uint32_t n, float lo = -1.0f, float hi = 1.0f) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

// One layer's forward pass in the order the core documents: b, then + in[i] * W[i][j] for i ascending.
std::vector<float> reference_forward(const std::vector<float>& in, const std::vector<float>& w, const float* b,
                                     uint32_t n_out, Activation act) {
  std::vector<float> out(n_out);
  for (uint32_t j = 0; j < n_out; ++j) {
    float acc = b != nullptr ? b[j] : 0.0f;
    for (uint32_t i = 0; i < in.size(); ++i) acc += in[i] * w[i * n_out + j];
    out[j] = acc;
  }
  dff::activate_vector(act, out.data(), n_out);
  return out;
}

// A network's per-sample SGD step in double precision, from the equations.
struct DoubleNet {
  std::vector<uint16_t> widths;
  std::vector<std::vector<double>> w, b;
  Activation hidden, output;

  double act(Activation a, double x) const {
    switch (a) {
      case Activation::kSigmoid: return 1.0 / (1.0 + std::exp(-x));
      case Activation::kTanh: return std::tanh(x);
      case Activation::kRelu: return x > 0 ? x : 0;
      default: return x;
    }
  }
  double derivative(Activation a, double y) const {
    switch (a) {
      case Activation::kSigmoid: return y * (1 - y);
      case Activation::kTanh: return 1 - y * y;
      case Activation::kRelu: return y > 0 ? 1 : 0;
      default: return 1;
    }
  }
  void step(const float* x, const float* t, double lr, double l2) {
    const size_t layers = widths.size() - 1;
    std::vector<std::vector<double>> a(layers + 1);
    a[0].assign(x, x + widths[0]);
    for (size_t l = 0; l < layers; ++l) {
      const Activation f = l + 1 == layers ? output : hidden;
      a[l + 1].assign(widths[l + 1], 0.0);
      for (uint32_t j = 0; j < widths[l + 1]; ++j) {
        double z = b[l].empty() ? 0.0 : b[l][j];
        for (uint32_t i = 0; i < widths[l]; ++i) z += a[l][i] * w[l][i * widths[l + 1] + j];
        a[l + 1][j] = act(f, z);
      }
    }
    std::vector<double> delta(widths[layers]);
    for (uint32_t k = 0; k < widths[layers]; ++k)
      delta[k] = (a[layers][k] - t[k]) * derivative(output, a[layers][k]);
    for (size_t l = layers; l-- > 0;) {
      std::vector<double> prev(widths[l], 0.0);
      for (uint32_t i = 0; i < widths[l]; ++i) {
        for (uint32_t j = 0; j < widths[l + 1]; ++j) prev[i] += w[l][i * widths[l + 1] + j] * delta[j];
        if (l > 0) prev[i] *= derivative(hidden, a[l][i]);
      }
      for (uint32_t i = 0; i < widths[l]; ++i)
        for (uint32_t j = 0; j < widths[l + 1]; ++j) {
          double& wij = w[l][i * widths[l + 1] + j];
          wij -= lr * (a[l][i] * delta[j] + l2 * wij);
        }
      if (!b[l].empty())
        for (uint32_t j = 0; j < widths[l + 1]; ++j) b[l][j] -= lr * delta[j];
      delta = prev;
    }
  }
};

}  // namespace

TEST_CASE("narrow-layer code exists for every shape up to 8 x 8 and not beyond") {
  for (uint16_t n_in = 1; n_in <= 8; ++n_in)
    for (uint16_t n_out = 1; n_out <= 8; ++n_out) {
      CHECK(dff::sgd_forward_small(n_in, n_out) != nullptr);
      CHECK(dff::sgd_backward_small(n_in, n_out) != nullptr);
    }
  CHECK(dff::sgd_forward_small(9, 4) == nullptr);
  CHECK(dff::sgd_forward_small(4, 9) == nullptr);
  CHECK(dff::sgd_backward_small(64, 32) == nullptr);
  CHECK(dff::sgd_forward_small(0, 4) == nullptr);
}

TEST_CASE("narrow-layer forward equals the documented sums bit for bit") {
  dff::Pcg32 rng(11);
  for (uint16_t n_in = 1; n_in <= 8; ++n_in)
    for (uint16_t n_out = 1; n_out <= 8; ++n_out)
      for (const Activation act : kHiddenActivations)
        for (const bool bias : {true, false}) {
          std::vector<float> in = random_values(rng, n_in, -3.0f, 3.0f);
          std::vector<float> w = random_values(rng, n_in * n_out);
          std::vector<float> b = random_values(rng, n_out);
          std::vector<float> out(n_out, -99.0f);
          const SgdLayer layer{in.data(), w.data(), bias ? b.data() : nullptr, out.data(), n_in, n_out, act,
                               nullptr, nullptr};
          dff::sgd_forward_small(n_in, n_out)(layer);
          const std::vector<float> expected = reference_forward(in, w, bias ? b.data() : nullptr, n_out, act);
          INFO(n_in << "x" << n_out << " " << dff::activation_name(act) << " bias " << bias);
          for (uint32_t j = 0; j < n_out; ++j) REQUIRE(out[j] == expected[j]);
        }
}

TEST_CASE("narrow-layer backward step matches the update equations bit for bit") {
  dff::Pcg32 rng(12);
  const float lr = 0.3f, keep = 1.0f - 0.3f * 0.01f;
  for (uint16_t n_in = 1; n_in <= 8; ++n_in)
    for (uint16_t n_out = 1; n_out <= 8; ++n_out)
      for (const Activation below : kHiddenActivations)
        for (const bool with_prev : {true, false}) {
          std::vector<float> in = random_values(rng, n_in, 0.0f, 1.0f);
          std::vector<float> w = random_values(rng, n_in * n_out);
          std::vector<float> b = random_values(rng, n_out);
          const std::vector<float> delta = random_values(rng, n_out);
          std::vector<float> w2 = w, b2 = b, prev(n_in, -99.0f), out(n_out);
          const SgdLayer layer{in.data(), w.data(), b.data(), out.data(), n_in, n_out, Activation::kSigmoid,
                               nullptr, nullptr};
          dff::sgd_backward_small(n_in, n_out)(layer, delta.data(), with_prev ? prev.data() : nullptr, below, keep,
                                               lr);
          INFO(n_in << "x" << n_out << " below " << dff::activation_name(below) << " prev " << with_prev);
          if (with_prev) {
            std::vector<float> expected(n_in);
            for (uint32_t i = 0; i < n_in; ++i) expected[i] = dff::kernels::dot(w2.data() + i * n_out, delta.data(), n_out);
            dff::scale_by_derivative(below, in.data(), expected.data(), n_in);
            for (uint32_t i = 0; i < n_in; ++i) REQUIRE(prev[i] == expected[i]);
          }
          for (uint32_t i = 0; i < n_in; ++i)
            for (uint32_t j = 0; j < n_out; ++j)
              REQUIRE(w[i * n_out + j] == w2[i * n_out + j] * keep + in[i] * (-lr * delta[j]));
          for (uint32_t j = 0; j < n_out; ++j) REQUIRE(b[j] == b2[j] + -lr * delta[j]);
        }
}

TEST_CASE("SgdStepper trains narrow, wide and mixed networks as the equations say") {
  struct Shape {
    std::vector<uint16_t> widths;
    Activation hidden;
    bool bias;
    float l2;
  };
  const Shape shapes[] = {
      {{3, 4, 2}, Activation::kSigmoid, true, 0.0f},     // the seed, narrow code only
      {{3, 4, 5, 2}, Activation::kTanh, false, 0.01f},   // the seed's deeper example
      {{12, 9, 3}, Activation::kRelu, true, 0.0f},       // wide code only
      {{4, 8, 16, 3}, Activation::kSigmoid, true, 0.02f}, // narrow, then wide
      {{1, 1}, Activation::kSigmoid, true, 0.0f},
  };
  for (const Shape& s : shapes) {
    INFO("widths " << s.widths.size() << " first " << s.widths[0] << " bias " << s.bias);
    dff::Topology t;
    REQUIRE(dff::make_topology(s.widths.data(), static_cast<uint32_t>(s.widths.size()), s.hidden,
                               Activation::kSigmoid, s.bias, &t)
                .ok());
    const dff::MemoryPlan plan{true, dff::Optimizer::kSgd};
    std::vector<float> buffer(dff::bytes_required(t, plan) / sizeof(float));
    dff::Network net;
    REQUIRE(net.init(t, plan, buffer.data(), buffer.size() * sizeof(float)).ok());
    net.initialize(dff::Init::kXavier, 5);
    if (s.bias)
      for (uint8_t l = 0; l < t.layer_count; ++l)
        for (uint32_t j = 0; j < t.widths[l + 1]; ++j) net.biases(l)[j] = 0.05f * static_cast<float>(j) - 0.1f;

    DoubleNet ref{s.widths, {}, {}, s.hidden, Activation::kSigmoid};
    for (uint8_t l = 0; l < t.layer_count; ++l) {
      const float* w = net.weights(l);
      ref.w.emplace_back(w, w + t.widths[l] * t.widths[l + 1]);
      ref.b.emplace_back();
      if (s.bias) ref.b.back().assign(net.biases(l), net.biases(l) + t.widths[l + 1]);
    }

    dff::Pcg32 rng(3);
    const float lr = 0.5f;
    dff::SgdStepper stepper(net, dff::Loss::kMse, lr, s.l2);
    for (int sample = 0; sample < 20; ++sample) {
      const std::vector<float> x = random_values(rng, t.inputs());
      std::vector<float> target(t.outputs(), 0.0f);
      target[rng.bounded(t.outputs())] = 1.0f;
      const float loss = stepper.step(x.data(), target.data());
      CHECK(std::isfinite(loss));
      ref.step(x.data(), target.data(), lr, s.l2);
    }
    for (uint8_t l = 0; l < t.layer_count; ++l) {
      for (uint32_t i = 0; i < t.widths[l] * t.widths[l + 1]; ++i)
        REQUIRE(net.weights(l)[i] == Approx(ref.w[l][i]).margin(2e-5));
      if (s.bias)
        for (uint32_t j = 0; j < t.widths[l + 1]; ++j) REQUIRE(net.biases(l)[j] == Approx(ref.b[l][j]).margin(2e-5));
    }
  }
}

TEST_CASE("SgdStepper returns the sample's loss before the update and applies normalisation") {
  const uint16_t widths[] = {2, 3, 1};
  dff::Topology t;
  REQUIRE(dff::make_topology(widths, 3, Activation::kSigmoid, Activation::kSigmoid, true, &t).ok());
  t.normalize = true;
  const dff::MemoryPlan plan{true, dff::Optimizer::kSgd};
  std::vector<float> buffer(dff::bytes_required(t, plan) / sizeof(float));
  dff::Network net;
  REQUIRE(net.init(t, plan, buffer.data(), buffer.size() * sizeof(float)).ok());
  net.initialize(dff::Init::kXavier, 9);
  net.norm_mean()[0] = 10.0f;
  net.norm_mean()[1] = -2.0f;
  net.norm_std()[0] = 4.0f;
  net.norm_std()[1] = 0.5f;
  const float x[2] = {14.0f, -1.0f}, target[1] = {1.0f};
  const float before = net.forward(x)[0];
  dff::SgdStepper stepper(net, dff::Loss::kMse, 1.0f, 0.0f);
  const float loss = stepper.step(x, target);
  CHECK(loss == Approx(0.5f * (before - 1.0f) * (before - 1.0f)));
  CHECK(net.last_input()[0] == 1.0f);
  CHECK(net.last_input()[1] == 2.0f);
  CHECK(net.forward(x)[0] > before);  // moved towards the target
}
