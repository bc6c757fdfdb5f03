// COBS (Consistent Overhead Byte Stuffing, Cheshire & Baker 1999) with 0x00 as frame
// delimiter: an encoded frame never contains 0x00, so a receiver resynchronises at the
// next 0x00 after any garbage. Overhead: 1 byte per started 254 bytes, plus the delimiter.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "firmware/portable/transport.h"

namespace dff {
namespace fw {

// Largest encoded size of n bytes, without the delimiter.
constexpr size_t cobs_max_encoded(size_t n) { return n + n / 254 + 1; }

// Encodes n bytes into out (cap bytes) without the delimiter; returns the encoded size,
// or 0 if out is too small.
size_t cobs_encode(const uint8_t* in, size_t n, uint8_t* out, size_t cap);

// Writes the COBS encoding of n bytes followed by the 0x00 delimiter to `sink`, in
// pieces (no buffer needed); the bytes equal cobs_encode(...) + {0x00}.
void cobs_write(const uint8_t* in, size_t n, Transport& sink);

// Streaming decoder into a caller buffer.
class CobsDecoder {
 public:
  enum class Result : uint8_t {
    kNone,      // byte consumed, no frame ended (also: empty frame between two delimiters)
    kFrame,     // a delimiter ended a valid frame of size() decoded bytes (in the buffer)
    kBadFrame,  // a delimiter ended an invalid frame (bad code sequence or longer than the buffer)
  };

  CobsDecoder(uint8_t* buffer, size_t capacity) : buf_(buffer), cap_(capacity) {}

  Result push(uint8_t byte);
  // Drops any partial frame (the next non-zero byte starts a new one).
  void reset();
  // Bytes received since the last delimiter (a frame is in progress).
  bool in_frame() const { return started_; }
  size_t size() const { return len_; }  // after kFrame: the frame's decoded bytes
  const uint8_t* data() const { return buf_; }

 private:
  uint8_t* buf_;
  size_t cap_;
  size_t len_ = 0;
  uint8_t remaining_ = 0;     // data bytes left in the current block
  bool zero_pending_ = false; // a zero follows the current block unless the frame ends
  bool started_ = false;
  bool overflow_ = false;
};

}  // namespace fw
}  // namespace dff
