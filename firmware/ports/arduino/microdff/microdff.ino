// microdff reference firmware as an Arduino sketch (ESP32, RP2040, SAMD, any board with
// `Serial` and ~30 KB of RAM): receives models over the serial protocol
// (docs/serial-protocol.md), predicts and trains on the board.
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

alignas(4) uint8_t g_store_bytes[kPageBytes * kPages];
dff::fw::RamStorage g_storage(g_store_bytes, kPageBytes, kPages);
dff::fw::StaticMemory<kMaxPayload, kModelRam> g_memory;
SerialTransport g_transport;

dff::fw::FirmwareConfig make_config() {
  dff::fw::FirmwareConfig config;
  config.name = "microdff-arduino";
  config.version = "0.1.0";
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
