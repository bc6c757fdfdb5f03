// Firmware: the portable board side of the serial protocol (docs/serial-protocol.md).
//
// A port owns the hardware: it feeds received bytes to on_bytes(), calls poll() now and
// then (idle timeout), and supplies a Transport for replies, a Storage for the model
// store, the memory buffers and a millisecond clock value. No heap, no exceptions, no
// RTTI, no I/O, no globals: every byte of state lives in this object and the caller's
// buffers (see StaticMemory for one-line sizing).
//
//   static dff::fw::RamStorage storage(...);            // or a flash adapter
//   static dff::fw::StaticMemory<512, 16384> mem;
//   static UartTransport uart;                          // : dff::fw::Transport
//   static dff::fw::Firmware fw(storage, uart, mem.view(), config);
//   fw.begin();                                         // loads the stored model or the built-in one
//   for (;;) { n = uart_read(buf); fw.on_bytes(buf, n, millis()); fw.poll(millis()); }
//
// RECORD and LIVE (streaming readings of the port's InputSources, FirmwareConfig::sources)
// send their events from poll(): a port that streams calls poll() at least once per interval.
//
// Threading: none; call everything from one context (not from an interrupt handler; an
// ISR should queue bytes for the main loop).
//
// Models run from RAM (a Network: PREDICT, LIVE and TRAIN) when the model RAM holds them, else
// straight from their blob through a ModelView (PREDICT and LIVE; the blob stays where it is, in
// the store or in flash, even in the AVR's program memory: FirmwareConfig::default_blob_memory).
// Boards with a few KB of RAM build with DFF_FW_RAM_MODELS=0: then every model runs through
// the view, the firmware has no model store (BEGIN, DATA and COMMIT answer that the board takes
// its model with its firmware image) and no training.
//
// Text: a port that keeps string literals in the AVR's program memory (its linker script puts
// .rodata.str* into flash) defines DFF_FW_TEXT_IN_PROGRAM_MEMORY=1; the firmware then reads
// every message, and the name and version, with LPM. Such a port must pass strings that live
// in flash (literals, PROGMEM).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/int8_network.h"
#include "core/model_view.h"
#include "core/network.h"
#include "core/status.h"
#include "core/train.h"
#include "firmware/portable/cobs.h"
#include "firmware/portable/input_sources.h"
#include "firmware/portable/model_store.h"
#include "firmware/portable/protocol.h"
#include "firmware/portable/storage.h"
#include "firmware/portable/transport.h"

#ifndef DFF_FW_RAM_MODELS
#define DFF_FW_RAM_MODELS 1
#endif
#ifndef DFF_FW_TEXT_IN_PROGRAM_MEMORY
#define DFF_FW_TEXT_IN_PROGRAM_MEMORY 0
#endif

