// Frames of the microdff serial protocol (docs/serial-protocol.md §3-§5): constants, frame
// encoding/decoding over COBS, and the payloads of every request and reply.
import { cobsDecode, cobsEncode } from './cobs.js';
import { crc32 } from './crc32.js';

export const PROTOCOL_VERSION = 1;
export const MIN_MAX_PAYLOAD = 128;

export const Command = Object.freeze({ HELLO: 0x01, INFO: 0x02, BEGIN: 0x03, DATA: 0x04, COMMIT: 0x05, ABORT: 0x06, PREDICT: 0x07, TRAIN: 0x08, RECORD: 0x09, LIVE: 0x0a });
export const NAK_TYPE = 0xff;
export const REPLY_BIT = 0x80;
// Frames the board sends unasked while streaming (RECORD, LIVE); 0xE0..0xFE, seq 0.
export const Event = Object.freeze({ READING: 0xe0, LIVE: 0xe1 });
export const FIRST_EVENT_TYPE = 0xe0;
export const isEventType = (type) => type >= FIRST_EVENT_TYPE && type !== NAK_TYPE;
export const StreamMode = Object.freeze({ OFF: 0, RECORD: 1, LIVE: 2 });
export const NO_INDICATE_CLASS = 0xff;

export const Status = Object.freeze({
  OK: 0,
  BAD_FRAME: 1,
  BAD_CRC: 2,
  BAD_LENGTH: 3,
  UNKNOWN_COMMAND: 4,
  UNSUPPORTED_VERSION: 5,
  WRONG_STATE: 6,
  TOO_LARGE: 7,
  OUT_OF_ORDER: 8,
  BLOB_CRC: 9,
  MODEL_INVALID: 10,
  TIMEOUT: 11,
  INCOMPLETE: 12,
  NO_MODEL: 13,
  DIMENSION: 14,
  STORAGE: 15,
  UNSUPPORTED: 16,
  TRAIN_FAILED: 17,
});
export const statusName = (code) => Object.keys(Status).find((k) => Status[k] === code) ?? `STATUS_${code}`;

export const ACTIVATIONS = ['sigmoid', 'relu', 'leaky_relu', 'tanh', 'linear', 'softmax'];

// type | seq | length u16 | payload | crc32 u32, all little-endian.
export function encodeDecodedFrame(type, seq, payload = new Uint8Array(0)) {
  const f = new Uint8Array(8 + payload.length);
  const v = new DataView(f.buffer);
  f[0] = type;
  f[1] = seq & 0xff;
  v.setUint16(2, payload.length, true);
  f.set(payload, 4);
  v.setUint32(4 + payload.length, crc32(f.subarray(0, 4 + payload.length)), true);
  return f;
}

// What goes on the wire: COBS of the decoded frame, then 0x00.
export function encodeFrame(type, seq, payload) {
  const enc = cobsEncode(encodeDecodedFrame(type, seq, payload));
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  return out;
}

// A decoded frame -> { type, seq, payload } or { error: 'BAD_FRAME' | 'BAD_CRC' | 'BAD_LENGTH' }.
export function parseDecodedFrame(f, maxPayload = 0xffff) {
  if (f.length < 8 || f.length > 8 + maxPayload) return { error: 'BAD_FRAME' };
  const v = new DataView(f.buffer, f.byteOffset, f.length);
  if (v.getUint32(f.length - 4, true) !== crc32(f.subarray(0, f.length - 4))) return { error: 'BAD_CRC' };
  const length = v.getUint16(2, true);
  const frame = { type: f[0], seq: f[1], payload: f.slice(4, f.length - 4) };
  if (length !== f.length - 8) return { ...frame, error: 'BAD_LENGTH' };
  return frame;
}

// Splits a byte stream at 0x00 and decodes each frame; empty frames (two 0x00) are skipped.
export class FrameDecoder {
  constructor({ maxFrameBytes = 8 + 0xffff } = {}) {
    this.parts = [];
    this.size = 0;
    this.overflow = false;
    this.maxFrameBytes = maxFrameBytes;
  }

