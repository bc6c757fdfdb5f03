#include "client.h"

#include <string.h>
#include <time.h>

#include "core/crc32.h"
#include "core/little_endian.h"

namespace e2e {
namespace {

int64_t now_ms() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

}  // namespace

uint32_t get_u32(const uint8_t* p) { return dff::le::load_u32(p); }

float get_f32(const uint8_t* p) { return dff::le::load_f32(p); }

void put_u16(std::vector<uint8_t>& v, uint16_t x) {
  v.resize(v.size() + 2);
  dff::le::store_u16(&v[v.size() - 2], x);
}

void put_u32(std::vector<uint8_t>& v, uint32_t x) {
  v.resize(v.size() + 4);
  dff::le::store_u32(&v[v.size() - 4], x);
}

void put_f32(std::vector<uint8_t>& v, float x) {
  v.resize(v.size() + 4);
  dff::le::store_f32(&v[v.size() - 4], x);
}

uint32_t Reply::detail() const { return payload.size() >= 5 ? get_u32(payload.data() + 1) : 0; }

std::string Reply::message() const {
  return payload.size() > 5 ? std::string(payload.begin() + 5, payload.end()) : std::string();
}

bool parse_info(const Reply& r, BoardInfo* out) {
  const std::vector<uint8_t>& p = r.payload;
  if (!r.ok() || p.size() < 29) return false;
  BoardInfo b;
  b.version = p[1];
  b.caps = p[2];
  b.upload_state = p[3];
  b.max_payload = static_cast<uint16_t>(p[4] | p[5] << 8);
  b.max_model_bytes = get_u32(&p[6]);
  b.model_ram = get_u32(&p[10]);
  b.next_offset = get_u32(&p[14]);
  b.source = p[18];
  b.model_flags = p[19];
  b.model_size = get_u32(&p[20]);
  b.model_crc = get_u32(&p[24]);
  const size_t layers = p[28];
  size_t o = 29;
  if (p.size() < o + 2 * (layers + 1) + layers + 2) return false;
  for (size_t i = 0; i <= layers; ++i, o += 2) b.widths.push_back(static_cast<uint16_t>(p[o] | p[o + 1] << 8));
  for (size_t i = 0; i < layers; ++i) b.activations.push_back(p[o++]);
  const size_t name_len = p[o++];
  if (p.size() < o + name_len + 1) return false;
  b.name.assign(p.begin() + static_cast<long>(o), p.begin() + static_cast<long>(o + name_len));
  o += name_len;
  const size_t ver_len = p[o++];
  if (p.size() < o + ver_len) return false;
  b.fw_version.assign(p.begin() + static_cast<long>(o), p.begin() + static_cast<long>(o + ver_len));
  *out = b;
  return true;
}

std::vector<uint8_t> encode_frame(uint8_t type, uint8_t seq, const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> frame = {type, seq};
  put_u16(frame, static_cast<uint16_t>(payload.size()));
  frame.insert(frame.end(), payload.begin(), payload.end());
  put_u32(frame, dff::crc32(frame.data(), frame.size()));
  std::vector<uint8_t> wire(dff::fw::cobs_max_encoded(frame.size()) + 1);
  const size_t n = dff::fw::cobs_encode(frame.data(), frame.size(), wire.data(), wire.size());
  wire.resize(n);
  wire.push_back(dff::fw::kDelimiter);
  return wire;
}

Client::Client(SerialLink& link) : link_(link), rx_buf_(8 + 65535), decoder_(rx_buf_.data(), rx_buf_.size()) {}

bool Client::send_raw(const std::vector<uint8_t>& bytes) {
  sent_ += bytes.size();
  return link_.write(bytes);
}

void Client::reset_receiver() {
  decoder_.reset();
  pending_.clear();
  pending_pos_ = 0;
}

bool Client::wait_reply(Reply* reply, int timeout_ms) {
  const int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    while (pending_pos_ < pending_.size()) {
      const auto result = decoder_.push(pending_[pending_pos_++]);
      if (result != dff::fw::CobsDecoder::Result::kFrame) continue;
      const size_t n = decoder_.size();
      const uint8_t* f = decoder_.data();
      if (n < 8 || dff::crc32(f, n - 4) != get_u32(f + n - 4)) continue;  // not a valid reply: skip
      const size_t len = static_cast<size_t>(f[2] | f[3] << 8);
      if (len != n - 8) continue;
      reply->type = f[0];
      reply->seq = f[1];
      reply->payload.assign(f + 4, f + 4 + len);
      return true;
    }
    const int64_t left = deadline - now_ms();
    if (left <= 0) return false;
    pending_ = link_.read_some(static_cast<int>(left));
    pending_pos_ = 0;
    received_ += pending_.size();
  }
}

bool Client::silent(int timeout_ms) {
  Reply r;
  return !wait_reply(&r, timeout_ms);
}

bool Client::request(dff::fw::Command cmd, const std::vector<uint8_t>& payload, Reply* reply, int timeout_ms) {
  const uint8_t seq = next_seq();
  if (!send_raw(encode_frame(static_cast<uint8_t>(cmd), seq, payload))) return false;
  const int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    const int64_t left = deadline - now_ms();
    if (left <= 0 || !wait_reply(reply, static_cast<int>(left))) return false;
    if (reply->nak()) return true;
    if (reply->seq == seq) return true;  // an older reply (after a timeout) is skipped
  }
}

bool Client::upload(const std::vector<uint8_t>& blob, uint32_t crc, Reply* commit_reply, std::string* error) {
  using dff::fw::Command;
  Reply r;
  std::vector<uint8_t> begin;
  put_u32(begin, static_cast<uint32_t>(blob.size()));
  put_u32(begin, crc);
  if (!request(Command::kBegin, begin, &r, 3000) || !r.ok() || r.payload.size() < 3) {
    *error = "BEGIN: " + (r.payload.empty() ? std::string("no reply") : r.message());
    return false;
  }
  const size_t chunk = static_cast<size_t>(r.payload[1] | r.payload[2] << 8);
  size_t offset = 0;
  while (offset < blob.size()) {
    const size_t n = blob.size() - offset < chunk ? blob.size() - offset : chunk;
    std::vector<uint8_t> data;
    put_u32(data, static_cast<uint32_t>(offset));
    data.insert(data.end(), blob.begin() + static_cast<long>(offset), blob.begin() + static_cast<long>(offset + n));
    if (!request(Command::kData, data, &r) || !r.ok() || r.payload.size() < 5) {
      *error = "DATA at " + std::to_string(offset) + ": " + (r.payload.empty() ? "no reply" : r.message());
      return false;
    }
    offset = get_u32(r.payload.data() + 1);
  }
  if (!request(Command::kCommit, {}, commit_reply, 3000)) {
    *error = "COMMIT: no reply";
    return false;
  }
  return true;
}

bool Client::predict(const std::vector<float>& inputs, std::vector<float>* outputs, std::string* error) {
  std::vector<uint8_t> p;
  for (float x : inputs) put_f32(p, x);
  Reply r;
  if (!request(dff::fw::Command::kPredict, p, &r)) {
    *error = "PREDICT: no reply";
    return false;
  }
  if (!r.ok() || (r.payload.size() - 1) % 4 != 0) {
    *error = "PREDICT: status " + std::to_string(r.status()) + " " + r.message();
    return false;
  }
  outputs->clear();
  for (size_t o = 1; o + 4 <= r.payload.size(); o += 4) outputs->push_back(get_f32(r.payload.data() + o));
  return true;
}

}  // namespace e2e
