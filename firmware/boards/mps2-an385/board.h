// Board support for QEMU mps2-an385 (Cortex-M3, 25 MHz): CMSDK APB UART0 with an interrupt-fed
// receive ring, a millisecond clock, plus what every Cortex-M board has (semihosting, stack).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "firmware/boards/cortex-m/semihosting.h"
#include "firmware/boards/cortex-m/stack.h"

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

// Simulated analog inputs (the emulated board has no ADC): channel c reads a level in volts
// (about 0.4 to 3.0) that depends on a scene the host picks by writing '0', '1' or '2' to UART1
// (0x40005000, QEMU's second -serial), plus a slow triangle wave and noise. board_led_set()
// stands for a user LED: each change is written to UART1 as "L1\n" or "L0\n". Main loop only.
#define BOARD_ANALOG_INPUTS 3u
void board_analog_init(void);
float board_analog_read(unsigned channel, uint32_t now_ms);
uint32_t board_analog_scene(void);
void board_led_set(int on);

#ifdef __cplusplus
}
#endif
