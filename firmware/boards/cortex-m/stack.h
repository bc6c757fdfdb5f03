// Stack and static RAM figures of a Cortex-M program, from the symbols of cortex-m/sections.ld.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Fills the stack below the caller's frame with a pattern; board_stack_used() then returns the
// deepest byte count touched since. Call once, early in main().
void board_stack_paint(void);
uint32_t board_stack_used(void);
// Prints "microdff: stack_high_water=N" through semihosting when the mark grew since the last
// call (QEMU only: see semihosting.h).
void board_report_stack(void);
// .data + .bss bytes.
uint32_t board_static_ram(void);

#ifdef __cplusplus
}
#endif
