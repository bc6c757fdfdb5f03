// Upload benchmark for the microdff firmware (docs/serial-protocol.md) under QEMU mps2-an385.
//
// For the seed model and a 64-32-10 model, on the QEMU port (max payload 512) and the Arduino
// sketch (256): the bytes of the real frames of one upload (BEGIN, DATA..., COMMIT and the
// replies), the time they take on a 115200-baud 8N1 line (10 bits per byte, both directions,
// stop-and-wait so they add up; processing time on the board not included), and the median
// wall time of 5 uploads under QEMU. QEMU's TCP serial port is not baud-limited: its time
// is protocol round trips + emulation, not what a real UART would take. Then flash and RAM of
// each firmware from arm-none-eabi-size -A.
#include <stdio.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "client.h"
#include "core/crc32.h"
#include "model_tools.h"
#include "qemu_process.h"

using namespace e2e;

namespace {

const std::string kSource = DFF_SOURCE_DIR;
const std::string kFwDir = DFF_FW_DIR;
const std::string kDff = DFF_DFF_PATH;
constexpr double kBaud = 115200.0;
constexpr int kRepeats = 5;

struct Firmware {
  const char* label;
  std::string elf;
};

struct ModelFile {
  const char* label;
  std::vector<uint8_t> blob;
};

bool make_blob(const std::string& dir, const std::string& csv, const std::string& args, std::vector<uint8_t>* blob) {
  const std::string json = dir + "/m.json", bin = dir + "/m.bin";
  return run(quote(kDff) + " train " + quote(csv) + " -q " + args + " -o " + quote(json)) &&
         run(quote(kDff) + " export " + quote(json) + " --format blob -o " + quote(bin) + " > /dev/null") &&
         read_file(bin, blob);
}

// 64 inputs, 10 one-hot targets, 40 rows of pseudo-random data: only the shape matters here.
std::string write_mlp64_csv(const std::string& dir) {
  const std::string path = dir + "/mlp64.csv";
  FILE* f = fopen(path.c_str(), "w");
  if (f == nullptr) return {};
  for (int c = 0; c < 74; ++c) fprintf(f, "%sc%d", c ? "," : "", c);
  fprintf(f, "\n");
  uint32_t state = 12345;
  for (int r = 0; r < 40; ++r) {
    for (int c = 0; c < 64; ++c) {
      state = state * 1664525u + 1013904223u;
      fprintf(f, "%s%.3f", c ? "," : "", static_cast<double>(state >> 8) / 16777216.0);
    }
    for (int k = 0; k < 10; ++k) fprintf(f, ",%d", k == r % 10 ? 1 : 0);
    fprintf(f, "\n");
  }
  fclose(f);
  return path;
}

struct Result {
  size_t sent = 0, received = 0, frames = 0;
  double median_ms = 0;
  bool ok = false;
  std::string error;
};

Result measure(const Firmware& fw, const ModelFile& model, const std::string& dir) {
  Result res;
  QemuProcess qemu;
  SerialLink link;
  const int port = free_tcp_port();
  if (!qemu.start(DFF_QEMU_PATH, fw.elf, port, dir + "/qemu.log", &res.error) ||
      !link.connect(port, 5000, &res.error))
    return res;
  Client c(link);
  Reply r;
  c.send_raw({0x00});
  BoardInfo info;
  if (!c.request(dff::fw::Command::kHello, {1}, &r) || !parse_info(r, &info)) {
    res.error = "no HELLO reply";
    return res;
  }
  const uint32_t crc = dff::crc32(model.blob.data(), model.blob.size() - 4);
  std::vector<double> times;
  for (int i = 0; i < kRepeats; ++i) {
    c.reset_counters();
    const auto t0 = std::chrono::steady_clock::now();
    if (!c.upload(model.blob, crc, &r, &res.error) || !r.ok()) {
      if (res.error.empty()) res.error = "COMMIT: " + r.message();
      return res;
    }
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    res.sent = c.bytes_sent();
    res.received = c.bytes_received();
  }
  const size_t chunk = info.max_payload - 4u;
  res.frames = 2 + (model.blob.size() + chunk - 1) / chunk;
  std::sort(times.begin(), times.end());
  res.median_ms = times[times.size() / 2];
  res.ok = true;
  return res;
}

// Section sizes of an ELF (arm-none-eabi-size -A).
std::map<std::string, unsigned long> sections(const std::string& elf) {
  std::map<std::string, unsigned long> out;
  const std::string cmd = quote(DFF_SIZE_PATH) + " -A " + quote(elf);
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char name[128];
  unsigned long size = 0, addr = 0;
  char line[256];
  while (fgets(line, sizeof line, p) != nullptr)
    if (sscanf(line, "%127s %lu %lu", name, &size, &addr) == 3) out[name] = size;
  pclose(p);
  return out;
}

}  // namespace

