// Where readings come from, behind one interface (no DOM):
//   LineSource         text lines on a BytePort (any sketch that prints numbers)
//   FirmwareSource     the microdff firmware's RECORD events
//   MicroPythonSource  the recorder module run on a MicroPython board through the raw REPL
//
//   source.onReadings = (rows, at) => …   rows: [{ values: number[], cells: string[] }]
//   source.onEnd = (error?) => …          the source stopped on its own (cable, program end)
//   await source.start(); … await source.stop();
//   source.width, source.names, source.stats ({ rows, skipped: {…}, missed, … })
import { BoardError, ErrorCode } from './errors.js';
import { portClosedError } from './byte-port.js';
import { LineParser } from './line-parser.js';
import { sourceCount } from './frame.js';
import { RECORDER_FILE, recorderCall, recorderModule } from './micropython-recorder.js';

// The shortest decimal text that reads back as the same float32 (readings the board sent as f32).
export function f32Text(v) {
  for (let p = 1; p <= 9; p++) {
    const t = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(t)) === v) return t;
  }
  return String(v);
}

class Source {
  constructor() {
    this.onReadings = () => {};
    this.onEnd = () => {};
    this.running = false;
  }

  _deliver(rows) {
    if (rows.length) this.onReadings(rows, performance.now());
  }

  _ended(error) {
    if (!this.running) return;
    this.running = false;
    this.onEnd(error);
  }
}

export class LineSource extends Source {
  // options: LineParser's (width, startsAtLineStart, …).
  constructor(port, options = {}) {
    super();
    this.port = port;
    this.parser = new LineParser(options);
  }

  get width() {
    return this.parser.width;
  }
  get names() {
    return this.parser.names;
  }
  get stats() {
    return { ...this.parser.stats, missed: 0 };
  }

  async start() {
    this.running = true;
    this.unsubscribe = this.port.subscribe({
      data: (chunk) => this._deliver(this.parser.push(chunk)),
      close: (error) => {
        this.parser.end();
        this._ended(portClosedError(this.port.label ?? 'port', error));
      },
    });
  }

  async stop() {
    this.running = false;
    this.unsubscribe?.();
    this.parser.end();
  }
}

export class FirmwareSource extends Source {
  // client: a ProtocolClient after hello(); sources: mask of the board's sources.
  constructor(client, { intervalMs, sources, names } = {}) {
    super();
    Object.assign(this, { client, intervalMs, sources });
    this.width = sourceCount(sources);
    this.names = names ?? [...Array(16).keys()].filter((i) => (sources >> i) & 1).map((i) => `source${i}`);
    this.counts = { rows: 0, missed: 0 };
    this.next = 0;
  }

  get stats() {
    return { ...this.counts, skipped: { width: 0, notNumber: 0, tooLong: 0, partial: 0 } };
  }

  async start() {
    this.running = true;
    this.offEvent = this.client.onEvent((e) => {
      if (e.type !== 'reading' || e.readings.length !== this.width) return;
      // A gap in the index: readings the board skipped or the line damaged.
      if (e.index > this.next) this.counts.missed += e.index - this.next;
      this.next = e.index + 1;
      this.counts.rows++;
      this._deliver([{ values: e.readings, cells: e.readings.map(f32Text) }]);
    });
    this.offClose = this.client.port.subscribe({ close: (error) => this._ended(portClosedError(this.client.port.label ?? 'port', error)) });
    try {
      await this.client.record({ intervalMs: this.intervalMs, sources: this.sources });
    } catch (e) {
      this._unhook();
      this.running = false;
      throw e;
    }
  }

  async stop() {
    const wasRunning = this.running;
    this.running = false;
    try {
      if (wasRunning && !this.client.closed) await this.client.stopStream();
    } finally {
      this._unhook();
    }
  }

  _unhook() {
    this.offEvent?.();
    this.offClose?.();
  }
}

export class MicroPythonSource extends Source {
  // repl: a RawRepl; pins: ADC pins (numbers or names); count 0 = until stop().
  constructor(repl, { pins, intervalMs, count = 0, names } = {}) {
    super();
    Object.assign(this, { repl, pins, intervalMs, count });
    this.parser = new LineParser({ width: pins.length, startsAtLineStart: true });
    this.names = names ?? pins.map((p) => `pin${p}`);
  }

  get width() {
    return this.parser.width;
  }
  get stats() {
    return { ...this.parser.stats, missed: 0 };
  }

  // Writes the recorder module to the board (unless pushModule is false: it is there), then starts it.
  async start({ onProgress, pushModule = true } = {}) {
    await this.repl.enter();
    if (pushModule) await this.repl.writeFile(RECORDER_FILE, recorderModule(), { onProgress });
    this.running = true;
    const code = recorderCall(this.pins, this.intervalMs, this.count);
    this.done = this.repl.stream(code, (bytes) => this._deliver(this.parser.push(bytes))).then(
      ({ stderr }) => {
        this.parser.end();
        const last = stderr.trim().split(/\r?\n/).pop();
        this._ended(stderr ? new BoardError(ErrorCode.BOARD_EXCEPTION, `MicroPython raised ${last}`, { details: { stderr } }) : undefined);
      },
      (error) => {
        this.parser.end();
        this._ended(error);
      },
    );
  }

  // Ctrl-C ends the loop (the recorder catches it); resolves at the raw REPL prompt.
  async stop() {
    if (!this.done) return;
    if (this.running) {
      this.running = false;
      await this.repl.interrupt().catch(() => {});
    }
    await this.done;
  }
}