  // -> array of results of parseDecodedFrame (plus { error: 'BAD_FRAME', raw } for bad COBS).
  push(chunk) {
    const results = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0) continue;
      this._append(chunk.subarray(start, i));
      start = i + 1;
      const raw = this._take();
      if (raw === null) results.push({ error: 'BAD_FRAME' });
      else if (raw.length) {
        const decoded = cobsDecode(raw);
        results.push(decoded ? { ...parseDecodedFrame(decoded), raw } : { error: 'BAD_FRAME', raw });
      }
    }
    this._append(chunk.subarray(start));
    return results;
  }

  reset() {
    this.parts = [];
    this.size = 0;
    this.overflow = false;
  }

  _append(bytes) {
    if (!bytes.length) return;
    if (this.size + bytes.length > this.maxFrameBytes * 2) this.overflow = true;
    else this.parts.push(bytes.slice());
    this.size += bytes.length;
  }

  _take() {
    const overflow = this.overflow;
    const out = new Uint8Array(overflow ? 0 : this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    this.reset();
    return overflow ? null : out;
  }
}

// ---- request payloads ----
const le = (n) => {
  const b = new Uint8Array(n);
  return { b, v: new DataView(b.buffer) };
};

export const requests = {
  hello: (version = PROTOCOL_VERSION) => Uint8Array.of(version),
  info: () => new Uint8Array(0),
  begin(totalSize, blobCrc) {
    const { b, v } = le(8);
    v.setUint32(0, totalSize, true);
    v.setUint32(4, blobCrc, true);
    return b;
  },
  data(offset, chunk) {
    const { b, v } = le(4 + chunk.length);
    v.setUint32(0, offset, true);
    b.set(chunk, 4);
    return b;
  },
  commit: () => new Uint8Array(0),
  abort: () => new Uint8Array(0),
  predict(inputs) {
    const { b, v } = le(4 * inputs.length);
    inputs.forEach((x, i) => v.setFloat32(4 * i, x, true));
    return b;
  },
  // intervalMs 0 stops streaming; sources: bit i = source i.
  record(intervalMs, sources) {
    const { b, v } = le(4);
    v.setUint16(0, intervalMs, true);
    v.setUint16(2, sources, true);
    return b;
  },
  live(intervalMs, sources, indicateClass = NO_INDICATE_CLASS) {
    const { b, v } = le(5);
    v.setUint16(0, intervalMs, true);
    v.setUint16(2, sources, true);
    b[4] = indicateClass;
    return b;
  },
  // rows: arrays of inputs followed by targets.
  train(rows, { epochs = 1, shuffle = false, learningRate = 0 } = {}) {
    const width = rows[0]?.length ?? 0;
    const { b, v } = le(8 + 4 * width * rows.length);
    v.setUint16(0, epochs, true);
    b[2] = shuffle ? 1 : 0;
    b[3] = 0;
    v.setFloat32(4, learningRate, true);
    let o = 8;
    for (const r of rows) {
      if (r.length !== width) throw new RangeError('TRAIN rows must all have the same width');
      for (const x of r) {
        v.setFloat32(o, x, true);
        o += 4;
      }
    }
    return b;
  },
};

// ---- reply payloads (after status 0) ----
class Cursor {
  constructor(bytes, what) {
    this.b = bytes;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.o = 0;
    this.what = what;
  }
  need(n) {
    if (this.o + n > this.b.length) throw new RangeError(`${this.what} reply is too short (${this.b.length} bytes)`);
  }
  u8() {
    this.need(1);
    return this.b[this.o++];
  }
  u16() {
    this.need(2);
    const x = this.v.getUint16(this.o, true);
    this.o += 2;
    return x;
  }
  u32() {
    this.need(4);
    const x = this.v.getUint32(this.o, true);
    this.o += 4;
    return x;
  }
  f32() {
    this.need(4);
    const x = this.v.getFloat32(this.o, true);
    this.o += 4;
    return x;
  }
  text() {
    const n = this.u8();
    this.need(n);
    const s = new TextDecoder().decode(this.b.subarray(this.o, this.o + n));
    this.o += n;
    return s;
  }
}

// Error payload: status, detail u32, message.
export function parseError(payload) {
  const c = new Cursor(payload, 'error');
  const status = c.u8();
  const detail = payload.length >= 5 ? c.u32() : 0;
  const message = new TextDecoder().decode(payload.subarray(Math.min(5, payload.length)));
  return { status, name: statusName(status), detail, message };
}

