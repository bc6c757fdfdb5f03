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

// Pins as the AVR core numbers them: A0..A3 are 14..17.
static const uint8_t A0 = 14;
static const uint8_t A1 = 15;
static const uint8_t A2 = 16;
static const uint8_t A3 = 17;
#define LED_BUILTIN 13
#define HIGH 0x1
#define LOW 0x0
#define OUTPUT 0x1

void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
int analogRead(uint8_t pin);
unsigned long millis();
void setup();
void loop();
