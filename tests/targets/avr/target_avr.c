// Target interface for the ATmega328P under simavr: USART0 console, Timer1 cycle counter,
// and the end of the run (cli + sleep, which simavr treats as "program finished").
// simavr has no exit status; the result is the "dff-target: PASS|FAIL" line the test checks.
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <stdint.h>

#include "../target.h"

#ifndef F_CPU
#error "F_CPU must be defined (the simavr -f frequency)"
#endif
#define BAUD 115200UL

extern char __heap_start;  // end of .bss, from the avr-libc linker script

static volatile uint16_t timer_overflows;
static uint32_t cost_origin;

ISR(TIMER1_OVF_vect) { ++timer_overflows; }

// Cycles since Timer1 started, counting overflows that are pending but not yet serviced.
static uint32_t cycles_now(void) {
  uint8_t sreg = SREG;
  uint16_t high, low;
  cli();
  low = TCNT1;
  high = timer_overflows;
  if ((TIFR1 & _BV(TOV1)) && low < 0x8000u) ++high;
  SREG = sreg;
  return ((uint32_t)high << 16) | low;
}

void target_init(void) {
  UBRR0 = (uint16_t)((F_CPU + 4UL * BAUD) / (8UL * BAUD) - 1UL);
  UCSR0A = _BV(U2X0);
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(TXEN0);
  TCCR1A = 0;
  TCNT1 = 0;
  TIMSK1 = _BV(TOIE1);
  TCCR1B = _BV(CS10);  // no prescaler: one count per CPU cycle
  sei();
}

void target_putc(char c) {
  loop_until_bit_is_set(UCSR0A, UDRE0);
  UDR0 = (uint8_t)c;
}

void target_puts(const char *s) {
  while (*s) target_putc(*s++);
}

void target_puts_rom(const char *s) {
  char c;
  while ((c = (char)pgm_read_byte(s++)) != '\0') target_putc(c);
}

const char *target_cost_unit(void) { return "cycles"; }

void target_cost_start(void) { cost_origin = cycles_now(); }

uint32_t target_cost_stop(void) { return cycles_now() - cost_origin; }

uintptr_t target_stack_limit(void) { return (uintptr_t)&__heap_start; }

void target_exit(int code) {
  (void)code;  // reported by the PASS/FAIL line; simavr cannot return it
  loop_until_bit_is_set(UCSR0A, UDRE0);
  cli();
  set_sleep_mode(SLEEP_MODE_PWR_DOWN);
  sleep_enable();
  for (;;) sleep_cpu();
}