int main() {
  const std::string dir = make_temp_dir("dff-bench-fw-");
  if (dir.empty()) return 1;
  const std::vector<Firmware> firmwares = {
      {"qemu-mps2-an385 (payload 512)", kFwDir + "/qemu-mps2-an385/microdff.elf"},
      {"arduino sketch (payload 256)", kFwDir + "/arduino/microdff_arduino.elf"},
  };
  std::vector<ModelFile> models = {{"seed 3-16-2", {}}, {"64-32-10", {}}};
  const std::string mlp_csv = write_mlp64_csv(dir);
  if (!make_blob(dir, kSource + "/examples/seed.csv", "--inputs 3", &models[0].blob) ||
      !make_blob(dir, mlp_csv, "--inputs 64 --hidden 32 --epochs 1 --output sigmoid", &models[1].blob)) {
    fprintf(stderr, "bench: could not make the models with %s\n", kDff.c_str());
    remove_tree(dir);
    return 1;
  }

  printf("## Upload at 115200 baud (8N1) and under QEMU (median of %d uploads)\n\n", kRepeats);
  printf("| firmware | model | blob bytes | frames | host->board bytes | board->host bytes | time at 115200 baud | effective | QEMU wall time |\n");
  printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  int failures = 0;
  for (const auto& fw : firmwares) {
    for (const auto& m : models) {
      const Result r = measure(fw, m, dir);
      if (!r.ok) {
        printf("| %s | %s | %zu | - | - | - | - | - | FAILED: %s |\n", fw.label, m.label, m.blob.size(), r.error.c_str());
        ++failures;
        continue;
      }
      const double wire_s = static_cast<double>(r.sent + r.received) * 10.0 / kBaud;
      printf("| %s | %s | %zu | %zu | %zu | %zu | %.1f ms | %.0f B/s | %.1f ms |\n", fw.label, m.label, m.blob.size(),
             r.frames, r.sent, r.received, wire_s * 1000.0, static_cast<double>(m.blob.size()) / wire_s, r.median_ms);
    }
  }
  printf("\nTime at 115200 baud = (host->board + board->host bytes) x 10 bits / 115200: the frames are\n"
         "sent one at a time (stop-and-wait), so both directions add up; the board's processing\n"
         "time is not included. The QEMU wall time is over a TCP socket, which QEMU does not\n"
         "limit to any baud rate: it measures round trips and emulation, not a UART.\n\n");

  printf("## Flash and RAM (arm-none-eabi-size -A)\n\n");
  printf("| firmware | flash (text+rodata+data init) | RAM .data+.bss | stack reserved | model store (RAM under QEMU, flash on a board) |\n");
  printf("|---|---:|---:|---:|---:|\n");
  const std::vector<Firmware> elfs = {
      firmwares[0], firmwares[1], {"on-device training (train_seed)", kFwDir + "/qemu-mps2-an385/train_seed.elf"}};
  for (const auto& fw : elfs) {
    auto s = sections(fw.elf);
    if (s.empty()) {
      printf("| %s | missing | | | |\n", fw.label);
      ++failures;
      continue;
    }
    const unsigned long flash = s[".isr_vector"] + s[".text"] + s[".ARM.exidx"] + s[".ARM.extab"] + s[".init_array"] + s[".data"];
    printf("| %s | %lu | %lu | %lu | %lu |\n", fw.label, flash, s[".data"] + s[".bss"], s[".stack"], s[".model_store"]);
  }
  printf("\nThe QEMU port's .bss holds 40 KB of model RAM (a 64-32-10 network with Adam training\n"
         "memory), 2 x 520 B frame buffers and a 1 KB UART ring; the Arduino sketch's RAM store\n"
         "(22 KB) is in .bss. The end-to-end test prints the stack high-water mark it observed.\n");
  remove_tree(dir);
  return failures == 0 ? 0 : 1;
}
