// Target interface for Cortex-M under QEMU: semihosting console and exit (firmware/boards), SysTick
// cost counter.
//
// The cost counter reports guest instructions. QEMU run with `-icount shift=0` advances its
// virtual clock 1 ns per instruction, and SysTick counts that clock; target_init() calibrates
// ticks against a loop of a known instruction count, so no clock frequency is assumed.
#include <stdint.h>

#include "../target.h"
#include "firmware/boards/cortex-m/semihosting.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_ENABLE_CORECLK 0x5u
#define SYST_COUNTFLAG 0x10000u
#define SYST_MAX 0xFFFFFFu

#define CAL_LOOPS 1000000u  // two instructions each

extern uint32_t __bss_end__;

static char line[128];
static uint32_t line_len;
static uint32_t cal_ticks;

static void flush(void) {
  if (line_len == 0) return;
  line[line_len] = '\0';
  board_semihost_puts(line);
  line_len = 0;
}

void target_putc(char c) {
  line[line_len++] = c;
  if (c == '\n' || line_len == sizeof line - 1) flush();
}

void target_puts(const char *s) {
  while (*s) target_putc(*s++);
}

void target_puts_rom(const char *s) { target_puts(s); }

static uint32_t ticks_now(void) { return SYST_MAX - SYST_CVR; }

static void count_loop(uint32_t n) {
  __asm__ volatile(
      ".syntax unified\n"
      "1: subs %0, %0, #1\n"
      "   bne 1b\n"
      : "+l"(n)
      :
      : "cc");
}

void target_init(void) {
  SYST_CSR = 0;
  SYST_RVR = SYST_MAX;
  SYST_CVR = 0;
  SYST_CSR = SYST_ENABLE_CORECLK;
  while (SYST_CVR == 0) {
  }  // the counter loads the reload value on its first tick
  target_cost_start();
  uint32_t start = ticks_now();
  count_loop(CAL_LOOPS);
  uint32_t end = ticks_now();
  cal_ticks = (SYST_CSR & SYST_COUNTFLAG) ? 0 : end - start;
}

const char *target_cost_unit(void) { return cal_ticks ? "instructions" : "uncalibrated-ticks"; }

static uint32_t cost_origin;

void target_cost_start(void) {
  (void)SYST_CSR;  // reading clears COUNTFLAG
  cost_origin = ticks_now();
}

uint32_t target_cost_stop(void) {
  uint32_t now = ticks_now();
  if ((SYST_CSR & SYST_COUNTFLAG) || now < cost_origin) return UINT32_MAX;
  uint64_t ticks = now - cost_origin;
  if (!cal_ticks) return (uint32_t)ticks;
  uint64_t insns = (ticks * (2u * CAL_LOOPS) + cal_ticks / 2) / cal_ticks;
  return insns > UINT32_MAX ? UINT32_MAX : (uint32_t)insns;
}

uintptr_t target_stack_limit(void) { return (uintptr_t)&__bss_end__; }

void target_exit(int code) {
  flush();
  board_semihost_exit(code);
}
