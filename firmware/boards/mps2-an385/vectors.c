/* The 32 IRQ vectors of mps2-an385 (after the system vectors of cortex-m/startup.c):
 * 0 UART0 RX, 1 UART0 TX, ... A driver that takes an interrupt defines its handler. */
#include <stdint.h>

void Default_Handler(void);
void Uart0Rx_Handler(void) __attribute__((weak));
void Uart0Rx_Handler(void) { Default_Handler(); }

typedef void (*Handler)(void);

__attribute__((section(".isr_vector.irqs"), used)) static const Handler g_irq_vectors[32] = {
    Uart0Rx_Handler, /* IRQ 0 */
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler,
};
