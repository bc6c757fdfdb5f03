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
 *   odd last product is added sign-extended (the SREG T flag remembers it); the loop does
 *   two pairs a pass and enters half way for an odd number of pairs. Operands:
 *   [acc] "+r" int32, [w] "=&a" int8, [x] "=&a" int8, [t] "=&d" uint16, [z] "=&r" uint8,
 *   [n] "+d" uint16 (any, destroyed), "+z" flash pointer, "+x" RAM pointer; clobbers r0,
 *   r1 (cleared again) and "cc". 12 cycles per product.
 * DFF_AVR_MUL_HIGH16_ASM: [r] = floor([a] * [m] / 2^16) for int32 a, uint16 m.
 *   Operands: [r] "=&r" int32, [lo] "=&r" uint8, [z] "=&r" uint8, [a] "a" int32,
 *   [m] "a" uint16; clobbers r0, r1 (cleared again).
 * DFF_AVR_REQUANTIZE_ASM: the same, then [r] = ((r >> [s]) + 1) >> 1 (arithmetic shifts),
 *   core/fixed_point.h's requantize with s = shift - 17. Extra operand [s] "+d" uint8 (0..29,
 *   destroyed); about 75 cycles.
 * DFF_AVR_MUL_HIGH16_SHIFT_ASM: floor([a] * [m] / 2^16) for a >= 0, then [r] >>= [s]
 *   (logical, 0 from 32 on): shift_right_u32(mul_high16(a, m), s) of the input step. Extra
 *   operand [s] "+d" uint8 (destroyed).
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
  "clt\n\t"                  \
  "lsr %B[n]\n\t"            \
  "ror %A[n]\n\t"            \
  "brcc 0f\n\t"              \
  "set\n\t"                  \
  "0: movw %A[t], %A[n]\n\t" \
  "lsr %B[t]\n\t"            \
  "ror %A[t]\n\t"            \
  "clr %[z]\n\t"             \
  "ror %[z]\n\t"             \
  "sub %B[acc], %[z]\n\t"    \
  "sbc %C[acc], %A[t]\n\t"   \
  "sbc %D[acc], %B[t]\n\t"   \
  "clr %[z]\n\t"             \
  "cp %A[n], r1\n\t"         \
  "cpc %B[n], r1\n\t"        \
  "breq 2f\n\t"              \
  "subi %A[n], 0xFF\n\t"     \
  "sbci %B[n], 0xFF\n\t"     \
  "lsr %B[n]\n\t"            \
  "ror %A[n]\n\t"            \
  "brcs 1f\n\t"              \
  "rjmp 4f\n\t"              \
  "1:\n\t"                   \
  "lpm %[w], Z+\n\t"         \
  "ld %[x], X+\n\t"          \
  "muls %[w], %[x]\n\t"      \
  "movw %A[t], r0\n\t"       \
  "lpm %[w], Z+\n\t"         \
  "ld %[x], X+\n\t"          \
  "muls %[w], %[x]\n\t"      \
  "add %A[t], r0\n\t"        \
  "adc %B[t], r1\n\t"        \
  "subi %B[t], 0x80\n\t"     \
  "add %A[acc], %A[t]\n\t"   \
  "adc %B[acc], %B[t]\n\t"   \
  "adc %C[acc], %[z]\n\t"    \
  "adc %D[acc], %[z]\n\t"    \
  "4:\n\t"                   \
  "lpm %[w], Z+\n\t"         \
  "ld %[x], X+\n\t"          \
  "muls %[w], %[x]\n\t"      \
  "movw %A[t], r0\n\t"       \
  "lpm %[w], Z+\n\t"         \
  "ld %[x], X+\n\t"          \
  "muls %[w], %[x]\n\t"      \
  "add %A[t], r0\n\t"        \
  "adc %B[t], r1\n\t"        \
  "subi %B[t], 0x80\n\t"     \
  "add %A[acc], %A[t]\n\t"   \
  "adc %B[acc], %B[t]\n\t"   \
  "adc %C[acc], %[z]\n\t"    \
  "adc %D[acc], %[z]\n\t"    \
  "subi %A[n], 1\n\t"        \
  "sbci %B[n], 0\n\t"        \
  "brne 1b\n\t"              \
  "2: brtc 3f\n\t"           \
  "lpm %[w], Z+\n\t"         \
  "ld %[x], X+\n\t"          \
  "muls %[w], %[x]\n\t"      \
  "mov %[z], r1\n\t"         \
  "lsl %[z]\n\t"             \
  "sbc %[z], %[z]\n\t"       \
  "add %A[acc], r0\n\t"      \
  "adc %B[acc], r1\n\t"      \
  "adc %C[acc], %[z]\n\t"    \
  "adc %D[acc], %[z]\n\t"    \
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

