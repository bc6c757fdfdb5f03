/* Minimal Cortex-M startup for the bare-metal test programs (linked with
 * -nostartfiles): vector table, .data/.bss set-up, FPU enable, static
 * constructors, main(), then exit through Arm semihosting so that QEMU
 * (-semihosting-config enable=on) returns main's result as its exit status.
 * Faults exit with failure instead of hanging. C, because C may call main(). */
#include <stdbool.h>
#include <stdint.h>

int main(void);
void dff_target_puts(const char* text);
void Reset_Handler(void);
void Fault_Handler(void);

/* Symbols from cortex_m.ld. */
extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__;
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

enum {
  kSysWrite0 = 0x04,
  kSysExit = 0x18,
};
#define DFF_ADP_APPLICATION_EXIT 0x20026u /* ADP_Stopped_ApplicationExit: QEMU exits 0 */
#define DFF_ADP_RUNTIME_ERROR 0x20023u    /* ADP_Stopped_RunTimeErrorUnknown: QEMU exits 1 */

static uint32_t semihost(uint32_t op, uintptr_t arg) {
  register uint32_t r0 __asm__("r0") = op;
  register uintptr_t r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static void semihost_exit(bool success) __attribute__((noreturn));
static void semihost_exit(bool success) {
  semihost(kSysExit, success ? DFF_ADP_APPLICATION_EXIT : DFF_ADP_RUNTIME_ERROR);
  for (;;) {
  }
}

/* Writes text to the host through semihosting (QEMU prints it on stderr/stdout). */
void dff_target_puts(const char* text) { semihost(kSysWrite0, (uintptr_t)text); }

void Fault_Handler(void) {
  dff_target_puts("FAIL: fault (HardFault/trap, e.g. DFF_ASSERT)\n");
  semihost_exit(false);
}

void Reset_Handler(void) {
  const uint32_t* src = &__data_load__;
  for (uint32_t* dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
#if defined(__ARM_FP)
  /* Grant full access to CP10/CP11 before the first floating-point instruction. */
  *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();
  semihost_exit(main() == 0);
}

/* Initial stack pointer, reset, NMI, HardFault, MemManage, BusFault, UsageFault. */
__attribute__((section(".isr_vector"), used)) static const uintptr_t g_vectors[] = {
    (uintptr_t)&__stack_top__,  (uintptr_t)Reset_Handler, (uintptr_t)Fault_Handler, (uintptr_t)Fault_Handler,
    (uintptr_t)Fault_Handler,   (uintptr_t)Fault_Handler, (uintptr_t)Fault_Handler,
};
