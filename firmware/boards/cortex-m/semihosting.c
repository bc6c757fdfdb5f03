/* Arm semihosting calls (see semihosting.h). */
#include "semihosting.h"

#include <stdint.h>

#define SYS_WRITE0 0x04u
#define SYS_EXIT_EXTENDED 0x20u
/* ADP_Stopped_ApplicationExit: with SYS_EXIT_EXTENDED, QEMU exits with the given status. */
#define ADP_APPLICATION_EXIT 0x20026u

static uint32_t semihost(uint32_t op, uintptr_t arg) {
  register uint32_t r0 __asm__("r0") = op;
  register uintptr_t r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void board_semihost_puts(const char* text) { semihost(SYS_WRITE0, (uintptr_t)text); }

void board_semihost_exit(int status) {
  const uint32_t block[2] = {ADP_APPLICATION_EXIT, (uint32_t)status};
  for (;;) semihost(SYS_EXIT_EXTENDED, (uintptr_t)block);
}
