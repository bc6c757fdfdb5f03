// libFuzzer target for the portable firmware (firmware/portable/): COBS decoder, frame
// checks and the protocol state machine, with a fake clock and a RAM model store.
//
// The first input byte picks the mode:
//   even: the rest goes to the board as raw serial bytes (noise, partial frames, ...),
//         in pieces separated by clock steps;
//   odd:  the rest is a list of records the harness turns into valid frames (right COBS,
//         length and CRC), so the fuzzer gets past the frame CRC into every command:
//           [type][seq][len][payload: len bytes]  one frame (TRAIN epochs capped at 20)
//           [0xF0][steps]                         advance the clock by steps * 50 ms, poll
//           [0xF1][len][blob: len bytes]          upload as a blob: total size and CRC
//                                                 trailer fixed, BEGIN + DATA + COMMIT
// Checks besides ASan/UBSan: every byte the board sends parses as frames with the right
// CRC and length, each reply answers the request (type | 0x80, same seq) or is a NAK;
// a COMMIT the board accepts makes exactly that blob active; and after the input a
// reboot on the same storage brings back the same model (source and CRC).
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <memory>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/host/model/dff.h"
#include "core/host/model/blob_model.h"
#include "firmware/portable/firmware.h"
#include "firmware/storage/ram_storage.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

using Memory = dff::fw::StaticMemory<128, 2048>;
constexpr uint32_t kPage = 64;
constexpr uint32_t kPages = 2 + 2 * 8;

std::string make_default_blob() {
  dff::DFF ann({3, 4, 2});
  const dff::Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  for (int e = 0; e < 50; ++e) check(ann.train(a, s, 1.0f).ok());
  const dff::Result<std::string> blob = dff::model_to_blob(ann);
  check(blob.ok());
  return blob.value();
}

const std::string& default_blob() {
  static const std::string blob = make_default_blob();
  return blob;
}

// Collects the board's bytes and checks them frame by frame.
class CheckingTransport final : public dff::fw::Transport {
 public:
  CheckingTransport() : decoder_(buf_, sizeof buf_) {}
  void write(const uint8_t* data, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      const auto r = decoder_.push(data[i]);
      check(r != dff::fw::CobsDecoder::Result::kBadFrame);
      if (r != dff::fw::CobsDecoder::Result::kFrame) continue;
      const size_t len = decoder_.size();
      check(len >= 9 && len <= 128 + 8);
      check(dff::crc32(buf_, len - 4) == (static_cast<uint32_t>(buf_[len - 4]) | static_cast<uint32_t>(buf_[len - 3]) << 8 |
                                          static_cast<uint32_t>(buf_[len - 2]) << 16 |
                                          static_cast<uint32_t>(buf_[len - 1]) << 24));
      check(static_cast<size_t>(buf_[2] | buf_[3] << 8) == len - 8);
      Reply reply{buf_[0], buf_[1], buf_[4], std::vector<uint8_t>(buf_ + 4, buf_ + len - 4)};
      if (reply.type == 0xFF) check(reply.seq == 0 && (reply.status == 1 || reply.status == 2));
      replies.push_back(reply);
    }
  }
  bool idle() const { return !decoder_.in_frame(); }
  struct Reply {
    uint8_t type, seq, status;
    std::vector<uint8_t> payload;
  };
  std::vector<Reply> replies;

 private:
  uint8_t buf_[256];
  dff::fw::CobsDecoder decoder_;
};

struct Rig {
  std::vector<uint8_t> store = std::vector<uint8_t>(kPage * kPages, 0xFF);
  dff::fw::RamStorage storage{store.data(), kPage, kPages};
  std::unique_ptr<Memory> memory = std::make_unique<Memory>();
  CheckingTransport transport;
  dff::fw::FirmwareConfig config;
  std::unique_ptr<dff::fw::Firmware> fw;
  uint32_t now = 0;

