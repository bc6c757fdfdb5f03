// Cycles per inference of ModelView on the ATmega328P (16 MHz) with the model read from flash
// (program memory, LPM), for the seed network and a 64-32-10 network trained on digits. Runs
// under tests/avr_sim: each write of a value to GPIOR0 is reported with the cycle count
// (bench/avr/run.mjs turns the marks into figures). Marks per model m (1, 2):
//   10m+0 before open(), 10m+1 after it (the blob checked: CRC-32, layout, every value finite),
//   10m+2 after kRuns predictions; 0xEE: the blob was refused.
#include <avr/io.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model_view.h"

extern "C" const uint8_t bench_seed[];
extern "C" const size_t bench_seed_size;
extern "C" const uint8_t bench_digits[];
extern "C" const size_t bench_digits_size;

namespace {

constexpr uint8_t kRuns = 8;
float g_io[64];
float g_work[64];

void run(const uint8_t* blob, size_t size, uint8_t id) {
  dff::ModelView view;
  GPIOR0 = static_cast<uint8_t>(10 * id);
  if (!view.open(blob, static_cast<uint32_t>(size), dff::BlobMemory::kProgram).ok()) {
    GPIOR0 = 0xEE;
    return;
  }
  GPIOR0 = static_cast<uint8_t>(10 * id + 1);
  const uint16_t inputs = view.topology().inputs();
  for (uint8_t r = 0; r < kRuns; ++r) {
    for (uint16_t i = 0; i < inputs; ++i) g_io[i] = static_cast<float>((i + r) % 17) * 0.25f;
    if (!view.predict(g_io, inputs, view.topology().outputs(), g_work, 64).ok()) GPIOR0 = 0xEE;
  }
  GPIOR0 = static_cast<uint8_t>(10 * id + 2);
}

}  // namespace

int main() {
  run(bench_seed, bench_seed_size, 1);
  run(bench_digits, bench_digits_size, 2);
  GPIOR0 = 0xFF;
  for (;;) {
  }
}
