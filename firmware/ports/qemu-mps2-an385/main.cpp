// microdff firmware for QEMU mps2-an385 (Cortex-M3): the portable Firmware on UART0 at
// 115200 8N1, the model store in a RAM array (RamStorage; a real board adapts its flash),
// a built-in default model (the seed, generated at build time by `dff`), and the board's
// simulated analog inputs and LED for RECORD and LIVE.
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "default_model.h"
#include "firmware/portable/firmware.h"
#include "firmware/storage/ram_storage.h"

namespace {

constexpr uint32_t kBaud = 115200;
constexpr uint32_t kPageBytes = 1024;
constexpr uint32_t kPages = 34;  // 2 record pages + 2 slots of 16 KB (a 64-32-10 blob is 9.7 KB)
constexpr size_t kMaxPayload = 512;
constexpr size_t kModelRam = 40 * 1024;  // 64-32-10 with Adam training memory needs 39 KB

// Upper bound of TRAIN's ns per row x parameter on the real 25 MHz Cortex-M3 (soft float): the
// seed 3-16-2 with Adam runs ~1300 instructions per row x parameter (train_seed.elf under
// qemu -icount shift=0), ~68 us at 1.3 cycles each; with a margin:
constexpr uint32_t kTrainNsPerStep = 100000;

class UartTransport final : public dff::fw::Transport {
 public:
  void write(const uint8_t* data, size_t n) override { board_uart_write(data, n); }
};

class AnalogInputs final : public dff::fw::InputSources {
 public:
  uint8_t count() const override { return BOARD_ANALOG_INPUTS; }
  float read(uint8_t source, uint32_t now_ms) override { return board_analog_read(source, now_ms); }
  void indicate(bool on) override { board_led_set(on ? 1 : 0); }
};

// In the STORE region of the linker script (NOLOAD, formatted at boot).
__attribute__((section(".model_store"))) alignas(4) uint8_t g_store_bytes[kPageBytes * kPages];
dff::fw::StaticMemory<kMaxPayload, kModelRam> g_memory;
dff::fw::RamStorage g_storage(g_store_bytes, kPageBytes, kPages);
UartTransport g_uart;
AnalogInputs g_inputs;

dff::fw::FirmwareConfig make_config() {
  dff::fw::FirmwareConfig config;
  config.name = "microdff-qemu-mps2-an385";
  config.version = DFF_FW_VERSION;
  config.default_blob = dff_default_model;
  config.default_blob_size = dff_default_model_size;
  config.can_train = true;
  config.persistent = false;
  config.sources = &g_inputs;
  config.train_ns_per_step = kTrainNsPerStep;
  return config;
}

dff::fw::Firmware g_fw(g_storage, g_uart, g_memory.view(), make_config());

}  // namespace

int main() {
  board_stack_paint();
  board_clock_init();
  board_uart_init(kBaud);
  board_analog_init();
  g_storage.format();

  dff::fw::Firmware& fw = g_fw;
  if (!fw.begin().ok()) {
    board_semihost_puts("microdff: FAIL begin()\n");
    return 1;
  }

  uint8_t chunk[64];
  uint32_t last_report_ms = 0;
  for (;;) {
    const size_t n = board_uart_read(chunk, sizeof chunk);
    const uint32_t now = board_millis();
    if (n > 0) fw.on_bytes(chunk, n, now);
    fw.poll(now);
    if (now - last_report_ms >= 200u) {  // for the end-to-end test's RAM figure
      last_report_ms = now;
      board_report_stack();
    }
    if (n == 0) board_wait_for_interrupt();
  }
}
