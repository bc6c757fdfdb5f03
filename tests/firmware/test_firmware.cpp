// Tests for firmware/portable/firmware.h: every command, every error reply, resync after
// noise, duplicate and out-of-order chunks, oversize uploads, timeouts, retransmissions,
// PREDICT against the host model, TRAIN, built-in default model. Real blobs from the exporter.
#include "firmware/portable/firmware.h"

#include <catch2/catch.hpp>

#include <cmath>

#include "core/host/model/blob_model.h"
#include "core/host/quantize/int8_blob.h"
#include "core/little_endian.h"
#include "core/prng.h"
#include "tests/firmware/fw_harness.h"

using namespace fwtest;
using dff::fw::ModelSource;

namespace {

uint8_t code(Error e) { return static_cast<uint8_t>(e); }

// Checks that the board predicts what the host model predicts (raw floats, <= 1e-6).
void check_predictions(Board& b, const dff::DFF& model) {
  for (const auto& row : kSeedRows) {
    const Reply r = b.predict({row[0], row[1], row[2]});
    REQUIRE(r.status() == 0);
    REQUIRE(r.payload.size() == 1 + 8);
    const dff::Matrix expect = model.predict(dff::Matrix{{row[0], row[1], row[2]}});
    CHECK(std::fabs(get_f32(r.payload, 1) - expect(0, 0)) <= 1e-6f);
    CHECK(std::fabs(get_f32(r.payload, 5) - expect(0, 1)) <= 1e-6f);
  }
}

struct Info {
  uint8_t version, caps, state;
  uint16_t max_payload;
  uint32_t max_model, model_ram, next;
  uint8_t source, flags;
  uint32_t size, crc;
  std::vector<uint16_t> widths;
  std::vector<uint8_t> activations;
  std::string name, fw_version;
  uint8_t sources, stream;
  uint16_t stream_interval, stream_sources;
  uint32_t train_ns;
};

Info parse_info(const Reply& r) {
  REQUIRE(r.status() == 0);
  const Bytes& p = r.payload;
  Info i{};
  i.version = p.at(1);
  i.caps = p.at(2);
  i.state = p.at(3);
  i.max_payload = get_u16(p, 4);
  i.max_model = get_u32(p, 6);
  i.model_ram = get_u32(p, 10);
  i.next = get_u32(p, 14);
  i.source = p.at(18);
  i.flags = p.at(19);
  i.size = get_u32(p, 20);
  i.crc = get_u32(p, 24);
  const uint8_t layers = p.at(28);
  size_t at = 29;
  if (layers) {
    for (int k = 0; k <= layers; ++k, at += 2) i.widths.push_back(get_u16(p, at));
    for (int k = 0; k < layers; ++k) i.activations.push_back(p.at(at++));
  }
  const uint8_t nl = p.at(at++);
  i.name.assign(p.begin() + static_cast<long>(at), p.begin() + static_cast<long>(at + nl));
  at += nl;
  const uint8_t vl = p.at(at++);
  i.fw_version.assign(p.begin() + static_cast<long>(at), p.begin() + static_cast<long>(at + vl));
  at += vl;
  i.sources = p.at(at);
  i.stream = p.at(at + 1);
  i.stream_interval = get_u16(p, at + 2);
  i.stream_sources = get_u16(p, at + 4);
  i.train_ns = get_u32(p, at + 6);
  at += 10;
  REQUIRE(at == p.size());
  return i;
}

}  // namespace

TEST_CASE("HELLO and INFO describe the board and the active model") {
  Board b;
  REQUIRE(b.begin().ok());
  Info i = parse_info(b.request(Command::kHello, {1}));
  CHECK(i.version == 1);
  CHECK(i.caps == 0);  // no model: cannot predict or train; RAM store: not persistent
  CHECK(i.state == 0);
  CHECK(i.max_payload == 512);
  CHECK(i.max_model == 4 * 256);
  CHECK(i.model_ram == 16384);
  CHECK(i.source == 0);
  CHECK(i.size == 0);
  CHECK(i.crc == 0);
  CHECK(i.widths.empty());
  CHECK(i.name == "microdff");
  CHECK(i.fw_version == "0.1.0");

  const std::string blob = seed_blob();
  b.upload(blob);
  i = parse_info(b.request(Command::kInfo, {}));
  CHECK(i.caps == (dff::fw::kCapPredict | dff::fw::kCapTrain));
  CHECK(i.source == 2);
  CHECK(i.flags == 0);
  CHECK(i.size == blob.size());
  CHECK(i.crc == blob_crc(blob));
  CHECK(i.widths == std::vector<uint16_t>{3, 4, 2});
  CHECK(i.activations == std::vector<uint8_t>{0, 0});

  const Reply bad = b.request(Command::kHello, {2});
  CHECK(bad.status() == code(Error::kUnsupportedVersion));
  CHECK(bad.detail() == 1);
  CHECK(b.request(Command::kHello, {}).status() == code(Error::kBadLength));
  CHECK(b.request(Command::kInfo, {0}).status() == code(Error::kBadLength));
}

TEST_CASE("name and version are cut to fit a 128-byte payload with 16 layers") {
  dff::fw::FirmwareConfig config;
  config.name = "a-very-long-firmware-name-that-goes-on-and-on-and-on";
  config.version = "1.2.3-rc.4+build.567890";
  // 16 layers of width 1: the INFO reply carries 17 widths and 16 activations.
  dff::ModelSpec spec;
  spec.widths.assign(17, 1);
  spec.activations.assign(16, dff::Activation::kLinear);
  dff::Result<dff::DFF> m = dff::DFF::create(spec);
  REQUIRE(m.ok());
  const std::string blob = blob_of(m.value());
  config.default_blob = reinterpret_cast<const uint8_t*>(blob.data());
  config.default_blob_size = blob.size();
  // A board with the minimum payload.
  Geometry g;
  std::vector<uint8_t> store(g.bytes(), 0xFF);
  dff::fw::RamStorage storage(store.data(), g.page, g.pages());
  auto mem = std::make_unique<dff::fw::StaticMemory<128, 4096>>();
  CaptureTransport t;
  dff::fw::Firmware fw(storage, t, mem->view(), config);
  REQUIRE(fw.begin().ok());
  REQUIRE(fw.model_source() == ModelSource::kBuiltIn);
  const Bytes w = wire(0x02, 9, {});
  fw.on_bytes(w.data(), w.size(), 0);
  const auto replies = parse_replies(t.bytes);
  REQUIRE(replies.size() == 1);
  REQUIRE(replies[0].payload.size() == 128);
  const Info i = parse_info(replies[0]);
  CHECK(i.max_payload == 128);
  CHECK(i.widths.size() == 17);
  CHECK(i.fw_version == "1.2.3-rc.4+build");  // 16 bytes at most
  CHECK(i.name == std::string(config.name).substr(0, 21));  // the 10 bytes after the version stay
  CHECK(i.train_ns == dff::fw::kDefaultTrainNsPerStep);
}

