// Activation functions and their derivatives, written from the output as in
// the seed project: sigma'(x_sigma) = x_sigma * (1 - x_sigma).
#pragma once

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

// Applies the activation to one value; softmax is not element-wise (see activate_vector).
float activate(Activation a, float x);
// Applies the activation in place to n values; softmax normalises across them.
void activate_vector(Activation a, float* values, uint32_t n);
// Derivative with respect to the pre-activation, from the activation's output y.
// For softmax this is the diagonal term y * (1 - y) only.
float derivative_from_output(Activation a, float y);

// Lower-case name ("sigmoid", "leaky_relu", ...); "?" for an invalid value.
const char* activation_name(Activation a);
// Parses a name written by activation_name; false if unknown.
bool parse_activation(const char* name, Activation* out);
// True if the value is one of the enumerators (for data read from outside).
constexpr bool is_valid_activation(uint8_t v) { return v < kActivationCount; }

}  // namespace dff
