// Activation functions and their derivatives, written from the output as in
// the seed project: sigma'(x_sigma) = x_sigma * (1 - x_sigma).
#pragma once

#include <math.h>
#include <stdint.h>

namespace dff {

// Numeric values are part of the model blob format; never renumber.
enum class Activation : uint8_t {
  kSigmoid = 0,
  kRelu = 1,
  kLeakyRelu = 2,
  kTanh = 3,
  kLinear = 4,
  kSoftmax = 5,  // output layer only
};

constexpr float kLeakyReluSlope = 0.01f;
constexpr uint8_t kActivationCount = 6;

// Logistic sigmoid 1 / (1 + e^-x).
inline float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

// Applies the activation to one value; softmax is not element-wise (see activate_vector).
inline float activate(Activation a, float x) {
  switch (a) {
    case Activation::kSigmoid: return sigmoid(x);
    case Activation::kRelu: return x > 0.0f ? x : 0.0f;
    case Activation::kLeakyRelu: return x > 0.0f ? x : kLeakyReluSlope * x;
    case Activation::kTanh: return tanhf(x);
    case Activation::kLinear:
    case Activation::kSoftmax: return x;
  }
  return x;
}

// Derivative with respect to the pre-activation, from the activation's output y.
// For softmax this is the diagonal term y * (1 - y) only.
inline float derivative_from_output(Activation a, float y) {
  switch (a) {
    case Activation::kSigmoid:
    case Activation::kSoftmax: return y * (1.0f - y);
    case Activation::kRelu: return y > 0.0f ? 1.0f : 0.0f;
    case Activation::kLeakyRelu: return y > 0.0f ? 1.0f : kLeakyReluSlope;
    case Activation::kTanh: return 1.0f - y * y;
    case Activation::kLinear: return 1.0f;
  }
  return 1.0f;
}

// Applies the activation in place to n values; softmax normalises across them.
void activate_vector(Activation a, float* values, uint32_t n);
// Multiplies delta[i] by the derivative at output y[i], for n values (one branch per call, not per value).
void scale_by_derivative(Activation a, const float* y, float* delta, uint32_t n);

// Lower-case name ("sigmoid", "leaky_relu", ...); "?" for an invalid value.
const char* activation_name(Activation a);
// Parses a name written by activation_name; false if unknown.
bool parse_activation(const char* name, Activation* out);
// True if the value is one of the enumerators (for data read from outside).
constexpr bool is_valid_activation(uint8_t v) { return v < kActivationCount; }

}  // namespace dff
