// The ATmega328P firmware, bare build (no Arduino core): board support from
// firmware/boards/atmega328p and the firmware (app.cpp). DFF_BAUD: 115200 on the Uno, 57600 on
// Nanos with the old bootloader, the rate of the board's bootloader, so that the page talks
// to the bootloader and the firmware at one rate.
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/wdt.h>

#include "app.h"
#include "board.h"

void dff_board_write(const uint8_t* data, size_t n) { board_uart_write(data, n); }
uint16_t dff_board_analog_read(uint8_t pin) { return board_analog_read(pin); }
void dff_board_led(int on) { board_led_set(on); }

int main(void) {
  MCUSR = 0;
  wdt_disable();  // a bootloader that left through the watchdog may leave it running
  board_uart_init(DFF_BAUD);
  board_clock_init();
  board_analog_init();
  sei();
  dff_app_begin();
  for (;;) {
    uint8_t chunk[32];
    const size_t n = board_uart_read(chunk, sizeof chunk);
    const uint32_t now = board_millis();
    if (n > 0) dff_app_bytes(chunk, n, now);
    dff_app_poll(now);
  }
}
