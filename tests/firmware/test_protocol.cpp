// Tests for firmware/portable/protocol.h against the shared test vectors
// (firmware/protocol/test-vectors.json, written from the document by make_test_vectors.py):
// CRC and COBS examples, every annotated frame byte-exact, and the whole session replayed
// against the real firmware with byte-exact replies.
#include "firmware/portable/protocol.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/firmware/fw_harness.h"

using namespace fwtest;
using json = nlohmann::json;

namespace {

json load_vectors() {
  std::ifstream in(std::string(DFF_SOURCE_DIR) + "/firmware/protocol/test-vectors.json");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

Bytes hex(const std::string& h) {
  REQUIRE(h.size() % 2 == 0);
  Bytes out;
  for (size_t i = 0; i < h.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  return out;
}

std::string to_hex(const Bytes& b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) {
    s += digits[x >> 4];
    s += digits[x & 15];
  }
  return s;
}

// The session board's sources: source i reads 100 i + t / 1024 at time t ms (board "source_reading").
class SessionSources final : public dff::fw::InputSources {
 public:
  explicit SessionSources(uint8_t n) : n_(n) {}
  uint8_t count() const override { return n_; }
  float read(uint8_t source, uint32_t now_ms) override { return 100.0f * source + static_cast<float>(now_ms) / 1024.0f; }

 private:
  uint8_t n_;
};

}  // namespace

TEST_CASE("protocol constants match the document") {
  CHECK(dff::fw::kProtocolVersion == 1);
  CHECK(dff::fw::kFrameOverhead == 8);
  CHECK(static_cast<int>(Command::kHello) == 1);
  CHECK(static_cast<int>(Command::kTrain) == 8);
  CHECK(static_cast<int>(Command::kRecord) == 9);
  CHECK(static_cast<int>(Command::kLive) == 10);
  CHECK(static_cast<int>(dff::fw::Event::kReading) == 0xE0);
  CHECK(static_cast<int>(dff::fw::Event::kLive) == 0xE1);
  CHECK(dff::fw::kCapStream == 0x08);
  CHECK(static_cast<int>(Error::kTrainFailed) == 17);
  CHECK(dff::fw::kNakType == 0xFF);
  CHECK(dff::fw::kMinMaxPayload == 128);
}

TEST_CASE("vectors: CRC-32 and COBS examples") {
  const json v = load_vectors();
  REQUIRE(v.at("protocol_version") == dff::fw::kProtocolVersion);
  for (const json& c : v.at("crc32")) {
    const std::string s = c.at("ascii");
    CHECK(dff::crc32(reinterpret_cast<const uint8_t*>(s.data()), s.size()) == c.at("crc32").get<uint32_t>());
  }
  REQUIRE(v.at("cobs").size() >= 10);
  for (const json& c : v.at("cobs")) {
    const Bytes decoded = hex(c.at("decoded"));
    CHECK(to_hex(cobs(decoded)) == c.at("encoded").get<std::string>());
    Bytes w = hex(c.at("encoded"));
    w.push_back(0);
    Bytes buf(1024);
    dff::fw::CobsDecoder d(buf.data(), buf.size());
    dff::fw::CobsDecoder::Result last = dff::fw::CobsDecoder::Result::kNone;
    for (uint8_t b : w) last = d.push(b);
    REQUIRE(last == dff::fw::CobsDecoder::Result::kFrame);
    CHECK(Bytes(buf.begin(), buf.begin() + static_cast<long>(d.size())) == decoded);
  }
}

TEST_CASE("vectors: every annotated frame encodes byte-exact and decodes back") {
  const json v = load_vectors();
  REQUIRE(v.at("frames").size() >= 20);
  for (const json& f : v.at("frames")) {
    INFO(f.at("name").get<std::string>());
    const uint8_t type = f.at("type");
    const uint8_t seq = f.at("seq");
    const Bytes payload = hex(f.at("payload"));
    CHECK(to_hex(frame_bytes(type, seq, payload)) == f.at("decoded").get<std::string>());
    CHECK(to_hex(wire(type, seq, payload)) == f.at("wire").get<std::string>());
    if (f.at("direction") == "board_to_host") {
      const auto replies = parse_replies(hex(f.at("wire")));
      REQUIRE(replies.size() == 1);
      CHECK(replies[0].payload == payload);
      if (type >= dff::fw::kFirstEventType && type != dff::fw::kNakType) {  // events carry no status
        CHECK(get_u32(payload, 0) == f.at("fields").at("index").get<uint32_t>());
        continue;
      }
      CHECK(replies[0].status() == f.at("fields").at("status").get<int>());
      if (replies[0].status() != 0) CHECK(replies[0].detail() == f.at("fields").at("detail").get<uint32_t>());
    }
  }
}

TEST_CASE("vectors: the session replays against the firmware with byte-exact replies") {
  const json v = load_vectors();
  const json& board = v.at("session").at("board");
  REQUIRE(board.at("max_payload") == 128);
  REQUIRE(board.at("model_ram") == 1024);
  const Bytes builtin = hex(board.at("builtin_blob"));
  const std::string name = board.at("name");
  const std::string version = board.at("version");
  dff::fw::FirmwareConfig config;
  config.name = name.c_str();
  config.version = version.c_str();
  config.default_blob = builtin.data();
  config.default_blob_size = builtin.size();
  config.idle_timeout_ms = board.at("idle_timeout_ms");
  config.inter_byte_timeout_ms = board.at("inter_byte_timeout_ms");
  config.can_train = board.at("can_train");
  config.persistent = board.at("persistent");
  REQUIRE(board.at("source_reading") == "100 * source + at_ms / 1024");
  SessionSources sources(board.at("sources").get<uint8_t>());
  config.sources = &sources;
  config.train_ns_per_step = board.at("train_ns_per_step");
  const uint32_t page = board.at("page_size");
  const uint32_t pages = board.at("pages");
  std::vector<uint8_t> store(page * pages, 0xFF);
  dff::fw::RamStorage storage(store.data(), page, pages, board.at("program_unit"));
  auto mem = std::make_unique<dff::fw::StaticMemory<128, 1024>>();
  CaptureTransport t;
  dff::fw::Firmware fw(storage, t, mem->view(), config);
  REQUIRE(fw.begin().ok());
  size_t n = 0;
  for (const json& s : v.at("session").at("steps")) {
    INFO("step " << n++ << ": " << s.at("note").get<std::string>());
    const uint32_t at = s.at("at_ms");
    t.bytes.clear();
    fw.poll(at);  // events due by now come first
    const Bytes send = hex(s.at("send"));
    fw.on_bytes(send.data(), send.size(), at);
    CHECK(to_hex(t.bytes) == s.at("expect").get<std::string>());
  }
  CHECK(n >= 60);
}
