// Tests for RECORD and LIVE (firmware/portable/firmware_stream.cpp, firmware.h): readings at
// the requested interval with exact values, skipped readings when the board falls behind,
// stop, switching modes, errors in the documented order, LIVE outputs and class like the host
// model (from RAM and from a blob), the indicator hook, retransmissions, COMMIT stopping LIVE,
// INFO's stream fields.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/classify.h"
#include "tests/firmware/fw_harness.h"

using namespace fwtest;
using dff::fw::Event;
using dff::fw::StreamMode;

namespace {

uint8_t code(Error e) { return static_cast<uint8_t>(e); }

// Source i reads 100 i + t / 1024 at time t ms (exact in float), and remembers the indicator.
class FakeSources final : public dff::fw::InputSources {
 public:
  explicit FakeSources(uint8_t n) : n_(n) {}
  uint8_t count() const override { return n_; }
  float read(uint8_t source, uint32_t now_ms) override {
    ++reads;
    return 100.0f * source + static_cast<float>(now_ms) / 1024.0f;
  }
  void indicate(bool on) override {
    led = on;
    ++indications;
  }
  bool led = false;
  int indications = 0;
  int reads = 0;

 private:
  uint8_t n_;
};

Bytes stream_request(uint16_t interval, uint16_t sources) {
  Bytes p;
  put_u16(p, interval);
  put_u16(p, sources);
  return p;
}

Bytes live_request(uint16_t interval, uint16_t sources, uint8_t indicate) {
  Bytes p = stream_request(interval, sources);
  p.push_back(indicate);
  return p;
}

// The frames the board sends when its clock reaches `to` (poll every ms, as a port does).
std::vector<Reply> run_until(Board& b, uint32_t to) {
  b.transport.bytes.clear();
  while (b.now < to) b.advance(1);
  return parse_replies(b.transport.bytes);
}

dff::fw::FirmwareConfig with_sources(FakeSources& s) {
  dff::fw::FirmwareConfig config;
  config.sources = &s;
  return config;
}

}  // namespace

TEST_CASE("RECORD streams the chosen sources at the interval, with exact readings and indices") {
  FakeSources src(3);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  b.now = 2000;
  const Reply ok = b.request(Command::kRecord, stream_request(50, 0b101));
  REQUIRE(ok.status() == 0);
  CHECK(get_u16(ok.payload, 1) == 50);
  CHECK(get_u16(ok.payload, 3) == 0b101);
  CHECK(b.fw().stream_mode() == StreamMode::kRecord);

  const auto events = run_until(b, 2000 + 50 * 10 + 1);
  REQUIRE(events.size() == 10);
  for (uint32_t k = 0; k < events.size(); ++k) {
    const Reply& e = events[k];
    CHECK(e.type == static_cast<uint8_t>(Event::kReading));
    CHECK(e.seq == 0);
    REQUIRE(e.payload.size() == 4 + 2 * 4);
    CHECK(get_u32(e.payload, 0) == k);
    const uint32_t t = 2000 + 50 * (k + 1);
    CHECK(get_f32(e.payload, 4) == static_cast<float>(t) / 1024.0f);           // source 0
    CHECK(get_f32(e.payload, 8) == 200.0f + static_cast<float>(t) / 1024.0f);  // source 2
  }
  // Stop: interval 0 (any sources); nothing more arrives.
  const Reply stop = b.request(Command::kRecord, stream_request(0, 0));
  REQUIRE(stop.status() == 0);
  CHECK(get_u16(stop.payload, 1) == 0);
  CHECK(get_u16(stop.payload, 3) == 0);
  CHECK(run_until(b, b.now + 500).empty());
  CHECK(b.request(Command::kRecord, stream_request(0, 0)).status() == 0);  // stopping twice is fine
}

TEST_CASE("RECORD: a board that falls behind skips readings and the index shows the gap") {
  FakeSources src(1);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  REQUIRE(b.request(Command::kRecord, stream_request(10, 1)).status() == 0);
  REQUIRE(run_until(b, b.now + 10).size() == 1);  // index 0
  b.transport.bytes.clear();
  b.now += 35;  // busy for 35 ms (e.g. a long TRAIN): readings 1, 2 and 3 were due
  b.fw().poll(b.now);
  const auto late = parse_replies(b.transport.bytes);
  REQUIRE(late.size() == 1);
  CHECK(get_u32(late[0].payload, 0) == 3);
  CHECK(get_f32(late[0].payload, 4) == static_cast<float>(b.now) / 1024.0f);  // read now, not back-dated
  // The schedule keeps its phase: the next reading is due at start + 50.
  const auto next = run_until(b, 1000 + 50 + 1);
  REQUIRE(next.size() == 1);
  CHECK(get_u32(next[0].payload, 0) == 4);
}

