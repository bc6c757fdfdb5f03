#include "core/activation.h"

#include <math.h>

namespace dff {
namespace {

bool equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

constexpr const char* kNames[kActivationCount] = {"sigmoid", "relu", "leaky_relu", "tanh", "linear", "softmax"};

}  // namespace

void activate_vector(Activation a, float* values, uint32_t n) {
  switch (a) {
    case Activation::kSigmoid:
      for (uint32_t i = 0; i < n; ++i) values[i] = sigmoid(values[i]);
      return;
    case Activation::kRelu:
      for (uint32_t i = 0; i < n; ++i) values[i] = values[i] > 0.0f ? values[i] : 0.0f;
      return;
    case Activation::kLeakyRelu:
      for (uint32_t i = 0; i < n; ++i) values[i] = values[i] > 0.0f ? values[i] : kLeakyReluSlope * values[i];
      return;
    case Activation::kTanh:
      for (uint32_t i = 0; i < n; ++i) values[i] = tanhf(values[i]);
      return;
    case Activation::kLinear: return;
    case Activation::kSoftmax: {
      if (n == 0) return;
      // Subtracting the maximum keeps expf from overflowing.
      float max = values[0];
      for (uint32_t i = 1; i < n; ++i) max = values[i] > max ? values[i] : max;
      float sum = 0.0f;
      for (uint32_t i = 0; i < n; ++i) {
        values[i] = expf(values[i] - max);
        sum += values[i];
      }
      const float inv = 1.0f / sum;
      for (uint32_t i = 0; i < n; ++i) values[i] *= inv;
      return;
    }
  }
}

void scale_by_derivative(Activation a, const float* y, float* delta, uint32_t n) {
  switch (a) {
    case Activation::kSigmoid:
    case Activation::kSoftmax:
      for (uint32_t i = 0; i < n; ++i) delta[i] *= y[i] * (1.0f - y[i]);
      return;
    case Activation::kRelu:
      for (uint32_t i = 0; i < n; ++i) delta[i] = y[i] > 0.0f ? delta[i] : 0.0f;
      return;
    case Activation::kLeakyRelu:
      for (uint32_t i = 0; i < n; ++i) delta[i] *= y[i] > 0.0f ? 1.0f : kLeakyReluSlope;
      return;
    case Activation::kTanh:
      for (uint32_t i = 0; i < n; ++i) delta[i] *= 1.0f - y[i] * y[i];
      return;
    case Activation::kLinear: return;
  }
}

const char* activation_name(Activation a) {
  const auto i = static_cast<uint8_t>(a);
  return i < kActivationCount ? kNames[i] : "?";
}

bool parse_activation(const char* name, Activation* out) {
  for (uint8_t i = 0; i < kActivationCount; ++i) {
    if (equal(name, kNames[i])) {
      *out = static_cast<Activation>(i);
      return true;
    }
  }
  return false;
}

}  // namespace dff
