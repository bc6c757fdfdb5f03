// The class a network's outputs name, the rule the board's LIVE mode reports and the page's
// results use: the largest output (the first on a tie); a single output names class 1 when it
// is >= 0.5, else class 0 (one sigmoid unit answering yes or no). NaN outputs never win.
#pragma once

#include <stdint.h>

namespace dff {

// outputs: n >= 1 values. Returns a class index < (n == 1 ? 2 : n).
inline uint32_t predicted_class(const float* outputs, uint32_t n) {
  if (n == 1) return outputs[0] >= 0.5f ? 1u : 0u;
  uint32_t best = 0;
  for (uint32_t k = 1; k < n; ++k)
    if (outputs[k] > outputs[best] || (outputs[best] != outputs[best] && outputs[k] == outputs[k])) best = k;
  return best;
}

}  // namespace dff
