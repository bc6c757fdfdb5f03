// BytePort: the one interface every board client talks through, so the same code runs over
// Web Serial in the page, a TCP socket to QEMU in node, or an in-process MicroPython.
//
//   port.write(bytes: Uint8Array): Promise<void>     resolves when the bytes are handed on
//   port.subscribe({ data(chunk), close(error?) })   -> unsubscribe(); chunks are Uint8Array
//   port.close(): Promise<void>                      idempotent; listeners get close()
//   port.closed: boolean
//   port.setSignals?({ dataTerminalReady, requestToSend })  only where the line has them (Web Serial)
//
// createBytePort() builds one from a write and a close function; an implementation calls
// deliver(chunk) for received bytes and end(error?) when the connection goes away. A
// listener that throws is reported (onListenerError, default: thrown again outside the
// receive path) and never keeps the bytes from the other listeners or ends the port.
import { BoardError, ErrorCode } from './errors.js';

export function createBytePort({ write, close = async () => {}, label = 'port', onListenerError = rethrowLater }) {
  const listeners = new Set();
  let closed = false;
  let closeError;
  const port = {
    label,
    get closed() {
      return closed;
    },
    async write(bytes) {
      if (closed) throw portClosedError(label, closeError);
      await write(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    },
    subscribe(listener) {
      listeners.add(listener);
      if (closed) queueMicrotask(() => listener.close?.(closeError));
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      try {
        await close();
      } finally {
        end();
      }
    },
  };
  const call = (fn, arg) => {
    try {
      fn?.(arg);
    } catch (e) {
      onListenerError(e);
    }
  };
  function deliver(chunk) {
    if (closed || chunk.length === 0) return;
    for (const l of [...listeners]) call(l.data, chunk);
  }
  function end(error) {
    if (closed) return;
    closed = true;
    closeError = error;
    for (const l of [...listeners]) call(l.close, error);
  }
  return { port, deliver, end };
}

export function rethrowLater(error) {
  queueMicrotask(() => {
    throw error;
  });
}

export function portClosedError(label, cause) {
  // The cause's own full stop is dropped: the sentence gets exactly one.
  const why = cause ? `: ${String(cause.message ?? cause).replace(/\.+$/, '')}` : '';
  return new BoardError(ErrorCode.PORT_CLOSED, `The connection to the board (${label}) closed${why}.`, { cause });
}

// Wraps a port so every byte sent and received is also reported (the page's serial console).
export function tapPort(port, { sent, received } = {}) {
  return {
    get label() {
      return port.label;
    },
    get closed() {
      return port.closed;
    },
    async write(bytes) {
      sent?.(bytes);
      return port.write(bytes);
    },
    setSignals: port.setSignals ? (signals) => port.setSignals(signals) : undefined,
    subscribe(listener) {
      return port.subscribe({
        data(chunk) {
          received?.(chunk);
          listener.data?.(chunk);
        },
        close: (e) => listener.close?.(e),
      });
    },
    close: () => port.close(),
  };
}

export const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export function concatBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function indexOf(haystack, needle, from = 0) {
  outer: for (let i = Math.max(0, from); i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelledError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function cancelledError(signal) {
  const reason = signal?.reason;
  if (reason instanceof BoardError) return reason;
  return new BoardError(ErrorCode.CANCELLED, 'Cancelled.', { cause: reason });
}

// Most bytes a ByteReader holds: a board that sends more without anyone taking them (a
// program printing in a loop) loses the oldest, counted in `dropped`, and a wait under way
// fails, so memory stays bounded whatever the board sends.
export const MAX_BUFFERED_BYTES = 1 << 20;

// Buffers what a port receives and hands it out with waits that always end: the data, a
// timeout (BoardError TIMEOUT naming what was awaited), the port closing, the signal, or more
// than maxBufferedBytes without what was awaited.
export class ByteReader {
  constructor(port, { maxBufferedBytes = MAX_BUFFERED_BYTES } = {}) {
    this.port = port;
    this.buffer = new Uint8Array(0);
    this.maxBufferedBytes = maxBufferedBytes;
    this.dropped = 0;
    this.closed = false;
    this.closeError = undefined;
    this.waiter = null;
    this.unsubscribe = port.subscribe({
      data: (chunk) => {
        this._append(chunk);
        this.lastDataAt = Date.now();
        this.waiter?.check();
      },
      close: (error) => {
        this.closed = true;
        this.closeError = error;
        this.waiter?.check();
      },
    });
  }

  get available() {
    return this.buffer.length;
  }

  dispose() {
    this.unsubscribe();
    this.waiter?.fail(new BoardError(ErrorCode.CANCELLED, 'Reader disposed.'));
  }

  // Everything buffered so far (and empties the buffer).
  drain() {
    const b = this.buffer;
    this.buffer = new Uint8Array(0);
    return b;
  }

  // Puts bytes back in front of the buffer (after peeking at a reply).
  unread(bytes) {
    this.buffer = concatBytes([bytes, this.buffer]);
  }

  take(n) {
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  // Appends in place while the backing store has room (doubling it when not), so a stream of
  // small chunks costs linear time; past maxBufferedBytes the oldest bytes go.
  _append(chunk) {
    let keep = this.buffer;
    const over = keep.length + chunk.length - this.maxBufferedBytes;
    if (over > 0) {
      this.waiter?.overflow();
      const fromChunk = Math.max(0, over - keep.length);
      keep = keep.subarray(Math.min(over, keep.length));
      chunk = chunk.subarray(fromChunk);
      this.dropped += over;
    }
    const store = this.store;
    const end = keep.byteOffset + keep.length;
    if (store && keep.buffer === store.buffer && end + chunk.length <= store.length) {
      store.set(chunk, end);
      this.buffer = store.subarray(keep.byteOffset, end + chunk.length);
      return;
    }
    const size = keep.length + chunk.length;
    this.store = new Uint8Array(Math.min(Math.max(4096, 2 * size), 2 * this.maxBufferedBytes));
    this.store.set(keep, 0);
    this.store.set(chunk, keep.length);
    this.buffer = this.store.subarray(0, size);
  }

  // Waits until `test(buffer)` returns a byte count to take (or -1 to keep waiting).
  wait(test, { timeoutMs = 5000, signal, what = 'data' } = {}) {
    if (this.waiter) return Promise.reject(new Error('ByteReader: one wait at a time'));
    return new Promise((resolve, reject) => {
      let timer;
      const finish = (fn, v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = null;
        fn(v);
      };
      const onAbort = () => finish(reject, cancelledError(signal));
      const waiter = {
        check: () => {
          let n;
          try {
            n = test(this.buffer);
          } catch (e) {
            return finish(reject, e);
          }
          if (n >= 0) return finish(resolve, this.take(n));
          if (this.closed) finish(reject, portClosedError(this.port.label ?? 'port', this.closeError));
        },
        fail: (e) => finish(reject, e),
        overflow: () =>
          finish(reject, new BoardError(ErrorCode.PROTOCOL, `The board sent more than ${this.maxBufferedBytes} bytes without ${what}.`)),
      };
      this.waiter = waiter;
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          const got = this.buffer.length ? ` (received so far: ${describeBytes(this.buffer)})` : ' (nothing received)';
          finish(reject, new BoardError(ErrorCode.TIMEOUT, `Timed out after ${timeoutMs} ms waiting for ${what}${got}.`));
        }, timeoutMs);
      }
      waiter.check();
    });
  }

  read(n, options) {
    return this.wait((b) => (b.length >= n ? n : -1), options);
  }

  async readByte(options) {
    return (await this.read(1, options))[0];
  }

  // Up to and including `pattern`; everything before it comes along.
  readUntil(pattern, options = {}) {
    const needle = typeof pattern === 'string' ? ascii(pattern) : pattern;
    let searched = 0;
    const { maxBytes = Infinity } = options;
    return this.wait((b) => {
      const i = indexOf(b, needle, searched - needle.length + 1);
      searched = b.length;
      if (i >= 0) return i + needle.length;
      if (b.length > maxBytes) throw new BoardError(ErrorCode.PROTOCOL, `More than ${maxBytes} bytes without ${options.what ?? 'the expected reply'}.`);
      return -1;
    }, options);
  }

  // Hands everything that arrives to onData(bytes) until the byte `until` arrives (not passed
  // on); resolves then, the bytes after it staying buffered. No timeout unless timeoutMs.
  forward(onData, { until, timeoutMs = Infinity, signal, what = 'the end of the output' } = {}) {
    return this.wait(
      (b) => {
        const end = b.indexOf(until);
        const n = end >= 0 ? end : b.length;
        if (n) {
          const part = b.slice(0, n);
          this.buffer = this.buffer.subarray(n);
          onData(part);
        }
        return end >= 0 ? 1 : -1;
      },
      { timeoutMs, signal, what },
    );
  }

  // Discards input until nothing has arrived for `quietMs` (bounded by timeoutMs).
  async settle(quietMs, { timeoutMs = 2000, signal } = {}) {
    const start = Date.now();
    this.drain();
    this.lastDataAt = Date.now();
    while (Date.now() - this.lastDataAt < quietMs && Date.now() - start < timeoutMs && !this.closed) {
      await sleep(Math.max(1, quietMs - (Date.now() - this.lastDataAt)), signal);
      this.drain();
    }
  }
}

export function describeBytes(bytes, max = 48) {
  const shown = [...bytes.subarray(0, max)]
    .map((b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
    .join('');
  return JSON.stringify(shown + (bytes.length > max ? `… (${bytes.length} bytes)` : ''));
}
