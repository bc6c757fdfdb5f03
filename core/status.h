// Status: the error value every fallible core function returns.
// No heap, no exceptions: a code plus a static, human-readable message.
#pragma once

#include <stdint.h>

namespace dff {

// Stable numeric codes (the firmware protocol reports them on the wire).
enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument = 1,   // a parameter is out of range or inconsistent
  kBufferTooSmall = 2,    // caller-provided memory is smaller than bytes_required()
  kDimensionMismatch = 3, // vector or matrix sizes do not fit together
  kNonFinite = 4,         // NaN or Inf appeared in data, loss or weights
  kUnsupported = 5,       // valid request the build or the network cannot do
  kBlobTruncated = 16,    // model blob ends before its declared content
  kBlobBadMagic = 17,     // not a microdff model blob
  kBlobBadVersion = 18,   // blob format version this build cannot read
  kBlobBadTopology = 19,  // layer count, widths, activations or flags invalid
  kBlobBadCrc = 20,       // CRC32 does not match the content
  kBlobTooLarge = 21,     // model does not fit in the caller's buffer
  kBlobOversized = 22,    // bytes after the declared end of the blob
};

// Result of a fallible operation. `message()` is a static string that says
// what went wrong and, where possible, what to do about it.
class Status {
 public:
  constexpr Status() : code_(StatusCode::kOk), message_("ok") {}
  constexpr Status(StatusCode code, const char* message) : code_(code), message_(message) {}

  static constexpr Status Ok() { return Status(); }

  constexpr bool ok() const { return code_ == StatusCode::kOk; }
  constexpr StatusCode code() const { return code_; }
  constexpr const char* message() const { return message_; }

 private:
  StatusCode code_;
  const char* message_;
};

}  // namespace dff

// Propagates a non-ok Status to the caller.
#define DFF_RETURN_IF_ERROR(expr)          \
  do {                                     \
    const ::dff::Status dff_status_ = (expr); \
    if (!dff_status_.ok()) return dff_status_; \
  } while (0)