TEST_CASE("upload, commit, predict like the host model; the built-in model is replaced") {
  const std::string builtin = seed_blob(3, 200);
  dff::fw::FirmwareConfig config;
  config.default_blob = reinterpret_cast<const uint8_t*>(builtin.data());
  config.default_blob_size = builtin.size();
  Board b(Geometry{}, config);
  REQUIRE(b.begin().ok());
  CHECK(b.fw().model_source() == ModelSource::kBuiltIn);
  check_predictions(b, seed_model(3, 200));

  const dff::DFF model = seed_model();
  const std::string blob = blob_of(model);
  const Reply begin = b.request(Command::kBegin, begin_payload(blob));
  REQUIRE(begin.status() == 0);
  CHECK(get_u16(begin.payload, 1) == 508);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kReceiving);
  // PREDICT and INFO keep working during an upload, on the old model.
  check_predictions(b, seed_model(3, 200));
  for (size_t off = 0; off < blob.size(); off += 50) {
    const size_t n = std::min<size_t>(50, blob.size() - off);
    const Reply r = b.request(Command::kData, data_payload(blob, off, n));
    REQUIRE(r.status() == 0);
    CHECK(get_u32(r.payload, 1) == off + n);
    CHECK(parse_info(b.request(Command::kInfo, {})).next == off + n);
  }
  const Reply commit = b.request(Command::kCommit, {});
  REQUIRE(commit.status() == 0);
  CHECK(get_u32(commit.payload, 1) == blob.size());
  CHECK(get_u32(commit.payload, 5) == blob_crc(blob));
  CHECK(b.fw().model_source() == ModelSource::kStored);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  check_predictions(b, model);
  // Every rounded prediction of the seed example is right.
  const int expect[8] = {0, 1, 1, 0, 1, 0, 1, 0};
  for (int r = 0; r < 8; ++r) {
    const Reply p = b.predict({kSeedRows[r][0], kSeedRows[r][1], kSeedRows[r][2]});
    CHECK((get_f32(p.payload, 5) > get_f32(p.payload, 1) ? 1 : 0) == expect[r]);
  }
}

TEST_CASE("a 64-32-10 model (9716 bytes) uploads in 508-byte chunks and predicts") {
  Geometry g;
  g.page = 1024;
  g.slot_pages = 10;
  Board b(g);
  REQUIRE(b.begin().ok());
  const std::string blob = wide_blob();
  REQUIRE(blob.size() == 9716);
  b.upload(blob);
  std::vector<float> x(64);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7) * 0.25f - 0.5f;
  const Reply r = b.predict(x);
  REQUIRE(r.status() == 0);
  REQUIRE(r.payload.size() == 41);
  dff::Result<dff::DFF> host = dff::model_from_blob(blob, "wide");
  REQUIRE(host.ok());
  dff::Matrix in(1, 64);
  for (uint32_t i = 0; i < 64; ++i) in(0, i) = x[i];
  const dff::Matrix out = host.value().predict(in);
  float sum = 0.0f;
  for (uint32_t k = 0; k < 10; ++k) {
    CHECK(std::fabs(get_f32(r.payload, 1 + 4 * k) - out(0, k)) <= 1e-6f);
    sum += get_f32(r.payload, 1 + 4 * k);
  }
  CHECK(std::fabs(sum - 1.0f) < 1e-5f);  // softmax
}

TEST_CASE("DATA: duplicates are acknowledged, out-of-order chunks rejected, overlap stored once") {
  Board b;
  REQUIRE(b.begin().ok());
  const std::string blob = seed_blob();
  REQUIRE(b.request(Command::kBegin, begin_payload(blob)).status() == 0);
  REQUIRE(get_u32(b.request(Command::kData, data_payload(blob, 0, 60)).payload, 1) == 60);
  // Exact duplicate with a new seq (the ACK was lost): ACK again, nothing rewritten.
  Reply r = b.request(Command::kData, data_payload(blob, 0, 60));
  CHECK(r.status() == 0);
  CHECK(get_u32(r.payload, 1) == 60);
  // Older sub-range.
  r = b.request(Command::kData, data_payload(blob, 10, 20));
  CHECK(r.status() == 0);
  CHECK(get_u32(r.payload, 1) == 60);
  // A gap: out of order, detail = next expected offset.
  r = b.request(Command::kData, data_payload(blob, 100, 20));
  CHECK(r.status() == code(Error::kOutOfOrder));
  CHECK(r.detail() == 60);
  // Overlapping chunk: only the new part is stored.
  r = b.request(Command::kData, data_payload(blob, 40, 60));
  CHECK(r.status() == 0);
  CHECK(get_u32(r.payload, 1) == 100);
  // Past the total size.
  Bytes past;
  put_u32(past, 100);
  past.insert(past.end(), blob.size(), 0x55);
  r = b.request(Command::kData, past);
  CHECK(r.status() == code(Error::kTooLarge));
  CHECK(r.detail() == blob.size());
  // Empty chunk.
  Bytes empty;
  put_u32(empty, 100);
  CHECK(b.request(Command::kData, empty).status() == code(Error::kBadLength));
  // COMMIT before the end: INCOMPLETE, upload stays open.
  r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kIncomplete));
  CHECK(r.detail() == 100);
  r = b.request(Command::kData, data_payload(blob, 100, blob.size() - 100));
  CHECK(get_u32(r.payload, 1) == blob.size());
  CHECK(b.request(Command::kCommit, {}).status() == 0);
  CHECK(b.fw().model_crc() == blob_crc(blob));
}

