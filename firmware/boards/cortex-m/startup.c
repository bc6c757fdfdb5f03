/* Start-up shared by the Cortex-M boards: the 16 system vectors (each board adds its IRQ
 * vectors in section .isr_vector.irqs, which sections.ld places right after), .data/.bss
 * set-up, FPU access, static constructors, then main(), whose result becomes QEMU's exit
 * status through semihosting. A fault says so on the console and exits with status 1. */
#include <stdint.h>

#include "semihosting.h"

int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void Default_Handler(void);
/* Programs that start SysTick with its interrupt define it. */
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__;
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

typedef void (*Handler)(void);

__attribute__((section(".isr_vector"), used)) static const Handler g_system_vectors[16] = {
    (Handler)(uintptr_t)&__stack_top__,
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage (ARMv7-M) */
    Fault_Handler, /* BusFault (ARMv7-M) */
    Fault_Handler, /* UsageFault (ARMv7-M) */
    0,
    0,
    0,
    0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor (ARMv7-M) */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
};

void Reset_Handler(void) {
  /* volatile: keeps -Os from turning the loops into memcpy/memset calls before .data exists */
  volatile uint32_t* dst = &__data_start__;
  const uint32_t* src = &__data_load__;
  while (dst < &__data_end__) *dst++ = *src++;
  for (dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
#if defined(__ARM_FP)
  /* Full access to CP10/CP11 before the first floating-point instruction. */
  *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();
  board_semihost_exit(main());
}

void Fault_Handler(void) {
  board_semihost_puts("\nFAIL: fault exception (HardFault, or a trap such as DFF_ASSERT)\n");
  board_semihost_exit(1);
}

/* An interrupt nobody asked for: stop here (a debugger shows where). */
void Default_Handler(void) {
  for (;;) {
  }
}
