// Per-sample SGD for layers at most 8 wide on both sides (the seed's 3-4-2,
// 4-8-3): code unrolled for each exact shape, where calls and loop control would
// otherwise cost as much as the arithmetic. The backward step and the weight
// update share one pass over the weights. Sums and products are those of the
// row-by-row gradient path in the same order, so both give the same bits.
//
// The build compiles this file without auto-vectorisation (core/CMakeLists.txt):
// on layers this narrow the vectorised code gathers lanes with shuffles and loads a
// layer's outputs as one vector right after they were stored one by one, which
// stalls store-to-load forwarding; the scalar code measured ~20% faster on 3-4-2.
#include "core/kernels.h"
#include "core/train_sgd.h"

namespace dff {
namespace {

#if !defined(__OPTIMIZE_SIZE__)
constexpr uint32_t kSmall = 8;

template <uint32_t NI, uint32_t NO>
void forward_small(const SgdLayer& l) {
  kernels::affine_small<NO>(l.in, l.w, l.b, l.out, NI);
  if (l.act == Activation::kSigmoid) {
    for (uint32_t j = 0; j < NO; ++j) l.out[j] = sigmoid(l.out[j]);  // inline: no call for the common case
  } else {
    activate_vector(l.act, l.out, NO);
  }
}

template <uint32_t NI, uint32_t NO>
void backward_small(const SgdLayer& l, const float* DFF_RESTRICT delta, float* DFF_RESTRICT prev, Activation prev_act, float keep, float lr) {
  const float* DFF_RESTRICT in = l.in;
  float* DFF_RESTRICT w = l.w;
  float d[NO], step[NO];
  for (uint32_t j = 0; j < NO; ++j) {
    d[j] = delta[j];
    step[j] = -lr * d[j];
  }
  if (prev != nullptr) {
    for (uint32_t i = 0; i < NI; ++i) prev[i] = kernels::dot(w + i * NO, d, NO);
    if (prev_act == Activation::kSigmoid) {  // inline: no call for the common case (~9% on 3-4-2)
      for (uint32_t i = 0; i < NI; ++i) prev[i] *= in[i] * (1.0f - in[i]);
    } else {
      scale_by_derivative(prev_act, in, prev, NI);
    }
  }
  for (uint32_t i = 0; i < NI; ++i)
    for (uint32_t j = 0; j < NO; ++j) w[i * NO + j] = w[i * NO + j] * keep + in[i] * step[j];
  if (float* DFF_RESTRICT b = l.b)
    for (uint32_t j = 0; j < NO; ++j) b[j] += step[j];
}

#define DFF_SMALL_ROW(F, I) F<I, 1>, F<I, 2>, F<I, 3>, F<I, 4>, F<I, 5>, F<I, 6>, F<I, 7>, F<I, 8>
#define DFF_SMALL_TABLE(F)                                                                              \
  {DFF_SMALL_ROW(F, 1), DFF_SMALL_ROW(F, 2), DFF_SMALL_ROW(F, 3), DFF_SMALL_ROW(F, 4), DFF_SMALL_ROW(F, 5), \
   DFF_SMALL_ROW(F, 6), DFF_SMALL_ROW(F, 7), DFF_SMALL_ROW(F, 8)}
constexpr SgdForwardFn kForwardSmall[kSmall * kSmall] = DFF_SMALL_TABLE(forward_small);
constexpr SgdBackwardFn kBackwardSmall[kSmall * kSmall] = DFF_SMALL_TABLE(backward_small);
#undef DFF_SMALL_TABLE
#undef DFF_SMALL_ROW

// The table's entry for an n_in x n_out layer, or nullptr when it is wider than kSmall.
template <typename Fn>
Fn pick(const Fn (&table)[kSmall * kSmall], uint16_t n_in, uint16_t n_out) {
  if (n_in < 1 || n_in > kSmall || n_out < 1 || n_out > kSmall) return nullptr;
  return table[(n_in - 1u) * kSmall + (n_out - 1u)];
}
#endif

}  // namespace

#if !defined(__OPTIMIZE_SIZE__)
SgdForwardFn sgd_forward_small(uint16_t n_in, uint16_t n_out) { return pick(kForwardSmall, n_in, n_out); }
SgdBackwardFn sgd_backward_small(uint16_t n_in, uint16_t n_out) { return pick(kBackwardSmall, n_in, n_out); }
#else
SgdForwardFn sgd_forward_small(uint16_t, uint16_t) { return nullptr; }
SgdBackwardFn sgd_backward_small(uint16_t, uint16_t) { return nullptr; }
#endif

}  // namespace dff
