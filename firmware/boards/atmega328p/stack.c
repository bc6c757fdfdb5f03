#include "board.h"

#include <avr/io.h>

// Marks every byte between the end of the static data and the top of RAM before main() runs
// (.init3: the stack pointer is set, .data and .bss are not yet filled in, nothing is on the
// stack). Whatever still holds the mark later was never used by the stack: a RAM dump of the
// board (tests/avr_sim "ram") gives the high-water mark; board_stack_unused() counts it here.
extern uint8_t _end;
#define STACK_MARK 0xC5u

__attribute__((naked, used, section(".init3"))) void board_stack_paint(void) {
  for (uint8_t* p = &_end; p <= (uint8_t*)RAMEND; ++p) *p = STACK_MARK;
}

size_t board_stack_unused(void) {
  size_t n = 0;
  for (const uint8_t* p = &_end; p <= (const uint8_t*)RAMEND && *p == STACK_MARK; ++p) ++n;
  return n;
}
