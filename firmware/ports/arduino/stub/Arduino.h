// The part of the Arduino API the microdff sketch and the exported library's example
// (dff export --format arduino) use, so that they compile for Cortex-M without an Arduino core
// (and the sketch runs under QEMU mps2-an385, arduino_qemu.cpp). Not a real core: a sketch on a
// board gets the board's own Arduino.h; the declarations below have no definitions here.
#pragma once

#include <stddef.h>
#include <stdint.h>

class __FlashStringHelper;
#define F(text) (reinterpret_cast<const __FlashStringHelper*>(text))

class HardwareSerial {
 public:
  void begin(unsigned long baud);
  int available();
  int read();
  size_t write(uint8_t byte);
  size_t write(const uint8_t* data, size_t n);
  void flush() {}
  explicit operator bool() const { return true; }
  // Print and Stream, as far as the exported library's example uses them.
  size_t print(const char* text);
  size_t print(const __FlashStringHelper* text);
  size_t print(char c);
  size_t print(int value);
  size_t print(double value, int digits = 2);
  size_t println(const char* text);
  size_t println(const __FlashStringHelper* text);
  float parseFloat();
};

extern HardwareSerial Serial;

unsigned long millis();
void delay(unsigned long ms);
int analogRead(uint8_t pin);
static const uint8_t A0 = 14;
void setup();
void loop();
