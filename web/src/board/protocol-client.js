// Host side of the microdff serial protocol (docs/serial-protocol.md) over a BytePort:
// HELLO/INFO, upload (BEGIN, DATA with per-chunk acknowledgement, COMMIT), ABORT, PREDICT,
// TRAIN, RECORD/LIVE (the board's events reach onEvent() listeners). One request in flight; a lost or damaged reply is retransmitted with the same seq
// (the board replays its stored reply, so nothing runs twice). Board error replies become
// BoardError with `code` = the status name (e.g. 'BLOB_CRC'), `status`, `detail` and a
// message for people; upload failures say whether the board kept its previous model.
import { BoardError, ErrorCode, withPreviousModelKept } from './errors.js';
import { cancelledError, portClosedError, rethrowLater } from './byte-port.js';
import { crc32 } from './crc32.js';
import {
  Command,
  Event,
  FrameDecoder,
  NAK_TYPE,
  NO_INDICATE_CLASS,
  PROTOCOL_VERSION,
  REPLY_BIT,
  Status,
  blobCrc,
  encodeFrame,
  events,
  isEventType,
  sourceCount,
  parseError,
  replies,
  requests,
} from './frame.js';

const COMMAND_NAMES = Object.fromEntries(Object.entries(Command).map(([k, v]) => [v, k]));

// A sentence for each error reply; `ctx` has the command and what the host knows.
function describeRemoteError(err, command, ctx = {}) {
  const d = err.detail;
  switch (err.name) {
    case 'BAD_FRAME':
    case 'BAD_CRC':
      return 'The board kept receiving damaged frames (line noise, wrong baud rate?).';
    case 'BAD_LENGTH':
      if ((command === Command.RECORD || command === Command.LIVE) && d) return `The board cannot stream those sources (it has sources ${maskText(d)}).`;
      return `The board rejected the ${COMMAND_NAMES[command] ?? 'request'} as malformed.`;
    case 'UNKNOWN_COMMAND':
      return `The board's firmware does not know the ${COMMAND_NAMES[command] ?? `0x${d.toString(16)}`} command; update the firmware.`;
    case 'UNSUPPORTED_VERSION':
      return `The board speaks protocol version ${d}, this page speaks version ${ctx.version ?? PROTOCOL_VERSION}: update the ${d < (ctx.version ?? PROTOCOL_VERSION) ? "board's firmware" : 'page'}.`;
    case 'WRONG_STATE':
      return 'The board had no upload in progress (was it reset?).';
    case 'TOO_LARGE':
      if (command === Command.BEGIN) return `The model (${ctx.size} bytes) is too large for this board: it stores at most ${d} bytes.`;
      if (command === Command.COMMIT) return `The model needs ${d} bytes of RAM, more than this board has.`;
      if (command === Command.PREDICT) return `The model's ${d} outputs do not fit in one reply frame of this board.`;
      return `The board refused data past the end of the model (${d} bytes).`;
    case 'OUT_OF_ORDER':
      return `The board expected data from offset ${d}.`;
    case 'BLOB_CRC':
      return 'The model arrived damaged on the board (its CRC-32 does not match); send it again.';
    case 'MODEL_INVALID':
      return `The board rejected the model file (core status ${d}).`;
    case 'TIMEOUT':
      return `The board abandoned the upload after a pause (idle timeout; ${d} bytes had arrived).`;
    case 'INCOMPLETE':
      return `The board has not received the whole model yet (next offset ${d}).`;
    case 'NO_MODEL':
      return 'The board has no model yet; send one first.';
    case 'DIMENSION':
      if (command === Command.LIVE) return `The board's model takes ${d} inputs: pick ${d} sources.`;
      return command === Command.TRAIN ? `The board's model takes rows of ${d} numbers (inputs then targets).` : `The board's model takes ${d} inputs.`;
    case 'STORAGE':
      return 'The board could not write its model store (flash error).';
    case 'UNSUPPORTED':
      if (command === Command.RECORD || command === Command.LIVE) return 'This board has no input sources to stream.';
      return 'This board (or its model) cannot train.';
    case 'TRAIN_FAILED':
      return `Training on the board failed (core status ${d}); it reloaded its stored model.`;
    default:
      return `The board answered error ${err.status}.`;
  }
}

