#include "board.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

// A frame arrives while the main loop waits for it (the host sends one request at a time),
// so the ring only bridges the time the loop spends between two reads.
#define RING_BYTES 64u

static volatile uint8_t ring[RING_BYTES];
static volatile uint8_t head;  // written by the interrupt
static uint8_t tail;           // written by the main loop
static volatile uint32_t overruns;

ISR(USART_RX_vect) {
  const uint8_t byte = UDR0;
  const uint8_t next = (uint8_t)((head + 1u) % RING_BYTES);
  if (next == tail) {  // full: the byte is lost; the frame's CRC and the host's retry deal with it
    ++overruns;
    return;
  }
  ring[head] = byte;
  head = next;
}

void board_uart_init(uint32_t baud) {
  UCSR0A = _BV(U2X0);
  UBRR0 = (uint16_t)((BOARD_CPU_HZ + baud * 4u) / (baud * 8u) - 1u);
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

size_t board_uart_read(uint8_t* out, size_t cap) {
  size_t n = 0;
  while (n < cap && tail != head) {
    out[n++] = ring[tail];
    tail = (uint8_t)((tail + 1u) % RING_BYTES);
  }
  return n;
}

void board_uart_write(const uint8_t* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    while (!(UCSR0A & _BV(UDRE0))) {
    }
    UDR0 = data[i];
  }
}

uint32_t board_uart_overruns(void) {
  uint32_t n;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { n = overruns; }
  return n;
}