TEST_CASE("a retransmitted request (same seq and bytes) gets the same reply without running twice") {
  Board b;
  REQUIRE(b.begin().ok());
  const std::string blob = seed_blob();
  REQUIRE(b.request(Command::kBegin, begin_payload(blob)).status() == 0);
  const Bytes w = wire(0x04, 77, data_payload(blob, 0, 100));
  const auto first = b.send(w);
  const auto again = b.send(w);
  REQUIRE(first.size() == 1);
  REQUIRE(again.size() == 1);
  CHECK(again[0].payload == first[0].payload);
  CHECK(again[0].seq == 77);
  // A NAK in between does not lose the cached reply.
  Bytes corrupt = wire(0x04, 78, data_payload(blob, 100, 20));
  corrupt[5] ^= 0x01;
  const auto nak = b.send(corrupt);
  REQUIRE(nak.size() == 1);
  CHECK(nak[0].type == 0xFF);
  CHECK(b.send(w)[0].payload == first[0].payload);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kReceiving);
  // TRAIN retransmitted is not trained twice.
  b.upload(blob);
  Bytes train{1, 0, 0, 0};
  put_f32(train, 0.0f);
  for (int k = 0; k < 3; ++k) put_f32(train, kSeedRows[1][k]);
  put_f32(train, 0.0f);
  put_f32(train, 1.0f);
  const Bytes tw = wire(0x08, 200, train);
  const auto t1 = b.send(tw);
  const auto t2 = b.send(tw);
  REQUIRE(t1.size() == 1);
  CHECK(t1[0].status() == 0);
  CHECK(t2[0].payload == t1[0].payload);
  CHECK(get_u32(t1[0].payload, 9) == 1001);
  const auto t3 = b.send(wire(0x08, 201, train));  // new seq: trains again
  CHECK(get_u32(t3[0].payload, 9) == 1002);
}

TEST_CASE("BEGIN errors: bad length, too small, too large; BEGIN restarts an upload") {
  Board b;
  REQUIRE(b.begin().ok());
  CHECK(b.request(Command::kBegin, {1, 2, 3}).status() == code(Error::kBadLength));
  Bytes small;
  put_u32(small, 19);
  put_u32(small, 0);
  CHECK(b.request(Command::kBegin, small).status() == code(Error::kBadLength));
  Bytes big;
  put_u32(big, 1025);
  put_u32(big, 0);
  const Reply r = b.request(Command::kBegin, big);
  CHECK(r.status() == code(Error::kTooLarge));
  CHECK(r.detail() == 1024);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  const std::string blob = seed_blob();
  REQUIRE(b.request(Command::kBegin, begin_payload(blob)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(blob, 0, 100)).status() == 0);
  REQUIRE(b.request(Command::kBegin, begin_payload(blob)).status() == 0);  // restart from 0
  CHECK(b.request(Command::kData, data_payload(blob, 100, 20)).detail() == 0);
  b.upload(blob);
}

TEST_CASE("an oversize upload (BEGIN fits the slot, the model not the RAM) is refused at COMMIT") {
  Geometry g;
  g.page = 1024;
  g.slot_pages = 24;
  Board small_ram(g);  // 16384 bytes of model RAM
  dff::ModelSpec spec;
  spec.widths = {40, 60, 40};
  spec.activations = {dff::Activation::kRelu, dff::Activation::kLinear};
  dff::Result<dff::DFF> m = dff::DFF::create(spec);
  REQUIRE(m.ok());
  const std::string blob = blob_of(m.value());  // 4900 parameters: 19.6 KB of floats > 16 KB
  REQUIRE(blob.size() <= 24 * 1024);
  REQUIRE(small_ram.begin().ok());
  const std::string good = seed_blob();
  small_ram.upload(good);
  REQUIRE(small_ram.request(Command::kBegin, begin_payload(blob)).status() == 0);
  for (size_t off = 0; off < blob.size(); off += 508)
    REQUIRE(small_ram.request(Command::kData, data_payload(blob, off, std::min<size_t>(508, blob.size() - off))).status() == 0);
  const Reply r = small_ram.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kTooLarge));
  CHECK(r.detail() > 16384);
  CHECK(small_ram.fw().model_crc() == blob_crc(good));
  check_predictions(small_ram, seed_model());
}

TEST_CASE("COMMIT errors: wrong CRC, invalid model, wrong state; the old model stays active") {
  Board b;
  REQUIRE(b.begin().ok());
  const std::string good = seed_blob();
  b.upload(good);
  const uint32_t good_crc = blob_crc(good);
  CHECK(b.request(Command::kCommit, {}).status() == code(Error::kWrongState));
  CHECK(b.request(Command::kData, data_payload(good, 0, 10)).status() == code(Error::kWrongState));

  // Transmission CRC wrong (a corrupted byte the frame CRC could not see: BEGIN says other CRC).
  const std::string other = seed_blob(5, 100);
  Bytes begin = begin_payload(other);
  begin[4] ^= 0xFF;
  REQUIRE(b.request(Command::kBegin, begin).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(other, 0, other.size())).status() == 0);
  Reply r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kBlobCrc));
  CHECK(r.detail() == blob_crc(other));
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  CHECK(b.fw().model_crc() == good_crc);

  // CRC right (trailer rewritten), content invalid: the parser's code comes back.
  auto with_trailer = [](std::string blob) {
    const uint32_t c = blob_crc(blob);
    for (int k = 0; k < 4; ++k) blob[blob.size() - 4 + static_cast<size_t>(k)] = static_cast<char>(c >> (8 * k));
    return blob;
  };
  std::string bad = other;
  bad[0] = 'X';
  bad = with_trailer(bad);
  REQUIRE(b.request(Command::kBegin, begin_payload(bad)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(bad, 0, bad.size())).status() == 0);
  r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kModelInvalid));
  CHECK(r.detail() == static_cast<uint32_t>(dff::StatusCode::kBlobBadMagic));
  bad = other;
  bad[14] = 1;  // reserved header byte
  bad = with_trailer(bad);
  REQUIRE(b.request(Command::kBegin, begin_payload(bad)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(bad, 0, bad.size())).status() == 0);
  r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kModelInvalid));
  CHECK(r.detail() == static_cast<uint32_t>(dff::StatusCode::kBlobBadTopology));
  // A flipped byte whose CRC the host computed after the damage: the trailer disagrees.
  bad = other;
  bad[100] = static_cast<char>(bad[100] ^ 0x40);
  REQUIRE(b.request(Command::kBegin, begin_payload(bad)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(bad, 0, bad.size())).status() == 0);
  r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kBlobCrc));
  CHECK(r.detail() == blob_crc(bad));
  // A payload COMMIT never takes is reported before the (idle) state.
  CHECK(b.request(Command::kCommit, {0}).status() == code(Error::kBadLength));
  CHECK(b.request(Command::kCommit, {}).status() == code(Error::kWrongState));

  CHECK(b.fw().model_crc() == good_crc);
  check_predictions(b, seed_model());
  // And after a reboot the stored model is still the good one.
  REQUIRE(b.begin().ok());
  CHECK(b.fw().model_crc() == good_crc);
  CHECK(b.fw().model_source() == ModelSource::kStored);
}