const maskText = (mask) => [...Array(16).keys()].filter((i) => (mask >> i) & 1).join(', ');

export function remoteError(err, command, ctx) {
  const text = describeRemoteError(err, command, ctx);
  const message = err.message ? `${text} (board: "${err.message}")` : text;
  const e = new BoardError(err.name, message, { details: err });
  e.status = err.status;
  e.detail = err.detail;
  e.boardMessage = err.message;
  e.command = COMMAND_NAMES[command];
  return e;
}

const anySignal = (a, b) => (a && b ? AbortSignal.any([a, b]) : a ?? b);

// Weights and biases of a network with these widths (an upper bound for models without biases).
export const parameterCount = (widths) => widths.slice(1).reduce((n, w, i) => n + (widths[i] + 1) * w, 0);

// How long one TRAIN request may take on the board (docs/serial-protocol.md §7): 1 s plus
// epochs x rows x parameters x the board's ns per step (HELLO/INFO; a board that states
// none: 100 000 ns, the reference firmware's default).
export function trainTimeoutMs(info, rows, epochs) {
  const ns = info?.trainNsPerStep ?? 100000;
  const params = parameterCount(info?.model?.topology ?? []);
  return 1000 + Math.ceil((epochs * rows * params * ns) / 1e6);
}

export class ProtocolClient {
  // timeoutMs: reply time for quick commands (spec: 1 s), longTimeoutMs: BEGIN/COMMIT (3 s),
  // TRAIN from the board's figure (trainTimeoutMs()); baudRate adds the bytes' transmission
  // time to every wait; retries: retransmissions of one request, whatever the cause (no
  // reply, NAK, damaged reply), before giving up; listenerError(error): what becomes of an
  // exception in an onEvent() listener (default: thrown again outside the receive path, so
  // that a listener's bug is reported but never ends the connection).
  constructor(port, { timeoutMs = 1000, longTimeoutMs = 3000, retries = 3, baudRate = 115200, signal, listenerError = rethrowLater } = {}) {
    this.port = port;
    Object.assign(this, { timeoutMs, longTimeoutMs, retries, baudRate, signal, listenerError });
    this.eventListeners = new Set();
    this.stream = null; // { mode, intervalMs, sources, readings } while this client streams
    this.decoder = new FrameDecoder();
    this.seq = 0;
    this.needFlush = true;
    this.info = null;
    this.busy = false;
    this.waiter = null;
    this.closed = port.closed;
    this.stats = { requests: 0, retransmissions: 0, naks: 0, damagedReplies: 0, bytesSent: 0, bytesReceived: 0 };
    this.unsubscribe = port.subscribe({
      data: (chunk) => {
        this.stats.bytesReceived += chunk.length;
        for (const r of this.decoder.push(chunk)) {
          if (!r.error && isEventType(r.type)) this._event(r);
          else this.waiter?.(r);
        }
      },
      close: (error) => {
        this.closed = true;
        this.closeError = error;
        this.waiter?.({ closed: true });
      },
    });
  }

  dispose() {
    this.unsubscribe();
    this.eventListeners.clear();
  }

