// End to end: the microdff firmware (firmware/ports/qemu-mps2-an385) in qemu-system-arm,
// its UART on a loopback TCP port, driven by this host program through the serial protocol.
// HELLO and the built-in model; upload of a model trained by `dff`; PREDICT on every row
// against `dff predict` (<= 1e-5); faults (corrupted byte, truncated upload + silence past
// the idle timeout, wrong blob CRC, invalid model, disconnect mid-upload), each with its
// documented error, the active model predicting correctly afterwards; on-board TRAIN of a
// barely trained model until every rounded prediction is right; an int8 model (blob-int8)
// whose outputs equal the host core's int8_predict bit for bit.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <fstream>
#include <thread>

#include "client.h"
#include "core/blob.h"
#include "core/crc32.h"
#include "core/int8_network.h"
#include "core/status.h"
#include "model_tools.h"
#include "qemu_process.h"

using dff::fw::Command;
using dff::fw::Error;
using namespace e2e;

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Which firmware: the QEMU port by default; the ctest for the Arduino sketch (linked with a
// stub Arduino core for the same board) sets DFF_E2E_ELF, _DIR (built-in model), _NAME, _MAX_PAYLOAD.
const std::string kSource = DFF_SOURCE_DIR;
const std::string kFirmwareDir = env_or("DFF_E2E_DIR", DFF_FW_QEMU_DIR);
const std::string kElf = env_or("DFF_E2E_ELF", kFirmwareDir + "/microdff.elf");
const std::string kName = env_or("DFF_E2E_NAME", "microdff-qemu-mps2-an385");
const int kMaxPayload = std::stoi(env_or("DFF_E2E_MAX_PAYLOAD", "512"));
const std::string kDff = DFF_DFF_PATH;
const std::string kQemu = DFF_QEMU_PATH;
const std::string kSeedCsv = kSource + "/examples/seed.csv";
constexpr float kTolerance = 1e-5f;
constexpr int kIdleTimeoutMs = 5000;  // the firmware's default (docs/serial-protocol.md §7)

uint8_t code(Error e) { return static_cast<uint8_t>(e); }

std::string describe(const Reply& r) {
  return "reply type " + std::to_string(r.type) + " seq " + std::to_string(r.seq) + " status " +
         std::to_string(r.status()) + (r.ok() ? std::string() : " detail " + std::to_string(r.detail()) + " '" + r.message() + "'");
}

// What BEGIN carries and HELLO reports: CRC-32 of all bytes but the last 4 (= the blob's trailer).
uint32_t blob_crc(const std::vector<uint8_t>& blob) { return dff::crc32(blob.data(), blob.size() - 4); }

struct Model {
  std::string json, blob_path;
  std::vector<uint8_t> blob;
  uint32_t crc = 0;
  std::vector<std::vector<float>> expected;  // dff predict on seed.csv
};

Model make_model(const std::string& dir, const std::string& name, const std::string& train_args) {
  Model m;
  m.json = dir + "/" + name + ".json";
  m.blob_path = dir + "/" + name + ".bin";
  REQUIRE(run(quote(kDff) + " train " + quote(kSeedCsv) + " --inputs 3 -q " + train_args + " -o " + quote(m.json)));
  REQUIRE(run(quote(kDff) + " export " + quote(m.json) + " --format blob -o " + quote(m.blob_path) + " > /dev/null"));
  REQUIRE(read_file(m.blob_path, &m.blob));
  REQUIRE(m.blob.size() > 20);
  m.crc = blob_crc(m.blob);
  REQUIRE(dff_predict(kDff, m.json, kSeedCsv, &m.expected));
  return m;
}

std::vector<float> inputs_of(const std::vector<float>& row) { return {row.begin(), row.begin() + 3}; }

// PREDICT on every training row equals `expected` within kTolerance.
void check_predictions(Client& c, const std::vector<std::vector<float>>& rows,
                       const std::vector<std::vector<float>>& expected, const char* what) {
  INFO("predictions of " << what);
  REQUIRE(expected.size() == rows.size());
  float worst = 0.0f;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<float> out;
    std::string error;
    INFO("row " << r);
    REQUIRE(c.predict(inputs_of(rows[r]), &out, &error));
    REQUIRE(out.size() == expected[r].size());
    for (size_t k = 0; k < out.size(); ++k) worst = std::max(worst, std::fabs(out[k] - expected[r][k]));
  }
  CHECK(worst <= kTolerance);
  WARN("board vs dff predict (" << what << "): max |difference| " << worst);
}

