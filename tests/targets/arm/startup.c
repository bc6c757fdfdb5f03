// Minimal Cortex-M startup for the target tests: vector table, .data copy, .bss zero, main, exit.
#include <stdint.h>

#include "../target.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void);
void Fault_Handler(void);
void SysTick_Handler(void);

typedef struct {
  uint32_t *initial_sp;
  void (*handlers[15])(void);
} VectorTable;

__attribute__((section(".isr_vector"), used)) static const VectorTable vectors = {&_estack, {
    Reset_Handler,
    Fault_Handler,  // NMI
    Fault_Handler,  // HardFault
    Fault_Handler,  // MemManage (v7-M)
    Fault_Handler,  // BusFault (v7-M)
    Fault_Handler,  // UsageFault (v7-M)
    0, 0, 0, 0,
    Fault_Handler,  // SVCall
    Fault_Handler,  // DebugMonitor
    0,
    Fault_Handler,  // PendSV
    SysTick_Handler,
}};

void Reset_Handler(void) {
  // volatile keeps -Os from turning these loops into memcpy/memset calls before .data exists
  volatile uint32_t *dst = &_sdata;
  const uint32_t *src = &_sidata;
  while (dst < &_edata) *dst++ = *src++;
  for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  target_exit(main());
}

void Fault_Handler(void) {
  target_puts_rom("\ndff-target: FAIL fault exception\n");
  target_exit(3);
}

void SysTick_Handler(void) {}