TEST_CASE("ABORT abandons an upload and is always OK; bad lengths are reported") {
  Board b;
  REQUIRE(b.begin().ok());
  CHECK(b.request(Command::kAbort, {}).status() == 0);
  const std::string blob = seed_blob();
  REQUIRE(b.request(Command::kBegin, begin_payload(blob)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(blob, 0, 100)).status() == 0);
  const Reply r = b.request(Command::kAbort, {});
  CHECK(r.status() == 0);
  CHECK(r.payload.size() == 1);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  CHECK(b.request(Command::kData, data_payload(blob, 100, 10)).status() == code(Error::kWrongState));
  CHECK(b.request(Command::kAbort, {1}).status() == code(Error::kBadLength));
  CHECK(!b.fw().has_model());
}

TEST_CASE("idle timeout abandons the upload; DATA/COMMIT then report TIMEOUT; the model is untouched") {
  Board b;
  REQUIRE(b.begin().ok());
  const std::string good = seed_blob();
  b.upload(good);
  const std::string next = seed_blob(9, 300);
  REQUIRE(b.request(Command::kBegin, begin_payload(next)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(next, 0, 64)).status() == 0);
  b.advance(4999);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kReceiving);
  REQUIRE(b.request(Command::kData, data_payload(next, 64, 64)).status() == 0);  // refreshes the timer
  b.advance(4999);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kReceiving);
  b.advance(1);
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  Reply r = b.request(Command::kData, data_payload(next, 128, 10));
  CHECK(r.status() == code(Error::kTimeout));
  CHECK(r.detail() == 128);
  CHECK(b.request(Command::kCommit, {}).status() == code(Error::kTimeout));
  CHECK(b.fw().model_crc() == blob_crc(good));
  check_predictions(b, seed_model());
  CHECK(b.request(Command::kAbort, {}).status() == 0);
  CHECK(b.request(Command::kCommit, {}).status() == code(Error::kWrongState));
  // Timer wrap-around of the millisecond clock.
  b.now = 0xFFFFF000u;
  REQUIRE(b.request(Command::kBegin, begin_payload(next)).status() == 0);
  b.advance(0x2000);  // now wrapped past 0; 8192 ms later
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  b.upload(next);
  CHECK(b.fw().model_crc() == blob_crc(next));
}

TEST_CASE("noise: NAK for bad frames and CRCs, resync at the next delimiter, partial frames time out") {
  Board b;
  REQUIRE(b.begin().ok());
  dff::Pcg32 rng(5);
  const Bytes hello = wire(0x01, 1, {1});
  for (int round = 0; round < 300; ++round) {
    Bytes noise;
    const size_t n = 1 + rng.bounded(300);
    for (size_t i = 0; i < n; ++i) noise.push_back(static_cast<uint8_t>(rng.next()));
    noise.push_back(0);  // the host's flush
    noise.insert(noise.end(), hello.begin(), hello.end());
    const auto replies = b.send(noise);
    REQUIRE(!replies.empty());
    for (size_t k = 0; k + 1 < replies.size(); ++k) {
      REQUIRE(replies[k].type == 0xFF);
      REQUIRE(replies[k].seq == 0);
      const bool known = replies[k].status() == code(Error::kBadFrame) || replies[k].status() == code(Error::kBadCrc);
      REQUIRE(known);
    }
    REQUIRE(replies.back().type == 0x81);
    REQUIRE(replies.back().status() == 0);
  }
  // A corrupted CRC byte: NAK BAD_CRC.
  Bytes w = wire(0x01, 2, {1});
  w[w.size() - 2] ^= 0x10;
  auto r = b.send(w);
  REQUIRE(r.size() == 1);
  CHECK(r[0].status() == code(Error::kBadCrc));
  CHECK(r[0].type == 0xFF);
  // Too short (3 bytes) and too long (payload 513 > 512): BAD_FRAME.
  r = b.send({0x04, 0x01, 0x02, 0x03, 0x00});
  REQUIRE(r.size() == 1);
  CHECK(r[0].status() == code(Error::kBadFrame));
  r = b.send(wire(0x04, 3, Bytes(513, 7)));
  REQUIRE(r.size() == 1);
  CHECK(r[0].status() == code(Error::kBadFrame));
  // Length field wrong but CRC right: BAD_LENGTH addressed to the request.
  Bytes f = frame_bytes(0x02, 4, {});
  f[2] = 5;
  f.resize(4);
  put_u32(f, crc_of(f));
  Bytes fw = cobs(f);
  fw.push_back(0);
  r = b.send(fw);
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == 0x82);
  CHECK(r[0].seq == 4);
  CHECK(r[0].status() == code(Error::kBadLength));
  // Unknown command.
  const Reply u = b.request_raw(0x42, {1, 2}, 5);
  CHECK(u.status() == code(Error::kUnknownCommand));
  CHECK(u.detail() == 0x42);
  // Frames with reply types (0x7F..0xFF, e.g. an echo of the board's own output) are ignored.
  for (int type : {0x7F, 0x80, 0x81, 0xC2, 0xFF}) CHECK(b.send(wire(static_cast<uint8_t>(type), 5, {0})).empty());
  // A partial frame followed by silence is dropped; the next frame is understood.
  const Bytes half(hello.begin(), hello.begin() + 5);
  CHECK(b.send(half).empty());
  b.advance(501);
  r = b.send(wire(0x01, 6, {1}));
  REQUIRE(r.size() == 1);
  CHECK(r[0].status() == 0);
  // Without the pause the halves merge into a bad frame (NAK), proving the timeout matters.
  CHECK(b.send(half).empty());
  b.advance(100);
  r = b.send(wire(0x01, 7, {1}));
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == 0xFF);
  // Two frames in one read: two replies in order.
  Bytes two = wire(0x02, 8, {});
  const Bytes second = wire(0x01, 9, {1});
  two.insert(two.end(), second.begin(), second.end());
  r = b.send(two);
  REQUIRE(r.size() == 2);
  CHECK(r[0].seq == 8);
  CHECK(r[1].seq == 9);
}

TEST_CASE("an upload through a noisy line with retransmissions ends with the exact blob") {
  Board b;
  REQUIRE(b.begin().ok());
  const std::string model = seed_blob();
  dff::Pcg32 rng(99);
  uint8_t seq = 0;
  auto exchange = [&](uint8_t type, const Bytes& payload) -> Reply {
    ++seq;
    for (int attempt = 0; attempt < 50; ++attempt) {
      Bytes w = wire(type, seq, payload);
      if (rng.bounded(3) == 0) w[rng.bounded(static_cast<uint32_t>(w.size()))] ^= static_cast<uint8_t>(1 + rng.bounded(255));
      Bytes line(1 + w.size(), 0);  // the host's flush byte, then the frame
      memcpy(line.data() + 1, w.data(), w.size());
      const auto replies = b.send(line);
      for (const Reply& r : replies)
        if (r.type == (type | 0x80) && r.seq == seq) return r;
      b.advance(600);  // a corrupted delimiter can leave a partial frame: let it time out
    }
    FAIL("no reply after 50 attempts");
    return Reply{};
  };
  REQUIRE(exchange(0x03, begin_payload(model)).status() == 0);
  uint32_t next = 0;
  while (next < model.size()) {
    const Reply r = exchange(0x04, data_payload(model, next, std::min<size_t>(37, model.size() - next)));
    REQUIRE(r.status() == 0);
    next = get_u32(r.payload, 1);
  }
  const Reply c = exchange(0x05, {});
  REQUIRE(c.status() == 0);
  CHECK(b.fw().model_crc() == blob_crc(model));
  check_predictions(b, seed_model());
}