TEST_CASE("RECORD and LIVE errors, in the documented order") {
  FakeSources src(3);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  CHECK(b.request(Command::kRecord, {1, 0, 1}).status() == code(Error::kBadLength));
  CHECK(b.request(Command::kLive, stream_request(10, 1)).status() == code(Error::kBadLength));
  Reply r = b.request(Command::kRecord, stream_request(10, 0));
  CHECK(r.status() == code(Error::kBadLength));
  CHECK(r.detail() == 0b111);  // the board's sources
  CHECK(b.request(Command::kRecord, stream_request(10, 0b1000)).status() == code(Error::kBadLength));
  CHECK(b.request(Command::kLive, live_request(10, 0b11, 0xFF)).status() == code(Error::kNoModel));
  b.upload(seed_blob());  // 3 inputs, 2 outputs
  r = b.request(Command::kLive, live_request(10, 0b11, 0xFF));
  CHECK(r.status() == code(Error::kDimension));
  CHECK(r.detail() == 3);
  r = b.request(Command::kLive, live_request(10, 0b111, 2));
  CHECK(r.status() == code(Error::kBadLength));
  CHECK(r.detail() == 2);  // classes
  CHECK(b.fw().stream_mode() == StreamMode::kOff);
  CHECK(src.reads == 0);

  // A board without sources: UNSUPPORTED, and INFO says so (no stream capability, 0 sources).
  Board plain;
  REQUIRE(plain.begin().ok());
  CHECK(plain.request(Command::kRecord, stream_request(10, 1)).status() == code(Error::kUnsupported));
  CHECK(plain.request(Command::kLive, live_request(0, 0, 0xFF)).status() == code(Error::kUnsupported));
}

TEST_CASE("RECORD: more than 8 sources in one mask is refused; 16 sources are addressable") {
  FakeSources src(16);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  const Reply r = b.request(Command::kRecord, stream_request(10, 0x01FF));
  CHECK(r.status() == code(Error::kBadLength));
  CHECK(r.detail() == 0xFFFF);
  REQUIRE(b.request(Command::kRecord, stream_request(10, 0x8001)).status() == 0);
  const auto e = run_until(b, b.now + 10);
  REQUIRE(e.size() == 1);
  CHECK(get_f32(e[0].payload, 8) == 1500.0f + static_cast<float>(b.now) / 1024.0f);
}

TEST_CASE("LIVE runs the active model on each reading: outputs and class as the host model computes") {
  FakeSources src(4);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  const dff::DFF model = seed_model();
  b.upload(blob_of(model));
  const Reply ok = b.request(Command::kLive, live_request(20, 0b1110, 1));  // sources 1, 2, 3
  REQUIRE(ok.status() == 0);
  CHECK(b.fw().stream_mode() == StreamMode::kLive);
  const auto events = run_until(b, b.now + 20 * 5);
  REQUIRE(events.size() == 5);
  int on = 0;
  for (uint32_t k = 0; k < events.size(); ++k) {
    const Reply& e = events[k];
    CHECK(e.type == static_cast<uint8_t>(Event::kLive));
    REQUIRE(e.payload.size() == 5 + 4 * 3 + 4 * 2);
    CHECK(get_u32(e.payload, 0) == k);
    const float x[3] = {get_f32(e.payload, 5), get_f32(e.payload, 9), get_f32(e.payload, 13)};
    CHECK(x[1] - x[0] == 100.0f);
    const dff::Matrix y = model.predict(dff::Matrix{{x[0], x[1], x[2]}});
    const float out[2] = {get_f32(e.payload, 17), get_f32(e.payload, 21)};
    CHECK(std::fabs(out[0] - y(0, 0)) <= 1e-6f);
    CHECK(std::fabs(out[1] - y(0, 1)) <= 1e-6f);
    CHECK(e.payload[4] == dff::predicted_class(out, 2));
    on += e.payload[4] == 1 ? 1 : 0;
  }
  CHECK(src.indications == 5);
  CHECK(src.led == (events.back().payload[4] == 1));
  INFO("class 1 in " << on << " of 5 readings");
  // Stopping LIVE switches the indicator off.
  REQUIRE(b.request(Command::kLive, live_request(0, 0, 0)).status() == 0);
  CHECK_FALSE(src.led);
  CHECK(src.indications == 6);
}