uint32_t rounded_correct(Client& c, const std::vector<std::vector<float>>& rows) {
  uint32_t correct = 0;
  for (const auto& row : rows) {
    std::vector<float> out;
    std::string error;
    REQUIRE(c.predict(inputs_of(row), &out, &error));
    bool ok = out.size() == 2;
    for (size_t k = 0; ok && k < 2; ++k) ok = (out[k] >= 0.5f ? 1.0f : 0.0f) == row[3 + k];
    correct += ok ? 1u : 0u;
  }
  return correct;
}

BoardInfo info(Client& c) {
  Reply r;
  REQUIRE(c.request(Command::kInfo, {}, &r));
  BoardInfo b;
  REQUIRE(parse_info(r, &b));
  return b;
}

std::vector<uint8_t> begin_payload(size_t size, uint32_t crc) {
  std::vector<uint8_t> p;
  put_u32(p, static_cast<uint32_t>(size));
  put_u32(p, crc);
  return p;
}

std::vector<uint8_t> data_payload(const std::vector<uint8_t>& blob, size_t offset, size_t n) {
  std::vector<uint8_t> p;
  put_u32(p, static_cast<uint32_t>(offset));
  p.insert(p.end(), blob.begin() + static_cast<long>(offset), blob.begin() + static_cast<long>(offset + n));
  return p;
}

// Index of a COBS data byte (not a code byte, not the delimiter) near the middle of `wire`.
size_t data_byte_index(const std::vector<uint8_t>& wire) {
  std::vector<bool> is_code(wire.size(), false);
  for (size_t i = 0; i + 1 < wire.size(); i += wire[i]) is_code[i] = true;
  for (size_t i = wire.size() / 2; i + 1 < wire.size(); ++i)
    if (!is_code[i]) return i;
  return 0;
}

}  // namespace

