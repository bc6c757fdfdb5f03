/* The AVR inner loops of the int8 path as inline-assembly text (C and C++): the core's
 * AVR build (core/fixed_point.h, core/int8_avr.h) and the generated int8 C headers
 * (core/host/export/export_c_int8.cpp) both use these strings, with the operands named
 * below. The ATmega's MUL/MULS/MULSU take 2 cycles; compiled C needs a library call per
 * 16 x 16 bit product and cannot keep a 32-bit accumulator in registers across the loop.
 *
 * DFF_AVR_DOT_PAIRS_ASM: acc += sum over `pairs` pairs of (int8)flash[Z++] * (int8)ram[X++].
 *   Two products (|p| <= 16256 each) are summed in 16 bits, offset by 0x8000 to make the
 *   sum unsigned, and added to acc with carries; acc starts pairs * 0x8000 lower.
 *   Operands: [acc] "+r" int32, [w] "=&a" int8, [x] "=&a" int8, [t] "=&d" uint16,
 *   [z] "=&r" uint8 (zero), [n] "+w" uint16 pairs (>= 1), "+z" flash pointer,
 *   "+x" RAM pointer; clobbers r0, r1 (cleared again). 13 cycles per product.
 * DFF_AVR_MUL_HIGH16_ASM: [r] = floor([a] * [m] / 2^16) for int32 a, uint16 m < 2^15.
 *   Operands: [r] "=&r" int32, [lo] "=&r" uint8, [z] "=&r" uint8, [a] "a" int32,
 *   [m] "a" uint16; clobbers r0, r1 (cleared again). */
#ifndef DFF_INT8_AVR_ASM_H
#define DFF_INT8_AVR_ASM_H

#define DFF_AVR_DOT_PAIRS_ASM \
  "movw %A[t], %A[n]\n\t"     \
  "lsr %B[t]\n\t"             \
  "ror %A[t]\n\t"             \
  "clr %[z]\n\t"              \
  "ror %[z]\n\t"              \
  "sub %B[acc], %[z]\n\t"     \
  "sbc %C[acc], %A[t]\n\t"    \
  "sbc %D[acc], %B[t]\n\t"    \
  "clr %[z]\n\t"              \
  "1: lpm %[w], Z+\n\t"       \
  "ld %[x], X+\n\t"           \
  "muls %[w], %[x]\n\t"       \
  "movw %A[t], r0\n\t"        \
  "lpm %[w], Z+\n\t"          \
  "ld %[x], X+\n\t"           \
  "muls %[w], %[x]\n\t"       \
  "add %A[t], r0\n\t"         \
  "adc %B[t], r1\n\t"         \
  "subi %B[t], 0x80\n\t"      \
  "add %A[acc], %A[t]\n\t"    \
  "adc %B[acc], %B[t]\n\t"    \
  "adc %C[acc], %[z]\n\t"     \
  "adc %D[acc], %[z]\n\t"     \
  "sbiw %[n], 1\n\t"          \
  "brne 1b\n\t"               \
  "clr r1\n\t"

#define DFF_AVR_MUL_HIGH16_ASM \
  "clr %[z]\n\t"               \
  "clr %A[r]\n\t"              \
  "clr %B[r]\n\t"              \
  "clr %C[r]\n\t"              \
  "clr %D[r]\n\t"              \
  "mul %A[a], %A[m]\n\t"       \
  "mov %[lo], r1\n\t"          \
  "mul %A[a], %B[m]\n\t"       \
  "add %[lo], r0\n\t"          \
  "adc %A[r], r1\n\t"          \
  "mul %B[a], %A[m]\n\t"       \
  "add %[lo], r0\n\t"          \
  "adc %A[r], r1\n\t"          \
  "adc %B[r], %[z]\n\t"        \
  "mul %B[a], %B[m]\n\t"       \
  "add %A[r], r0\n\t"          \
  "adc %B[r], r1\n\t"          \
  "adc %C[r], %[z]\n\t"        \
  "mul %C[a], %A[m]\n\t"       \
  "add %A[r], r0\n\t"          \
  "adc %B[r], r1\n\t"          \
  "adc %C[r], %[z]\n\t"        \
  "mul %C[a], %B[m]\n\t"       \
  "add %B[r], r0\n\t"          \
  "adc %C[r], r1\n\t"          \
  "adc %D[r], %[z]\n\t"        \
  "mulsu %D[a], %A[m]\n\t"     \
  "sbc %D[r], %[z]\n\t"        \
  "add %B[r], r0\n\t"          \
  "adc %C[r], r1\n\t"          \
  "adc %D[r], %[z]\n\t"        \
  "mulsu %D[a], %B[m]\n\t"     \
  "add %C[r], r0\n\t"          \
  "adc %D[r], r1\n\t"          \
  "clr r1\n\t"

#endif