  // listener({ type: 'reading' | 'live', index, readings, class?, outputs? }) for every event
  // frame; returns an unsubscribe function. Events of a stream this client did not start
  // (another session's) are passed on with the readings undivided.
  onEvent(listener) {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  _event(frame) {
    let e;
    try {
      if (frame.type === Event.READING) e = { type: 'reading', ...events.reading(frame.payload) };
      else if (frame.type === Event.LIVE) e = { type: 'live', ...events.live(frame.payload, this.stream?.readings ?? 0) };
      else return;
    } catch {
      this.stats.damagedEvents = (this.stats.damagedEvents ?? 0) + 1;
      return;
    }
    for (const l of [...this.eventListeners]) {
      try {
        l(e);
      } catch (err) {
        this.listenerError(err);
      }
    }
  }
  _transmitMs(bytes) {
    return this.baudRate ? Math.ceil((bytes * 10 * 1000) / this.baudRate) : 0;
  }

  // Sends one request and returns the reply frame { type, seq, payload } (any status).
  async request(type, payload, { timeoutMs = this.timeoutMs, signal, seq } = {}) {
    if (this.busy) throw new BoardError(ErrorCode.PROTOCOL, 'One request at a time: wait for the previous one.');
    this.busy = true;
    try {
      signal = anySignal(this.signal, signal);
      this.seq = seq ?? (this.seq + 1) & 0xff;
      const wire = encodeFrame(type, this.seq, payload);
      const wait = timeoutMs + this._transmitMs(wire.length + 2 + 16 + 64);
      let lastProblem = 'no reply';
      for (let attempt = 0; attempt <= this.retries; attempt++) {
        if (attempt) this.stats.retransmissions++;
        const bytes = this.needFlush ? concat0(wire) : wire;
        this.needFlush = false;
        const reply = this._awaitReply(type, this.seq, wait, signal);
        // The port can close while the write below is pending: the rejection is handled (and
        // rethrown) below, but must not count as unhandled meanwhile.
        reply.promise.catch(() => {});
        this.stats.requests += attempt ? 0 : 1;
        this.stats.bytesSent += bytes.length;
        try {
          await this.port.write(bytes);
        } catch (e) {
          reply.promise.catch(() => {});
          reply.cancel();
          throw e instanceof BoardError ? e : portClosedError(this.port.label ?? 'port', e);
        }
        const r = await reply.promise;
        if (r.frame) return r.frame;
        lastProblem = r.problem;
        if (r.problem === 'no reply') this.needFlush = true;
      }
      const what = COMMAND_NAMES[type] ?? `command 0x${type.toString(16)}`;
      throw new BoardError(
        ErrorCode.TIMEOUT,
        lastProblem === 'no reply'
          ? `The board did not answer ${what} (${this.retries + 1} tries, ${wait} ms each). Is it running the microdff firmware at this baud rate?`
          : `The board's answers to ${what} kept arriving damaged (${this.retries + 1} tries): check the cable and baud rate.`,
      );
    } finally {
      this.busy = false;
    }
  }

  _awaitReply(type, seq, timeoutMs, signal) {
    let cancel;
    const promise = new Promise((resolve, reject) => {
      let timer;
      const done = (fn, v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = null;
        fn(v);
      };
      const onAbort = () => done(reject, cancelledError(signal));
      cancel = () => done(resolve, { problem: 'cancelled' });
      if (signal?.aborted) return onAbort();
      if (this.closed) return done(reject, portClosedError(this.port.label ?? 'port', this.closeError));
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => done(resolve, { problem: 'no reply' }), timeoutMs);
      this.waiter = (r) => {
        if (r.closed) return done(reject, portClosedError(this.port.label ?? 'port', this.closeError));
        if (r.error === 'BAD_FRAME' || r.error === 'BAD_CRC') {
          // Probably our reply, damaged on the way: ask again (the board replays it).
          this.stats.damagedReplies++;
          return done(resolve, { problem: 'damaged reply' });
        }
        if (r.type === NAK_TYPE) {
          this.stats.naks++;
          return done(resolve, { problem: 'damaged request' });
        }
        if (!r.error && r.type === (type | REPLY_BIT) && r.seq === seq) return done(resolve, { frame: r });
        // Anything else (a stale reply, our own echo) is ignored.
      };
    });
    return { promise, cancel: () => cancel?.() };
  }

