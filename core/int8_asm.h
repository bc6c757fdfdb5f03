/* The int8 inner loops as inline-assembly text (C and C++) for the CPUs where compilers
 * fall short: the core (core/fixed_point.h, core/int8_network.h, core/int8_avr.h) and the
 * generated int8 C headers (core/host/export/export_c_int8.cpp) both use these strings,
 * with the operands named below. The results are those of the portable C; only the speed
 * differs.
 *
 * AVR: the ATmega's MUL/MULS/MULSU take 2 cycles; compiled C needs a library call per
 * 16 x 16 bit product and cannot keep a 32-bit accumulator in registers across the loop.
 *
 * DFF_AVR_DOT_ASM: acc += sum over n products (int8)flash[Z++] * (int8)ram[X++].
 *   Two products (|p| <= 16256 each) are summed in 16 bits, offset by 0x8000 to make the
 *   sum unsigned, and added to acc with carries (acc starts (n / 2) * 0x8000 lower); an
 *   odd last product is added sign-extended (the SREG T flag remembers it). Operands:
 *   [acc] "+r" int32, [w] "=&a" int8, [x] "=&a" int8, [t] "=&d" uint16, [z] "=&r" uint8,
 *   [n] "+d" uint16 (any, destroyed), "+z" flash pointer, "+x" RAM pointer; clobbers r0,
 *   r1 (cleared again) and "cc". 13 cycles per product.
 * DFF_AVR_MUL_HIGH16_ASM: [r] = floor([a] * [m] / 2^16) for int32 a, uint16 m.
 *   Operands: [r] "=&r" int32, [lo] "=&r" uint8, [z] "=&r" uint8, [a] "a" int32,
 *   [m] "a" uint16; clobbers r0, r1 (cleared again).
 *
 * Cortex-M0/M0+ (ARMv6-M, Thumb-1): LDRSB has only a register offset, so GCC spends a
 * register move per load; the loop below runs backwards with the index as that offset.
 * DFF_THUMB1_DOT_ASM: acc += sum over i < n of w[i] * x[i] (int8), 6 instructions per
 *   product. Operands: [acc] "+l" int32, [n] "+l" uint32 (destroyed), [a] "=&l",
 *   [b] "=&l" int32, [w] "l" and [x] "l" pointers; clobbers "cc". */
#ifndef DFF_INT8_ASM_H
#define DFF_INT8_ASM_H

#define DFF_THUMB1_DOT_ASM                \
  ".syntax unified\n\t"                   \
  "subs %[n], %[n], #1\n\t"               \
  "bmi 2f\n\t"                            \
  "1: ldrsb %[a], [%[w], %[n]]\n\t"       \
  "ldrsb %[b], [%[x], %[n]]\n\t"          \
  "muls %[a], %[b], %[a]\n\t"             \
  "adds %[acc], %[acc], %[a]\n\t"         \
  "subs %[n], %[n], #1\n\t"               \
  "bpl 1b\n\t"                            \
  "2:\n\t"

#define DFF_AVR_DOT_ASM      \
  "clt\n\t"                    \
  "lsr %B[n]\n\t"             \
  "ror %A[n]\n\t"             \
  "brcc 0f\n\t"               \
  "set\n\t"                   \
  "0: movw %A[t], %A[n]\n\t"  \
  "lsr %B[t]\n\t"             \
  "ror %A[t]\n\t"             \
  "clr %[z]\n\t"              \
  "ror %[z]\n\t"              \
  "sub %B[acc], %[z]\n\t"     \
  "sbc %C[acc], %A[t]\n\t"    \
  "sbc %D[acc], %B[t]\n\t"    \
  "clr %[z]\n\t"              \
  "cp %A[n], r1\n\t"          \
  "cpc %B[n], r1\n\t"         \
  "breq 2f\n\t"               \
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
  "subi %A[n], 1\n\t"         \
  "sbci %B[n], 0\n\t"         \
  "brne 1b\n\t"               \
  "2: brtc 3f\n\t"             \
  "lpm %[w], Z+\n\t"          \
  "ld %[x], X+\n\t"           \
  "muls %[w], %[x]\n\t"       \
  "mov %[z], r1\n\t"          \
  "lsl %[z]\n\t"              \
  "sbc %[z], %[z]\n\t"        \
  "add %A[acc], r0\n\t"       \
  "adc %B[acc], r1\n\t"       \
  "adc %C[acc], %[z]\n\t"     \
  "adc %D[acc], %[z]\n\t"     \
  "3: clr r1\n\t"

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