namespace dff {
namespace fw {

// What the board says about itself and how it behaves. The strings, the default blob and the
// sources are not copied: they must outlive the Firmware (string literals, const arrays in
// flash, statics).
struct FirmwareConfig {
  const char* name = "microdff";       // firmware name in HELLO/INFO (<= 32 bytes used)
  const char* version = "0.1.0";       // firmware version in HELLO/INFO (<= 16 bytes used)
  const uint8_t* default_blob = nullptr;  // built-in model (e.g. in flash), used when the store is empty
  size_t default_blob_size = 0;
  BlobMemory default_blob_memory = BlobMemory::kData;  // kProgram: an AVR program-memory address
  const char* no_model_text = nullptr;  // NO_MODEL's message when the port knows why (<= 48 bytes used)
  bool can_train = true;               // advertise and accept TRAIN (needs RAM for the training plan)
  bool persistent = false;             // storage survives a reset (sets kCapPersistent)
  uint32_t idle_timeout_ms = kDefaultIdleTimeoutMs;
  uint32_t inter_byte_timeout_ms = kDefaultInterByteTimeoutMs;
  InputSources* sources = nullptr;     // what RECORD/LIVE read (none: both reply UNSUPPORTED)
  // Upper bound of TRAIN's time per row x parameter x epoch on this board, in ns (HELLO/INFO),
  // from which hosts compute how long to wait for a TRAIN reply. HELLO says 0 for a board that
  // never trains (can_train false, or built with DFF_FW_RAM_MODELS=0).
  uint32_t train_ns_per_step = kDefaultTrainNsPerStep;
};

// Caller-owned RAM. rx/tx hold one decoded frame each (kFrameOverhead + max payload; the
// smaller of the two sets max_payload, at least kMinMaxPayload); model holds the active
// Network (4-byte aligned; bytes_required(topology, plan)), or a ModelView's layer outputs
// (work_floats()); scratch (>= max payload / 4 floats) and order (>= max payload / 8
// entries, unused with DFF_FW_RAM_MODELS=0) are PREDICT/TRAIN work space; between requests
// scratch also holds the RECORD/LIVE event being sent. An int8 model (blob version 2) runs
// from the stored blob itself: it needs no model RAM, only 4 * max(inputs, outputs) +
// int8_scratch_bytes(topology) bytes of the scratch.
struct FirmwareMemory {
  uint8_t* rx = nullptr;
  size_t rx_size = 0;
  uint8_t* tx = nullptr;
  size_t tx_size = 0;
  void* model = nullptr;
  size_t model_size = 0;
  float* scratch = nullptr;
  size_t scratch_floats = 0;
  uint32_t* order = nullptr;
  size_t order_size = 0;
};

// Static buffers for a board: MaxPayload bytes of payload per frame, ModelRam bytes for the network.
template <size_t MaxPayload, size_t ModelRam>
struct StaticMemory {
  static_assert(MaxPayload >= kMinMaxPayload && MaxPayload <= 65535, "payload 128..65535 bytes");
  static_assert(ModelRam % 4 == 0, "model RAM in whole floats");
  alignas(4) uint8_t rx[MaxPayload + kFrameOverhead];
  alignas(4) uint8_t tx[MaxPayload + kFrameOverhead];
  alignas(4) uint8_t model[ModelRam];
  float scratch[MaxPayload / 4];
  uint32_t order[MaxPayload / 8];
  FirmwareMemory view() {
    return FirmwareMemory{rx, sizeof rx, tx, sizeof tx, model, sizeof model, scratch, MaxPayload / 4, order, MaxPayload / 8};
  }
};

class Firmware {
 public:
#if DFF_FW_RAM_MODELS
  Firmware(Storage& storage, Transport& transport, const FirmwareMemory& memory, const FirmwareConfig& config);
#else
  Firmware(Transport& transport, const FirmwareMemory& memory, const FirmwareConfig& config);
#endif

  // Recovers the model store and loads the newest valid stored model, else the built-in
  // default, else runs with no model (PREDICT replies kNoModel). Ok also in the last case;
  // fails only on a storage error or when the memory is too small to work at all.
  // With DFF_FW_RAM_MODELS=0 only the built-in model is looked at.
  Status begin();

  // Feeds received bytes; replies are written to the transport before this returns.
  void on_bytes(const uint8_t* data, size_t n, uint32_t now_ms);
  // Applies timeouts (idle upload, partial frame). Call at least every few hundred ms.
  void poll(uint32_t now_ms);

  // For ports and tests.
  bool has_model() const { return in_ram() || view_.valid() || int8_active(); }
  bool model_in_ram() const { return in_ram(); }  // false: it runs from its blob (a ModelView or int8)
  bool model_is_int8() const { return int8_active(); }
#if DFF_FW_RAM_MODELS
  const Network& network() const { return net_; }        // invalid while the model runs from its blob
  const Int8Model& int8_model() const { return int8_; }  // bytes null unless an int8 model is active
#endif
  ModelSource model_source() const { return source_; }
  uint32_t model_crc() const { return model_crc_; }    // the active blob's CRC trailer (protocol blob CRC)
  uint32_t model_size() const { return model_size_; }  // bytes of the active blob
  UploadState upload_state() const { return upload_.state; }
  StreamMode stream_mode() const { return stream_.mode; }
  size_t max_payload() const;
#if DFF_FW_RAM_MODELS
  const ModelStore& store() const { return store_; }
#endif

