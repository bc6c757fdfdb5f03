// RECORD and LIVE (docs/serial-protocol.md §5): the board reads its input sources every
// interval and sends each reading, or the active model's answer to it, as an event frame.
#include <string.h>

#include "core/classify.h"
#include "core/crc32.h"
#include "core/little_endian.h"
#include "firmware/portable/firmware.h"

namespace dff {
namespace fw {
namespace {

uint32_t bits_in(uint32_t v) {
  uint32_t n = 0;
  for (; v != 0; v &= v - 1) ++n;
  return n;
}

// Event payload bytes: index u32, [class u8,] readings f32[k], [outputs f32[n]].
size_t event_payload(StreamMode mode, uint32_t readings, uint32_t outputs) {
  return mode == StreamMode::kLive ? 5u + 4u * (readings + outputs) : 4u + 4u * readings;
}

}  // namespace

void Firmware::cmd_stream(StreamMode mode, const uint8_t* p, uint16_t len, uint32_t now_ms) {
  const bool live = mode == StreamMode::kLive;
  if (len != (live ? 5 : 4))
    return send_error(Error::kBadLength, 0, live ? "LIVE: interval_ms u16, sources u16, class u8" : "RECORD: interval_ms u16, sources u16");
  InputSources* in = config_.sources;
  const uint8_t count = in != nullptr ? in->count() : 0;
  if (count == 0) return send_error(Error::kUnsupported, 0, "this board has no input sources to stream");
  const uint16_t interval = le::load_u16(p);
  const uint16_t sources = le::load_u16(p + 2);
  if (interval == 0) {
    stop_stream();
  } else {
    const uint16_t valid = count >= kMaxInputSources ? 0xFFFFu : static_cast<uint16_t>((1u << count) - 1u);
    const uint32_t k = bits_in(sources);
    if (sources == 0 || (sources & ~valid) != 0 || k > kMaxStreamSources)
      return send_error(Error::kBadLength, valid, "sources: 1 to 8 bits of the board's source mask");
    uint8_t indicate = kNoIndicateClass;
    if (live) {
      if (!has_model()) return send_no_model();
      const Topology& t = topology();
      if (k != t.inputs()) return send_error(Error::kDimension, t.inputs(), "LIVE: one source per model input");
      const uint32_t classes = t.outputs() == 1 ? 2u : t.outputs();
      indicate = p[4];
      if (indicate != kNoIndicateClass && indicate >= classes)
        return send_error(Error::kBadLength, classes, "LIVE: indicate class beyond the model's classes");
      const size_t frame = kFrameOverhead + event_payload(mode, k, t.outputs());
      // An int8 model's vectors sit at the end of the scratch, behind the frame built at its start.
#if DFF_FW_RAM_MODELS
      const size_t vectors = int8_.bytes != nullptr ? int8_scratch_bytes(t) : 0u;
#else
      const size_t vectors = 0;
#endif
      if (frame > max_payload() || frame + vectors > 4 * mem_.scratch_floats)
        return send_error(Error::kTooLarge, t.outputs(), "LIVE: readings and outputs do not fit one frame");
    }
    stop_stream();
    stream_.mode = mode;
    stream_.indicate_class = indicate;
    stream_.interval_ms = interval;
    stream_.sources = sources;
    stream_.index = 0;
    stream_.due_ms = now_ms + interval;
  }
  put_u8(0);
  put_u16(stream_.interval_ms);
  put_u16(stream_.sources);
  send_reply();
}

void Firmware::stop_stream() {
  if (stream_.mode == StreamMode::kLive && stream_.indicate_class != kNoIndicateClass && config_.sources != nullptr)
    config_.sources->indicate(false);
  stream_ = Stream{};
}

void Firmware::send_stream_event(uint32_t now_ms) {
  // Readings the board was too busy to take (a long TRAIN, a slow line) are skipped, not
  // sent late: the index jumps by as many, so the host sees the gap.
  const uint32_t late = (now_ms - stream_.due_ms) / stream_.interval_ms;
  stream_.index += late;
  stream_.due_ms += (late + 1) * stream_.interval_ms;

  // Built in scratch, so that tx_ keeps the last reply for retransmissions. The readings go
  // straight into the event; LIVE runs the model on a copy of them in the first aligned floats
  // after them (a view normalises its inputs in place, the event carries them raw), and its
  // outputs then move down to follow the readings.
  const bool live = stream_.mode == StreamMode::kLive;
  const uint32_t k = bits_in(stream_.sources);
  uint8_t* f = reinterpret_cast<uint8_t*>(mem_.scratch);
  uint8_t* readings = f + kFrameHeaderBytes + (live ? 5 : 4);
  float* io = mem_.scratch + 3 + k;  // byte 12 + 4k: as the event fits scratch (cmd_stream), so do max(k, outputs) floats here
  uint32_t j = 0;
  for (uint8_t s = 0; s < kMaxInputSources; ++s) {
    if (((stream_.sources >> s) & 1u) == 0) continue;
    io[j] = config_.sources->read(s, now_ms);
    le::store_f32(readings + 4 * j, io[j]);
    ++j;
  }
  uint32_t n = 0;
  uint8_t cls = 0;
  if (live) {
#if DFF_FW_RAM_MODELS
    if (int8_.bytes != nullptr) {
      // The int8 vectors sit at the end of the scratch (cmd_stream left room behind the frame),
      // where io may reach: the readings are copied out first.
      float x[kMaxStreamSources];
      for (uint32_t i = 0; i < k; ++i) x[i] = io[i];
      const Topology& t = int8_.topology;
      const size_t span = int8_scratch_bytes(t);
      int8_t* vectors = reinterpret_cast<int8_t*>(mem_.scratch) + 4 * mem_.scratch_floats - span;
      int8_quantize_input(int8_, x, vectors);
      cls = static_cast<uint8_t>(int8_classify(int8_, vectors, vectors));
      int8_t* q = vectors + int8_scratch_offset(t, t.layer_count, span);
      if (t.activations[t.layer_count - 1] == Activation::kSoftmax) {
        int8_quantize_input(int8_, x, vectors);
        int8_run(int8_, vectors, q, vectors);  // probabilities, as PREDICT reports them
      }
      float scale = 0.0f;
      int8_t zero = 0;
      int8_output_quantization(int8_, &scale, &zero);
      n = t.outputs();
      for (uint32_t i = 0; i < n; ++i) le::store_f32(readings + 4 * (k + i), static_cast<float>(q[i] - zero) * scale);
    } else
#endif
    {
      const float* out = nullptr;
      if (!run_model(io, &out).ok()) return stop_stream();  // LIVE checked the model's inputs and memory
      n = topology().outputs();
      cls = static_cast<uint8_t>(predicted_class(out, n));
      for (uint32_t i = 0; i < n; ++i) le::store_f32(readings + 4 * (k + i), out[i]);  // 3 bytes below out[i] at most
    }
    if (stream_.indicate_class != kNoIndicateClass) config_.sources->indicate(cls == stream_.indicate_class);
  }
  const size_t payload = event_payload(stream_.mode, k, n);
  f[0] = static_cast<uint8_t>(live ? Event::kLive : Event::kReading);
  f[1] = 0;
  le::store_u16(f + 2, static_cast<uint16_t>(payload));
  le::store_u32(f + kFrameHeaderBytes, stream_.index++);
  if (live) f[kFrameHeaderBytes + 4] = cls;
  le::store_u32(f + kFrameHeaderBytes + payload, crc32(f, kFrameHeaderBytes + payload));
  send_frame(f, kFrameOverhead + payload);
}

}  // namespace fw
}  // namespace dff
