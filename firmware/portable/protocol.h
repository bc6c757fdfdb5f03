// Wire constants of the microdff serial protocol, version 1 (docs/serial-protocol.md).
// Shared by the firmware, the host tests and (by hand) the JS client; never renumber.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace dff {
namespace fw {

constexpr uint8_t kProtocolVersion = 1;

// Decoded frame: type u8, seq u8, length u16 LE, payload[length], CRC-32 u32 LE over type..payload.
constexpr size_t kFrameHeaderBytes = 4;
constexpr size_t kFrameCrcBytes = 4;
constexpr size_t kFrameOverhead = kFrameHeaderBytes + kFrameCrcBytes;
constexpr size_t kMinMaxPayload = 128;    // every board accepts payloads at least this long
constexpr size_t kDataHeaderBytes = 4;    // DATA payload: offset u32, then the chunk
constexpr uint8_t kReplyBit = 0x80;       // reply type = request type | kReplyBit
constexpr uint8_t kDelimiter = 0x00;      // COBS frame delimiter

// Request types (host -> board). A reply has type | 0x80 and echoes seq.
enum class Command : uint8_t {
  kHello = 0x01,    // payload: host protocol version u8
  kInfo = 0x02,     // payload: empty; reply as HELLO
  kBegin = 0x03,    // payload: total_size u32, blob_crc32 u32
  kData = 0x04,     // payload: offset u32, chunk bytes
  kCommit = 0x05,   // payload: empty
  kAbort = 0x06,    // payload: empty
  kPredict = 0x07,  // payload: inputs f32[n]
  kTrain = 0x08,    // payload: epochs u16, flags u8, reserved u8, learning_rate f32, rows of f32
  kRecord = 0x09,   // payload: interval_ms u16, sources u16 (bit mask); interval 0 stops streaming
  kLive = 0x0A,     // payload: interval_ms u16, sources u16, indicate_class u8; interval 0 stops streaming
};
// Board -> host when a frame cannot be attributed to a request (bad COBS, too short or long, bad CRC).
constexpr uint8_t kNakType = 0xFF;
// Request types are 0x00..0x7E; a frame with a type from here on is a reply (or NAK) and the
// board ignores it silently (0x7F is reserved: its reply type would be the NAK's 0xFF).
constexpr uint8_t kFirstNonRequestType = 0x7F;
// Frames the board sends unasked while streaming (RECORD, LIVE). Their types 0xE0..0xFE are the
// reply types of commands 0x60..0x7E, which are therefore never assigned. seq is 0.
enum class Event : uint8_t {
  kReading = 0xE0,  // payload: index u32, readings f32[k]
  kLive = 0xE1,     // payload: index u32, class u8, readings f32[k], outputs f32[n]
};
constexpr uint8_t kFirstEventType = 0xE0;

// First payload byte of every reply. Error replies continue with detail u32 LE and an ASCII message.
enum class Error : uint8_t {
  kOk = 0,
  kBadFrame = 1,           // COBS invalid, frame shorter than 8 bytes or longer than the board accepts
  kBadCrc = 2,             // frame CRC-32 mismatch
  kBadLength = 3,          // length field != payload bytes, or payload size wrong for the command
  kUnknownCommand = 4,     // type not in Command
  kUnsupportedVersion = 5, // HELLO with a protocol version the board does not speak (detail: board's)
  kWrongState = 6,         // DATA/COMMIT without an upload in progress
  kTooLarge = 7,           // upload larger than a slot, chunk past total size, model needs more RAM
  kOutOfOrder = 8,         // DATA offset beyond the next expected byte (detail: next expected offset)
  kBlobCrc = 9,            // COMMIT: CRC-32 of the received bytes != BEGIN's blob_crc32 (detail: computed)
  kModelInvalid = 10,      // COMMIT: blob parser rejected the blob (detail: core StatusCode)
  kTimeout = 11,           // the upload was abandoned by the idle timeout (detail: next expected offset)
  kIncomplete = 12,        // COMMIT before all bytes arrived (detail: next expected offset)
  kNoModel = 13,           // PREDICT/TRAIN with no active model
  kDimension = 14,         // PREDICT/TRAIN vector sizes do not match the model (detail: expected floats)
  kStorage = 15,           // erase/program/verify of the model store failed
  kUnsupported = 16,       // TRAIN on a board/model that cannot train
  kTrainFailed = 17,       // training stopped (non-finite loss, bad settings; detail: core StatusCode)
};

// HELLO/INFO capability bits.
constexpr uint8_t kCapPredict = 0x01;
constexpr uint8_t kCapTrain = 0x02;
constexpr uint8_t kCapPersistent = 0x04;  // uploads survive a reset (flash); QEMU RAM store: not set
constexpr uint8_t kCapStream = 0x08;      // the board has input sources: RECORD and LIVE work

// HELLO/INFO model_source.
enum class ModelSource : uint8_t { kNone = 0, kBuiltIn = 1, kStored = 2 };

// Upload state machine.
enum class UploadState : uint8_t { kIdle = 0, kReceiving = 1 };

// What the board streams (HELLO/INFO stream field).
enum class StreamMode : uint8_t { kOff = 0, kRecord = 1, kLive = 2 };
constexpr uint8_t kMaxStreamSources = 8;     // readings per event (bits set in a sources mask)
constexpr uint8_t kMaxInputSources = 16;     // sources a port may offer (bits of the u16 mask)
constexpr uint8_t kNoIndicateClass = 0xFF;   // LIVE: no class drives the port's indicator

// Defaults (a port may change them through FirmwareConfig).
constexpr uint32_t kDefaultIdleTimeoutMs = 5000;    // upload abandoned after this long without BEGIN/DATA
constexpr uint32_t kDefaultInterByteTimeoutMs = 500;  // a partial frame is dropped after this gap
constexpr size_t kMaxMessage = 48;                  // bytes of ASCII message in an error reply
// TRAIN's time bound when a port states none: ns per (row x parameter) of one epoch (HELLO/INFO).
// Sized for a 48 MHz Cortex-M0+ with soft float and Adam (docs/serial-protocol.md §7).
constexpr uint32_t kDefaultTrainNsPerStep = 100000;

}  // namespace fw
}  // namespace dff
