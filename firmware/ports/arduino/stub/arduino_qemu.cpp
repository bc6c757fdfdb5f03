// Arduino.h for QEMU mps2-an385: Serial on CMSDK UART0 (the board code of
// firmware/boards/mps2-an385), millis() from its timer, and main() calling setup()
// and loop() as an Arduino core does. Lets the end-to-end test drive the sketch itself.
#include "Arduino.h"

#include "board.h"

namespace {
uint8_t g_rx[256];
size_t g_rx_len = 0;
size_t g_rx_pos = 0;

void fill() {
  if (g_rx_pos == g_rx_len) {
    g_rx_len = board_uart_read(g_rx, sizeof g_rx);
    g_rx_pos = 0;
  }
}
}  // namespace

HardwareSerial Serial;

void HardwareSerial::begin(unsigned long baud) { board_uart_init(static_cast<uint32_t>(baud)); }

int HardwareSerial::available() {
  fill();
  return static_cast<int>(g_rx_len - g_rx_pos);
}

int HardwareSerial::read() {
  fill();
  return g_rx_pos < g_rx_len ? g_rx[g_rx_pos++] : -1;
}

size_t HardwareSerial::write(uint8_t byte) {
  board_uart_write(&byte, 1);
  return 1;
}

size_t HardwareSerial::write(const uint8_t* data, size_t n) {
  board_uart_write(data, n);
  return n;
}

unsigned long millis() { return board_millis(); }

// The board's simulated analog inputs as a 10-bit ADC with a 3.3 V reference, its LED as LED_BUILTIN.
int analogRead(uint8_t pin) {
  const float volts = board_analog_read(static_cast<unsigned>(pin - A0), board_millis());
  const int counts = static_cast<int>(volts / 3.3f * 1023.0f + 0.5f);
  return counts < 0 ? 0 : counts > 1023 ? 1023 : counts;
}

void pinMode(uint8_t, uint8_t) {}

void digitalWrite(uint8_t pin, uint8_t value) {
  if (pin == LED_BUILTIN) board_led_set(value == HIGH);
}

int main() {
  board_stack_paint();
  board_clock_init();
  board_analog_init();
  setup();
  uint32_t last_report_ms = 0;
  for (;;) {
    loop();
    const uint32_t now = board_millis();
    if (now - last_report_ms >= 200u) {  // for the end-to-end test's RAM figure
      last_report_ms = now;
      board_report_stack();
    }
    if (Serial.available() == 0) board_wait_for_interrupt();
  }
}
