/* CMSDK APB UART0 of mps2-an385 (ARM DDI 0479) with an interrupt-fed receive ring; see board.h. */
#include "board.h"

#define REG(addr) (*(volatile uint32_t*)(addr))

#define UART0_BASE 0x40004000u
#define UART_DATA REG(UART0_BASE + 0x00u)
#define UART_STATE REG(UART0_BASE + 0x04u)
#define UART_CTRL REG(UART0_BASE + 0x08u)
#define UART_INTCLEAR REG(UART0_BASE + 0x0Cu)
#define UART_BAUDDIV REG(UART0_BASE + 0x10u)
#define UART_STATE_TXFULL 0x1u
#define UART_STATE_RXFULL 0x2u
#define UART_STATE_RXOVR 0x8u
#define UART_CTRL_TXEN 0x1u
#define UART_CTRL_RXEN 0x2u
#define UART_CTRL_RXINTEN 0x8u
#define UART_INT_RX 0x2u
#define UART0_RX_IRQ 0u

#define NVIC_ISER0 REG(0xE000E100u)
#define NVIC_ISPR0 REG(0xE000E200u)

/* Receive ring: the ISR writes head, the main loop writes tail (single producer/consumer,
 * 32-bit indices are atomic on Cortex-M). One frame of the protocol fits (512 + overhead). */
#define RX_RING 1024u
static volatile uint8_t g_ring[RX_RING];
static volatile uint32_t g_head;
static volatile uint32_t g_tail;
/* Set when the ring was full: the ISR stopped taking bytes and masked its interrupt. Under
 * QEMU the byte then waits in the UART (QEMU holds back the TCP stream); on silicon the
 * UART's one-byte buffer would overrun, so a real port must size the ring for a frame. */
static volatile uint32_t g_paused;
static volatile uint32_t g_overruns;

void Uart0Rx_Handler(void);

void Uart0Rx_Handler(void) {
  UART_INTCLEAR = UART_INT_RX;
  if (UART_STATE & UART_STATE_RXOVR) {
    UART_STATE = UART_STATE_RXOVR; /* write 1 to clear */
    g_overruns = g_overruns + 1u;
  }
  while (UART_STATE & UART_STATE_RXFULL) {
    uint32_t head = g_head;
    if (head - g_tail >= RX_RING) {
      UART_CTRL &= ~UART_CTRL_RXINTEN;
      g_paused = 1;
      return;
    }
    g_ring[head % RX_RING] = (uint8_t)UART_DATA;
    g_head = head + 1u;
  }
}

void board_uart_init(uint32_t baud) {
  UART_BAUDDIV = BOARD_CPU_HZ / baud;
  UART_CTRL = UART_CTRL_TXEN | UART_CTRL_RXEN | UART_CTRL_RXINTEN;
  NVIC_ISER0 = 1u << UART0_RX_IRQ;
}

void board_uart_write(const uint8_t* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    while (UART_STATE & UART_STATE_TXFULL) {
    }
    UART_DATA = data[i];
  }
}

size_t board_uart_read(uint8_t* out, size_t cap) {
  size_t n = 0;
  uint32_t tail = g_tail;
  const uint32_t head = g_head;
  while (n < cap && tail != head) out[n++] = g_ring[tail++ % RX_RING];
  g_tail = tail;
  if (g_paused && n > 0) {
    __asm__ volatile("cpsid i" ::: "memory");
    g_paused = 0;
    UART_CTRL |= UART_CTRL_RXINTEN;
    __asm__ volatile("cpsie i" ::: "memory");
    /* A byte that arrived while masked raised no interrupt: let the ISR look at the UART. */
    NVIC_ISPR0 = 1u << UART0_RX_IRQ;
  }
  return n;
}

uint32_t board_uart_overruns(void) { return g_overruns; }

