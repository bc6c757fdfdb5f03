// The part of the Arduino API the microdff sketch uses, so that the sketch can be compiled
// (and run under QEMU mps2-an385, arduino_qemu.cpp) without an Arduino core. Not a real core:
// the sketch on a board gets the board's own Arduino.h.
#pragma once

#include <stddef.h>
#include <stdint.h>

class HardwareSerial {
 public:
  void begin(unsigned long baud);
  int available();
  int read();
  size_t write(uint8_t byte);
  size_t write(const uint8_t* data, size_t n);
  void flush() {}
  explicit operator bool() const { return true; }
};

extern HardwareSerial Serial;

unsigned long millis();
void setup();
void loop();
