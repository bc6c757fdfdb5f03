// The data set: the table a person edits (cells, CSV text, input count, roles, presets,
// files, recorded rows). The page and its worker hold the same table: the page applies each
// edit at once (so the grid answers) and sends the same edit to the worker, which reads CSV
// texts, checks every cell and lets the core parse the table (data-store.js). A text is
// always read in the worker and its rows come to the page in slices, so no task on the
// main thread grows with the size of the data. settled() resolves with the core's parse of
// the table as it is at that moment, pending edits included, so that an action (Train,
// restore) never starts from data about to change.
import * as T from './table.js';
import { setDataKey } from './page-state.js';
import { PAGE_LIMITS } from './limits.js';

const TEXT_DELAY_MS = 150; // typing in the CSV text box
const CHECK_DELAY_MS = 60; // edits in a row
const SLICE_CELLS = 20000; // cells per slice of rows sent to the page
const TEXT_HERE_CELLS = 20000; // a table this small gets its CSV text on the page, at once
const UNDO_STEPS = 20;
const UNDO_CELLS = 4_000_000;

export class DataController {
  #version = 0; // of the table in state.table; the worker's copy follows it
  #textTimer = 0;
  #checkTimer = 0;
  #check = Promise.resolve(); // the latest check asked for
  #loading = Promise.resolve(); // the latest text being read and its rows fetched
  #undo = [];

  // ui: { csv (textarea), inputs (input) }; hooks: { edited(), parsed(data) -> Promise?, refused(message, name), rows() }
  constructor(state, engine, ui, hooks) {
    this.state = state;
    this.engine = engine;
    this.ui = ui;
    this.hooks = hooks;
  }

  // Applies a table.js edit ('setCell', row, col, value ...) here and in the worker.
  edit(op, ...args) {
    if (this.state.loading) return false;
    this.#applyText();
    const next = T[op](this.state.table, ...args);
    if (next === this.state.table) return false;
    this.#remember();
    if (op === 'setRole') this.state.guess = null;
    const version = ++this.#version;
    this.#send('editTable', { version, op, args });
    this.#show(next);
    return true;
  }

  // Takes back the last edit of the table (a cell, a role, appended rows...); a new text or
  // table starts over.
  undo() {
    const previous = this.#undo.pop();
    if (!previous || this.state.loading) return false;
    const version = ++this.#version;
    this.#send('undoTable', { version });
    this.#show(previous);
    return true;
  }

  // A whole table (recorded readings, another part of the page).
  setTable(table) {
    this.#applyText();
    this.#undo = [];
    const version = ++this.#version;
    this.#send('setTable', { version, table });
    this.#show(table);
  }

