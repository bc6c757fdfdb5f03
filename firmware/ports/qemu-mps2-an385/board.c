/* Board support for QEMU mps2-an385 (see board.h): clock (CMSDK timer 0 + SysTick wake-ups), stack painting, semihosting. */
#include "board.h"

#define REG(addr) (*(volatile uint32_t*)(addr))

#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
/* CMSDK APB timer 0: a 32-bit down-counter on the 25 MHz peripheral clock. */
#define TIMER0_CTRL REG(0x40000000u)
#define TIMER0_VALUE REG(0x40000004u)
#define TIMER0_RELOAD REG(0x40000008u)

static uint32_t g_timer_last;
static uint64_t g_timer_ticks;

void SysTick_Handler(void);

/* SysTick only wakes the main loop every millisecond (timeouts are polled). Time itself comes
 * from the free-running timer: counting SysTick interrupts would lose ticks whenever QEMU runs
 * late on a busy host (expiries that fall together raise one interrupt). */
void SysTick_Handler(void) {}

void board_clock_init(void) {
  TIMER0_CTRL = 0;
  TIMER0_RELOAD = 0xFFFFFFFFu;
  TIMER0_VALUE = 0xFFFFFFFFu;
  TIMER0_CTRL = 0x1u; /* enable, internal clock, no interrupt */
  g_timer_last = TIMER0_VALUE;
  g_timer_ticks = 0;
  SYST_RVR = BOARD_CPU_HZ / 1000u - 1u;
  SYST_CVR = 0;
  SYST_CSR = 0x7u; /* enable, interrupt, processor clock */
}

/* Main loop only (not reentrant). The counter wraps every 171 s; the SysTick wake-ups make
 * sure this runs far more often than that. */
uint32_t board_millis(void) {
  const uint32_t now = TIMER0_VALUE;
  g_timer_ticks += (uint32_t)(g_timer_last - now); /* down-counter with period 2^32 */
  g_timer_last = now;
  return (uint32_t)(g_timer_ticks / (BOARD_CPU_HZ / 1000u));
}

void board_wait_for_interrupt(void) { __asm__ volatile("wfi" ::: "memory"); }

extern uint32_t __stack_bottom__, __stack_top__, __data_start__, __bss_end__;
#define STACK_PAINT 0xC5C5C5C5u

void board_stack_paint(void) {
  uint32_t here;
  /* Everything deeper than a margin below this frame gets the pattern; with interrupts
   * masked so that no handler's frame is painted over. */
  volatile uint32_t* limit = (volatile uint32_t*)((uintptr_t)&here - 128u);
  __asm__ volatile("cpsid i" ::: "memory");
  for (volatile uint32_t* p = &__stack_bottom__; p < limit; ++p) *p = STACK_PAINT;
  __asm__ volatile("cpsie i" ::: "memory");
}

uint32_t board_stack_used(void) {
  const volatile uint32_t* p = &__stack_bottom__;
  while (p < &__stack_top__ && *p == STACK_PAINT) ++p;
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)p);
}

void board_report_stack(void) {
  static uint32_t reported;
  const uint32_t used = board_stack_used();
  if (used <= reported) return;
  reported = used;
  char line[48] = "microdff: stack_high_water=";
  unsigned n = 27;
  char digits[10];
  unsigned d = 0;
  uint32_t v = used;
  do {
    digits[d++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v != 0u);
  while (d > 0) line[n++] = digits[--d];
  line[n++] = '\n';
  line[n] = '\0';
  board_semihost_puts(line);
}

uint32_t board_stack_size(void) { return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)&__stack_bottom__); }

uint32_t board_static_ram(void) { return (uint32_t)((uintptr_t)&__bss_end__ - (uintptr_t)&__data_start__); }

#define SYS_WRITE0 0x04u
#define SYS_EXIT 0x18u
#define ADP_APPLICATION_EXIT 0x20026u
#define ADP_RUNTIME_ERROR 0x20023u

static uint32_t semihost(uint32_t op, uintptr_t arg) {
  register uint32_t r0 __asm__("r0") = op;
  register uintptr_t r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void board_semihost_puts(const char* text) { semihost(SYS_WRITE0, (uintptr_t)text); }

void board_semihost_exit(int success) {
  semihost(SYS_EXIT, success ? ADP_APPLICATION_EXIT : ADP_RUNTIME_ERROR);
  for (;;) {
  }
}