 private:
  struct Upload {
    UploadState state = UploadState::kIdle;
    bool timed_out = false;
    uint32_t total = 0;
    uint32_t crc = 0;
    uint32_t next = 0;      // bytes received in order
    uint32_t last_ms = 0;   // time of the last BEGIN/DATA
    uint32_t timed_out_at = 0;  // bytes received when the idle timeout struck
  };
  struct Stream {
    StreamMode mode = StreamMode::kOff;
    uint8_t indicate_class = kNoIndicateClass;
    uint16_t interval_ms = 0;
    uint16_t sources = 0;   // bit i: source i, readings in ascending source order
    uint32_t index = 0;     // index of the next reading (counts readings the board could not send)
    uint32_t due_ms = 0;    // when the next reading is due
  };

  void handle_frame(size_t n, uint32_t now_ms);
  void dispatch(uint8_t type, const uint8_t* p, uint16_t len, uint32_t now_ms);
  void cmd_hello(const uint8_t* p, uint16_t len, bool check_version);
  void cmd_begin(const uint8_t* p, uint16_t len, uint32_t now_ms);
  void cmd_data(const uint8_t* p, uint16_t len, uint32_t now_ms);
  void cmd_commit(uint16_t len, uint32_t now_ms);
  void cmd_abort(uint16_t len);
  void cmd_predict(const uint8_t* p, uint16_t len);
  void cmd_train(const uint8_t* p, uint16_t len);
  void cmd_stream(StreamMode mode, const uint8_t* p, uint16_t len, uint32_t now_ms);
  void stop_stream();
  void send_stream_event(uint32_t now_ms);
  bool can_train() const;
  void send_no_model();
  Status run_model(float* io, const float** out);
  Status load_model(const uint8_t* blob, uint32_t size, ModelSource source, BlobMemory memory);
  bool choose_plan(const Topology& topology, Optimizer optimizer, MemoryPlan* plan) const;
  bool int8_fits(const Topology& topology) const;
  void abandon_upload();
  bool in_ram() const;
  bool int8_active() const;
  const Topology& topology() const;

  // Reply building into tx_: begin_reply(), put_*(), then send_reply() or send_error().
  void begin_reply(uint8_t type, uint8_t seq);
  void put_u8(uint8_t v);
  void put_u16(uint16_t v);
  void put_u32(uint32_t v);
  void put_f32(float v);
  void put_bytes(const void* data, size_t n);
  void send_reply();
  void send_error(Error e, uint32_t detail, const char* message);  // message: text (see DFF_FW_TEXT_...)
  void put_text(const char* text, size_t n);
  void send_nak(Error e);
  void send_frame(const uint8_t* frame, size_t n);

  Transport& transport_;
  FirmwareMemory mem_;
  FirmwareConfig config_;
#if DFF_FW_RAM_MODELS
  ModelStore store_;
  Network net_;
  Int8Model int8_{};  // the active model when it is an int8 one (runs from the stored blob)
#endif
  CobsDecoder decoder_;
  ModelView view_;  // the active model when a float one runs from its blob
  ModelSource source_ = ModelSource::kNone;
  uint32_t model_crc_ = 0;
  uint32_t model_size_ = 0;
  const uint8_t* blob_ = nullptr;  // bytes of the active model (flash or store), for reloads
  TrainOptions train_options_{};   // from the blob's training section
  uint64_t train_seed_ = 0;
  uint32_t epochs_ = 0;            // blob epochs + TRAIN epochs since load
  bool model_trained_ = false;     // TRAIN changed the weights since the model was loaded
  uint32_t train_runs_ = 0;
  Upload upload_;
  Stream stream_;
  uint32_t last_byte_ms_ = 0;
  // Last executed request (type, seq, frame CRC) and whether tx_ still holds its reply:
  // an identical retransmission gets the same reply again instead of running twice.
  bool cached_ = false;
  uint8_t cached_type_ = 0;
  uint8_t cached_seq_ = 0;
  uint32_t cached_crc_ = 0;
  size_t tx_len_ = 0;
  bool tx_overflow_ = false;
};

}  // namespace fw
}  // namespace dff
