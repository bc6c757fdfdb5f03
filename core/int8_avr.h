// Bytes policy for int8 models in AVR program memory (core/int8_network.h): an ATmega runs
// a blob linked into flash (PROGMEM) without copying it to its 2 KB of RAM.
//
//   extern const uint8_t model_blob[] PROGMEM;   // validated before it was flashed
//   dff::Int8Model m;
//   dff::blob_int8_model_at<dff::AvrProgmemBytes>(model_blob, &m);
//   dff::int8_run<dff::AvrProgmemBytes>(m, input, output, scratch);
//
// Only for AVR builds (avr-g++ -std=gnu++14 or later); elsewhere this header is empty.
// The blob must lie in the first 64 KB of flash (pgm_read_byte and LPM take 16-bit addresses).
#pragma once

#if defined(__AVR__)
#include <avr/pgmspace.h>
#include <stdint.h>

#include "core/int8_asm.h"

namespace dff {

struct AvrProgmemBytes {
  static uint8_t get(const uint8_t* p) { return pgm_read_byte(p); }
  // Hand-scheduled: 13 cycles per product (DFF_AVR_DOT_ASM).
  static int32_t dot(const uint8_t* w, const int8_t* x, uint16_t n, int32_t acc) {
    int8_t wv, xv;
    uint8_t z;
    uint16_t t;
    __asm__ volatile(DFF_AVR_DOT_ASM
                     : [acc] "+r"(acc), [w] "=&a"(wv), [x] "=&a"(xv), [t] "=&d"(t), [z] "=&r"(z), [n] "+d"(n),
                       "+z"(w), "+x"(x)
                     :
                     : "r0", "r1", "cc", "memory");
    return acc;
  }
};

}  // namespace dff
#endif
