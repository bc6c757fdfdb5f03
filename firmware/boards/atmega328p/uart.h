// UART0 for the bare build: received bytes wait in a ring filled by the RX interrupt,
// transmission polls the data register (replies are short and the host waits for them).
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// 8N1 at `baud` with double speed (U2X0): 115200 -> 117647 baud at 16 MHz (+2.1 %), as
// Optiboot and the board's USB bridge use it.
void uart_init(uint32_t baud);
// Copies up to `capacity` received bytes into `dst`; returns how many.
size_t uart_read(uint8_t* dst, size_t capacity);
void uart_write(const uint8_t* data, size_t n);

#ifdef __cplusplus
}
#endif
