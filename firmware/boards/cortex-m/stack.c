/* Stack painting and static RAM figures (see stack.h). */
#include "stack.h"

#include "semihosting.h"

extern uint32_t __stack_bottom__, __stack_top__, __data_start__, __bss_end__;
#define STACK_PAINT 0xC5C5C5C5u

void board_stack_paint(void) {
  uint32_t here;
  /* Everything deeper than a margin below this frame gets the pattern; with interrupts
   * masked so that no handler's frame is painted over. */
  volatile uint32_t* limit = (volatile uint32_t*)((uintptr_t)&here - 128u);
  __asm__ volatile("cpsid i" ::: "memory");
  for (volatile uint32_t* p = &__stack_bottom__; p < limit; ++p) *p = STACK_PAINT;
  __asm__ volatile("cpsie i" ::: "memory");
}

uint32_t board_stack_used(void) {
  const volatile uint32_t* p = &__stack_bottom__;
  while (p < &__stack_top__ && *p == STACK_PAINT) ++p;
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)p);
}

void board_report_stack(void) {
  static uint32_t reported;
  const uint32_t used = board_stack_used();
  if (used <= reported) return;
  reported = used;
  char line[48] = "microdff: stack_high_water=";
  unsigned n = 27;
  char digits[10];
  unsigned d = 0;
  uint32_t v = used;
  do {
    digits[d++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v != 0u);
  while (d > 0) line[n++] = digits[--d];
  line[n++] = '\n';
  line[n] = '\0';
  board_semihost_puts(line);
}

uint32_t board_static_ram(void) { return (uint32_t)((uintptr_t)&__bss_end__ - (uintptr_t)&__data_start__); }
