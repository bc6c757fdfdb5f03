// Readings sent as text lines, one reading per line: numbers separated by commas or tabs (or,
// in a line with neither, by spaces), as any sketch's Serial.println, a MicroPython print()
// or the Arduino Serial Plotter format `name:value,name:value` produce. No DOM.
//
//   const p = new LineParser();
//   for (const r of p.push(bytes)) r.values, r.cells   // numbers, and the text of each
//
// The column count is learned from the data: the first width seen on `settleLines` lines in a
// row. Lines before that wait; once the width is known they are taken if they have it. Every
// line that is not a reading of that width is counted in `skipped` by reason and dropped, never
// merged with another: 'width' (other column count), 'notNumber' (a cell that is not a finite
// decimal number), 'tooLong' (no line end within maxLineBytes), 'partial' (the line that was
// already under way when the parser started, unless startsAtLineStart). A line of names
// separated by commas or tabs (`time,x,y`) before the first reading is counted as `header` and gives the columns their
// names, as name:value cells do. Blank lines are counted as `blank` and ignored.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAME = /^[A-Za-z_][\w .-]*$/;

export function splitCells(line) {
  const text = line.trim();
  if (!text) return [];
  if (/[,\t]/.test(text)) return text.split(/[,\t]/).map((c) => c.trim());
  return text.split(/\s+/);
}

// A cell's number, or null. `name:value` cells give their value (and name).
export function parseCell(cell) {
  const colon = cell.lastIndexOf(':');
  const name = colon > 0 ? cell.slice(0, colon).trim() : null;
  const text = colon > 0 ? cell.slice(colon + 1).trim() : cell;
  if (!NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? { value, text, name } : null;
}

export class LineParser {
  // width: the column count when known in advance (no settling); settleLines: how many lines
  // in a row must agree before a width is believed.
  constructor({ width = null, settleLines = 3, maxLineBytes = 512, startsAtLineStart = false } = {}) {
    this.width = width;
    this.settleLines = settleLines;
    this.maxLineBytes = maxLineBytes;
    this.names = null;
    this.line = [];
    this.discarding = !startsAtLineStart; // until the first line end
    this.tooLong = false;
    this.waiting = []; // readings before the width settled
    this.headerNames = null;
    this.stats = { lines: 0, rows: 0, blank: 0, header: 0, skipped: { width: 0, notNumber: 0, tooLong: 0, partial: 0 } };
  }

  get skippedTotal() {
    const s = this.stats.skipped;
    return s.width + s.notNumber + s.tooLong + s.partial;
  }

  // Bytes received -> the readings they complete: [{ values: number[], cells: string[] }].
  push(bytes) {
    const out = [];
    for (const b of bytes) {
      if (b === 0x0a || b === 0x0d) {
        this._endLine(out);
        continue;
      }
      if (this.tooLong) continue;
      if (this.line.length >= this.maxLineBytes) {
        this.tooLong = true;
        this.line = [];
        continue;
      }
      this.line.push(b);
    }
    return out;
  }

  // The connection ended or recording stopped: an unfinished last line is dropped (counted).
  end() {
    if (this.line.length && !this.discarding && !this.tooLong) this.stats.skipped.partial++;
    this.line = [];
    this.tooLong = false;
  }

  _endLine(out) {
    const bytes = this.line;
    this.line = [];
    if (this.discarding) {
      this.discarding = false;
      if (bytes.length) this.stats.skipped.partial++;
      return;
    }
    if (this.tooLong) {
      this.tooLong = false;
      this.stats.lines++;
      this.stats.skipped.tooLong++;
      return;
    }
    if (!bytes.length) return;
    const text = String.fromCharCode(...bytes);
    if (!text.trim()) {
      this.stats.blank++;
      return;
    }
    this.stats.lines++;
    const cells = splitCells(text);
    const parsed = cells.map(parseCell);
    if (parsed.some((p) => p === null)) {
      // A header: names separated by commas or tabs before the first reading.
      if (this.stats.rows === 0 && this.waiting.length === 0 && /[,\t]/.test(text) && cells.every((c) => NAME.test(c))) {
        this.headerNames = cells;
        this.stats.header++;
      } else this.stats.skipped.notNumber++;
      return;
    }
    const reading = { values: parsed.map((p) => p.value), cells: parsed.map((p) => p.text), names: parsed.map((p) => p.name) };
    if (this.width !== null) return this._take(reading, out);
    this.waiting.push(reading);
    const n = reading.values.length;
    const run = this.waiting.slice(-this.settleLines);
    if (run.length < this.settleLines || run.some((r) => r.values.length !== n)) return;
    this.width = n;
    const waiting = this.waiting;
    this.waiting = [];
    for (const r of waiting) this._take(r, out);
  }

  _take(reading, out) {
    if (reading.values.length !== this.width) {
      this.stats.skipped.width++;
      return;
    }
    if (!this.names) {
      if (reading.names.every(Boolean)) this.names = reading.names;
      else if (this.headerNames?.length === this.width) this.names = this.headerNames;
    }
    this.stats.rows++;
    out.push({ values: reading.values, cells: reading.cells });
  }
}

// Readings per second over the last windowMs, from the times rows arrived (host clock).
// Rows that arrive together (one USB packet) share a time; the span between the first and
// the last arrival carries the rate.
export class RateMeter {
  constructor({ windowMs = 3000 } = {}) {
    this.windowMs = windowMs;
    this.times = [];
  }

  add(count, at) {
    for (let i = 0; i < count; i++) this.times.push(at);
    const from = at - this.windowMs;
    let drop = 0;
    while (drop < this.times.length && this.times[drop] < from) drop++;
    if (drop) this.times.splice(0, drop);
  }

  // Readings per second, or null until the window spans 300 ms.
  get rate() {
    const t = this.times;
    if (t.length < 3) return null;
    const span = t[t.length - 1] - t[0];
    if (span < 300) return null;
    let first = 0;
    while (first < t.length && t[first] === t[0]) first++; // the rows of the first arrival came before the span started
    return (t.length - first) / (span / 1000);
  }
}
