// Recording rows from a reading source (reading-sources.js), without DOM: every reading is
// kept for the chart of the last seconds; during a take it also becomes a table row, its cells
// followed by the take's target cells (a class label, or target values). A take ends on
// stop(), after `limit` rows, or when the source ends.
//
//   const rec = new Recorder({ historyMs: 10000 });
//   source.onReadings = (rows, at) => rec.add(rows, at);
//   rec.startTake({ targets: ['wave'], limit: 200 });
//   rec.takeRows()  -> rows not handed out yet (string[][]), for the table
//   rec.stopTake()  -> { targets, rows: count }
import { RateMeter } from './line-parser.js';

export class Recorder {
  constructor({ historyMs = 10000, maxHistory = 20000 } = {}) {
    this.historyMs = historyMs;
    this.maxHistory = maxHistory;
    this.rate = new RateMeter();
    this.reset();
  }

  // Forgets the history (a new source, another width).
  reset() {
    this.times = [];
    this.series = [];
    this.take = null;
    this.pending = [];
    this.lastTake = null;
  }

  get recording() {
    return !!this.take;
  }

  // Readings from the source: [{ values, cells }] that arrived at `at` (ms, monotonic).
  add(rows, at) {
    if (!rows.length) return;
    this.rate.add(rows.length, at);
    const width = rows[0].values.length;
    if (this.series.length !== width) {
      this.times = [];
      this.series = Array.from({ length: width }, () => []);
    }
    // Rows that arrived together (one USB packet) are spread back over the rate's interval,
    // so that the chart draws them where they were read rather than as a step.
    const rate = this.rate.rate;
    const dt = rate ? 1000 / rate : 0;
    const after = this.times.length ? this.times[this.times.length - 1] : -Infinity;
    for (const [k, r] of rows.entries()) {
      this.times.push(Math.max(after, at - (rows.length - 1 - k) * dt));
      r.values.forEach((v, i) => this.series[i].push(v));
      if (this.take && (this.take.limit === null || this.take.rows < this.take.limit)) {
        this.pending.push([...r.cells, ...this.take.targets]);
        this.take.rows++;
      }
    }
    this._trim(at);
  }

  // True when the take reached its row limit (the caller then stops the source or the take).
  get full() {
    return !!this.take && this.take.limit !== null && this.take.rows >= this.take.limit;
  }

  startTake({ targets, limit = null }) {
    if (this.take) throw new Error('a take is already running');
    this.take = { targets: targets.map(String), limit: limit === null ? null : Math.max(1, Math.floor(limit)), rows: 0, started: performance.now() };
  }

  // Rows of the current take not handed out yet.
  takeRows() {
    const rows = this.pending;
    this.pending = [];
    return rows;
  }

  stopTake() {
    const t = this.take;
    this.take = null;
    this.lastTake = t ? { targets: t.targets, rows: t.rows } : null;
    return this.lastTake;
  }

  // The chart's data: seconds before the newest reading (<= 0) and one series per column.
  chartData() {
    const t = this.times;
    const end = t.length ? t[t.length - 1] : 0;
    return [t.map((x) => (x - end) / 1000), ...this.series];
  }

  _trim(now) {
    let drop = 0;
    while (drop < this.times.length && (now - this.times[drop] > this.historyMs || this.times.length - drop > this.maxHistory)) drop++;
    if (!drop) return;
    this.times.splice(0, drop);
    for (const s of this.series) s.splice(0, drop);
  }
}
