// Host side of the microdff serial protocol (docs/serial-protocol.md) over a SerialLink,
// built on the firmware's own COBS codec (firmware/portable/cobs.h) and CRC-32 (core/crc32.h).
// Counts the bytes on the wire in both directions (for the upload benchmark).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "firmware/portable/cobs.h"
#include "firmware/portable/protocol.h"
#include "qemu_process.h"

namespace e2e {

struct Reply {
  uint8_t type = 0;
  uint8_t seq = 0;
  std::vector<uint8_t> payload;  // status byte first
  uint8_t status() const { return payload.empty() ? 0xFF : payload[0]; }
  bool ok() const { return status() == 0; }
  uint32_t detail() const;          // error replies: the u32 after the status
  std::string message() const;      // error replies: the ASCII text
  bool nak() const { return type == dff::fw::kNakType; }
};

// What HELLO/INFO report.
struct BoardInfo {
  uint8_t version = 0, caps = 0, upload_state = 0, source = 0, model_flags = 0;
  uint16_t max_payload = 0;
  uint32_t max_model_bytes = 0, model_ram = 0, next_offset = 0, model_size = 0, model_crc = 0;
  std::vector<uint16_t> widths;
  std::vector<uint8_t> activations;
  std::string name, fw_version;
};
bool parse_info(const Reply& r, BoardInfo* out);

uint32_t get_u32(const uint8_t* p);
void put_u16(std::vector<uint8_t>& v, uint16_t x);
void put_u32(std::vector<uint8_t>& v, uint32_t x);
void put_f32(std::vector<uint8_t>& v, float x);
float get_f32(const uint8_t* p);

// Wire bytes (COBS + delimiter) of one request.
std::vector<uint8_t> encode_frame(uint8_t type, uint8_t seq, const std::vector<uint8_t>& payload);

class Client {
 public:
  explicit Client(SerialLink& link);

  // Sends a request with a fresh seq and waits up to timeout_ms for its reply (or a NAK).
  bool request(dff::fw::Command cmd, const std::vector<uint8_t>& payload, Reply* reply, int timeout_ms = 2000);
  // Sends raw wire bytes (counted); then wait_reply() for what the board answers.
  bool send_raw(const std::vector<uint8_t>& bytes);
  bool wait_reply(Reply* reply, int timeout_ms);
  // True if nothing at all arrives within timeout_ms.
  bool silent(int timeout_ms);
  // Forgets partially received bytes (after a reconnect).
  void reset_receiver();

  uint8_t next_seq() { return ++seq_; }
  uint8_t last_seq() const { return seq_; }
  size_t bytes_sent() const { return sent_; }
  size_t bytes_received() const { return received_; }
  void reset_counters() { sent_ = received_ = 0; }

  // The upload sequence of §8: BEGIN, DATA chunks of max_chunk, COMMIT. `crc` is BEGIN's
  // blob CRC. Fails with a description; `commit_reply` receives COMMIT's reply.
  bool upload(const std::vector<uint8_t>& blob, uint32_t crc, Reply* commit_reply, std::string* error);
  bool predict(const std::vector<float>& inputs, std::vector<float>* outputs, std::string* error);

 private:
  SerialLink& link_;
  std::vector<uint8_t> rx_buf_;
  dff::fw::CobsDecoder decoder_;
  std::vector<uint8_t> pending_;
  size_t pending_pos_ = 0;
  uint8_t seq_ = 0;
  size_t sent_ = 0;
  size_t received_ = 0;
};

}  // namespace e2e