  // CSV text as a person types it: read once the typing pauses (or when settled() asks).
  textEdited() {
    clearTimeout(this.#textTimer);
    this.#textTimer = setTimeout(() => this.#applyText(), TEXT_DELAY_MS);
  }

  inputCountEdited() {
    const n = Math.round(Number(this.ui.inputs.value));
    const t = this.state.table;
    if (n >= 0 && n <= t.names.length && n !== T.inputCount(t)) this.edit('setInputCount', n);
  }

  // A whole CSV text or file (preset, file, drop): read in the worker as every text is;
  // `inputs` columns are inputs (default: all but the last). Resolves, once its rows are
  // here, with whether it was read.
  loadCsvText(text, { inputs, preset = '', name = '' } = {}) {
    clearTimeout(this.#textTimer);
    this.#textTimer = 0;
    return this.#read(text, { inputs, preset, name, keepRoles: false });
  }

  // A table the worker already holds under `version` (a restored session): its rows come in
  // slices. Null when the table changed meanwhile (the newer change wins).
  adoptWorkerTable({ names, roles, rowCount }, version) {
    if (version !== this.#version) return null;
    this.#undo = [];
    this.#loading = this.#fetchRows({ names, roles, rows: [] }, rowCount, version, {});
    return this.#loading;
  }

  nextVersion() {
    return ++this.#version;
  }

  // { data, problem } for the table as it is now, once the core has parsed it.
  async settled() {
    this.#applyText();
    for (;;) {
      const version = this.#version;
      await this.#loading;
      if (this.#checkTimer) this.#startCheck();
      await this.#check;
      if (version === this.#version && !this.#checkTimer && !this.state.loading) return { data: this.state.data, problem: this.state.dataProblem() };
    }
  }

  // The table as CSV text (for a download), from the worker's copy.
  csvText() {
    return this.engine.call('tableCsv');
  }

  #applyText() {
    if (!this.#textTimer) return;
    clearTimeout(this.#textTimer);
    this.#textTimer = 0;
    this.#read(this.ui.csv.value, { fromText: true, keepRoles: true });
  }

  #read(text, { inputs, preset = '', name = '', keepRoles, fromText = false }) {
    const version = ++this.#version;
    const s = this.state;
    s.loading = { rows: 0, total: null };
    s.changed();
    const source = typeof text === 'string' ? { text } : { file: text };
    const reading = this.engine.call('readCsv', { version, ...source, inputs, keepRoles }).then((r) => {
      if (version !== this.#version) return false;
      if (r.refused) {
        s.loading = null;
        this.hooks.refused(r.refused, name);
        s.changed();
        return false;
      }
      this.#undo = [];
      s.preset = preset;
      s.dataName = name || (preset ? preset : s.dataName);
      s.format = r.format;
      s.guess = r.guess;
      return this.#fetchRows({ names: r.names, roles: r.roles, rows: [] }, r.rowCount, version, { fromText, problems: r.problems }).then(() => true);
    }, (e) => {
      if (version === this.#version) {
        s.loading = null;
        this.hooks.refused(e.message, name);
        s.changed();
      }
      return false;
    });
    this.#loading = reading;
    return reading;
  }

  // Shows `table` (names and roles; rows empty) and fills its rows from the worker, a slice
  // per task, drawing as they come.
  async #fetchRows(table, total, version, { fromText = false, problems = [] }) {
    const s = this.state;
    s.loading = { rows: 0, total };
    this.#show(table, { fromText, problems, check: false });
    const count = Math.max(1, Math.floor(SLICE_CELLS / Math.max(1, table.names.length)));
    let shownAt = 0;
    while (table.rows.length < total) {
      const part = await this.engine.call('tableRows', { version, from: table.rows.length, count });
      if (version !== this.#version || !part) return;
      for (const r of part) table.rows.push(r);
      s.loading = { rows: table.rows.length, total };
      if (performance.now() - shownAt > 150) {
        shownAt = performance.now();
        this.hooks.rows();
        s.changed();
      }
    }
    if (version !== this.#version) return;
    s.loading = null;
    this.#show(table, { fromText, problems });
  }

  #show(table, { fromText = false, problems = [], check = true } = {}) {
    const s = this.state;
    s.table = table;
    s.validation = null;
    s.syntax = problems[0] ?? null;
    s.data = null;
    s.dataError = null;
    if (!fromText) {
      clearTimeout(this.#textTimer);
      this.#textTimer = 0;
    }
    // The text box shows the table the moment it changes, so that what it shows (and what a
    // person then types into it) is never an older table; a large table's text comes with
    // the worker's check.
    this.#textFromWorker = !fromText && !(check && this.#writeText(table));
    this.ui.inputs.value = String(T.inputCount(table));
    clearTimeout(this.#checkTimer);
    this.#checkTimer = 0;
    if (check) this.#checkTimer = setTimeout(() => this.#startCheck(), CHECK_DELAY_MS);
    this.hooks.edited();
    s.changed();
  }

  #textFromWorker = false;

  // Writes a small table's CSV into the text box; false when the table is too large for that.
  #writeText(table) {
    if (table.rows.length * Math.max(1, table.names.length) > TEXT_HERE_CELLS) return false;
    const text = T.tableCsv(table);
    if (text.length > PAGE_LIMITS.maxTextBoxChars) return false;
    this.ui.csv.value = text;
    this.ui.csv.placeholder = '';
    return true;
  }

  #startCheck() {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = 0;
    this.#check = this.#checkTable(this.#version, this.state.table, this.#textFromWorker);
  }

  async #checkTable(version, table, withText) {
    const s = this.state;
    let r;
    try {
      r = await this.engine.call('checkTable', { withText });
    } catch (e) {
      if (version !== this.#version) return;
      s.dataError = { row: -1, col: 0, message: e.message };
      s.changed();
      return;
    }
    if (version !== this.#version || r.version !== version) return;
    s.validation = r.validation;
    if (s.syntax) {
      s.validation.errors.unshift(s.syntax);
      s.validation.count += 1;
    }
    if (withText && !this.#textTimer) {
      this.ui.csv.value = r.text ?? '';
      this.ui.csv.placeholder = r.text === null ? `This table is too large to show as text (${(r.chars / 1048576).toFixed(1)} MB): edit it in the table, or paste a whole new CSV here.` : '';
    }
    s.dataError = r.dataError;
    if (r.digest) setDataKey(table, r.digest);
    if (r.data) {
      s.data = r.data;
      s.kind = r.data.classNames?.length ? 'classes' : targetKind(r.data);
      await this.hooks.parsed(r.data);
    }
    s.changed();
  }

  #send(op, args) {
    this.engine.call(op, args).catch((e) => {
      this.state.dataError = { row: -1, col: 0, message: `The table could not be updated: ${e.message}` };
      this.state.changed();
    });
  }

  // Keeps the table before an edit, as the worker does (data-store.js): the same steps and
  // cells, so that an undo takes both back to the same table.
  #remember() {
    this.#undo.push(this.state.table);
    let cells = 0;
    for (let k = this.#undo.length - 1; k >= 0; k--) {
      cells += this.#undo[k].rows.length * Math.max(1, this.#undo[k].names.length);
      if (cells > UNDO_CELLS || this.#undo.length - k > UNDO_STEPS) {
        this.#undo.splice(0, k + 1);
        break;
      }
    }
  }
}

// How the summary describes the targets: 'binary' (one 0/1 output), 'classes' (several
// 0/1 outputs) or 'regression' (numbers). Accuracy and classes come from the core.
function targetKind(d) {
  for (const t of d.targets) if (t !== 0 && t !== 1) return 'regression';
  return d.outputCount === 1 ? 'binary' : 'classes';
}
