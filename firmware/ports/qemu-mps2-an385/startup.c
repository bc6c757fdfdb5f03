/* Cortex-M3 startup for the mps2-an385 firmware: vector table (system exceptions and the
 * 32 IRQs of the board), .data/.bss set-up, static constructors, main. Faults report through
 * semihosting when QEMU has it enabled and then stop. */
#include <stdint.h>

#include "board.h"

int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
/* Defined by uart.c when a program uses the UART; otherwise the default. */
void Uart0Rx_Handler(void) __attribute__((weak, alias("Default_Handler")));

extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__;
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

typedef void (*Handler)(void);

/* 16 system vectors, then the board's IRQs: 0 UART0 RX, 1 UART0 TX, ... */
__attribute__((section(".isr_vector"), used)) static const Handler g_vectors[16 + 32] = {
    (Handler)(uintptr_t)&__stack_top__,
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
    Uart0Rx_Handler, /* IRQ 0 */
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler,
};

void Reset_Handler(void) {
  /* volatile: keeps -Os from turning the loops into memcpy/memset calls before .data exists */
  volatile uint32_t* dst = &__data_start__;
  const uint32_t* src = &__data_load__;
  while (dst < &__data_end__) *dst++ = *src++;
  for (dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
  for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();
  board_semihost_exit(main() == 0);
}

void Fault_Handler(void) {
  board_semihost_puts("FAIL: fault exception (HardFault/trap)\n");
  board_semihost_exit(0);
}

void Default_Handler(void) {
  for (;;) {
  }
}
