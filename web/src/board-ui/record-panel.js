// Record in the Board card: readings from the connected board (the microdff firmware's RECORD,
// the recorder module on a MicroPython board, or the lines any other board prints) shown live,
// and, during a take, added to the data table with the label the user typed; discard the last
// rows, undo. With the firmware, LIVE runs the board's model on its readings and shows the class.
// The board clients are the DOM-free ones in ../board/; the table goes through the page's hook:
//   ctx.table() -> the data table now; ctx.replaceTable(table) -> show and keep this one;
//   ctx.classNames() -> the data's class names (optional, for LIVE).
import { el, clear } from '../dom.js';
import { ProtocolClient } from '../board/protocol-client.js';
import { RawRepl } from '../board/raw-repl.js';
import { FirmwareSource, LineSource, MicroPythonSource, f32Text } from '../board/reading-sources.js';
import { Recorder } from '../board/recorder.js';
import { parsePins } from '../board/micropython-recorder.js';
import { sourceCount } from '../board/frame.js';
import { appendRecorded, dropLastRows, recordingFit, targetCells } from './record-table.js';
import { ReadingsChart } from './readings-chart.js';

const RATES = [1, 2, 5, 10, 20, 50, 100];
const FLUSH_MS = 500;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export class RecordPanel {
  constructor(root, board, ctx) {
    this.root = root;
    this.board = board; // the BoardPanel: port, detected, baudRate, busy, update()
    this.ctx = ctx;
    this.recorder = new Recorder();
    this.source = null;
    this.client = null; // ProtocolClient while streaming from the firmware
    this.repl = null;
    this.live = null;
    this.undo = [];
    this.lastTable = null; // the table this panel last gave the page
    this.recordedTail = 0; // rows at its end that were recorded
    this.entry = null; // the undo entry of the running take
    this.build();
    this.update();
  }

  get active() {
    return !!(this.source || this.live || this.starting);
  }

  build() {
    const btn = (text, testid, onclick, cls = 'button') => el('button', { type: 'button', class: cls, text, 'data-testid': testid, onclick });
    this.sourcesBox = el('div', { class: 'record-sources', 'data-testid': 'record-sources', role: 'group', 'aria-label': 'Sources to record' });
    this.pins = el('input', { id: 'record-pins', 'data-testid': 'record-pins', value: '26, 27', spellcheck: 'false', autocomplete: 'off', size: 12 });
    this.pinsRow = el('label', { class: 'toolbar-label', for: 'record-pins' }, 'ADC pins ', this.pins);
    this.rate = el('select', { id: 'record-rate', 'data-testid': 'record-rate' }, RATES.map((r) => el('option', { value: String(r), text: `${r} per second`, selected: r === 20 })));
    this.rateRow = el('label', { class: 'toolbar-label', for: 'record-rate' }, 'Rate ', this.rate);
    this.label = el('input', { id: 'record-label', 'data-testid': 'record-label', placeholder: 'e.g. wave', spellcheck: 'false', autocomplete: 'off', size: 14 });
    this.limit = el('input', { id: 'record-limit', 'data-testid': 'record-limit', type: 'number', min: 1, step: 1, placeholder: 'no limit', size: 7 });
    this.listenBtn = btn('Listen', 'record-listen', () => (this.source ? this.stopListening() : this.startListening()));
    this.recordBtn = btn('Record', 'record-toggle', () => (this.recorder.recording ? this.stopTake() : this.startTake()), 'button primary');
    this.discardN = el('input', { id: 'record-discard-n', 'data-testid': 'record-discard-n', type: 'number', min: 1, step: 1, value: 20, size: 5, 'aria-label': 'Rows to discard' });
    this.discardBtn = btn('Discard last rows', 'record-discard', () => this.discard());
    this.undoBtn = btn('Undo', 'record-undo', () => this.undoLast(), 'button ghost');
    this.stats = el('p', { class: 'record-stats mono small', 'data-testid': 'record-stats', 'aria-live': 'polite' });
    this.message = el('div', { class: 'record-message small', 'data-testid': 'record-message', role: 'status', hidden: true });
    this.chartBox = el('div', { class: 'record-chart', 'data-testid': 'record-chart' });
    this.chart = new ReadingsChart(this.chartBox);
    this.liveClass = el('select', { id: 'live-indicate', 'data-testid': 'live-indicate' });
    this.liveBtn = btn('Run the model live', 'live-toggle', () => (this.live ? this.stopLive() : this.startLive()));
    this.liveOut = el('p', { class: 'live-result', 'data-testid': 'live-result', 'aria-live': 'polite', hidden: true });
    this.liveRow = el('div', { class: 'toolbar' }, this.liveBtn, el('label', { class: 'toolbar-label', for: 'live-indicate' }, 'Board LED for ', this.liveClass));
    this.noSources = el('p', { class: 'small muted', 'data-testid': 'record-no-sources', text: 'This board’s firmware has no input sources to stream (its port offers none, or it predates RECORD).', hidden: true });

    clear(this.root).append(
      el('h3', { text: 'Record from the board' }),
      el('p', { class: 'hint small', text: 'The board sends readings (the microdff firmware streams its inputs; on MicroPython the page runs a small recorder on the ADC pins you name; any other board: lines of numbers separated by commas or tabs). Each take adds its rows to the data table with the label you type.' }),
      this.noSources,
      el('div', { class: 'toolbar record-setup' }, this.sourcesBox, this.pinsRow, this.rateRow),
      el('div', { class: 'toolbar' },
        el('label', { class: 'toolbar-label', for: 'record-label' }, 'Label or targets ', this.label),
        el('label', { class: 'toolbar-label', for: 'record-limit' }, 'Stop after ', this.limit, ' rows'),
        this.listenBtn, this.recordBtn),
      this.stats,
      this.chartBox,
      el('div', { class: 'toolbar' }, this.discardBtn, this.discardN, this.undoBtn),
      this.message,
      this.liveRow,
      this.liveOut,
    );
  }

  // What the connected board offers; called by the BoardPanel whenever something changes.
  update() {
    const d = this.board.detected;
    const connected = !!this.board.port && !this.board.port.closed;
    const kind = connected ? d?.kind : null;
    const firmware = kind === 'microdff' && d.supported !== false;
    const streams = firmware && !!d.capabilities?.stream && (d.info?.sources ?? 0) > 0;
    this.root.hidden = !connected;
    this.root.dataset.kind = kind ?? 'none';
    this.sourcesBox.hidden = !streams;
    this.noSources.hidden = !(firmware && !streams);
    if (streams && this.sourcesBox.childElementCount !== d.info.sources) this.renderSources(d.info.sources);
    this.pinsRow.hidden = kind !== 'micropython';
    this.rateRow.hidden = !(streams || kind === 'micropython');
    const canListen = connected && (streams || kind === 'micropython' || kind === 'unknown') && !this.board.busy && !this.live;
    this.listenBtn.textContent = this.source ? 'Stop listening' : 'Listen';
    this.listenBtn.disabled = !(this.source || canListen) || this.starting;
    this.recordBtn.textContent = this.recorder.recording ? 'Stop' : 'Record';
    this.recordBtn.disabled = !(this.recorder.recording || canListen || this.source) || this.starting;
    const idle = !this.recorder.recording && !this.starting;
    this.discardBtn.disabled = !idle || !this.recordedTail || this.ctx.table?.() !== this.lastTable;
    this.undoBtn.disabled = !idle || !this.undo.length;
    this.liveRow.hidden = !streams;
    this.liveBtn.textContent = this.live ? 'Stop live' : 'Run the model live';
    this.liveBtn.disabled = !this.live && (!connected || this.board.busy || !!this.source || !d?.model || this.starting);
    if (streams) this.renderClasses();
    for (const x of [this.pins, this.rate, ...this.sourcesBox.querySelectorAll('input')]) x.disabled = !!this.source || !!this.live;
  }

  renderSources(n) {
    clear(this.sourcesBox).append(...Array.from({ length: n }, (_, i) => {
      const id = `record-source-${i}`;
      return el('label', { class: 'check small', for: id },
        el('input', { type: 'checkbox', id, 'data-testid': id, value: String(i), checked: i < 8 }), ` source${i}`);
    }));
  }

  renderClasses() {
    const n = this.board.detected?.model?.topology?.at(-1) ?? 0;
    const classes = n === 1 ? 2 : n;
    const names = this.ctx.classNames?.() ?? [];
    const key = `${classes}|${names.join('\u0001')}`;
    if (this.liveClass.dataset.key === key) return;
    this.liveClass.dataset.key = key;
    const keep = this.liveClass.value;
    clear(this.liveClass).append(
      el('option', { value: '255', text: 'no class' }),
      ...Array.from({ length: classes }, (_, k) => el('option', { value: String(k), text: names[k] ? `class ${k} (${names[k]})` : `class ${k}` })),
    );
    if ([...this.liveClass.options].some((o) => o.value === keep)) this.liveClass.value = keep;
  }

  sourceMask() {
    let mask = 0;
    for (const c of this.sourcesBox.querySelectorAll('input:checked')) mask |= 1 << Number(c.value);
    return mask;
  }

  intervalMs() {
    return Math.round(1000 / Number(this.rate.value));
  }

  say(text, tone = '', extra = null) {
    clear(this.message);
    this.message.hidden = !text;
    this.message.dataset.tone = tone;
    if (text) this.message.append(text, extra ? ' ' : '', extra ?? '');
  }

  // After the BoardPanel found the board: a firmware still streaming for an earlier session
  // (the page was reloaded while recording) is stopped, and its LED switched off.
  async connected() {
    const d = this.board.detected;
    if (d?.kind !== 'microdff' || !d.supported || !d.info?.stream?.mode) return;
    const client = new ProtocolClient(this.board.port, { baudRate: this.board.baudRate });
    try {
      await client.stopStream();
      this.say(`The board was still ${d.info.stream.mode === 2 ? 'running its model live' : 'streaming readings'} from an earlier session: stopped.`);
    } catch (e) {
      this.say(`The board is still streaming from an earlier session and did not stop: ${e?.message ?? e}`, 'bad');
    } finally {
      client.dispose();
    }
  }

  // ---------- listening ----------
  async startListening({ count = 0 } = {}) {
    if (this.source || this.starting) return;
    const d = this.board.detected;
    this.starting = true;
    this.say('');
    this.update();
    try {
      const port = this.board.port;
      let source;
      if (d.kind === 'microdff') {
        const mask = this.sourceMask();
        if (!mask) throw new Error('Tick at least one source.');
        this.client = new ProtocolClient(port, { baudRate: this.board.baudRate });
        await this.client.hello();
        source = new FirmwareSource(this.client, { intervalMs: this.intervalMs(), sources: mask });
      } else if (d.kind === 'micropython') {
        const pins = parsePins(this.pins.value);
        this.repl = new RawRepl(port, { timeoutMs: 5000 });
        source = new MicroPythonSource(this.repl, { pins, intervalMs: this.intervalMs(), count });
      } else {
        source = new LineSource(port);
      }
      this.recorder.reset();
      this.chart.clear();
      this.names = null;
      this.lastStats = null;
      source.onReadings = (rows, at) => this.onReadings(rows, at);
      source.onEnd = (error) => this.source === source && this.onSourceEnd(error);
      await source.start();
      this.source = source;
      this.statsTimer = setInterval(() => this.renderStats(), 250);
      this.renderStats();
    } catch (e) {
      this.disposeClients();
      this.say(`Could not start: ${e?.message ?? e}`, 'bad');
    } finally {
      this.started();
    }
  }

  // After a start succeeded or failed: the buttons follow, in this panel and the card's.
  started() {
    this.starting = false;
    this.update();
    this.board.update();
  }

  async stopListening() {
    const source = this.source;
    if (!source) return;
    if (this.recorder.recording) this.stopTake();
    this.source = null;
    clearInterval(this.statsTimer);
    try {
      await source.stop();
      if (this.repl) await this.repl.exit().catch(() => {});
    } catch (e) {
      this.say(`The board did not confirm the stop: ${e?.message ?? e}`, 'bad');
    }
    this.disposeClients();
    this.renderStats();
    this.update();
    this.board.update();
  }

  disposeClients() {
    this.client?.dispose();
    this.client = null;
    this.repl?.dispose();
    this.repl = null;
  }

  onReadings(rows, at) {
    this.recorder.add(rows, at);
    this.chart.set(this.recorder.chartData(), this.columnNames());
    if (this.recorder.full) this.stopTake();
  }

  onSourceEnd(error) {
    const took = this.recorder.recording ? this.stopTake() : null;
    this.source = null;
    clearInterval(this.statsTimer);
    this.disposeClients();
    this.renderStats();
    if (error) this.say(`The board stopped sending: ${error.message ?? error}${took ? ` The ${plural(took.rows, 'row')} recorded before that are in the table.` : ''}`, 'bad');
    this.update();
    this.board.update();
  }

  // Names of the reading columns: the source's (firmware sources, MicroPython pins, a header
  // line or name:value cells), else x1, x2, ...; kept after the source stops.
  columnNames() {
    if (this.source?.names) this.names = this.source.names;
    const width = this.source?.width ?? this.recorder.series.length;
    const names = this.names ?? [];
    return Array.from({ length: width }, (_, i) => names[i] || `x${i + 1}`);
  }

  renderStats() {
    if (this.source) this.lastStats = { stats: this.source.stats, width: this.source.width };
    const s = this.lastStats?.stats;
    const width = this.lastStats?.width ?? null;
    const rate = this.recorder.rate.rate;
    const take = this.recorder.take;
    const sk = s?.skipped ?? { width: 0, notNumber: 0, tooLong: 0, partial: 0 };
    const skipped = sk.width + sk.notNumber + sk.tooLong + sk.partial;
    Object.assign(this.stats.dataset, {
      listening: String(!!this.source), width: String(width ?? ''), rows: String(s?.rows ?? 0), takeRows: String(take?.rows ?? this.recorder.lastTake?.rows ?? 0),
      skipped: String(skipped), skippedWidth: String(sk.width), skippedNotNumber: String(sk.notNumber), skippedTooLong: String(sk.tooLong), skippedPartial: String(sk.partial),
      missed: String(s?.missed ?? 0), rate: rate === null ? '' : rate.toFixed(1), recording: String(!!take),
    });
    if (!s) {
      this.stats.textContent = '';
      return;
    }
    const parts = [this.source ? (width === null ? 'waiting for readings…' : plural(width, 'column')) : `${this.live ? 'recording stopped (live mode runs)' : 'stopped'}${width ? ` · ${plural(width, 'column')}` : ''}`];
    if (rate !== null && this.source) parts.push(`${rate.toFixed(1)} readings/s`);
    if (take) parts.push(`recording “${take.targets.join(', ')}”: ${plural(take.rows, 'row')}${take.limit ? ` of ${take.limit}` : ''}`);
    const why = [[sk.width, 'other width'], [sk.notNumber, 'not numbers'], [sk.tooLong, 'too long'], [sk.partial, 'cut off']].filter(([n]) => n).map(([n, w]) => `${n} ${w}`);
    if (why.length) parts.push(`skipped ${skipped} line${skipped === 1 ? '' : 's'} (${why.join(', ')})`);
    if (s?.missed) parts.push(`${s.missed} readings missed`);
    this.stats.textContent = parts.join(' · ');
  }

  // ---------- takes ----------
  async startTake() {
    const targets = targetCells(this.label.value);
    const limitText = this.limit.value.trim();
    const limit = limitText ? Math.floor(Number(limitText)) : null;
    if (limitText && !(limit >= 1)) return this.say('“Stop after” takes a number of rows (1 or more), or nothing.', 'bad');
    const table = this.ctx.table();
    const hasTargets = table.roles.includes('target');
    if (!targets.length && (hasTargets || table.rows.length === 0)) {
      this.label.focus();
      return this.say('Type the label (or the target values) of the rows you are about to record.', 'bad');
    }
    // The width is known before listening for the firmware and MicroPython, after a few lines
    // for text; the table must fit it before a row is taken.
    const known = this.source?.width ?? this.expectedWidth();
    if (known !== null && !this.fits(known, targets)) return;
    // A MicroPython recorder started for this take stops by itself after `limit` readings.
    if (!this.source) await this.startListening({ count: this.board.detected?.kind === 'micropython' && limit ? limit : 0 });
    if (!this.source) return;
    const width = await this.waitForWidth();
    if (width === null) return this.say('No readings from the board yet: is it sending lines of numbers?', 'bad');
    if (!this.fits(width, targets)) return;
    this.say('');
    const before = this.ctx.table();
    this.entry = { before, after: before, tailBefore: before === this.lastTable ? this.recordedTail : 0, what: `take “${targets.join(', ')}”`, broken: false };
    this.recorder.startTake({ targets, limit });
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS);
    this.renderStats();
    this.update();
  }

  expectedWidth() {
    const kind = this.board.detected?.kind;
    if (kind === 'microdff') return sourceCount(this.sourceMask());
    if (kind === 'micropython') {
      try {
        return parsePins(this.pins.value).length;
      } catch {
        return null;
      }
    }
    return null;
  }

  // Whether readings of `width` numbers and these targets fit the table; else says why and
  // offers a new table (which starts the take at once).
  fits(width, targets) {
    const fit = recordingFit(this.ctx.table(), width, targets.length);
    if (fit.ok) return true;
    const fresh = el('button', { type: 'button', class: 'button small', 'data-testid': 'record-new-table', text: 'Start a new table and record', onclick: () => this.newTable({ thenRecord: true }) });
    this.say(fit.problem, 'bad', fresh);
    return false;
  }

  // The width of the readings, once the source knows it (text lines settle after a few lines).
  async waitForWidth(timeoutMs = 5000) {
    const end = performance.now() + timeoutMs;
    while (this.source && this.source.width === null && performance.now() < end) await new Promise((r) => setTimeout(r, 50));
    return this.source?.width ?? null;
  }

  stopTake() {
    if (!this.recorder.recording) return null;
    clearInterval(this.flushTimer);
    this.flush();
    const took = this.recorder.stopTake();
    if (this.entry && this.entry.after !== this.entry.before) this.undo.push(this.entry);
    this.entry = null;
    this.say(took.rows ? `Added ${plural(took.rows, 'row')} labelled “${took.targets.join(', ')}” to the table.` : 'Nothing was recorded.', took.rows ? 'good' : '');
    this.renderStats();
    this.update();
    return took;
  }

  // Moves the take's new rows into the page's table.
  flush() {
    const rows = this.recorder.takeRows();
    if (!rows.length) return;
    const table = this.ctx.table();
    if (this.entry && table !== this.entry.after) this.entry.broken = true; // edited by hand meanwhile
    const inputNames = this.columnNames();
    const next = appendRecorded(table, rows, { inputNames, targets: this.recorder.take?.targets.length ?? rows[0].length - inputNames.length });
    this.recordedTail = table === this.lastTable ? this.recordedTail + rows.length : rows.length;
    this.lastTable = next;
    if (this.entry) this.entry.after = next;
    this.ctx.replaceTable(next);
  }

  newTable({ thenRecord = false } = {}) {
    const before = this.ctx.table();
    const empty = { names: [], rows: [], roles: [] };
    this.undo.push({ before, after: empty, tailBefore: before === this.lastTable ? this.recordedTail : 0, what: 'new table' });
    this.lastTable = empty;
    this.recordedTail = 0;
    this.ctx.replaceTable(empty);
    this.say('Started a new table (Undo brings the old one back).', 'good');
    this.update();
    if (thenRecord) this.startTake();
  }

  discard() {
    const table = this.ctx.table();
    if (table !== this.lastTable) return this.say('The table was changed after the recording: remove rows in the table itself.', 'bad');
    const n = Math.min(Math.floor(Number(this.discardN.value)) || 0, this.recordedTail);
    if (n < 1) return;
    const next = dropLastRows(table, n);
    this.undo.push({ before: table, after: next, tailBefore: this.recordedTail, what: `discard ${n}` });
    this.recordedTail -= n;
    this.lastTable = next;
    this.ctx.replaceTable(next);
    this.say(`Discarded the last ${plural(n, 'recorded row')}.`, 'good');
    this.update();
  }

  undoLast() {
    const top = this.undo.at(-1);
    if (!top) return;
    if (this.ctx.table() !== top.after || top.broken) {
      this.undo = [];
      this.say('The table was changed by hand since: the recording steps can no longer be undone here.', 'bad');
      return this.update();
    }
    this.undo.pop();
    this.lastTable = top.before;
    this.recordedTail = top.tailBefore;
    this.ctx.replaceTable(top.before);
    this.say(`Undid the ${top.what}.`, 'good');
    this.update();
  }

  // ---------- live ----------
  async startLive() {
    const d = this.board.detected;
    const inputs = d?.model?.topology?.[0];
    const mask = this.sourceMask();
    if (sourceCount(mask) !== inputs) return this.say(`The board's model takes ${plural(inputs, 'input')}: tick ${inputs} source${inputs === 1 ? '' : 's'}.`, 'bad');
    this.starting = true;
    this.update();
    const client = new ProtocolClient(this.board.port, { baudRate: this.board.baudRate });
    try {
      await client.hello();
      const names = this.ctx.classNames?.() ?? [];
      let seen = 0;
      const sources = [...Array(16).keys()].filter((i) => (mask >> i) & 1).map((i) => `source${i}`);
      this.recorder.reset();
      client.onEvent((e) => {
        if (e.type !== 'live') return;
        seen++;
        this.recorder.add([{ values: e.readings, cells: [] }], performance.now());
        this.chart.set(this.recorder.chartData(), sources);
        const name = names[e.class];
        Object.assign(this.liveOut.dataset, { class: String(e.class), index: String(e.index), seen: String(seen), name: name ?? '' });
        this.liveOut.hidden = false;
        this.liveOut.textContent = `Class ${e.class}${name ? ` (${name})` : ''} · outputs ${e.outputs.map(f32Text).join(', ')} · readings ${e.readings.map(f32Text).join(', ')}`;
      });
      client.port.subscribe({ close: () => this.live?.client === client && this.endLive('The board went away.') });
      await client.live({ intervalMs: this.intervalMs(), sources: mask, indicateClass: Number(this.liveClass.value) });
      this.live = { client };
      this.renderStats();
      this.say('The board runs its model on every reading.', 'good');
    } catch (e) {
      client.dispose();
      this.say(`Could not start live mode: ${e?.message ?? e}`, 'bad');
    } finally {
      this.started();
    }
  }

  async stopLive() {
    const live = this.live;
    if (!live) return;
    try {
      if (!live.client.closed) await live.client.stopStream();
    } catch (e) {
      this.say(`The board did not confirm the stop: ${e?.message ?? e}`, 'bad');
    }
    this.endLive();
  }

  endLive(message) {
    this.live?.client.dispose();
    this.live = null;
    this.renderStats();
    if (message) this.say(message, 'bad');
    this.update();
    this.board.update();
  }

  // Before the BoardPanel uses the port for something else (Send, Disconnect).
  async stopAll() {
    await this.stopLive();
    await this.stopListening();
  }

  // The port closed under us (the BoardPanel says so in its status).
  forget() {
    const took = this.recorder.recording ? this.stopTake() : null;
    if (this.source || this.live) this.say(`The board went away.${took?.rows ? ` The ${plural(took.rows, 'row')} recorded before that are in the table.` : ''}`, 'bad');
    clearInterval(this.statsTimer);
    this.source?.stop().catch(() => {});
    this.source = null;
    this.disposeClients();
    this.live?.client.dispose();
    this.live = null;
    this.renderStats();
    this.update();
  }
}
