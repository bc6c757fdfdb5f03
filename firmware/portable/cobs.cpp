#include "firmware/portable/cobs.h"

#include "firmware/portable/protocol.h"

namespace dff {
namespace fw {

namespace {

// Calls emit(code, bytes, count) per COBS block (Wikipedia's reference encoder, streamed):
// a block ends at a zero byte or after 254 non-zero bytes; a full block that ends the
// input gets no trailing empty block.
template <typename Emit>
void cobs_blocks(const uint8_t* in, size_t n, Emit&& emit) {
  size_t start = 0;
  uint8_t code = 1;
  for (size_t i = 0; i < n; ++i) {
    const bool zero = in[i] == 0;
    if (!zero) ++code;
    if (zero || code == 0xFF) {
      emit(code, in + start, static_cast<size_t>(code - 1));
      start = i + 1;
      code = 1;
      if (!zero && i + 1 == n) return;
    }
  }
  emit(code, in + start, static_cast<size_t>(code - 1));
}

}  // namespace

size_t cobs_encode(const uint8_t* in, size_t n, uint8_t* out, size_t cap) {
  size_t o = 0;
  bool fits = true;
  cobs_blocks(in, n, [&](uint8_t code, const uint8_t* bytes, size_t count) {
    if (!fits || cap - o < count + 1) {
      fits = false;
      return;
    }
    out[o++] = code;
    for (size_t k = 0; k < count; ++k) out[o++] = bytes[k];
  });
  return fits ? o : 0;
}

void cobs_write(const uint8_t* in, size_t n, Transport& sink) {
  cobs_blocks(in, n, [&](uint8_t code, const uint8_t* bytes, size_t count) {
    sink.write(&code, 1);
    if (count) sink.write(bytes, count);
  });
  const uint8_t delimiter = kDelimiter;
  sink.write(&delimiter, 1);
}

CobsDecoder::Result CobsDecoder::push(uint8_t byte) {
  if (byte == 0) {
    if (!started_) return Result::kNone;  // empty frame
    const bool bad = overflow_ || remaining_ != 0;
    // Keep the decoded bytes readable until the next frame starts.
    started_ = false;
    remaining_ = 0;
    zero_pending_ = false;
    overflow_ = false;
    if (bad) len_ = 0;
    return bad ? Result::kBadFrame : Result::kFrame;
  }
  if (!started_) {
    started_ = true;
    len_ = 0;
  }
  if (remaining_ == 0) {  // code byte
    if (zero_pending_) {
      if (len_ < cap_) buf_[len_++] = 0; else overflow_ = true;
    }
    remaining_ = static_cast<uint8_t>(byte - 1);
    zero_pending_ = byte != 0xFF;
    return Result::kNone;
  }
  if (len_ < cap_) buf_[len_++] = byte; else overflow_ = true;
  --remaining_;
  return Result::kNone;
}

void CobsDecoder::reset() {
  len_ = 0;
  remaining_ = 0;
  zero_pending_ = false;
  started_ = false;
  overflow_ = false;
}

}  // namespace fw
}  // namespace dff
