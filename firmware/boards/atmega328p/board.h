// Board support for the ATmega328P at 16 MHz (Arduino Uno, Nano, Pro Mini 5 V): UART0 with an
// interrupt-fed receive ring and polled transmit, a millisecond clock from Timer0, the ADC and
// the user LED. The linker script (atmega328p.ld) fixes the model region and the firmware identity.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BOARD_CPU_HZ 16000000u

// UART0, 8N1 at `baud` with double speed (U2X0), as Optiboot and the boards' USB bridges run
// it: 115200 -> 117647 baud (+2.1 %), 57600 -> 57143 (-0.8 %). RX by interrupt into a ring.
void board_uart_init(uint32_t baud);
// Blocking write (polls the data register: replies are short and the host waits for them).
void board_uart_write(const uint8_t* data, size_t n);
// Moves up to `cap` received bytes into `out`; returns how many (0 when none are waiting).
size_t board_uart_read(uint8_t* out, size_t cap);
// Bytes the ring dropped because it was full.
uint32_t board_uart_overruns(void);

// Bytes of RAM between the static data and the stack that the stack has never reached (the
// start-up code marks them; stack.c).
size_t board_stack_unused(void);

// Milliseconds from Timer0 (CTC at 1 kHz). Wraps after 49 days; compare with unsigned subtraction.
void board_clock_init(void);
uint32_t board_millis(void);

// Analog inputs A0..A5 in ADC counts (0..1023 of AVcc; one conversion, ~110 us), and the user
// LED on pin 13 (PB5). board_analog_init() also makes the LED pin an output, off.
#define BOARD_ANALOG_INPUTS 6u
void board_analog_init(void);
uint16_t board_analog_read(uint8_t channel);
void board_led_set(int on);

#ifdef __cplusplus
}
#endif
