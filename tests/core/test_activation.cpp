#include "core/activation.h"

#include <catch2/catch.hpp>
#include <cmath>

using dff::Activation;

namespace {
const Activation kElementwise[] = {Activation::kSigmoid, Activation::kRelu, Activation::kLeakyRelu, Activation::kTanh,
                                   Activation::kLinear};
}

TEST_CASE("activations compute their textbook values") {
  CHECK(dff::activate(Activation::kSigmoid, 0.0f) == 0.5f);
  CHECK(dff::activate(Activation::kSigmoid, 2.0f) == Approx(1.0 / (1.0 + std::exp(-2.0))));
  CHECK(dff::activate(Activation::kRelu, -3.0f) == 0.0f);
  CHECK(dff::activate(Activation::kRelu, 3.0f) == 3.0f);
  CHECK(dff::activate(Activation::kLeakyRelu, -2.0f) == Approx(-0.02f));
  CHECK(dff::activate(Activation::kTanh, 0.5f) == Approx(std::tanh(0.5)));
  CHECK(dff::activate(Activation::kLinear, -7.5f) == -7.5f);
}

TEST_CASE("sigmoid saturates without NaN at extreme inputs") {
  CHECK(dff::activate(Activation::kSigmoid, -1000.0f) == 0.0f);
  CHECK(dff::activate(Activation::kSigmoid, 1000.0f) == 1.0f);
}

TEST_CASE("derivative_from_output matches the finite difference of the activation") {
  const float xs[] = {-1.7f, -0.3f, 0.4f, 2.1f};  // away from the relu kink
  for (Activation a : kElementwise) {
    for (float x : xs) {
      const double h = 1e-3;
      const double numeric = (dff::activate(a, static_cast<float>(x + h)) - dff::activate(a, static_cast<float>(x - h))) / (2 * h);
      const float y = dff::activate(a, x);
      INFO(dff::activation_name(a) << " at " << x);
      CHECK(dff::derivative_from_output(a, y) == Approx(numeric).margin(2e-3));
    }
  }
}

TEST_CASE("the seed's sigmoid derivative is written from the output") {
  CHECK(dff::derivative_from_output(Activation::kSigmoid, 0.25f) == 0.25f * 0.75f);
}

TEST_CASE("softmax normalises, keeps order and survives large inputs") {
  float v[] = {1.0f, 2.0f, 3.0f};
  dff::activate_vector(Activation::kSoftmax, v, 3);
  CHECK(v[0] + v[1] + v[2] == Approx(1.0f));
  CHECK(v[2] == Approx(std::exp(3.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(3.0))));
  float big[] = {1000.0f, 1001.0f};
  dff::activate_vector(Activation::kSoftmax, big, 2);
  CHECK(std::isfinite(big[0]));
  CHECK(big[1] == Approx(1.0 / (1.0 + std::exp(-1.0))));
}

TEST_CASE("activate_vector equals activate element by element") {
  for (Activation a : kElementwise) {
    float v[] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
    dff::activate_vector(a, v, 5);
    const float xs[] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
    for (int i = 0; i < 5; ++i) CHECK(v[i] == dff::activate(a, xs[i]));
  }
}

TEST_CASE("activation names round-trip and unknown names are rejected") {
  for (uint8_t i = 0; i < dff::kActivationCount; ++i) {
    const auto a = static_cast<Activation>(i);
    Activation parsed{};
    REQUIRE(dff::parse_activation(dff::activation_name(a), &parsed));
    CHECK(parsed == a);
  }
  Activation unused{};
  CHECK_FALSE(dff::parse_activation("sigmoidx", &unused));
  CHECK_FALSE(dff::parse_activation("", &unused));
  CHECK(dff::is_valid_activation(5));
  CHECK_FALSE(dff::is_valid_activation(6));
  CHECK(std::string(dff::activation_name(static_cast<Activation>(9))) == "?");
}