  // Sends a command; returns the parsed reply fields or throws the board's error.
  async call(type, payload, parse, options = {}, ctx) {
    const frame = await this.request(type, payload, options);
    if (frame.payload.length < 1) throw new BoardError(ErrorCode.PROTOCOL, `Empty reply to ${COMMAND_NAMES[type]}.`);
    if (frame.payload[0] !== Status.OK) throw remoteError(parseError(frame.payload), type, ctx);
    try {
      return parse(frame.payload);
    } catch (e) {
      throw new BoardError(ErrorCode.PROTOCOL, `Could not read the board's reply to ${COMMAND_NAMES[type]}: ${e.message}.`, { cause: e });
    }
  }

  // Opens the session: { protocolVersion, capabilities, maxPayload, maxModelBytes, modelRam,
  // model: { source, topology, activations, size, crc, trainedInRam } | null, firmware: { name, version } }.
  async hello({ version = PROTOCOL_VERSION, ...options } = {}) {
    this.info = await this.call(Command.HELLO, requests.hello(version), replies.info, options, { version });
    return this.info;
  }

  async getInfo(options) {
    this.info = await this.call(Command.INFO, requests.info(), replies.info, options);
    return this.info;
  }

  async abort(options) {
    return this.call(Command.ABORT, requests.abort(), replies.abort, options);
  }

  async predict(inputs, options) {
    return this.call(Command.PREDICT, requests.predict(inputs), replies.predict, options);
  }

  async predictRows(rows, { onProgress, ...options } = {}) {
    const out = [];
    for (const r of rows) {
      out.push(await this.predict(r, options));
      onProgress?.(out.length, rows.length);
    }
    return out;
  }

  // Streams readings of `sources` (a mask, bit i = source i) every intervalMs as 'reading' events.
  async record({ intervalMs, sources, signal } = {}) {
    return this._stream('record', Command.RECORD, requests.record(intervalMs, sources), sources, signal);
  }

  // Streams the active model's outputs and class on each reading as 'live' events; the board
  // drives its indicator (LED) while it predicts indicateClass.
  async live({ intervalMs, sources, indicateClass = NO_INDICATE_CLASS, signal } = {}) {
    return this._stream('live', Command.LIVE, requests.live(intervalMs, sources, indicateClass), sources, signal);
  }

  // The first event can arrive in the same chunk as the reply, before the reply's promise
  // settles: the event's layout is known from the moment the request goes out.
  async _stream(mode, command, payload, sources, signal) {
    const before = this.stream;
    this.stream = { mode, readings: sourceCount(sources) };
    try {
      const r = await this.call(command, payload, replies.stream, { signal });
      this.stream = { mode, ...r, readings: sourceCount(r.sources) };
      return r;
    } catch (e) {
      this.stream = before;
      throw e;
    }
  }

  async stopStream(options) {
    const r = await this.call(Command.RECORD, requests.record(0, 0), replies.stream, options);
    this.stream = null;
    return r;
  }

  // rows: [inputs..., targets...]; sent in as few TRAIN requests as the frame size allows, each
  // given trainTimeoutMs() to answer. Returns { lossBefore (first request), lossAfter (last
  // request), epochs, requests }.
  async train(rows, { epochs = 1, shuffle = false, learningRate = 0, timeoutMs, signal } = {}) {
    const info = this.info ?? (await this.hello({ signal }));
    const width = rows[0]?.length ?? 0;
    const perRequest = Math.max(1, Math.floor((info.maxPayload - 8) / (4 * Math.max(1, width))));
    let first;
    let last;
    let n = 0;
    for (let i = 0; i < rows.length; i += perRequest) {
      const part = rows.slice(i, i + perRequest);
      const wait = timeoutMs ?? trainTimeoutMs(info, part.length, epochs);
      last = await this.call(Command.TRAIN, requests.train(part, { epochs, shuffle, learningRate }), replies.train, { timeoutMs: wait, signal });
      first ??= last;
      n++;
    }
    return { lossBefore: first?.lossBefore, lossAfter: last?.lossAfter, epochs: last?.epochs, requests: n };
  }