#define DFF_AVR_REQUANTIZE_ASM \
  DFF_AVR_MUL_HIGH16_ASM \
  "cpi %[s], 16\n\t"     \
  "brlo 5f\n\t"          \
  "mov %A[r], %C[r]\n\t" \
  "mov %B[r], %D[r]\n\t" \
  "clr %C[r]\n\t"        \
  "sbrc %B[r], 7\n\t"    \
  "com %C[r]\n\t"        \
  "mov %D[r], %C[r]\n\t" \
  "subi %[s], 16\n\t"    \
  "5: cpi %[s], 8\n\t"   \
  "brlo 6f\n\t"          \
  "mov %A[r], %B[r]\n\t" \
  "mov %B[r], %C[r]\n\t" \
  "mov %C[r], %D[r]\n\t" \
  "lsl %D[r]\n\t"        \
  "sbc %D[r], %D[r]\n\t" \
  "subi %[s], 8\n\t"     \
  "6: subi %[s], 1\n\t"  \
  "brcs 7f\n\t"          \
  "asr %D[r]\n\t"        \
  "ror %C[r]\n\t"        \
  "ror %B[r]\n\t"        \
  "ror %A[r]\n\t"        \
  "rjmp 6b\n\t"          \
  "7: sec\n\t"           \
  "adc %A[r], %[z]\n\t"  \
  "adc %B[r], %[z]\n\t"  \
  "adc %C[r], %[z]\n\t"  \
  "adc %D[r], %[z]\n\t"  \
  "asr %D[r]\n\t"        \
  "ror %C[r]\n\t"        \
  "ror %B[r]\n\t"        \
  "ror %A[r]\n\t"       

#define DFF_AVR_MUL_HIGH16_SHIFT_ASM \
  DFF_AVR_MUL_HIGH16_ASM  \
  "cpi %[s], 32\n\t"      \
  "brlo 8f\n\t"           \
  "clr %A[r]\n\t"         \
  "clr %B[r]\n\t"         \
  "movw %C[r], %A[r]\n\t" \
  "rjmp 9f\n\t"           \
  "8: cpi %[s], 16\n\t"   \
  "brlo 5f\n\t"           \
  "movw %A[r], %C[r]\n\t" \
  "clr %C[r]\n\t"         \
  "clr %D[r]\n\t"         \
  "subi %[s], 16\n\t"     \
  "5: cpi %[s], 8\n\t"    \
  "brlo 6f\n\t"           \
  "mov %A[r], %B[r]\n\t"  \
  "mov %B[r], %C[r]\n\t"  \
  "mov %C[r], %D[r]\n\t"  \
  "clr %D[r]\n\t"         \
  "subi %[s], 8\n\t"      \
  "6: subi %[s], 1\n\t"   \
  "brcs 9f\n\t"           \
  "lsr %D[r]\n\t"         \
  "ror %C[r]\n\t"         \
  "ror %B[r]\n\t"         \
  "ror %A[r]\n\t"         \
  "rjmp 6b\n\t"           \
  "9:\n\t"               

#endif