TEST_CASE("LIVE runs a model from its blob (ModelView) as it runs one in RAM: the same events") {
  // Normalised inputs (the event carries the raw readings), and shapes whose outputs start
  // before, at and after the readings end in the event (the view computes them in scratch).
  for (const auto& widths : std::vector<std::vector<uint16_t>>{{3, 5, 2}, {1, 4, 9}, {8, 6, 1}, {2, 3, 40}}) {
    dff::ModelSpec spec;
    spec.widths = widths;
    spec.activations = {dff::Activation::kTanh, widths[2] > 1 ? dff::Activation::kSoftmax : dff::Activation::kSigmoid};
    spec.normalize = true;
    dff::Result<dff::DFF> made = dff::DFF::create(spec);
    REQUIRE(made.ok());
    dff::DFF model = made.value();
    model.initialize(dff::Init::kXavier, 11);
    const std::vector<float> mean(widths[0], 300.0f);
    const std::vector<float> std(widths[0], 250.0f);
    REQUIRE(model.set_normalization(mean, std).ok());
    const std::string blob = blob_of(model);
    FakeSources src(8);
    dff::fw::FirmwareConfig config = with_sources(src);
    config.default_blob = reinterpret_cast<const uint8_t*>(blob.data());
    config.default_blob_size = blob.size();
    Board ram(Geometry{}, config);
    config.default_blob_memory = dff::BlobMemory::kProgram;  // on the host it reads like RAM
    Board view(Geometry{}, config);
    REQUIRE(ram.begin().ok());
    REQUIRE(view.begin().ok());
    REQUIRE(ram.fw().model_in_ram());
    REQUIRE_FALSE(view.fw().model_in_ram());
    const uint16_t sources = static_cast<uint16_t>((1u << widths[0]) - 1u);
    REQUIRE(ram.request(Command::kLive, live_request(10, sources, 0)).status() == 0);
    REQUIRE(view.request(Command::kLive, live_request(10, sources, 0)).status() == 0);
    const auto a = run_until(ram, ram.now + 30);
    const auto v = run_until(view, view.now + 30);
    REQUIRE(a.size() == 3);
    REQUIRE(v.size() == 3);
    for (size_t k = 0; k < a.size(); ++k) {
      INFO(widths[0] << "-" << widths[1] << "-" << widths[2] << " event " << k);
      REQUIRE(v[k].payload.size() == 5 + 4 * (widths[0] + widths[2]));
      CHECK(v[k].payload == a[k].payload);
      CHECK(get_f32(v[k].payload, 5) == static_cast<float>(view.now - 20 + 10 * k) / 1024.0f);  // raw reading
      std::vector<float> x(widths[0]);
      for (size_t i = 0; i < x.size(); ++i) x[i] = get_f32(v[k].payload, 5 + 4 * i);
      dff::Matrix in(1, widths[0]);
      for (size_t i = 0; i < x.size(); ++i) in(0, i) = x[i];
      const dff::Matrix y = model.predict(in);
      for (size_t j = 0; j < widths[2]; ++j)
        CHECK(std::fabs(get_f32(v[k].payload, 5 + 4 * (widths[0] + j)) - y(0, j)) <= 1e-6f);
    }
  }
}

TEST_CASE("LIVE indicator follows the class: on for the chosen one, off otherwise") {
  // A 1-input linear model y = x (one output: class 1 from 0.5 up), fed by a source we steer.
  class Steered final : public dff::fw::InputSources {
   public:
    uint8_t count() const override { return 1; }
    float read(uint8_t, uint32_t) override { return value; }
    void indicate(bool on) override { led = on; }
    float value = 0.0f;
    bool led = false;
  } src;
  dff::fw::FirmwareConfig config;
  config.sources = &src;
  Board b(Geometry{}, config);
  REQUIRE(b.begin().ok());
  b.upload(blob_of(line_model(1.0f, 0.0f)));
  REQUIRE(b.request(Command::kLive, live_request(10, 1, 1)).status() == 0);
  for (const float v : {0.9f, 0.1f, 0.5f, 0.49f}) {
    src.value = v;
    const auto e = run_until(b, b.now + 10);
    REQUIRE(e.size() == 1);
    const uint8_t cls = e[0].payload[4];
    CHECK(cls == (v >= 0.5f ? 1 : 0));
    CHECK(src.led == (cls == 1));
    CHECK(get_f32(e[0].payload, 9) == v);  // the output
  }
}