TEST_CASE("microdff firmware under QEMU mps2-an385: upload, predict, faults, on-board training") {
  alarm(100);  // hard bound: the default SIGALRM action ends the test, PDEATHSIG then ends QEMU
  const std::string dir = make_temp_dir("dff-fw-e2e-");
  REQUIRE(!dir.empty());
  struct Cleanup {
    std::string d;
    ~Cleanup() { remove_tree(d); }
  } cleanup{dir};
  INFO("firmware " << kElf);
  REQUIRE(access(kElf.c_str(), R_OK) == 0);

  std::vector<std::vector<float>> rows;
  REQUIRE(read_csv(kSeedCsv, &rows));
  REQUIRE(rows.size() == 8);

  // The built-in model (embedded at build time) and three uploads.
  Model builtin;
  builtin.json = kFirmwareDir + "/default_seed.json";
  REQUIRE(read_file(kFirmwareDir + "/default_seed.bin", &builtin.blob));
  builtin.crc = blob_crc(builtin.blob);
  REQUIRE(dff_predict(kDff, builtin.json, kSeedCsv, &builtin.expected));
  const Model first = make_model(dir, "seed7", "--seed 7 --hidden 8");
  const Model second = make_model(dir, "seed11", "--seed 11 --hidden 12");
  const Model weak = make_model(dir, "weak", "--seed 7 --epochs 1");

  QemuProcess qemu;
  SerialLink link;
  const std::string log_path = dir + "/qemu.log";
  std::string error;
  bool connected = false;
  int port = -1;
  for (int attempt = 0; attempt < 3 && !connected; ++attempt) {
    port = free_tcp_port();
    REQUIRE(port > 0);
    REQUIRE(qemu.start(kQemu, kElf, port, log_path, &error));
    connected = link.connect(port, 5000, &error);
    if (!connected) qemu.stop();
  }
  INFO(error);
  REQUIRE(connected);
  Client c(link);

  // HELLO: version, capabilities, limits and the built-in model.
  REQUIRE(c.send_raw({0x00}));
  Reply r;
  REQUIRE(c.request(Command::kHello, {1}, &r));
  BoardInfo hello;
  REQUIRE(parse_info(r, &hello));
  CHECK(hello.version == 1);
  CHECK((hello.caps & dff::fw::kCapPredict) != 0);
  CHECK((hello.caps & dff::fw::kCapTrain) != 0);
  CHECK(hello.max_payload == kMaxPayload);
  CHECK(hello.upload_state == 0);
  CHECK(hello.source == static_cast<uint8_t>(dff::fw::ModelSource::kBuiltIn));
  CHECK(hello.model_size == builtin.blob.size());
  CHECK(hello.model_crc == builtin.crc);
  CHECK(hello.widths == std::vector<uint16_t>{3, 16, 2});
  CHECK(hello.name == kName);
  REQUIRE(c.request(Command::kHello, {2}, &r));
  CHECK(r.status() == code(Error::kUnsupportedVersion));
  CHECK(r.detail() == 1);
  check_predictions(c, rows, builtin.expected, "built-in model");

  // Upload the model dff trained with seed 7; it replaces the built-in one.
  c.reset_counters();
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(c.upload(first.blob, first.crc, &r, &error));
  const double upload_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  INFO(describe(r));
  REQUIRE(r.ok());
  REQUIRE(r.payload.size() == 9);
  CHECK(get_u32(&r.payload[1]) == first.blob.size());
  CHECK(get_u32(&r.payload[5]) == first.crc);
  WARN("upload of " << first.blob.size() << " bytes: " << c.bytes_sent() << " bytes sent, " << c.bytes_received()
                    << " received, " << upload_ms << " ms wall time under QEMU");
  BoardInfo b = info(c);
  CHECK(b.source == static_cast<uint8_t>(dff::fw::ModelSource::kStored));
  CHECK(b.model_crc == first.crc);
  CHECK(b.model_size == first.blob.size());
  CHECK(b.widths == std::vector<uint16_t>{3, 8, 2});
  check_predictions(c, rows, first.expected, "uploaded seed-7 model");
  {
    float change = 0.0f;
    for (size_t i = 0; i < rows.size(); ++i)
      for (size_t k = 0; k < 2; ++k) change = std::max(change, std::fabs(first.expected[i][k] - builtin.expected[i][k]));
    CHECK(change > 10 * kTolerance);  // the upload visibly changed the board's answers
  }

  const size_t chunk = hello.max_payload - 4;
  // The fault scenarios send the second model in pieces of `part` bytes (it is one chunk long).
  const size_t part = 128;
  REQUIRE(second.blob.size() > 2 * part);
  {  // faults leave the active model working
    // 1. A corrupted byte in a DATA frame: NAK BAD_CRC; the retransmission is accepted.
    REQUIRE(c.request(Command::kBegin, begin_payload(second.blob.size(), second.crc), &r, 3000));
    REQUIRE(r.ok());
    const uint8_t seq = c.next_seq();
    const std::vector<uint8_t> good = encode_frame(static_cast<uint8_t>(Command::kData), seq,
                                                   data_payload(second.blob, 0, part));
    std::vector<uint8_t> bad = good;
    const size_t at = data_byte_index(bad);
    REQUIRE(at > 0);
    bad[at] = static_cast<uint8_t>(bad[at] ^ 0x55u);
    if (bad[at] == 0) bad[at] = 0xAA;
    REQUIRE(c.send_raw(bad));
    REQUIRE(c.wait_reply(&r, 2000));
    CHECK(r.nak());
    CHECK(r.status() == code(Error::kBadCrc));
    REQUIRE(c.send_raw(good));
    REQUIRE(c.wait_reply(&r, 2000));
    INFO(describe(r));
    CHECK(r.seq == seq);
    REQUIRE(r.ok());
    CHECK(get_u32(&r.payload[1]) == part);
    REQUIRE(c.request(Command::kAbort, {}, &r));
    CHECK(r.ok());
    CHECK(info(c).upload_state == 0);
    check_predictions(c, rows, first.expected, "after a corrupted byte");

    // 2. A truncated upload, then silence past the idle timeout: abandoned; DATA and COMMIT get
    //    TIMEOUT until ABORT (or BEGIN) clears it, then WRONG_STATE.
    REQUIRE(c.request(Command::kBegin, begin_payload(second.blob.size(), second.crc), &r, 3000));
    REQUIRE(r.ok());
    REQUIRE(c.request(Command::kData, data_payload(second.blob, 0, part), &r));
    REQUIRE(r.ok());
    CHECK(info(c).upload_state == 1);
    // INFO does not extend the upload; the board's clock must neither run fast nor slow.
    std::this_thread::sleep_for(std::chrono::milliseconds(kIdleTimeoutMs - 2000));
    CHECK(info(c).upload_state == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(2700));
    b = info(c);
    CHECK(b.upload_state == 0);
    CHECK(b.model_crc == first.crc);
    REQUIRE(c.request(Command::kData, data_payload(second.blob, part, 16), &r));
    CHECK(r.status() == code(Error::kTimeout));
    CHECK(r.detail() == part);
    REQUIRE(c.request(Command::kCommit, {}, &r, 3000));
    CHECK(r.status() == code(Error::kTimeout));
    REQUIRE(c.request(Command::kAbort, {}, &r));  // clears the TIMEOUT report
    CHECK(r.ok());
    REQUIRE(c.request(Command::kCommit, {}, &r, 3000));
    CHECK(r.status() == code(Error::kWrongState));
    check_predictions(c, rows, first.expected, "after an abandoned upload");

    // 3. The whole blob with a wrong CRC in BEGIN: COMMIT says BLOB_CRC with the real one.
    REQUIRE(c.upload(second.blob, second.crc ^ 0xFFFFFFFFu, &r, &error));
    CHECK(r.status() == code(Error::kBlobCrc));
    CHECK(r.detail() == second.crc);
    b = info(c);
    CHECK(b.upload_state == 0);
    CHECK(b.model_crc == first.crc);
    check_predictions(c, rows, first.expected, "after a wrong blob CRC");

    // 4. Bytes that arrive intact but are no model (magic changed): MODEL_INVALID, detail 17.
    std::vector<uint8_t> not_a_model = second.blob;
    not_a_model[0] = 'X';
    const uint32_t forged = blob_crc(not_a_model);  // a consistent trailer: only the parser can object
    for (size_t i = 0; i < 4; ++i) not_a_model[not_a_model.size() - 4 + i] = static_cast<uint8_t>(forged >> (8 * i));
    REQUIRE(c.upload(not_a_model, forged, &r, &error));
    CHECK(r.status() == code(Error::kModelInvalid));
    CHECK(r.detail() == static_cast<uint32_t>(dff::StatusCode::kBlobBadMagic));
    CHECK(info(c).model_crc == first.crc);
    check_predictions(c, rows, first.expected, "after an invalid model");

    // 5. Disconnect in the middle of a DATA frame, reconnect: the partial frame is dropped
    //    silently (inter-byte timeout), the upload is still open, the old model still answers,
    //    and the upload resumes from next_offset and commits.
    REQUIRE(c.request(Command::kBegin, begin_payload(second.blob.size(), second.crc), &r, 3000));
    REQUIRE(r.ok());
    REQUIRE(c.request(Command::kData, data_payload(second.blob, 0, part), &r));
    REQUIRE(r.ok());
    const std::vector<uint8_t> next = encode_frame(static_cast<uint8_t>(Command::kData), c.next_seq(),
                                                   data_payload(second.blob, part, 64));
    REQUIRE(c.send_raw(std::vector<uint8_t>(next.begin(), next.begin() + static_cast<long>(next.size() / 2))));
    link.close();
    std::this_thread::sleep_for(std::chrono::milliseconds(800));  // > the 500 ms inter-byte timeout
    REQUIRE(link.connect(port, 5000, &error));  // QEMU listens again after the client left
    c.reset_receiver();
    REQUIRE(c.send_raw({0x00}));
    CHECK(c.silent(300));  // no NAK: the half frame was already dropped
    REQUIRE(c.request(Command::kHello, {1}, &r));
    REQUIRE(parse_info(r, &b));
    CHECK(b.upload_state == 1);
    CHECK(b.next_offset == part);
    CHECK(b.model_crc == first.crc);
    check_predictions(c, rows, first.expected, "after a disconnect mid-upload");
    size_t offset = b.next_offset;
    while (offset < second.blob.size()) {
      const size_t n = std::min(part, second.blob.size() - offset);
      REQUIRE(c.request(Command::kData, data_payload(second.blob, offset, n), &r));
      REQUIRE(r.ok());
      offset = get_u32(&r.payload[1]);
    }
    REQUIRE(c.request(Command::kCommit, {}, &r, 3000));
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(info(c).model_crc == second.crc);
    check_predictions(c, rows, second.expected, "the upload resumed after reconnecting");
  }

  {  // An int8 model (dff export --format blob-int8): the board's outputs are the host core's, bit for bit.
    const std::string path = dir + "/seed7_int8.bin";
    REQUIRE(run(quote(kDff) + " export " + quote(first.json) + " --format blob-int8 --calibrate " + quote(kSeedCsv) +
                " -o " + quote(path) + " > /dev/null"));
    std::vector<uint8_t> blob;
    REQUIRE(read_file(path, &blob));
    dff::Int8Model model;
    REQUIRE(dff::blob_int8_model(blob.data(), blob.size(), &model).ok());
    std::vector<int8_t> scratch(dff::int8_scratch_bytes(model.topology));
    REQUIRE(c.upload(blob, blob_crc(blob), &r, &error));
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(info(c).model_crc == blob_crc(blob));
    for (const auto& row : rows) {
      std::vector<float> out;
      REQUIRE(c.predict(inputs_of(row), &out, &error));
      float want[2];
      REQUIRE(dff::int8_predict(model, row.data(), 3, want, 2, scratch.data(), scratch.size()).ok());
      REQUIRE(out.size() == 2);
      CHECK(memcmp(out.data(), want, sizeof want) == 0);
    }
  }

  {  // On-board training: a model dff trained for one epoch learns the seed on the board.
    REQUIRE(c.upload(weak.blob, weak.crc, &r, &error));
    REQUIRE(r.ok());
    check_predictions(c, rows, weak.expected, "the one-epoch model");
    const uint32_t before = rounded_correct(c, rows);
    CHECK(before < 8);
    std::vector<uint8_t> train;
    const uint16_t epochs_per_request = 10;
    put_u16(train, epochs_per_request);
    train.push_back(0x01);  // shuffle
    train.push_back(0x00);
    put_f32(train, 0.0f);  // the model's own learning rate
    for (const auto& row : rows)
      for (float v : row) put_f32(train, v);
    uint32_t epochs = 0;
    float first_loss = -1.0f, loss = -1.0f;
    uint32_t correct = before;
    for (int round = 0; round < 100 && correct < 8; ++round) {
      REQUIRE(c.request(Command::kTrain, train, &r, 20000));
      INFO(describe(r));
      REQUIRE(r.ok());
      REQUIRE(r.payload.size() == 13);
      if (first_loss < 0.0f) first_loss = get_f32(&r.payload[1]);
      loss = get_f32(&r.payload[5]);
      epochs += epochs_per_request;
      correct = rounded_correct(c, rows);
    }
    CHECK(correct == 8);
    CHECK(loss < first_loss);
    b = info(c);
    CHECK((b.model_flags & 0x01) != 0);
    CHECK(b.model_crc == weak.crc);
    WARN("on-board TRAIN: " << before << "/8 -> " << correct << "/8 rows right after " << epochs
                             << " epochs; loss " << first_loss << " -> " << loss);
  }

  link.close();
  qemu.stop();
  std::ifstream log(log_path);
  std::string line;
  uint32_t stack = 0;
  while (std::getline(log, line)) {
    const auto at = line.find("stack_high_water=");
    if (at != std::string::npos) stack = std::max(stack, static_cast<uint32_t>(std::stoul(line.substr(at + 17))));
  }
  CHECK(stack > 0);
  WARN("firmware stack high-water mark during the test: " << stack << " bytes");
  alarm(0);
}
