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
void delay(unsigned long ms);
void setup();
void loop();