  Rig() {
    config.default_blob = reinterpret_cast<const uint8_t*>(default_blob().data());
    config.default_blob_size = default_blob().size();
    config.idle_timeout_ms = 1000;
    config.inter_byte_timeout_ms = 100;
    boot();
  }
  void boot() {
    fw = std::make_unique<dff::fw::Firmware>(storage, transport, memory->view(), config);
    check(fw->begin().ok());
  }
  void feed(const uint8_t* data, size_t n) {
    fw->on_bytes(data, n, now);
    check(transport.idle());  // every reply is complete when on_bytes returns
  }
  // Sends one valid frame and checks it got exactly one answer addressed to it.
  CheckingTransport::Reply request(uint8_t type, uint8_t seq, const uint8_t* payload, size_t n) {
    std::vector<uint8_t> frame{type, seq, static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8)};
    frame.insert(frame.end(), payload, payload + n);
    const uint32_t crc = dff::crc32(frame.data(), frame.size());
    for (int i = 0; i < 4; ++i) frame.push_back(static_cast<uint8_t>(crc >> (8 * i)));
    std::vector<uint8_t> wire(dff::fw::cobs_max_encoded(frame.size()) + 2);
    wire[0] = 0;  // flush any partial frame left by raw bytes
    const size_t m = dff::fw::cobs_encode(frame.data(), frame.size(), wire.data() + 1, wire.size() - 2);
    check(m > 0);
    wire[m + 1] = 0;
    transport.replies.clear();
    feed(wire.data(), m + 2);
    if (n > 128) {  // longer than the board takes: a NAK
      check(transport.replies.size() == 1 && transport.replies[0].type == 0xFF);
      return transport.replies[0];
    }
    if (type >= dff::fw::kFirstNonRequestType) {  // reply types are ignored
      check(transport.replies.empty());
      return CheckingTransport::Reply{0, 0, 0xEE, {}};
    }
    check(transport.replies.size() == 1);
    const CheckingTransport::Reply& r = transport.replies[0];
    check(r.type == static_cast<uint8_t>(type | 0x80) && r.seq == seq);
    return r;
  }
};

void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

void upload(Rig& rig, uint8_t& seq, const uint8_t* data, size_t n) {
  std::vector<uint8_t> blob(data, data + n);
  blob.resize(n + 4);
  if (blob.size() >= 12) put_u32(blob.data() + 8, static_cast<uint32_t>(blob.size()));
  const uint32_t crc = dff::crc32(blob.data(), blob.size() - 4);
  put_u32(blob.data() + blob.size() - 4, crc);
  uint8_t begin[8];
  put_u32(begin, static_cast<uint32_t>(blob.size()));
  put_u32(begin + 4, crc);
  if (rig.request(0x03, ++seq, begin, 8).status != 0) return;
  for (size_t off = 0; off < blob.size(); off += 100) {
    const size_t len = blob.size() - off < 100 ? blob.size() - off : 100;
    std::vector<uint8_t> p(4);
    put_u32(p.data(), static_cast<uint32_t>(off));
    p.insert(p.end(), blob.begin() + static_cast<long>(off), blob.begin() + static_cast<long>(off + len));
    if (rig.request(0x04, ++seq, p.data(), p.size()).status != 0) return;
  }
  if (rig.request(0x05, ++seq, nullptr, 0).status == 0) {
    check(rig.fw->model_crc() == crc);
    check(rig.fw->model_source() == dff::fw::ModelSource::kStored);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Rig rig;
  const bool structured = (data[0] & 1) != 0;
  size_t i = 1;
  if (!structured) {
    // Raw bytes in pieces of 1..32 bytes; the byte after each piece's length sets the clock step.
    while (i < size) {
      const size_t piece = 1 + data[i] % 32;
      const uint32_t step = static_cast<uint32_t>(data[i] >> 5) * 60;
      ++i;
      const size_t n = size - i < piece ? size - i : piece;
      rig.feed(data + i, n);
      i += n;
      rig.now += step;
      rig.fw->poll(rig.now);
    }
  } else {
    uint8_t seq = 0;
    while (i < size) {
      const uint8_t type = data[i++];
      if (type == 0xF0) {
        if (i >= size) break;
        rig.now += static_cast<uint32_t>(data[i++]) * 50;
        rig.fw->poll(rig.now);
        continue;
      }
      if (type == 0xF1) {
        if (i >= size) break;
        const size_t n = data[i] < size - i - 1 ? data[i] : size - i - 1;
        upload(rig, seq, data + i + 1, n);
        i += 1 + n;
        continue;
      }
      if (i + 2 > size) break;
      const uint8_t s = data[i];
      const size_t n = data[i + 1] < size - i - 2 ? data[i + 1] : size - i - 2;
      std::vector<uint8_t> payload(data + i + 2, data + i + 2 + n);
      if (type == 0x08 && n >= 2 && (payload[0] | payload[1] << 8) > 20) {
        payload[0] = 20;
        payload[1] = 0;
      }
      i += 2 + n;
      rig.request(type, s, payload.data(), payload.size());
    }
  }
  // Reboot on the same storage: the same model comes back.
  const dff::fw::ModelSource source = rig.fw->model_source();
  const uint32_t crc = rig.fw->model_crc();
  rig.boot();
  check(rig.fw->model_source() == source);
  check(rig.fw->model_crc() == crc);
  return 0;
}
