// microdff reference firmware as an Arduino sketch (ESP32, RP2040, SAMD, any board with
// `Serial` and ~30 KB of RAM): receives models over the serial protocol
// (docs/serial-protocol.md), predicts and trains on the board, streams its analog pins
// (RECORD) and runs the model on them live, lighting the built-in LED for a chosen class (LIVE).
//
// Needs the `microdff` library (the portable firmware and the core); firmware/ports/arduino/
// assemble.sh builds it and this sketch folder, see firmware/README.md. C++14 or newer.
#include <Arduino.h>
#include <microdff.h>

#if __has_include("microdff_default_model.h")
#include "microdff_default_model.h"  // optional built-in model (assemble.sh --model BLOB)
#define MICRODFF_HAS_DEFAULT_MODEL 1
#endif

namespace {

constexpr unsigned long kBaud = 115200;  // USB CDC boards ignore it
constexpr size_t kMaxPayload = 256;      // bytes per frame; the host reads it from HELLO
constexpr size_t kModelRam = 16384;      // network RAM: 64-32-10 for inference, small models also train
// Model store: 2 record pages + 2 slots of 10 KB (22 KB; a SAMD21 with 32 KB of RAM needs
// fewer pages and a smaller kModelRam). In RAM here, so uploads are lost at reset
// (HELLO says so: no persistent bit). For a power-loss-safe store, implement dff::fw::Storage
// on the board's flash (erase page / program / memory-mapped read: RP2040 flash_range_erase +
// flash_range_program + XIP address, ESP32 esp_partition_erase_range/write + esp_partition_mmap,
// SAMD NVMCTRL) following firmware/storage/flash_storage.h, and set config.persistent.
constexpr uint32_t kPageBytes = 1024;
constexpr uint32_t kPages = 22;  // slots of 10 KB: a 64-32-10 blob is 9.7 KB

class SerialTransport final : public dff::fw::Transport {
 public:
  void write(const uint8_t* data, size_t n) override { Serial.write(data, n); }
};

// The pins RECORD and LIVE read, as sources 0, 1, ... (edit for your board: an ESP32 has no A1
// or A2, its ADC1 pins are A0, A3, A4, A5, A6, A7).
#if defined(ARDUINO_ARCH_ESP32)
const uint8_t kAnalogPins[] = {A0, A3, A4, A5};
#else
const uint8_t kAnalogPins[] = {A0, A1, A2, A3};
#endif

class AnalogPins final : public dff::fw::InputSources {
 public:
  uint8_t count() const override { return sizeof kAnalogPins; }
  float read(uint8_t source, uint32_t) override { return static_cast<float>(analogRead(kAnalogPins[source])); }
  void indicate(bool on) override {
#ifdef LED_BUILTIN
    digitalWrite(LED_BUILTIN, on ? HIGH : LOW);
#else
    (void)on;
#endif
  }
};

alignas(4) uint8_t g_store_bytes[kPageBytes * kPages];
dff::fw::RamStorage g_storage(g_store_bytes, kPageBytes, kPages);
dff::fw::StaticMemory<kMaxPayload, kModelRam> g_memory;
SerialTransport g_transport;
AnalogPins g_analog;

dff::fw::FirmwareConfig make_config() {
  dff::fw::FirmwareConfig config;
  config.name = "microdff-arduino";
  config.version = "0.1.0";
  config.sources = &g_analog;
#ifdef MICRODFF_HAS_DEFAULT_MODEL
  config.default_blob = microdff_default_model;
  config.default_blob_size = sizeof microdff_default_model;
#endif
  return config;
}

dff::fw::Firmware g_firmware(g_storage, g_transport, g_memory.view(), make_config());

}  // namespace

void setup() {
  Serial.begin(kBaud);
#ifdef LED_BUILTIN
  pinMode(LED_BUILTIN, OUTPUT);
#endif
  g_storage.format();
  g_firmware.begin();  // no stored model in RAM: runs the built-in one, if any
}

void loop() {
  uint8_t chunk[64];
  size_t n = 0;
  while (n < sizeof chunk && Serial.available() > 0) chunk[n++] = static_cast<uint8_t>(Serial.read());
  const uint32_t now = millis();
  if (n > 0) g_firmware.on_bytes(chunk, n, now);
  g_firmware.poll(now);
}
