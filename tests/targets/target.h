// Board interface of the target test firmware: text out, a cost counter, exit.
// Implemented once per architecture (arm/target_arm.c, avr/target_avr.c).
#ifndef DFF_TARGET_H
#define DFF_TARGET_H

#include <stdint.h>

#ifdef __AVR__
#include <avr/pgmspace.h>
#define TARGET_STR(s) PSTR(s)  // literals stay in flash on AVR
#else
#define TARGET_STR(s) (s)
#endif

// Prepares the console and the cost counter; call once, first thing in main.
void target_init(void);
// Writes one character to the console (buffered per line).
void target_putc(char c);
// Writes a string made with TARGET_STR (in flash on AVR).
void target_puts_rom(const char *s);
// Writes a string held in RAM.
void target_puts(const char *s);
// Name of the unit target_cost_* counts in ("instructions" or "cycles").
const char *target_cost_unit(void);
// Starts the cost counter.
void target_cost_start(void);
// Cost since target_cost_start(), in target_cost_unit(); saturates, never wraps silently.
uint32_t target_cost_stop(void);
// Lowest address the stack may grow down to (end of .bss); used to measure stack depth.
uintptr_t target_stack_limit(void);
// Flushes the console and stops the simulator with `code` as its result; never returns.
void target_exit(int code) __attribute__((noreturn));

#endif
