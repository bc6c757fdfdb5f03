// Test harness for the portable firmware: a host-side client that speaks the serial
// protocol, a board (Firmware + storage + memory) on the heap, and real model blobs.
#pragma once

#include <stdint.h>
#include <string.h>

#include <memory>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/host/model/dff.h"
#include "core/host/model/blob_model.h"
#include "firmware/portable/cobs.h"
#include "firmware/portable/firmware.h"
#include "firmware/storage/flash_storage.h"
#include "firmware/storage/ram_storage.h"

namespace fwtest {

using Bytes = std::vector<uint8_t>;
using dff::fw::Command;
using dff::fw::Error;

// resize + index rather than push_back: GCC 12 -O2 warns falsely (-Wstringop-overread) on the latter.
inline void put_u16(Bytes& b, uint16_t v) {
  const size_t at = b.size();
  b.resize(at + 2);
  b[at] = static_cast<uint8_t>(v);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
}
inline void put_u32(Bytes& b, uint32_t v) {
  const size_t at = b.size();
  b.resize(at + 4);
  for (size_t i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
inline void put_f32(Bytes& b, float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  put_u32(b, u);
}
inline uint16_t get_u16(const Bytes& b, size_t at) { return static_cast<uint16_t>(b.at(at) | b.at(at + 1) << 8); }
inline uint32_t get_u32(const Bytes& b, size_t at) {
  return static_cast<uint32_t>(b.at(at)) | static_cast<uint32_t>(b.at(at + 1)) << 8 |
         static_cast<uint32_t>(b.at(at + 2)) << 16 | static_cast<uint32_t>(b.at(at + 3)) << 24;
}
inline float get_f32(const Bytes& b, size_t at) {
  const uint32_t u = get_u32(b, at);
  float f;
  memcpy(&f, &u, 4);
  return f;
}
inline uint32_t crc_of(const Bytes& b) { return dff::crc32(b.data(), b.size()); }

// Decoded frame bytes: type, seq, length, payload, CRC-32.
inline Bytes frame_bytes(uint8_t type, uint8_t seq, const Bytes& payload) {
  const size_t n = payload.size();
  Bytes f(8 + n);
  f[0] = type;
  f[1] = seq;
  f[2] = static_cast<uint8_t>(n);
  f[3] = static_cast<uint8_t>(n >> 8);
  if (n) memcpy(f.data() + 4, payload.data(), n);
  const uint32_t crc = dff::crc32(f.data(), 4 + n);
  for (size_t i = 0; i < 4; ++i) f[4 + n + i] = static_cast<uint8_t>(crc >> (8 * i));
  return f;
}
inline Bytes cobs(const Bytes& decoded) {
  Bytes out(dff::fw::cobs_max_encoded(decoded.size()));
  const size_t n = dff::fw::cobs_encode(decoded.data(), decoded.size(), out.data(), out.size());
  out.resize(n);
  return out;
}
// Wire bytes of one frame: COBS + delimiter.
inline Bytes wire(uint8_t type, uint8_t seq, const Bytes& payload) {
  Bytes w = cobs(frame_bytes(type, seq, payload));
  w.resize(w.size() + 1);  // the delimiter (resize fills 0)
  return w;
}

struct Reply {
  uint8_t type = 0;
  uint8_t seq = 0;
  Bytes payload;
  uint8_t status() const { return payload.empty() ? 0xEE : payload[0]; }
  uint32_t detail() const { return get_u32(payload, 1); }
  std::string message() const {
    return status() == 0 || payload.size() < 5 ? std::string() : std::string(payload.begin() + 5, payload.end());
  }
};

// Splits the board's output into frames; fails the test on any malformed reply.
std::vector<Reply> parse_replies(const Bytes& wire_bytes);

class CaptureTransport final : public dff::fw::Transport {
 public:
  void write(const uint8_t* data, size_t n) override {
    bytes.insert(bytes.end(), data, data + n);
    ++writes;
  }
  Bytes bytes;
  size_t writes = 0;
};

// Geometry of a test store.
struct Geometry {
  uint32_t page = 256;
  uint32_t slot_pages = 4;
  uint32_t unit = 1;
  bool flash = false;
  uint32_t pages() const { return 2 + 2 * slot_pages; }
  uint32_t bytes() const { return page * pages(); }
};

// A board: its own storage bytes (or shared ones), memory, transport and firmware.
class Board {
 public:
  using Memory = dff::fw::StaticMemory<512, 16384>;

  // model_ram: bytes of model RAM the firmware gets (0: all of Memory's).
  explicit Board(const Geometry& g = Geometry{}, dff::fw::FirmwareConfig config = {}, uint8_t* shared = nullptr,
                 dff::fw::Storage* storage = nullptr, size_t model_ram = 0);
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  dff::Status begin() { return fw_->begin(); }
  // Sends one request and returns the one reply it must produce.
  Reply request(Command c, const Bytes& payload);
  Reply request_raw(uint8_t type, const Bytes& payload, uint8_t seq);
  // Sends raw bytes, returns every reply frame.
  std::vector<Reply> send(const Bytes& bytes);
  void advance(uint32_t ms) {
    now += ms;
    fw_->poll(now);
  }

  // Upload helpers (asserting success).
  void upload(const std::string& blob, size_t chunk = 508);
  Reply predict(const std::vector<float>& x);

  dff::fw::Firmware& fw() { return *fw_; }
  uint8_t* storage_bytes() { return mem_; }
  dff::fw::Storage& storage() { return *storage_; }
  CaptureTransport transport;
  uint32_t now = 1000;
  uint8_t seq = 0;

 private:
  Geometry geometry_;
  std::vector<uint8_t> own_;
  uint8_t* mem_;
  std::unique_ptr<dff::fw::RamStorage> ram_;
  std::unique_ptr<dff::fw::FlashStorage> flash_;
  dff::fw::Storage* storage_;
  std::unique_ptr<Memory> memory_;
  dff::fw::FirmwareConfig config_;
  std::unique_ptr<dff::fw::Firmware> fw_;
};

// Real blobs from the host exporter.
std::string seed_blob(uint64_t seed = dff::kDefaultSeed, int epochs = 1000);  // trained DFF((3,4,2))
dff::DFF seed_model(uint64_t seed = dff::kDefaultSeed, int epochs = 1000);
std::string blob_of(const dff::DFF& model);
std::string wide_blob();  // 64-32-10 relu/softmax, 9716 bytes
dff::DFF line_model(float w, float b);  // 1-1 linear: y = w x + b
extern const float kSeedRows[8][3];

inline Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
// The protocol's blob CRC: CRC-32 of all bytes but the last 4 (= the blob's own CRC trailer).
inline uint32_t blob_crc(const std::string& blob) {
  return dff::crc32(reinterpret_cast<const uint8_t*>(blob.data()), blob.size() < 4 ? 0 : blob.size() - 4);
}
inline Bytes begin_payload(const std::string& blob) {
  Bytes p;
  put_u32(p, static_cast<uint32_t>(blob.size()));
  put_u32(p, blob_crc(blob));
  return p;
}
inline Bytes data_payload(const std::string& blob, size_t offset, size_t n) {
  Bytes p(4 + n);
  for (size_t i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(offset >> (8 * i));
  if (n) memcpy(p.data() + 4, blob.data() + offset, n);
  return p;
}

}  // namespace fwtest
