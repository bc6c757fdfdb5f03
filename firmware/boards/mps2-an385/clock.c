/* Millisecond clock of mps2-an385 (see board.h): CMSDK timer 0, SysTick wake-ups. */
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