TEST_CASE("PREDICT errors: no model, wrong input count") {
  Board b;
  REQUIRE(b.begin().ok());
  CHECK(b.predict({1, 2, 3}).status() == code(Error::kNoModel));
  b.upload(seed_blob());
  const Reply r = b.predict({1, 2});
  CHECK(r.status() == code(Error::kDimension));
  CHECK(r.detail() == 3);
  CHECK(b.predict({1, 2, 3, 4}).status() == code(Error::kDimension));
  CHECK(b.predict({}).status() == code(Error::kDimension));
}

TEST_CASE("TRAIN lowers the loss on the board, changes PREDICT, is not persisted; errors") {
  Board b;
  REQUIRE(b.begin().ok());
  Bytes settings{0, 0, 0, 0};
  put_f32(settings, 0.0f);
  CHECK(b.request(Command::kTrain, settings).status() == code(Error::kNoModel));
  // Start from an untrained seed network (1 epoch) and train all 8 rows on the board.
  const std::string blob = seed_blob(dff::kDefaultSeed, 1);
  b.upload(blob);
  const float targets[8][2] = {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  Bytes rows;
  for (int r = 0; r < 8; ++r) {
    for (float v : kSeedRows[r]) put_f32(rows, v);
    for (float v : targets[r]) put_f32(rows, v);
  }
  Bytes req{0xE8, 0x03, 0, 0};  // 1000 epochs, rows in order, the model's learning rate
  put_f32(req, 0.0f);
  req.insert(req.end(), rows.begin(), rows.end());
  const Reply r = b.request(Command::kTrain, req);
  REQUIRE(r.status() == 0);
  const float before = get_f32(r.payload, 1);
  const float after = get_f32(r.payload, 5);
  CHECK(get_u32(r.payload, 9) == 1001);
  CHECK(before > 0.1f);
  CHECK(after < 0.01f);
  // The host trains the same way: same loss (the core is the same code).
  const dff::DFF host = seed_model(dff::kDefaultSeed, 1001);
  const int expect[8] = {0, 1, 1, 0, 1, 0, 1, 0};
  for (int k = 0; k < 8; ++k) {
    const Reply p = b.predict({kSeedRows[k][0], kSeedRows[k][1], kSeedRows[k][2]});
    CHECK((get_f32(p.payload, 5) > get_f32(p.payload, 1) ? 1 : 0) == expect[k]);
    const dff::Matrix h = host.predict(dff::Matrix{{kSeedRows[k][0], kSeedRows[k][1], kSeedRows[k][2]}});
    CHECK(std::fabs(get_f32(p.payload, 1) - h(0, 0)) <= 1e-5f);
  }
  CHECK(parse_info(b.request(Command::kInfo, {})).flags == 1);
  // Not persisted: a reboot loads the uploaded blob again.
  REQUIRE(b.begin().ok());
  CHECK(parse_info(b.request(Command::kInfo, {})).flags == 0);
  const Reply again = b.request(Command::kTrain, req);
  CHECK(get_f32(again.payload, 1) == before);

  // Errors.
  Bytes bad = req;
  bad[0] = bad[1] = 0;  // epochs 0
  CHECK(b.request(Command::kTrain, bad).status() == code(Error::kBadLength));
  bad = req;
  bad[2] = 0x02;  // unknown flag
  CHECK(b.request(Command::kTrain, bad).status() == code(Error::kBadLength));
  bad = req;
  bad[3] = 1;  // reserved
  CHECK(b.request(Command::kTrain, bad).status() == code(Error::kBadLength));
  bad = req;
  bad[7] = 0xBF;  // learning rate negative
  CHECK(b.request(Command::kTrain, bad).status() == code(Error::kBadLength));
  bad = req;
  bad.resize(bad.size() - 4);  // not whole rows
  const Reply dim = b.request(Command::kTrain, bad);
  CHECK(dim.status() == code(Error::kDimension));
  CHECK(dim.detail() == 5);
  CHECK(b.request(Command::kTrain, settings).status() == code(Error::kBadLength));  // no rows
}

TEST_CASE("TRAIN that diverges fails and leaves the uploaded weights") {
  Board b;
  REQUIRE(b.begin().ok());
  b.upload(blob_of(line_model(2.0f, 0.0f)));
  Bytes req{0xFF, 0xFF, 0, 0};  // 65535 epochs at learning rate 1e30: overflows to inf
  put_f32(req, 1e30f);
  put_f32(req, 1e10f);
  put_f32(req, -1e10f);
  const Reply r = b.request(Command::kTrain, req);
  CHECK(r.status() == code(Error::kTrainFailed));
  CHECK(r.detail() == static_cast<uint32_t>(dff::StatusCode::kNonFinite));
  const Reply p = b.predict({3.0f});
  REQUIRE(p.status() == 0);
  CHECK(get_f32(p.payload, 1) == 6.0f);
  CHECK(parse_info(b.request(Command::kInfo, {})).flags == 0);
}

TEST_CASE("TRAIN is refused when the board cannot train or the training plan does not fit") {
  dff::fw::FirmwareConfig config;
  config.can_train = false;
  Board b(Geometry{}, config);
  REQUIRE(b.begin().ok());
  b.upload(seed_blob());
  const Info info = parse_info(b.request(Command::kInfo, {}));
  CHECK((info.caps & dff::fw::kCapTrain) == 0);
  CHECK(info.train_ns == 0);  // a board that never trains states no TRAIN time
  Bytes req{1, 0, 0, 0};
  put_f32(req, 0.0f);
  for (int k = 0; k < 5; ++k) put_f32(req, 0.0f);
  CHECK(b.request(Command::kTrain, req).status() == code(Error::kUnsupported));
}

TEST_CASE("begin(): bad memory is reported; a stored model too large for the model RAM runs from the store") {
  Geometry g;
  std::vector<uint8_t> store(g.bytes(), 0xFF);
  dff::fw::RamStorage storage(store.data(), g.page, g.pages());
  CaptureTransport t;
  dff::fw::FirmwareConfig config;
  auto mem = std::make_unique<dff::fw::StaticMemory<512, 16384>>();
  dff::fw::FirmwareMemory view = mem->view();
  view.rx_size = 100;
  CHECK(dff::fw::Firmware(storage, t, view, config).begin().code() == dff::StatusCode::kBufferTooSmall);
  view = mem->view();
  view.order = nullptr;
  CHECK(dff::fw::Firmware(storage, t, view, config).begin().code() == dff::StatusCode::kBufferTooSmall);
  view = mem->view();
  view.model = mem->model + 1;
  CHECK(dff::fw::Firmware(storage, t, view, config).begin().code() == dff::StatusCode::kInvalidArgument);
  dff::fw::RamStorage tiny(store.data(), 256, 3);
  CHECK(dff::fw::Firmware(tiny, t, mem->view(), config).begin().code() == dff::StatusCode::kInvalidArgument);

  {
    Board big(g, config, store.data());
    REQUIRE(big.begin().ok());
    big.upload(seed_blob());
  }
  const std::string builtin = seed_blob(3, 10);
  config.default_blob = reinterpret_cast<const uint8_t*>(builtin.data());
  config.default_blob_size = builtin.size();
  view = mem->view();
  view.model_size = 16;  // 4 floats: not even a ModelView's layer outputs (the seed needs 6)
  dff::fw::Firmware none(storage, t, view, config);
  REQUIRE(none.begin().ok());
  CHECK(!none.has_model());

  // 64 bytes: the seed (128 bytes as a Network) runs from its blob in the store, predict only.
  Board ram(g, config, store.data());
  REQUIRE(ram.begin().ok());
  Board small(g, config, store.data(), nullptr, 64);
  REQUIRE(small.begin().ok());
  CHECK(small.fw().has_model());
  CHECK_FALSE(small.fw().model_in_ram());
  CHECK(small.fw().model_source() == ModelSource::kStored);
  const Info info = parse_info(small.request(Command::kInfo, {}));
  CHECK(info.caps == dff::fw::kCapPredict);
  CHECK(info.crc == parse_info(ram.request(Command::kInfo, {})).crc);
  CHECK(info.crc != 0);
  for (const auto& row : std::vector<std::vector<float>>{{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}}) {
    CHECK(small.predict(row).payload == ram.predict(row).payload);  // the same bits
  }
  Bytes req{1, 0, 0, 0};
  put_f32(req, 0.0f);
  for (int k = 0; k < 5; ++k) put_f32(req, 0.0f);
  CHECK(small.request(Command::kTrain, req).status() == code(Error::kUnsupported));
  view = mem->view();
  dff::fw::Firmware fw2(storage, t, view, config);
  REQUIRE(fw2.begin().ok());
  CHECK(fw2.model_source() == ModelSource::kStored);
}

namespace {

// Storage whose erase or program starts failing on demand (a worn or locked flash).
class FailingStorage final : public dff::fw::Storage {
 public:
  explicit FailingStorage(dff::fw::Storage& inner) : inner_(inner) {}
  uint32_t size() const override { return inner_.size(); }
  uint32_t page_size() const override { return inner_.page_size(); }
  uint32_t program_unit() const override { return inner_.program_unit(); }
  const uint8_t* map(uint32_t addr, uint32_t n) const override { return inner_.map(addr, n); }
  dff::Status erase_page(uint32_t addr) override {
    if (fail_erase_at_or_above <= addr) return dff::Status(dff::StatusCode::kInvalidArgument, "erase failed");
    return inner_.erase_page(addr);
  }
  dff::Status program(uint32_t addr, const uint8_t* data, uint32_t n) override {
    if (fail_program_below > addr) return dff::Status(dff::StatusCode::kInvalidArgument, "program failed");
    if (fail_program) return dff::Status(dff::StatusCode::kInvalidArgument, "program failed");
    return inner_.program(addr, data, n);
  }
  uint32_t fail_erase_at_or_above = 0xFFFFFFFFu;
  uint32_t fail_program_below = 0;
  bool fail_program = false;

 private:
  dff::fw::Storage& inner_;
};

}  // namespace

TEST_CASE("storage failures: BEGIN, DATA and COMMIT reply STORAGE and the old model stays") {
  Geometry g;
  std::vector<uint8_t> mem(g.bytes(), 0xFF);
  dff::fw::RamStorage ram(mem.data(), g.page, g.pages());
  FailingStorage failing(ram);
  Board b(g, {}, mem.data(), &failing);
  REQUIRE(b.begin().ok());
  const std::string good = seed_blob();
  b.upload(good);  // slot 0, record page 0
  const std::string next = seed_blob(4, 30);
  failing.fail_erase_at_or_above = 2 * g.page;  // slot pages cannot be erased
  Reply r = b.request(Command::kBegin, begin_payload(next));
  CHECK(r.status() == code(Error::kStorage));
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  failing.fail_erase_at_or_above = 0xFFFFFFFFu;
  failing.fail_program = true;  // programming fails
  REQUIRE(b.request(Command::kBegin, begin_payload(next)).status() == 0);
  r = b.request(Command::kData, data_payload(next, 0, 100));
  CHECK(r.status() == code(Error::kStorage));
  CHECK(b.fw().upload_state() == dff::fw::UploadState::kIdle);
  failing.fail_program = false;
  failing.fail_program_below = 2 * g.page;  // the commit record cannot be written
  REQUIRE(b.request(Command::kBegin, begin_payload(next)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(next, 0, next.size())).status() == 0);
  r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kStorage));
  CHECK(b.fw().model_crc() == blob_crc(good));
  check_predictions(b, seed_model());
  Board rebooted(g, {}, mem.data());
  REQUIRE(rebooted.begin().ok());
  CHECK(rebooted.fw().model_crc() == blob_crc(good));
}

