// The ATmega328P firmware on the Arduino AVR core (Serial, millis) instead of the bare drivers
// (main.c on firmware/boards/atmega328p): the same firmware (app.cpp), built to compare the two; the
// page flashes the smaller one (firmware/README.md has the figures).
#include <Arduino.h>

#include "app.h"

void dff_board_write(const uint8_t* data, size_t n) { Serial.write(data, n); }
uint16_t dff_board_analog_read(uint8_t pin) { return static_cast<uint16_t>(analogRead(A0 + pin)); }
void dff_board_led(int on) { digitalWrite(LED_BUILTIN, on ? HIGH : LOW); }

void setup() {
  Serial.begin(DFF_BAUD);
  pinMode(LED_BUILTIN, OUTPUT);
  dff_app_begin();
}

void loop() {
  uint8_t chunk[32];
  size_t n = 0;
  while (n < sizeof chunk && Serial.available() > 0) chunk[n++] = static_cast<uint8_t>(Serial.read());
  const uint32_t now = millis();
  if (n > 0) dff_app_bytes(chunk, n, now);
  dff_app_poll(now);
}
