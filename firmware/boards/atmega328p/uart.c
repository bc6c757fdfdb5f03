#include "uart.h"

#include <avr/interrupt.h>
#include <avr/io.h>

// A frame arrives while the main loop waits for it (the host sends one request at a time),
// so the ring only bridges the time the loop spends between two reads.
#define RING_BYTES 64u

static volatile uint8_t ring[RING_BYTES];
static volatile uint8_t head;  // written by the interrupt
static uint8_t tail;           // written by the main loop

ISR(USART_RX_vect) {
  const uint8_t byte = UDR0;
  const uint8_t next = (uint8_t)((head + 1u) % RING_BYTES);
  if (next != tail) {  // full: the byte is lost; the frame's CRC and the host's retry deal with it
    ring[head] = byte;
    head = next;
  }
}

void uart_init(uint32_t baud) {
  UCSR0A = _BV(U2X0);
  UBRR0 = (uint16_t)((F_CPU + baud * 4u) / (baud * 8u) - 1u);
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

size_t uart_read(uint8_t* dst, size_t capacity) {
  size_t n = 0;
  while (n < capacity && tail != head) {
    dst[n++] = ring[tail];
    tail = (uint8_t)((tail + 1u) % RING_BYTES);
  }
  return n;
}

void uart_write(const uint8_t* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    while (!(UCSR0A & _BV(UDRE0))) {
    }
    UDR0 = data[i];
  }
}