TEST_CASE("PREDICT applies the blob's input normalisation") {
  dff::ModelSpec spec;
  spec.widths = {3, 5, 2};
  spec.activations = {dff::Activation::kTanh, dff::Activation::kSoftmax};
  spec.normalize = true;
  dff::Result<dff::DFF> made = dff::DFF::create(spec);
  REQUIRE(made.ok());
  dff::DFF model = made.value();
  model.initialize(dff::Init::kXavier, 8);
  REQUIRE(model.set_normalization({100.0f, -3.0f, 0.5f}, {20.0f, 2.0f, 0.25f}).ok());
  model.class_names = {"low", "high"};
  Board b;
  REQUIRE(b.begin().ok());
  b.upload(blob_of(model));
  for (const auto& x : {std::vector<float>{120, -1, 0.75f}, std::vector<float>{80, -5, 0.25f}}) {
    const Reply r = b.predict(x);
    REQUIRE(r.status() == 0);
    const dff::Matrix expect = model.predict(dff::Matrix{{x[0], x[1], x[2]}});
    CHECK(std::fabs(get_f32(r.payload, 1) - expect(0, 0)) <= 1e-6f);
    CHECK(std::fabs(get_f32(r.payload, 5) - expect(0, 1)) <= 1e-6f);
  }
  // Without normalisation the same raw inputs would give different outputs.
  dff::DFF raw = model;
  raw.network().norm_mean()[0] = 0.0f;
  raw.network().norm_std()[0] = 1.0f;
  const dff::Matrix differ = raw.predict(dff::Matrix{{120, -1, 0.75f}});
  const Reply r = b.predict({120, -1, 0.75f});
  CHECK(std::fabs(get_f32(r.payload, 1) - differ(0, 0)) > 1e-3f);
}