export const replies = {
  // HELLO and INFO.
  info(payload) {
    const c = new Cursor(payload, 'HELLO/INFO');
    const status = c.u8();
    const protocolVersion = c.u8();
    const caps = c.u8();
    const uploadState = c.u8();
    const maxPayload = c.u16();
    const maxModelBytes = c.u32();
    const modelRam = c.u32();
    const nextOffset = c.u32();
    const modelSource = c.u8();
    const modelFlags = c.u8();
    const modelSize = c.u32();
    const modelCrc = c.u32();
    const layers = c.u8();
    const widths = layers ? Array.from({ length: layers + 1 }, () => c.u16()) : [];
    const activations = Array.from({ length: layers }, () => c.u8());
    const name = c.text();
    const version = c.text();
    // Appended fields (boards before RECORD/LIVE end at the version).
    const more = c.o + 10 <= payload.length;
    const sourceCount = more ? c.u8() : 0;
    const stream = more ? { mode: c.u8(), intervalMs: c.u16(), sources: c.u16() } : { mode: StreamMode.OFF, intervalMs: 0, sources: 0 };
    const trainNsPerStep = more ? c.u32() : null;
    return {
      status,
      protocolVersion,
      capabilities: { predict: !!(caps & 1), train: !!(caps & 2), persistent: !!(caps & 4), stream: !!(caps & 8), bits: caps },
      uploading: uploadState === 1,
      maxPayload,
      maxModelBytes,
      modelRam,
      nextOffset,
      model:
        modelSource === 0
          ? null
          : {
              source: modelSource === 1 ? 'builtin' : modelSource === 2 ? 'uploaded' : `source ${modelSource}`,
              trainedInRam: !!(modelFlags & 1),
              size: modelSize,
              crc: modelCrc,
              topology: widths,
              activations: activations.map((a) => ACTIVATIONS[a] ?? `activation ${a}`),
            },
      firmware: { name, version },
      sources: sourceCount,
      stream,
      trainNsPerStep,
    };
  },
  begin: (payload) => ({ maxChunk: new Cursor(payload.subarray(1), 'BEGIN').u16() }),
  data: (payload) => ({ nextOffset: new Cursor(payload.subarray(1), 'DATA').u32() }),
  commit(payload) {
    const c = new Cursor(payload.subarray(1), 'COMMIT');
    return { size: c.u32(), crc: c.u32() };
  },
  abort: () => ({}),
  predict(payload) {
    const c = new Cursor(payload.subarray(1), 'PREDICT');
    if ((payload.length - 1) % 4) throw new RangeError('PREDICT reply is not whole floats');
    return Array.from({ length: (payload.length - 1) / 4 }, () => c.f32());
  },
  train(payload) {
    const c = new Cursor(payload.subarray(1), 'TRAIN');
    return { lossBefore: c.f32(), lossAfter: c.f32(), epochs: c.u32() };
  },
  // RECORD and LIVE: what the board now streams.
  stream(payload) {
    const c = new Cursor(payload.subarray(1), 'RECORD/LIVE');
    return { intervalMs: c.u16(), sources: c.u16() };
  },
};

export const sourceCount = (mask) => {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
};

// Event payloads. READING: index u32, readings f32 x k. LIVE: index u32, class u8, readings
// f32 x k, outputs f32 x n; k is the number of sources streamed (RECORD/LIVE's mask).
export const events = {
  reading(payload) {
    const c = new Cursor(payload, 'READING');
    const index = c.u32();
    if ((payload.length - 4) % 4) throw new RangeError('READING event is not whole floats');
    return { index, readings: Array.from({ length: (payload.length - 4) / 4 }, () => c.f32()) };
  },
  live(payload, readingCount) {
    const c = new Cursor(payload, 'LIVE');
    const index = c.u32();
    const cls = c.u8();
    const n = (payload.length - 5) / 4 - readingCount;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`LIVE event of ${payload.length} bytes does not hold ${readingCount} readings and outputs`);
    return { index, class: cls, readings: Array.from({ length: readingCount }, () => c.f32()), outputs: Array.from({ length: n }, () => c.f32()) };
  },
};

// The CRC BEGIN carries: the blob's own CRC trailer (its last 4 bytes, little-endian).
export function blobCrc(blob) {
  if (blob.length < 20) throw new RangeError(`a model blob has at least 20 bytes, this one ${blob.length}`);
  return new DataView(blob.buffer, blob.byteOffset, blob.length).getUint32(blob.length - 4, true);
}
