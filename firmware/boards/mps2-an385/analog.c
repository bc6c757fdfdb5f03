/* Simulated analog inputs and user LED of mps2-an385 (see board.h): the emulated board has no
 * ADC, so BOARD_ANALOG_INPUTS channels follow a scene the host picks over UART1 (CMSDK APB
 * UART1 at 0x40005000, QEMU's second -serial), and the LED reports itself on the same line. */
#include "board.h"

#define REG(addr) (*(volatile uint32_t*)(addr))

#define UART1_BASE 0x40005000u
#define UART1_DATA REG(UART1_BASE + 0x00u)
#define UART1_STATE REG(UART1_BASE + 0x04u)
#define UART1_CTRL REG(UART1_BASE + 0x08u)
#define UART1_BAUDDIV REG(UART1_BASE + 0x10u)
#define UART_STATE_TXFULL 0x1u
#define UART_STATE_RXFULL 0x2u
#define UART_CTRL_TXEN 0x1u
#define UART_CTRL_RXEN 0x2u

#define SCENES 3u

/* Volts of each channel in each scene, before the wave and the noise. */
static const float kLevel[SCENES][BOARD_ANALOG_INPUTS] = {{0.6f, 2.4f, 1.5f}, {2.4f, 0.6f, 1.5f}, {1.5f, 1.5f, 2.8f}};
static const uint32_t kPeriodMs[BOARD_ANALOG_INPUTS] = {1000u, 700u, 1300u};

static uint32_t g_scene;
static uint32_t g_noise = 0x2545F491u;
static int g_led = -1;

static void uart1_put(const char* s) {
  for (; *s != '\0'; ++s) {
    while (UART1_STATE & UART_STATE_TXFULL) {
    }
    UART1_DATA = (uint8_t)*s;
  }
}

void board_analog_init(void) {
  UART1_BAUDDIV = BOARD_CPU_HZ / 115200u;
  UART1_CTRL = UART_CTRL_TXEN | UART_CTRL_RXEN;
}

uint32_t board_analog_scene(void) {
  /* Polled: QEMU holds further bytes back while the one-byte receive buffer is full. */
  while (UART1_STATE & UART_STATE_RXFULL) {
    const uint32_t c = UART1_DATA & 0xFFu;
    if (c >= '0' && c < '0' + SCENES) g_scene = c - '0';
  }
  return g_scene;
}

/* Triangle wave in [-1, 1] with the given period. */
static float triangle(uint32_t now_ms, uint32_t period_ms) {
  const float phase = (float)(now_ms % period_ms) / (float)period_ms;
  return phase < 0.5f ? 4.0f * phase - 1.0f : 3.0f - 4.0f * phase;
}

float board_analog_read(unsigned channel, uint32_t now_ms) {
  if (channel >= BOARD_ANALOG_INPUTS) return 0.0f;
  const uint32_t scene = board_analog_scene();
  g_noise ^= g_noise << 13;
  g_noise ^= g_noise >> 17;
  g_noise ^= g_noise << 5;
  const float noise = (float)(g_noise >> 8) / 16777216.0f - 0.5f; /* [-0.5, 0.5) */
  return kLevel[scene][channel] + 0.15f * triangle(now_ms, kPeriodMs[channel]) + 0.1f * noise;
}

void board_led_set(int on) {
  on = on ? 1 : 0;
  if (on == g_led) return;
  g_led = on;
  uart1_put(on ? "L1\n" : "L0\n");
}