namespace {

dff::Dataset seed_data() {
  dff::Dataset d;
  d.rows = 8;
  d.input_width = 3;
  for (const auto& r : kSeedRows) d.inputs.insert(d.inputs.end(), r, r + 3);
  return d;
}

// A w-2-2 int8 model (relu/softmax) calibrated on random rows in [-1, 1].
dff::Int8Blob int8_wide(uint16_t inputs) {
  dff::ModelSpec spec;
  spec.widths = {inputs, 2, 2};
  spec.activations = {dff::Activation::kRelu, dff::Activation::kSoftmax};
  dff::Result<dff::DFF> made = dff::DFF::create(spec);
  REQUIRE(made.ok());
  made->initialize(dff::Init::kHe, 5);
  dff::Dataset d;
  d.rows = 16;
  d.input_width = inputs;
  dff::Pcg32 rng(9);
  for (uint32_t i = 0; i < 16u * inputs; ++i) d.inputs.push_back(rng.uniform(-1.0f, 1.0f));
  dff::Result<dff::Int8Blob> q = dff::Int8Blob::quantize(made.value(), d);
  REQUIRE(q.ok());
  return q.value();
}

}  // namespace

TEST_CASE("an int8 model (blob version 2) uploads, predicts bit for bit like the host, and refuses TRAIN") {
  Board b;
  REQUIRE(b.begin().ok());
  const dff::DFF model = seed_model();
  const dff::Result<dff::Int8Blob> q = dff::Int8Blob::quantize(model, seed_data());
  REQUIRE(q.ok());
  b.upload(q->bytes());
  CHECK(b.fw().model_is_int8());
  CHECK_FALSE(b.fw().network().valid());
  const Info info = parse_info(b.request(Command::kInfo, {}));
  CHECK(info.caps == dff::fw::kCapPredict);
  CHECK(info.size == q->bytes().size());
  CHECK(info.widths == std::vector<uint16_t>{3, 4, 2});
  for (const auto& row : kSeedRows) {
    const Reply r = b.predict({row[0], row[1], row[2]});
    REQUIRE(r.status() == 0);
    const std::vector<float> want = q->predict(row);
    CHECK(get_u32(r.payload, 1) == dff::le::load_u32(reinterpret_cast<const uint8_t*>(&want[0])));
    CHECK(get_u32(r.payload, 5) == dff::le::load_u32(reinterpret_cast<const uint8_t*>(&want[1])));
  }
  Bytes train;
  put_u16(train, 1);
  put_u16(train, 0);
  put_f32(train, 0.0f);
  for (int k = 0; k < 5; ++k) put_f32(train, 0.0f);
  const Reply t = b.request(Command::kTrain, train);
  CHECK(t.status() == code(Error::kUnsupported));
  CHECK(t.message() == "an int8 model cannot train; upload a float model");
  // A float model replaces it again.
  b.upload(blob_of(model));
  CHECK_FALSE(b.fw().model_is_int8());
  check_predictions(b, model);
}

TEST_CASE("an int8 model whose vectors do not fit the scratch is refused at COMMIT; the old model stays") {
  Geometry g;
  g.slot_pages = 8;
  Board b(g);
  REQUIRE(b.begin().ok());
  const dff::Int8Blob fits = int8_wide(60);    // 4 * 60 + 62 <= 512 bytes of scratch
  const dff::Int8Blob too_big = int8_wide(110);  // 4 * 110 + 112 > 512
  b.upload(fits.bytes());
  std::vector<float> x(60, 0.25f);
  const Reply r = b.predict(x);
  REQUIRE(r.status() == 0);
  CHECK(get_f32(r.payload, 1) == fits.predict(x.data())[0]);
  const Reply begin = b.request(Command::kBegin, begin_payload(too_big.bytes()));
  REQUIRE(begin.status() == 0);
  for (size_t off = 0; off < too_big.bytes().size(); off += 400) {
    const size_t n = std::min<size_t>(400, too_big.bytes().size() - off);
    REQUIRE(b.request(Command::kData, data_payload(too_big.bytes(), off, n)).status() == 0);
  }
  const Reply commit = b.request(Command::kCommit, {});
  CHECK(commit.status() == code(Error::kTooLarge));
  CHECK(commit.detail() == 112);
  CHECK(b.fw().model_size() == fits.bytes().size());
  CHECK(b.predict(x).status() == 0);
}

