// Tests for firmware/portable/cobs.h: encoder against hand-checked vectors (Wikipedia's
// table), streaming writer == buffer encoder, decoder round trip, garbage and resync.
#include "firmware/portable/cobs.h"

#include <catch2/catch.hpp>

#include "core/prng.h"
#include "tests/firmware/fw_harness.h"

using dff::fw::CobsDecoder;
using fwtest::Bytes;

namespace {

Bytes seq(size_t n, uint8_t first) {
  Bytes b;
  for (size_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(first + i));
  return b;
}

Bytes stream_encode(const Bytes& in) {
  fwtest::CaptureTransport t;
  dff::fw::cobs_write(in.data(), in.size(), t);
  return t.bytes;
}

// Decodes a whole wire string; returns the frames and counts bad ones.
std::vector<Bytes> decode_all(const Bytes& wire, size_t cap, int* bad) {
  Bytes buf(cap);
  CobsDecoder d(buf.data(), buf.size());
  std::vector<Bytes> frames;
  *bad = 0;
  for (uint8_t b : wire) {
    const auto r = d.push(b);
    if (r == CobsDecoder::Result::kFrame) frames.emplace_back(buf.begin(), buf.begin() + static_cast<long>(d.size()));
    if (r == CobsDecoder::Result::kBadFrame) ++*bad;
  }
  return frames;
}

}  // namespace

TEST_CASE("cobs_encode matches the reference examples") {
  struct Case {
    Bytes in, out;
  };
  Bytes b254 = seq(254, 1), b255 = seq(255, 1);
  Bytes e254{0xFF};
  e254.insert(e254.end(), b254.begin(), b254.end());
  Bytes e255 = e254;
  e255.push_back(0x02);
  e255.push_back(0xFF);
  Bytes z254{0x00};
  z254.insert(z254.end(), b254.begin(), b254.end());  // 00 01 .. FE
  Bytes ez254{0x01, 0xFF};
  ez254.insert(ez254.end(), b254.begin(), b254.end());
  Bytes t254 = b254;
  t254.push_back(0x00);  // 01 .. FE 00
  Bytes et254 = e254;
  et254.push_back(0x01);
  et254.push_back(0x01);
  const Case cases[] = {
      {{}, {0x01}},
      {{0x00}, {0x01, 0x01}},
      {{0x00, 0x00}, {0x01, 0x01, 0x01}},
      {{0x00, 0x11, 0x00}, {0x01, 0x02, 0x11, 0x01}},
      {{0x11, 0x22, 0x00, 0x33}, {0x03, 0x11, 0x22, 0x02, 0x33}},
      {{0x11, 0x22, 0x33, 0x44}, {0x05, 0x11, 0x22, 0x33, 0x44}},
      {{0x11, 0x00, 0x00, 0x00}, {0x02, 0x11, 0x01, 0x01, 0x01}},
      {b254, e254},
      {b255, e255},
      {z254, ez254},
      {t254, et254},
  };
  for (const Case& c : cases) {
    Bytes out(dff::fw::cobs_max_encoded(c.in.size()));
    const size_t n = dff::fw::cobs_encode(c.in.data(), c.in.size(), out.data(), out.size());
    out.resize(n);
    CHECK(out == c.out);
    Bytes streamed = c.out;
    streamed.push_back(0);
    CHECK(stream_encode(c.in) == streamed);
    int bad = 0;
    const auto frames = decode_all(streamed, 1024, &bad);
    CHECK(bad == 0);
    if (c.in.empty()) {
      CHECK(frames.size() == 1);  // "01" then delimiter: an empty but present frame
    } else {
      REQUIRE(frames.size() == 1);
      CHECK(frames[0] == c.in);
    }
  }
}

TEST_CASE("cobs_encode reports a too small output buffer") {
  const Bytes in = seq(10, 1);
  uint8_t out[11];
  CHECK(dff::fw::cobs_encode(in.data(), in.size(), out, 11) == 11);
  CHECK(dff::fw::cobs_encode(in.data(), in.size(), out, 10) == 0);
  CHECK(dff::fw::cobs_encode(in.data(), 0, out, 0) == 0);
}

TEST_CASE("random frames round-trip and encoded size stays within the bound") {
  dff::Pcg32 rng(7);
  for (int round = 0; round < 2000; ++round) {
    const size_t n = rng.bounded(1200);
    Bytes in(n);
    const uint32_t zero_odds = rng.bounded(4);  // from no zeros to many
    for (auto& b : in) b = (zero_odds && rng.bounded(8) < zero_odds) ? 0 : static_cast<uint8_t>(1 + rng.bounded(255));
    const Bytes w = stream_encode(in);
    REQUIRE(w.size() - 1 <= dff::fw::cobs_max_encoded(n));
    for (size_t i = 0; i + 1 < w.size(); ++i) REQUIRE(w[i] != 0);
    REQUIRE(w.back() == 0);
    int bad = 0;
    const auto frames = decode_all(w, 1200, &bad);
    REQUIRE(bad == 0);
    REQUIRE(frames.size() == 1);
    REQUIRE(frames[0] == in);
  }
}

TEST_CASE("decoder: empty frames ignored, truncated block rejected, overflow rejected, resync after") {
  int bad = 0;
  CHECK(decode_all({0, 0, 0}, 16, &bad).empty());
  CHECK(bad == 0);
  // Code 0x05 promises 4 bytes; the delimiter comes after 2: invalid, then a good frame.
  auto frames = decode_all({0x05, 0x11, 0x22, 0x00, 0x03, 0x11, 0x22, 0x00}, 16, &bad);
  CHECK(bad == 1);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == Bytes{0x11, 0x22});
  // 20 bytes into a 16-byte buffer: rejected at the delimiter, next frame fine.
  Bytes big = stream_encode(seq(20, 1));
  Bytes small = stream_encode({0x42});
  big.insert(big.end(), small.begin(), small.end());
  frames = decode_all(big, 16, &bad);
  CHECK(bad == 1);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == Bytes{0x42});
  // Exactly the capacity fits.
  frames = decode_all(stream_encode(seq(16, 1)), 16, &bad);
  CHECK(bad == 0);
  REQUIRE(frames.size() == 1);
}

TEST_CASE("decoder resynchronises after random garbage and reset() drops a partial frame") {
  dff::Pcg32 rng(11);
  const Bytes payload = seq(40, 200);  // contains a zero (200+56 wraps to 0)
  for (int round = 0; round < 500; ++round) {
    Bytes w;
    const size_t noise = rng.bounded(60);
    for (size_t i = 0; i < noise; ++i) w.push_back(static_cast<uint8_t>(rng.next()));
    w.push_back(0);
    const Bytes good = stream_encode(payload);
    w.insert(w.end(), good.begin(), good.end());
    int bad = 0;
    const auto frames = decode_all(w, 64, &bad);
    REQUIRE(!frames.empty());
    REQUIRE(frames.back() == payload);
  }
  uint8_t buf[8];
  CobsDecoder d(buf, sizeof buf);
  CHECK(d.push(0x05) == CobsDecoder::Result::kNone);
  CHECK(d.in_frame());
  d.reset();
  CHECK(!d.in_frame());
  CHECK(d.push(0x02) == CobsDecoder::Result::kNone);
  CHECK(d.push(0x09) == CobsDecoder::Result::kNone);
  CHECK(d.push(0x00) == CobsDecoder::Result::kFrame);
  CHECK(d.size() == 1);
  CHECK(d.data()[0] == 0x09);
}