TEST_CASE("streams and requests share the line: replies, retransmissions and RECORD/LIVE switches") {
  FakeSources src(3);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  b.upload(seed_blob());
  const Bytes record = wire(static_cast<uint8_t>(Command::kRecord), 40, stream_request(10, 0b011));
  const auto first = b.send(record);
  REQUIRE(first.size() == 1);
  REQUIRE(run_until(b, b.now + 30).size() == 3);
  // The same frame again (its reply was lost): the stored reply, the stream does not restart.
  const auto again = b.send(record);
  REQUIRE(again.size() == 1);
  CHECK(again[0].payload == first[0].payload);
  const auto more = run_until(b, b.now + 10);
  REQUIRE(more.size() == 1);
  CHECK(get_u32(more[0].payload, 0) == 3);
  // PREDICT is answered while recording.
  CHECK(b.predict({0, 1, 0}).status() == 0);
  // LIVE replaces RECORD, RECORD replaces LIVE.
  REQUIRE(b.request(Command::kLive, live_request(10, 0b111, 0xFF)).status() == 0);
  auto e = run_until(b, b.now + 10);
  REQUIRE(e.size() == 1);
  CHECK(e[0].type == static_cast<uint8_t>(Event::kLive));
  CHECK(get_u32(e[0].payload, 0) == 0);
  REQUIRE(b.request(Command::kRecord, stream_request(10, 0b001)).status() == 0);
  e = run_until(b, b.now + 10);
  REQUIRE(e.size() == 1);
  CHECK(e[0].type == static_cast<uint8_t>(Event::kReading));
  CHECK(e[0].payload.size() == 8);
}

TEST_CASE("COMMIT stops LIVE (the new model may take other inputs); RECORD goes on") {
  FakeSources src(3);
  Board b(Geometry{}, with_sources(src));
  REQUIRE(b.begin().ok());
  b.upload(seed_blob());
  REQUIRE(b.request(Command::kLive, live_request(10, 0b111, 0)).status() == 0);
  REQUIRE(run_until(b, b.now + 10).size() == 1);
  b.upload(seed_blob(5, 100));
  CHECK(b.fw().stream_mode() == StreamMode::kOff);
  CHECK(run_until(b, b.now + 100).empty());
  REQUIRE(b.request(Command::kRecord, stream_request(10, 0b111)).status() == 0);
  b.upload(seed_blob(6, 100));
  CHECK(b.fw().stream_mode() == StreamMode::kRecord);
}

TEST_CASE("HELLO/INFO report the sources, the stream and the TRAIN time bound") {
  FakeSources src(6);
  dff::fw::FirmwareConfig config = with_sources(src);
  config.train_ns_per_step = 12345;
  Board b(Geometry{}, config);
  REQUIRE(b.begin().ok());
  auto tail = [](const Reply& r) { return Bytes(r.payload.end() - 10, r.payload.end()); };
  Reply r = b.request(Command::kHello, {1});
  CHECK((r.payload.at(2) & dff::fw::kCapStream) != 0);
  Bytes t = tail(r);
  CHECK(t[0] == 6);
  CHECK(t[1] == 0);
  CHECK(get_u32(t, 6) == 12345);
  REQUIRE(b.request(Command::kRecord, stream_request(25, 0b100001)).status() == 0);
  t = tail(b.request(Command::kInfo, {}));
  CHECK(t[1] == static_cast<uint8_t>(StreamMode::kRecord));
  CHECK(get_u16(t, 2) == 25);
  CHECK(get_u16(t, 4) == 0b100001);
  // A reset (begin) ends the stream.
  REQUIRE(b.begin().ok());
  CHECK(b.fw().stream_mode() == StreamMode::kOff);
}