  // Uploads and activates a model blob. onProgress({ sent, total, chunks }) after every
  // acknowledged chunk. Returns { size, crc, chunks, retransmissions, bytesSent,
  // bytesReceived, ms }. On failure the error says whether the board kept its old model.
  async upload(blob, { onProgress, signal, chunkBytes = Infinity } = {}) {
    signal = anySignal(this.signal, signal);
    const started = Date.now();
    const before = { ...this.stats };
    let phase = 'prepare';
    try {
      const crc = blobCrc(blob);
      if (crc32(blob.subarray(0, blob.length - 4)) !== crc) {
        throw new BoardError('BAD_BLOB', 'This file is not a valid model blob (its CRC-32 trailer does not match its contents).');
      }
      const info = this.info ?? (await this.hello({ signal }));
      if (info.maxModelBytes === 0) {
        throw new BoardError('UNSUPPORTED', 'This board takes its model only together with its firmware (an ATmega328P Arduino: use Flash Arduino).');
      }
      if (blob.length > info.maxModelBytes) {
        throw remoteError({ status: Status.TOO_LARGE, name: 'TOO_LARGE', detail: info.maxModelBytes, message: '' }, Command.BEGIN, { size: blob.length });
      }
      phase = 'begin';
      const { maxChunk } = await this.call(Command.BEGIN, requests.begin(blob.length, crc), replies.begin, { timeoutMs: this.longTimeoutMs, signal }, { size: blob.length });
      const chunk = Math.max(1, Math.min(maxChunk, info.maxPayload - 4, chunkBytes));
      phase = 'data';
      let offset = 0;
      let chunks = 0;
      let stalls = 0;
      onProgress?.({ sent: 0, total: blob.length, chunks });
      while (offset < blob.length) {
        let next;
        try {
          ({ nextOffset: next } = await this.call(Command.DATA, requests.data(offset, blob.subarray(offset, offset + chunk)), replies.data, { signal }));
        } catch (e) {
          if (e.code !== 'OUT_OF_ORDER') throw e;
          next = e.detail;
        }
        stalls = next > offset ? 0 : stalls + 1;
        if (stalls > 3 || next > blob.length) throw new BoardError(ErrorCode.PROTOCOL, `The board's upload position does not advance (at ${offset}, board says ${next}).`);
        offset = next;
        chunks++;
        onProgress?.({ sent: offset, total: blob.length, chunks });
      }
      phase = 'commit';
      const c = await this.call(Command.COMMIT, requests.commit(), replies.commit, { timeoutMs: this.longTimeoutMs, signal });
      phase = 'done';
      if (c.size !== blob.length || c.crc !== crc) {
        throw new BoardError(ErrorCode.VERIFY_FAILED, `The board activated a model of ${c.size} bytes with CRC 0x${c.crc.toString(16)}, not the one sent.`);
      }
      this.info = null; // the model changed; the next hello()/getInfo() re-reads it
      const s = this.stats;
      return {
        size: c.size,
        crc: c.crc,
        chunks,
        chunkBytes: chunk,
        retransmissions: s.retransmissions - before.retransmissions,
        bytesSent: s.bytesSent - before.bytesSent,
        bytesReceived: s.bytesReceived - before.bytesReceived,
        ms: Date.now() - started,
      };
    } catch (e) {
      if (phase === 'done') throw e;
      const err = e instanceof BoardError ? e : new BoardError(ErrorCode.PROTOCOL, String(e?.message ?? e), { cause: e });
      if (phase === 'data' || phase === 'begin' || (phase === 'commit' && err.status === undefined)) {
        // Leave the board idle again, without waiting long (the line may be gone).
        if (!this.closed && !this.busy) await this.abort({ timeoutMs: 300 }).catch(() => {});
      }
      if (phase === 'commit' && err.status === undefined) {
        // COMMIT went out but no answer came back: the board may or may not have switched.
        err.keptPreviousModel = null;
        err.message += ' It is not known whether the board switched to the new model: reconnect and check its model (INFO).';
        throw err;
      }
      throw withPreviousModelKept(err);
    }
  }
}

function concat0(wire) {
  const out = new Uint8Array(wire.length + 1);
  out.set(wire, 1);
  return out;
}
