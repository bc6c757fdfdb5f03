#include "app.h"

#include <avr/pgmspace.h>

#include "firmware/portable/firmware.h"
#include "firmware/portable/model_region.h"

#ifndef DFF_BOARD_NAME
#error "define DFF_BOARD_NAME (the firmware name in HELLO, e.g. \"microdff-uno\")"
#endif

extern "C" const char dff_fw_identity[12];
// From atmega328p.ld: the model region's first byte and the byte after its last.
extern "C" const uint8_t __model_region_start[];
extern "C" const uint8_t __model_region_end[];

namespace {

// PREDICT takes up to 64 inputs (256 bytes); the model RAM holds a ModelView's layer outputs
// (64 floats: two layers of 32, or 48 + 16, ...).
constexpr size_t kMaxPayload = 256;
constexpr size_t kModelRam = 256;

class UartTransport final : public dff::fw::Transport {
 public:
  void write(const uint8_t* data, size_t n) override { dff_board_write(data, n); }
};

// RECORD and LIVE read A0..A5 (sources 0..5) in ADC counts; LIVE's indicator is LED_BUILTIN.
class AnalogPins final : public dff::fw::InputSources {
 public:
  uint8_t count() const override { return DFF_ANALOG_PINS; }
  float read(uint8_t source, uint32_t) override { return static_cast<float>(dff_board_analog_read(source)); }
  void indicate(bool on) override { dff_board_led(on ? 1 : 0); }
};

struct Memory {
  uint8_t rx[kMaxPayload + dff::fw::kFrameOverhead];
  uint8_t tx[kMaxPayload + dff::fw::kFrameOverhead];
  alignas(4) float model[kModelRam / sizeof(float)];  // the firmware needs it 4-byte aligned (AVR aligns floats to 1)
  float scratch[kMaxPayload / 4];
};

Memory g_memory;
UartTransport g_uart;
AnalogPins g_pins;
dff::fw::Firmware* g_firmware = nullptr;

uint32_t hex_digit(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint32_t>(c - 'a' + 10);
  return 0;
}

uint32_t build_id() {
  uint32_t id = 0;
  for (uint8_t i = 4; i < 12; ++i) id = (id << 4) | hex_digit(static_cast<char>(pgm_read_byte(dff_fw_identity + i)));
  return id;
}

}  // namespace

void dff_app_begin(void) {
  const auto capacity = static_cast<uint32_t>(__model_region_end - __model_region_start);
  const dff::fw::RegionCheck region =
      dff::fw::check_model_region(__model_region_start, capacity, dff::BlobMemory::kProgram, build_id());
  dff::fw::FirmwareConfig config;  // the firmware keeps a copy
  config.name = DFF_BOARD_NAME;
  config.version = DFF_FW_VERSION;
  config.can_train = false;  // no RAM for a Network; HELLO states train_ns 0
  config.persistent = true;
  config.sources = &g_pins;
  if (region.state == dff::fw::RegionState::kValid) {
    config.default_blob = region.blob;
    config.default_blob_size = region.blob_size;
    config.default_blob_memory = dff::BlobMemory::kProgram;
    config.no_model_text = "model in flash is invalid; flash it again";
  } else {
    config.no_model_text = dff::fw::region_state_text(region.state);
  }
  dff::fw::FirmwareMemory memory;
  memory.rx = g_memory.rx;
  memory.rx_size = sizeof g_memory.rx;
  memory.tx = g_memory.tx;
  memory.tx_size = sizeof g_memory.tx;
  memory.model = g_memory.model;
  memory.model_size = sizeof g_memory.model;
  memory.scratch = g_memory.scratch;
  memory.scratch_floats = kMaxPayload / 4;
  static dff::fw::Firmware firmware(g_uart, memory, config);
  g_firmware = &firmware;
  (void)firmware.begin();
}

void dff_app_bytes(const uint8_t* data, size_t n, uint32_t now_ms) { g_firmware->on_bytes(data, n, now_ms); }

void dff_app_poll(uint32_t now_ms) { g_firmware->poll(now_ms); }
