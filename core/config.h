// Build-time configuration of the bare-metal core; every macro can be
// overridden per port (define it before including any core header, or with -D).
#pragma once

// DFF_ASSERT guards programmer errors (wrong sizes passed between our own
// functions). Input that comes from outside is checked with a Status instead.
// Default: trap. A port may route it to its own fault handler.
#ifndef DFF_ASSERT
#define DFF_ASSERT(cond)            \
  do {                              \
    if (!(cond)) __builtin_trap();  \
  } while (0)
#endif

// Most layers a network may have (weight layers, not counting the input).
#ifndef DFF_MAX_LAYERS
#define DFF_MAX_LAYERS 16
#endif

// Hint for the compiler that two pointers never alias.
#if defined(__GNUC__) || defined(__clang__)
#define DFF_RESTRICT __restrict__
#else
#define DFF_RESTRICT
#endif

// Hot helpers are forced inline so that a caller compiled for a wider instruction
// set (see core/train_batch.cpp) gets them in that set too.
#if defined(__GNUC__) || defined(__clang__)
#define DFF_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define DFF_ALWAYS_INLINE inline
#endif

// Mini-batch training (core/train_batch.cpp) is compiled twice on x86-64 with
// GCC or Clang: for the baseline CPU (SSE2) and for AVX2+FMA, picked per call
// from the CPU's features. Define DFF_X86_DISPATCH 0 to build the baseline only.
#ifndef DFF_X86_DISPATCH
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define DFF_X86_DISPATCH 1
#else
#define DFF_X86_DISPATCH 0
#endif
#endif
