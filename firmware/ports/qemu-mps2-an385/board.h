// Board support for QEMU mps2-an385 (Cortex-M3, 25 MHz): CMSDK APB UART0 with an interrupt-fed
// receive ring, a 1 ms SysTick clock, stack painting and semihosting (test output, exit).
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BOARD_CPU_HZ 25000000u

// UART0 at 0x40004000, 8N1 at `baud`; RX by interrupt (IRQ 0) into a ring buffer.
void board_uart_init(uint32_t baud);
// Blocking write (polls TX-full).
void board_uart_write(const uint8_t* data, size_t n);
// Moves up to `cap` received bytes into `out`; returns how many (0 when none are waiting).
size_t board_uart_read(uint8_t* out, size_t cap);
// Bytes the ring dropped because it was full (0 under QEMU: it waits instead).
uint32_t board_uart_overruns(void);

// Millisecond clock from CMSDK timer 0 (free-running); SysTick interrupts every 1 ms wake the
// main loop. Wraps after 49 days; compare with unsigned subtraction. Main loop only.
void board_clock_init(void);
uint32_t board_millis(void);

// Sleeps until the next interrupt (UART byte or SysTick).
void board_wait_for_interrupt(void);

// Stack high-water mark: board_stack_paint() fills the unused stack with a pattern,
// board_stack_used() returns the deepest byte count touched since.
void board_stack_paint(void);
uint32_t board_stack_used(void);
uint32_t board_stack_size(void);
// Prints "microdff: stack_high_water=N" through semihosting when the mark grew since the last
// call (QEMU only: on a board without a debugger semihosting would stop the CPU).
void board_report_stack(void);
// .data + .bss bytes (linker symbols).
uint32_t board_static_ram(void);

// Semihosting (QEMU -semihosting-config enable=on): console text and exit status.
void board_semihost_puts(const char* text);
void board_semihost_exit(int success) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif
