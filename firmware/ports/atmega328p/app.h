// The microdff firmware on an ATmega328P, independent of how bytes reach the UART: the bare
// build (main.c on firmware/boards/atmega328p) and the Arduino-core build
// (arduino/microdff_avr.ino) both call these from their main loop. Implemented in app.cpp.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Checks the model region and starts the protocol firmware (answers HELLO/INFO either way).
void dff_app_begin(void);
// Received bytes, and the time in ms; replies go out through dff_board_write() before it returns.
void dff_app_bytes(const uint8_t* data, size_t n, uint32_t now_ms);
void dff_app_poll(uint32_t now_ms);

// Provided by the build variant: blocks until the bytes are in the UART.
void dff_board_write(const uint8_t* data, size_t n);
// Provided by the build variant: analog pin A0 + pin in ADC counts (pin < DFF_ANALOG_PINS),
// and the user LED (LED_BUILTIN), the sources and the indicator of RECORD and LIVE.
#define DFF_ANALOG_PINS 6
uint16_t dff_board_analog_read(uint8_t pin);
void dff_board_led(int on);

#ifdef __cplusplus
}
#endif
