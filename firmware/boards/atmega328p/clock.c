#include "board.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

static volatile uint32_t ms;

ISR(TIMER0_COMPA_vect) { ++ms; }

void board_clock_init(void) {
  TCCR0A = _BV(WGM01);  // CTC
  OCR0A = (uint8_t)(BOARD_CPU_HZ / 64u / 1000u - 1u);
  TCCR0B = _BV(CS01) | _BV(CS00);  // clk / 64
  TIMSK0 = _BV(OCIE0A);
}

uint32_t board_millis(void) {
  uint32_t now;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { now = ms; }
  return now;
}
