#include "firmware/portable/firmware.h"

#include <string.h>

#include "core/blob.h"
#include "core/crc32.h"
#include "core/little_endian.h"
#include "core/prng.h"

#if DFF_FW_TEXT_IN_PROGRAM_MEMORY
#include <avr/pgmspace.h>
#endif

namespace dff {
namespace fw {
namespace {

using le::load_f32;
using le::load_u16;
using le::load_u32;

bool finite(float f) { return f == f && f - f == 0.0f; }

// Text (messages, name, version) is read through here: from program memory on ports that keep
// string literals there (DFF_FW_TEXT_IN_PROGRAM_MEMORY).
char text_at(const char* s, size_t i) {
#if DFF_FW_TEXT_IN_PROGRAM_MEMORY
  return static_cast<char>(pgm_read_byte(s + i));
#else
  return s[i];
#endif
}

size_t text_len(const char* s, size_t max) {
  size_t n = 0;
  while (s != nullptr && n < max && text_at(s, n) != '\0') ++n;
  return n;
}

bool ends_clause(char c) { return c == ' ' || c == ',' || c == ';' || c == ':' || c == '('; }

// Bytes of text `s` an error reply carries: all of it if it fits in `max`, else the words that
// fit in max - 3 (trailing spaces and ",;:(" dropped), which the caller follows with "...".
size_t message_cut(const char* s, size_t max, bool* cut) {
  *cut = text_len(s, max + 1) > max;
  if (!*cut) return text_len(s, max);
  const size_t room = max - 3;
  size_t n = room;
  while (n > 0 && text_at(s, n) != ' ') --n;  // the last space at or before index `room`
  if (n == 0) n = room;                       // one long word: cut inside it
  while (n > 0 && ends_clause(text_at(s, n - 1))) --n;
  return n;
}

// Index of the first non-finite float among n little-endian floats at p, or n.
uint32_t first_non_finite(const uint8_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    if (!finite(load_f32(p + 4 * i))) return i;
  return n;
}

#if DFF_FW_RAM_MODELS
constexpr const char* kNoModelText = "no model on the board; upload one";
#else
constexpr const char* kNoModelText = "no model on the board; flash one from the page";
#endif

constexpr uint32_t kMinBlobBytes = 20;
constexpr uint8_t kTrainShuffle = 0x01;

}  // namespace

#if DFF_FW_RAM_MODELS
Firmware::Firmware(Storage& storage, Transport& transport, const FirmwareMemory& memory, const FirmwareConfig& config)
    : transport_(transport), mem_(memory), config_(config), store_(storage), decoder_(memory.rx, memory.rx_size) {}
#else
Firmware::Firmware(Transport& transport, const FirmwareMemory& memory, const FirmwareConfig& config)
    : transport_(transport), mem_(memory), config_(config), decoder_(memory.rx, memory.rx_size) {}
#endif

bool Firmware::in_ram() const {
#if DFF_FW_RAM_MODELS
  return net_.valid();
#else
  return false;
#endif
}

bool Firmware::int8_active() const {
#if DFF_FW_RAM_MODELS
  return int8_.bytes != nullptr;
#else
  return false;
#endif
}

const Topology& Firmware::topology() const {
#if DFF_FW_RAM_MODELS
  if (net_.valid()) return net_.topology();
  if (int8_.bytes != nullptr) return int8_.topology;
#endif
  return view_.topology();
}

size_t Firmware::max_payload() const {
  const size_t frame = mem_.rx_size < mem_.tx_size ? mem_.rx_size : mem_.tx_size;
  const uint32_t payload = frame > kFrameOverhead ? static_cast<uint32_t>(frame - kFrameOverhead) : 0u;
  return payload > 65535u ? 65535u : static_cast<size_t>(payload);
}

Status Firmware::begin() {
  if (mem_.rx == nullptr || mem_.tx == nullptr || max_payload() < kMinMaxPayload)
    return Status(StatusCode::kBufferTooSmall, "firmware: rx and tx buffers need >= 136 bytes each");
  if (mem_.scratch == nullptr || mem_.scratch_floats < max_payload() / 4 ||
      (DFF_FW_RAM_MODELS && (mem_.order == nullptr || mem_.order_size < max_payload() / 8)))
    return Status(StatusCode::kBufferTooSmall, "firmware: scratch needs max_payload/4 floats, order max_payload/8");
  if (mem_.model == nullptr || reinterpret_cast<uintptr_t>(mem_.model) % 4 != 0)
    return Status(StatusCode::kInvalidArgument, "firmware: model buffer missing or not 4-byte aligned");
  decoder_.reset();
  cached_ = false;
  upload_ = Upload{};
  stream_ = Stream{};
  view_.close();
  source_ = ModelSource::kNone;
  model_crc_ = model_size_ = 0;
  blob_ = nullptr;
#if DFF_FW_RAM_MODELS
  net_ = Network{};
  int8_ = Int8Model{};
  DFF_RETURN_IF_ERROR(store_.open());
  if (store_.has_model() &&
      load_model(store_.active_blob(), store_.active_size(), ModelSource::kStored, BlobMemory::kData).ok())
    return Status::Ok();
#endif
  const uint64_t default_size = config_.default_blob_size;
  if (config_.default_blob != nullptr && default_size <= 0xFFFFFFFFu)
    (void)load_model(config_.default_blob, static_cast<uint32_t>(config_.default_blob_size), ModelSource::kBuiltIn,
                     config_.default_blob_memory);
  return Status::Ok();
}

bool Firmware::choose_plan(const Topology& topology, Optimizer optimizer, MemoryPlan* plan) const {
  const MemoryPlan train{true, optimizer};
  const size_t need_train = bytes_required(topology, train);
  if (config_.can_train && need_train != 0 && need_train <= mem_.model_size) {
    *plan = train;
    return true;
  }
  *plan = MemoryPlan{false, Optimizer::kSgd};
  const size_t need = bytes_required(topology, *plan);
  return need != 0 && need <= mem_.model_size;
}

#if DFF_FW_RAM_MODELS
bool Firmware::int8_fits(const Topology& topology) const {
  const size_t widest = topology.inputs() > topology.outputs() ? topology.inputs() : topology.outputs();
  return 4u * widest + int8_scratch_bytes(topology) <= 4u * mem_.scratch_floats;
}
#endif

// A float model that fits the model RAM is loaded into it (a Network: fast, trainable); an
// int8 one runs from the stored blob; any other runs from its blob through the view, with
// its layer outputs in the model RAM.
Status Firmware::load_model(const uint8_t* blob, uint32_t size, ModelSource source, BlobMemory memory) {
#if DFF_FW_RAM_MODELS
  if (memory == BlobMemory::kData) {
    BlobInfo info;
    DFF_RETURN_IF_ERROR(blob_inspect(blob, size, &info));
    if (info.int8 && !int8_fits(info.topology))
      return Status(StatusCode::kBlobTooLarge, "firmware: int8 model does not fit the scratch");
    MemoryPlan plan;
    if (info.int8 || choose_plan(info.topology, info.training.options.optimizer, &plan)) {
      if (info.int8) {
        Int8Model m;
        DFF_RETURN_IF_ERROR(blob_int8_model(blob, size, &m));
        int8_ = m;
        net_ = Network{};
      } else {
        DFF_RETURN_IF_ERROR(blob_load(blob, size, plan, mem_.model, mem_.model_size, &net_));
        int8_ = Int8Model{};
      }
      view_.close();
      source_ = source;
      blob_ = blob;
      model_size_ = size;
      model_crc_ = info.crc32;
      train_options_ = info.training.options;
      train_seed_ = info.training.seed;
      epochs_ = info.training.epochs;
      model_trained_ = false;
      return Status::Ok();
    }
  }
#endif
  // Opened in place: a second ModelView on the stack does not fit the ATmega328P's RAM. Only
  // begin() gets here (COMMIT refuses a model that fits no RAM), so a failure loses nothing.
  DFF_RETURN_IF_ERROR(view_.open(blob, size, memory));
  if (static_cast<size_t>(view_.work_floats()) * sizeof(float) > mem_.model_size) {
    view_.close();
    return Status(StatusCode::kBlobTooLarge, "firmware: model does not fit the model RAM");
  }
#if DFF_FW_RAM_MODELS
  net_ = Network{};
  int8_ = Int8Model{};
#endif
  source_ = source;
  blob_ = blob;
  model_size_ = size;
  model_crc_ = view_.crc32();
  epochs_ = 0;
  model_trained_ = false;
  return Status::Ok();
}

void Firmware::on_bytes(const uint8_t* data, size_t n, uint32_t now_ms) {
  for (size_t i = 0; i < n; ++i) {
    if (decoder_.in_frame() && now_ms - last_byte_ms_ > config_.inter_byte_timeout_ms) decoder_.reset();
    last_byte_ms_ = now_ms;
    switch (decoder_.push(data[i])) {
      case CobsDecoder::Result::kNone:
        break;
      case CobsDecoder::Result::kFrame:
        handle_frame(decoder_.size(), now_ms);
        break;
      case CobsDecoder::Result::kBadFrame:
        send_nak(Error::kBadFrame);
        break;
    }
  }
}

void Firmware::poll(uint32_t now_ms) {
  if (decoder_.in_frame() && now_ms - last_byte_ms_ > config_.inter_byte_timeout_ms) decoder_.reset();
  if (stream_.mode != StreamMode::kOff && static_cast<int32_t>(now_ms - stream_.due_ms) >= 0) send_stream_event(now_ms);
  if (upload_.state == UploadState::kReceiving && now_ms - upload_.last_ms >= config_.idle_timeout_ms) {
    const uint32_t got = upload_.next;
    abandon_upload();
    upload_.timed_out = true;
    upload_.timed_out_at = got;
  }
}

void Firmware::abandon_upload() {
#if DFF_FW_RAM_MODELS
  store_.cancel_write();
#endif
  upload_ = Upload{};
}

void Firmware::handle_frame(size_t n, uint32_t now_ms) {
  const uint8_t* f = mem_.rx;
  if (n < kFrameOverhead || n > max_payload() + kFrameOverhead) {
    send_nak(Error::kBadFrame);
    return;
  }
  const uint32_t crc = load_u32(f + n - 4);
  if (crc32(f, n - 4) != crc) {
    send_nak(Error::kBadCrc);
    return;
  }
  const uint8_t type = f[0];
  const uint8_t seq = f[1];
  const uint16_t len = load_u16(f + 2);
  if (type >= kFirstNonRequestType) return;  // a reply or NAK (e.g. our own echo): not for us
  const bool idempotent = type == static_cast<uint8_t>(Command::kHello) || type == static_cast<uint8_t>(Command::kInfo);
  if (!idempotent && cached_ && type == cached_type_ && seq == cached_seq_ && crc == cached_crc_) {
    send_frame(mem_.tx, tx_len_);  // retransmission: same reply, not executed twice
    return;
  }
  cached_ = false;
  begin_reply(static_cast<uint8_t>(type | kReplyBit), seq);
  if (len != n - kFrameOverhead) {
    send_error(Error::kBadLength, 0, "length field differs from the payload size");
  } else {
    dispatch(type, f + kFrameHeaderBytes, len, now_ms);
  }
  cached_ = true;
  cached_type_ = type;
  cached_seq_ = seq;
  cached_crc_ = crc;
}

void Firmware::dispatch(uint8_t type, const uint8_t* p, uint16_t len, uint32_t now_ms) {
  switch (static_cast<Command>(type)) {
    case Command::kHello: return cmd_hello(p, len, true);
    case Command::kInfo: return cmd_hello(p, len, false);
    case Command::kBegin: return cmd_begin(p, len, now_ms);
    case Command::kData: return cmd_data(p, len, now_ms);
    case Command::kCommit: return cmd_commit(len, now_ms);
    case Command::kAbort: return cmd_abort(len);
    case Command::kPredict: return cmd_predict(p, len);
    case Command::kTrain: return cmd_train(p, len);
    case Command::kRecord: return cmd_stream(StreamMode::kRecord, p, len, now_ms);
    case Command::kLive: return cmd_stream(StreamMode::kLive, p, len, now_ms);
  }
  send_error(Error::kUnknownCommand, type, "unknown command");
}

void Firmware::cmd_hello(const uint8_t* p, uint16_t len, bool check_version) {
  if (len != (check_version ? 1 : 0)) return send_error(Error::kBadLength, 0, "HELLO: 1 byte, INFO: no payload");
  if (check_version && p[0] != kProtocolVersion)
    return send_error(Error::kUnsupportedVersion, kProtocolVersion, "unsupported protocol version; board speaks 1");
  uint8_t caps = 0;
  if (has_model()) caps |= kCapPredict;
  if (can_train()) caps |= kCapTrain;
#if DFF_FW_RAM_MODELS
  const uint32_t slot_capacity = store_.slot_capacity();
#else
  const uint32_t slot_capacity = 0;
#endif
  if (config_.persistent) caps |= kCapPersistent;
  const uint8_t sources = config_.sources != nullptr ? config_.sources->count() : 0;
  if (sources != 0) caps |= kCapStream;
  put_u8(0);
  put_u8(kProtocolVersion);
  put_u8(caps);
  put_u8(static_cast<uint8_t>(upload_.state));
  put_u16(static_cast<uint16_t>(max_payload()));
  put_u32(slot_capacity);
  put_u32(static_cast<uint32_t>(mem_.model_size));
  put_u32(upload_.state == UploadState::kReceiving ? upload_.next : 0);
  put_u8(static_cast<uint8_t>(source_));
  put_u8(model_trained_ ? 1 : 0);
  put_u32(has_model() ? model_size_ : 0);
  put_u32(has_model() ? model_crc_ : 0);
  const Topology& t = topology();
  const uint8_t layers = has_model() ? t.layer_count : 0;
  put_u8(layers);
  if (layers) {
    for (uint8_t i = 0; i <= layers; ++i) put_u16(t.widths[i]);
    for (uint8_t i = 0; i < layers; ++i) put_u8(static_cast<uint8_t>(t.activations[i]));
  }
  // Name and version are cut to what fits (max_payload >= 128 leaves >= 49 bytes here),
  // before the fields that follow them.
  constexpr size_t kAfterVersion = 10;
  const size_t room = max_payload() - (tx_len_ - kFrameHeaderBytes) - kAfterVersion;
  const size_t version = text_len(config_.version, 16);
  size_t name = text_len(config_.name, 32);
  if (name + version + 2 > room) name = room > version + 2 ? room - version - 2 : 0;
  put_u8(static_cast<uint8_t>(name));
  put_text(config_.name, name);
  put_u8(static_cast<uint8_t>(version));
  put_text(config_.version, version);
  put_u8(sources);
  put_u8(static_cast<uint8_t>(stream_.mode));
  put_u16(stream_.interval_ms);
  put_u16(stream_.sources);
  put_u32(DFF_FW_RAM_MODELS && config_.can_train ? config_.train_ns_per_step : 0u);  // 0: never trains
  send_reply();
}

bool Firmware::can_train() const {
#if DFF_FW_RAM_MODELS
  if (!net_.valid() || !config_.can_train || !net_.plan().training) return false;
  const Topology& t = net_.topology();
  return 8u + 4u * (static_cast<size_t>(t.inputs()) + t.outputs()) <= max_payload();  // one row fits a TRAIN
#else
  return false;
#endif
}

void Firmware::send_no_model() {
  send_error(Error::kNoModel, 0, config_.no_model_text != nullptr ? config_.no_model_text : kNoModelText);
}

#if DFF_FW_RAM_MODELS
void Firmware::cmd_begin(const uint8_t* p, uint16_t len, uint32_t now_ms) {
  if (len != 8) return send_error(Error::kBadLength, 0, "BEGIN: total_size u32, blob_crc u32");
  const uint32_t total = load_u32(p);
  const uint32_t crc = load_u32(p + 4);
  if (total < kMinBlobBytes) return send_error(Error::kBadLength, 0, "BEGIN: a blob has at least 20 bytes");
  if (total > store_.slot_capacity()) {
    return send_error(Error::kTooLarge, store_.slot_capacity(), "model larger than the board's store slot");
  }
  abandon_upload();
  if (!store_.begin_write(total).ok()) return send_error(Error::kStorage, 0, "erasing the store slot failed");
  upload_.state = UploadState::kReceiving;
  upload_.total = total;
  upload_.crc = crc;
  upload_.last_ms = now_ms;
  put_u8(0);
  put_u16(static_cast<uint16_t>(max_payload() - kDataHeaderBytes));
  send_reply();
}

void Firmware::cmd_data(const uint8_t* p, uint16_t len, uint32_t now_ms) {
  if (len <= kDataHeaderBytes) return send_error(Error::kBadLength, 0, "DATA: offset u32 and 1+ bytes");
  if (upload_.state != UploadState::kReceiving) {
    if (upload_.timed_out)
      return send_error(Error::kTimeout, upload_.timed_out_at, "upload abandoned after idle timeout; BEGIN again");
    return send_error(Error::kWrongState, 0, "DATA without BEGIN");
  }
  upload_.last_ms = now_ms;
  const uint32_t offset = load_u32(p);
  const uint32_t n = static_cast<uint32_t>(len - kDataHeaderBytes);
  if (offset > upload_.next) return send_error(Error::kOutOfOrder, upload_.next, "chunk beyond the next expected offset");
  if (static_cast<uint64_t>(offset) + n > upload_.total)
    return send_error(Error::kTooLarge, upload_.total, "chunk past the size given in BEGIN");
  const uint32_t skip = upload_.next - offset;  // bytes already stored (duplicate)
  if (skip < n) {
    if (!store_.append(p + kDataHeaderBytes + skip, n - skip).ok()) {
      abandon_upload();
      return send_error(Error::kStorage, 0, "programming the store failed; upload abandoned");
    }
    upload_.next += n - skip;
  }
  put_u8(0);
  put_u32(upload_.next);
  send_reply();
}

void Firmware::cmd_commit(uint16_t len, uint32_t now_ms) {
  if (len != 0) return send_error(Error::kBadLength, 0, "COMMIT: no payload");
  if (upload_.state != UploadState::kReceiving) {
    if (upload_.timed_out)
      return send_error(Error::kTimeout, upload_.timed_out_at, "upload abandoned after idle timeout; BEGIN again");
    return send_error(Error::kWrongState, 0, "COMMIT without BEGIN");
  }
  if (upload_.next != upload_.total) {
    upload_.last_ms = now_ms;
    return send_error(Error::kIncomplete, upload_.next, "COMMIT before all bytes arrived");
  }
  const uint32_t total = upload_.total;
  const uint32_t expected = upload_.crc;
  if (!store_.finish().ok()) {
    abandon_upload();
    return send_error(Error::kStorage, 0, "programming the store failed; upload abandoned");
  }
  const uint8_t* blob = store_.staged(total);
  const uint32_t crc = crc32(blob, total - 4);
  if (crc != expected || load_u32(blob + total - 4) != expected) {
    abandon_upload();
    return send_error(Error::kBlobCrc, crc, "blob CRC differs from BEGIN's; send it again");
  }
  BlobInfo info;
  const Status st = blob_inspect(blob, total, &info);
  if (!st.ok()) {
    abandon_upload();
    return send_error(Error::kModelInvalid, static_cast<uint32_t>(st.code()), st.message());
  }
  MemoryPlan plan;
  if (info.int8 ? !int8_fits(info.topology) : !choose_plan(info.topology, info.training.options.optimizer, &plan)) {
    abandon_upload();
    const size_t need = info.int8 ? int8_scratch_bytes(info.topology)
                                  : bytes_required(info.topology, MemoryPlan{false, Optimizer::kSgd});
    return send_error(Error::kTooLarge, static_cast<uint32_t>(need), "model needs more RAM than the board has");
  }
  if (!store_.commit(total, expected).ok()) {
    abandon_upload();
    return send_error(Error::kStorage, 0, "writing the commit record failed; old model kept");
  }
  upload_ = Upload{};
  if (stream_.mode == StreamMode::kLive) stop_stream();  // the new model may take other inputs
  const Status loaded = load_model(store_.active_blob(), store_.active_size(), ModelSource::kStored, BlobMemory::kData);
  if (!loaded.ok()) return send_error(Error::kModelInvalid, static_cast<uint32_t>(loaded.code()), loaded.message());
  put_u8(0);
  put_u32(total);
  put_u32(expected);
  send_reply();
}

#else
// The model comes with the firmware image (written by the page through the bootloader).
void Firmware::cmd_begin(const uint8_t*, uint16_t, uint32_t) {
  send_error(Error::kTooLarge, 0, "models come by flashing only: use the page");
}
void Firmware::cmd_data(const uint8_t*, uint16_t, uint32_t) { send_error(Error::kWrongState, 0, "DATA without BEGIN"); }
void Firmware::cmd_commit(uint16_t, uint32_t) { send_error(Error::kWrongState, 0, "COMMIT without BEGIN"); }
#endif

void Firmware::cmd_abort(uint16_t len) {
  if (len != 0) return send_error(Error::kBadLength, 0, "ABORT: no payload");
  abandon_upload();
  put_u8(0);
  send_reply();
}

void Firmware::cmd_predict(const uint8_t* p, uint16_t len) {
  if (!has_model()) return send_no_model();
  const Topology& t = topology();
  if (len != 4u * t.inputs()) return send_error(Error::kDimension, t.inputs(), "PREDICT: wrong number of inputs");
  if (1u + 4u * t.outputs() > max_payload())
    return send_error(Error::kTooLarge, t.outputs(), "outputs do not fit in one reply");
  const uint32_t bad = first_non_finite(p, t.inputs());
  if (bad != t.inputs()) return send_error(Error::kBadLength, bad, "PREDICT: an input is not a finite number");
  for (uint32_t i = 0; i < t.inputs(); ++i) mem_.scratch[i] = load_f32(p + 4 * i);
  // scratch holds max_payload / 4 floats, more than the inputs and the outputs.
  const float* out = nullptr;
#if DFF_FW_RAM_MODELS
  if (int8_active()) {
    // Floats in and out share the start of the scratch; the int8 vectors follow (int8_fits()).
    const size_t widest = t.inputs() > t.outputs() ? t.inputs() : t.outputs();
    const Status s = int8_predict(int8_, mem_.scratch, t.inputs(), mem_.scratch, t.outputs(),
                                  reinterpret_cast<int8_t*>(mem_.scratch + widest), int8_scratch_bytes(t));
    if (!s.ok()) return send_error(Error::kModelInvalid, static_cast<uint32_t>(s.code()), s.message());
    out = mem_.scratch;
  }
#endif
  if (out == nullptr) {
    const Status st = run_model(mem_.scratch, &out);
    if (!st.ok()) return send_error(Error::kTooLarge, static_cast<uint32_t>(st.code()), st.message());
  }
  put_u8(0);
  for (uint32_t k = 0; k < t.outputs(); ++k) put_f32(out[k]);
  send_reply();
}

// The active model on io (its inputs; max(inputs, outputs) floats): a Network leaves `out` in
// its own memory, a view in io.
Status Firmware::run_model(float* io, const float** out) {
#if DFF_FW_RAM_MODELS
  if (net_.valid()) {
    *out = net_.forward(io);
    return Status::Ok();
  }
#endif
  const Topology& t = view_.topology();
  *out = io;
  return view_.predict(io, t.inputs(), t.outputs(), static_cast<float*>(mem_.model),
                       static_cast<uint32_t>(mem_.model_size / sizeof(float)));
}

#if !DFF_FW_RAM_MODELS
void Firmware::cmd_train(const uint8_t*, uint16_t) {
  if (!has_model()) return send_no_model();
  send_error(Error::kUnsupported, 0, "this board cannot train (RAM)");
}
#else
void Firmware::cmd_train(const uint8_t* p, uint16_t len) {
  if (!has_model()) return send_no_model();
  if (int8_active()) return send_error(Error::kUnsupported, 0, "an int8 model cannot train; upload a float model");
  if (!can_train()) return send_error(Error::kUnsupported, 0, "board or model cannot train (RAM, frame size)");
  const Topology& t = net_.topology();
  const uint32_t in = t.inputs();
  const uint32_t row = in + t.outputs();
  if (len < 8 + 4 * row) return send_error(Error::kBadLength, 0, "TRAIN: 8 bytes of settings and 1+ rows");
  const uint16_t epochs = load_u16(p);
  const uint8_t flags = p[2];
  const float lr = load_f32(p + 4);
  if (epochs == 0 || (flags & ~kTrainShuffle) != 0 || p[3] != 0 || !finite(lr) || lr < 0.0f)
    return send_error(Error::kBadLength, 0, "TRAIN: epochs >= 1, flags, reserved 0, rate >= 0");
  const uint32_t bytes = len - 8u;
  if (bytes % (4 * row) != 0) return send_error(Error::kDimension, row, "TRAIN: payload is not whole rows");
  const uint32_t rows = bytes / (4 * row);
  if (static_cast<size_t>(rows) * row > mem_.scratch_floats || rows > mem_.order_size)
    return send_error(Error::kTooLarge, static_cast<uint32_t>(mem_.order_size), "TRAIN: too many rows for the scratch");
  const uint32_t bad = first_non_finite(p + 8, rows * row);
  if (bad != rows * row) return send_error(Error::kBadLength, bad, "TRAIN: a row holds a number that is not finite");
  float* inputs = mem_.scratch;
  float* targets = mem_.scratch + rows * in;
  for (uint32_t r = 0; r < rows; ++r) {
    const uint8_t* src = p + 8 + 4 * r * row;
    for (uint32_t i = 0; i < in; ++i) inputs[r * in + i] = load_f32(src + 4 * i);
    for (uint32_t k = 0; k < t.outputs(); ++k) targets[r * t.outputs() + k] = load_f32(src + 4 * (in + k));
  }
  const DatasetView data{inputs, targets, rows, in, t.outputs()};
  TrainOptions options = train_options_;
  if (lr > 0.0f) options.learning_rate = lr;
  options.shuffle = (flags & kTrainShuffle) != 0;
  if (options.batch_size > rows) options.batch_size = rows;
  Status st = check_train_options(net_, options);
  if (!st.ok()) return send_error(Error::kTrainFailed, static_cast<uint32_t>(st.code()), st.message());
  float before = 0.0f;
  float after = 0.0f;
  st = evaluate_loss(net_, data, options.loss, &before);
  Pcg32 rng(train_seed_ + ++train_runs_);
  for (uint32_t e = 0; st.ok() && e < epochs; ++e) st = train_epoch(net_, data, options, rng, mem_.order, nullptr);
  if (st.ok()) st = evaluate_loss(net_, data, options.loss, &after);
  if (!st.ok()) {
    (void)load_model(blob_, model_size_, source_, BlobMemory::kData);  // never keep broken weights
    return send_error(Error::kTrainFailed, static_cast<uint32_t>(st.code()), st.message());
  }
  model_trained_ = true;
  epochs_ += epochs;
  put_u8(0);
  put_f32(before);
  put_f32(after);
  put_u32(epochs_);
  send_reply();
}
#endif

void Firmware::begin_reply(uint8_t type, uint8_t seq) {
  mem_.tx[0] = type;
  mem_.tx[1] = seq;
  tx_len_ = kFrameHeaderBytes;
  tx_overflow_ = false;
}

void Firmware::put_bytes(const void* data, size_t n) {
  if (tx_len_ + n + kFrameCrcBytes > mem_.tx_size || tx_len_ + n > max_payload() + kFrameHeaderBytes) {
    tx_overflow_ = true;
    return;
  }
  memcpy(mem_.tx + tx_len_, data, n);
  tx_len_ += n;
}

void Firmware::put_u8(uint8_t v) { put_bytes(&v, 1); }

void Firmware::put_u16(uint16_t v) {
  uint8_t b[2];
  le::store_u16(b, v);
  put_bytes(b, 2);
}

void Firmware::put_u32(uint32_t v) {
  uint8_t b[4];
  le::store_u32(b, v);
  put_bytes(b, 4);
}

void Firmware::put_f32(float v) {
  uint8_t b[4];
  le::store_f32(b, v);
  put_bytes(b, 4);
}

void Firmware::send_reply() {
  if (tx_overflow_) {  // a reply field did not fit: a bug or a too small tx buffer, never truncated silently
    tx_overflow_ = false;
    return send_error(Error::kTooLarge, static_cast<uint32_t>(max_payload()), "reply does not fit max_payload");
  }
  const size_t len = tx_len_ - kFrameHeaderBytes;
  mem_.tx[2] = static_cast<uint8_t>(len);
  mem_.tx[3] = static_cast<uint8_t>(len >> 8);
  const uint32_t crc = crc32(mem_.tx, tx_len_);
  for (int i = 0; i < 4; ++i) mem_.tx[tx_len_ + static_cast<size_t>(i)] = static_cast<uint8_t>(crc >> (8 * i));
  tx_len_ += kFrameCrcBytes;
  send_frame(mem_.tx, tx_len_);
}

void Firmware::send_error(Error e, uint32_t detail, const char* message) {
  tx_len_ = kFrameHeaderBytes;  // drop any fields already put
  tx_overflow_ = false;
  put_u8(static_cast<uint8_t>(e));
  put_u32(detail);
  bool cut = false;
  put_text(message, message_cut(message, kMaxMessage, &cut));
  if (cut) put_text("...", 3);
  send_reply();
}

void Firmware::put_text(const char* text, size_t n) {
  for (size_t i = 0; i < n; ++i) put_u8(static_cast<uint8_t>(text_at(text, i)));
}

void Firmware::send_nak(Error e) {
  // Built on the stack so tx_ keeps the last reply for retransmissions.
  const char* message = e == Error::kBadCrc ? "frame CRC mismatch; resend" : "invalid frame; resend";
  uint8_t f[kFrameOverhead + 5 + kMaxMessage];
  const size_t m = text_len(message, kMaxMessage);
  const size_t len = 5 + m;
  f[0] = kNakType;
  f[1] = 0;
  f[2] = static_cast<uint8_t>(len);
  f[3] = 0;
  f[4] = static_cast<uint8_t>(e);
  f[5] = f[6] = f[7] = f[8] = 0;
  for (size_t i = 0; i < m; ++i) f[9 + i] = static_cast<uint8_t>(text_at(message, i));
  const uint32_t crc = crc32(f, 4 + len);
  for (size_t i = 0; i < 4; ++i) f[4 + len + i] = static_cast<uint8_t>(crc >> (8 * i));
  send_frame(f, 8 + len);
}

void Firmware::send_frame(const uint8_t* frame, size_t n) { cobs_write(frame, n, transport_); }

}  // namespace fw
}  // namespace dff