TEST_CASE("error messages longer than 48 bytes end at a word boundary with ...") {
  Board b;
  REQUIRE(b.begin().ok());
  std::string bad = seed_blob();
  bad[0] = 'X';  // magic XFFB; the blob's own CRC trailer recomputed
  const uint32_t crc = dff::crc32(reinterpret_cast<const uint8_t*>(bad.data()), bad.size() - 4);
  for (size_t i = 0; i < 4; ++i) bad[bad.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
  REQUIRE(b.request(Command::kBegin, begin_payload(bad)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(bad, 0, bad.size())).status() == 0);
  const Reply r = b.request(Command::kCommit, {});
  CHECK(r.status() == code(Error::kModelInvalid));
  // The core's message is 60 bytes: "blob: not a microdff model blob (does not start with "DFFB")".
  CHECK(r.message() == "blob: not a microdff model blob (does not...");
}

TEST_CASE("PREDICT and TRAIN refuse non-finite numbers, naming the first one") {
  Board b;
  REQUIRE(b.begin().ok());
  b.upload(seed_blob());
  const Reply before = b.predict({1, 0, 1});
  Reply r = b.predict({1, NAN, 1});
  CHECK(r.status() == code(Error::kBadLength));
  CHECK(r.detail() == 1);
  r = b.predict({1, 0, -INFINITY});
  CHECK(r.status() == code(Error::kBadLength));
  CHECK(r.detail() == 2);
  Bytes train{1, 0, 0, 0};
  put_f32(train, 0.0f);
  for (int row = 0; row < 2; ++row)
    for (int k = 0; k < 5; ++k) put_f32(train, row == 1 && k == 3 ? INFINITY : 0.5f);
  r = b.request(Command::kTrain, train);
  CHECK(r.status() == code(Error::kBadLength));
  CHECK(r.detail() == 8);  // row 1, value 3: the 9th float of the rows
  CHECK(b.predict({1, 0, 1}).payload == before.payload);  // nothing trained
}

TEST_CASE("the order of checks: payload size, then state, then values") {
  Board b;
  REQUIRE(b.begin().ok());
  // COMMIT with a payload while idle: BAD_LENGTH (the payload is wrong in every state).
  CHECK(b.request(Command::kCommit, {1}).status() == code(Error::kBadLength));
  CHECK(b.request(Command::kData, {0, 0, 0, 0}).status() == code(Error::kBadLength));
  const std::string blob = seed_blob();
  REQUIRE(b.request(Command::kBegin, begin_payload(blob)).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(blob, 0, 40)).status() == 0);
  // DATA both ahead of the next offset and past the end: OUT_OF_ORDER (detail: next offset).
  Bytes both;
  put_u32(both, 60);
  both.insert(both.end(), blob.size(), 0x11);
  const Reply r = b.request(Command::kData, both);
  CHECK(r.status() == code(Error::kOutOfOrder));
  CHECK(r.detail() == 40);
}

TEST_CASE("INFO with no model: L = 0 and no widths or activations") {
  Board b;
  REQUIRE(b.begin().ok());
  const Reply r = b.request(Command::kInfo, {});
  REQUIRE(r.status() == 0);
  CHECK(r.payload.at(28) == 0);
  CHECK(r.payload.at(29) == std::string("microdff").size());  // the name's length byte follows L directly
  const Info i = parse_info(r);
  CHECK(i.widths.empty());
  CHECK(i.activations.empty());
}

TEST_CASE("the train capability needs one row to fit a TRAIN frame") {
  // 64-32-10: 74 floats a row = 304 bytes with the settings; a 256-byte payload cannot carry one.
  dff::fw::FirmwareConfig config;
  Geometry g;
  g.page = 1024;
  g.slot_pages = 10;
  std::vector<uint8_t> store(g.bytes(), 0xFF);
  dff::fw::RamStorage storage(store.data(), g.page, g.pages());
  auto mem = std::make_unique<dff::fw::StaticMemory<256, 65536>>();
  CaptureTransport t;
  const std::string wide = wide_blob();
  config.default_blob = reinterpret_cast<const uint8_t*>(wide.data());
  config.default_blob_size = wide.size();
  dff::fw::Firmware fw(storage, t, mem->view(), config);
  REQUIRE(fw.begin().ok());
  REQUIRE(fw.network().plan().training);
  const Bytes info = wire(0x02, 1, {});
  fw.on_bytes(info.data(), info.size(), 0);
  const Info i = parse_info(parse_replies(t.bytes).at(0));
  CHECK(i.caps == dff::fw::kCapPredict);
  t.bytes.clear();
  Bytes req{1, 0, 0, 0};
  put_f32(req, 0.0f);
  for (int k = 0; k < 50; ++k) put_f32(req, 0.0f);
  const Bytes train = wire(0x08, 2, req);
  fw.on_bytes(train.data(), train.size(), 0);
  CHECK(parse_replies(t.bytes).at(0).status() == code(Error::kUnsupported));
}

TEST_CASE("a COMMIT that fails after TRAIN keeps the trained weights active") {
  Board b;
  REQUIRE(b.begin().ok());
  b.upload(seed_blob());
  Bytes train{20, 0, 0, 0};
  put_f32(train, 0.0f);
  for (int k = 0; k < 3; ++k) put_f32(train, kSeedRows[1][k]);
  put_f32(train, 1.0f);
  put_f32(train, 0.0f);
  REQUIRE(b.request(Command::kTrain, train).status() == 0);
  const Reply trained = b.predict({0, 0, 1});
  const std::string other = seed_blob(9, 50);
  Bytes begin;
  put_u32(begin, static_cast<uint32_t>(other.size()));
  put_u32(begin, blob_crc(other) ^ 1u);  // a wrong CRC: COMMIT fails with BLOB_CRC
  REQUIRE(b.request(Command::kBegin, begin).status() == 0);
  REQUIRE(b.request(Command::kData, data_payload(other, 0, other.size())).status() == 0);
  CHECK(b.request(Command::kCommit, {}).status() == code(Error::kBlobCrc));
  CHECK(b.predict({0, 0, 1}).payload == trained.payload);
  CHECK(parse_info(b.request(Command::kInfo, {})).flags == 1);
}

TEST_CASE("a built-in model in program memory runs from its blob (ModelView) and says so in INFO") {
  const std::string builtin = seed_blob(5, 200);
  dff::fw::FirmwareConfig config;
  config.default_blob = reinterpret_cast<const uint8_t*>(builtin.data());
  config.default_blob_size = builtin.size();
  Board ram(Geometry{}, config);
  REQUIRE(ram.begin().ok());
  CHECK(ram.fw().model_in_ram());
  config.default_blob_memory = dff::BlobMemory::kProgram;  // on the host it reads like RAM
  Board flash(Geometry{}, config);
  REQUIRE(flash.begin().ok());
  CHECK_FALSE(flash.fw().model_in_ram());
  CHECK(flash.fw().model_source() == ModelSource::kBuiltIn);
  const Info a = parse_info(ram.request(Command::kInfo, {}));
  const Info b = parse_info(flash.request(Command::kInfo, {}));
  CHECK(b.caps == dff::fw::kCapPredict);
  CHECK(b.source == 1);
  CHECK(b.crc == a.crc);
  CHECK(b.size == builtin.size());
  CHECK(b.widths == a.widths);
  CHECK(b.activations == a.activations);
  for (const auto& row : std::vector<std::vector<float>>{{0, 0, 1}, {1, 1, 0}, {0.5f, -2, 3}}) {
    CHECK(flash.predict(row).payload == ram.predict(row).payload);
  }
  CHECK(flash.request(Command::kPredict, Bytes(8, 0)).status() == code(Error::kDimension));
  // An upload replaces it as usual (loaded into RAM).
  flash.upload(seed_blob());
  CHECK(flash.fw().model_in_ram());
  CHECK(flash.fw().model_source() == ModelSource::kStored);
}
