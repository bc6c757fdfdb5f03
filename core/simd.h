// Portable SIMD: GCC/Clang vector types, which lower to SSE/AVX, NEON or WASM
// SIMD128. Only defined where the CPU has SIMD; elsewhere (Cortex-M, AVR) they
// would become long scalar sequences that cost flash and gain nothing.
#pragma once

#include <stdint.h>

#include "core/config.h"

#if (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__SSE2__) || defined(__ARM_NEON) || defined(__wasm_simd128__))
#define DFF_SIMD 1
#else
#define DFF_SIMD 0
#endif

namespace dff {
namespace simd {

#if DFF_SIMD
// aligned(4): loads and stores go through memcpy at any float address.
typedef float Vec4 __attribute__((vector_size(16), aligned(4)));
typedef float Vec8 __attribute__((vector_size(32), aligned(4)));
#endif

}  // namespace simd
}  // namespace dff
