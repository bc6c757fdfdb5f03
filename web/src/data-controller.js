// The data set: the table a person edits (cells, CSV text, input count, presets, files),
// checked at the cell as it changes, then parsed by the core in the worker. settled()
// resolves with the core's parse of the table as it is at that moment, pending edits
// included, so that an action (Train, restore) never starts from data about to change.
import { parseCsv } from './csv.js';
import * as T from './table.js';
import { datasetOf } from './page-state.js';

const TEXT_DELAY_MS = 150; // typing in the CSV text box
const PARSE_DELAY_MS = 120; // edits in a row

export class DataController {
  #textTimer = 0;
  #parseTimer = 0;
  #parse = Promise.resolve(); // the latest parse started

  // ui: { csv (textarea), inputs (input) }; hooks: { edited(), parsed(data) -> Promise? }
  constructor(state, engine, ui, hooks) {
    this.state = state;
    this.engine = engine;
    this.ui = ui;
    this.hooks = hooks;
  }

  // Applies an edit (table -> table) to the current table.
  edit(change) {
    this.#applyText();
    this.setTable(change(this.state.table));
  }

  setTable(table, { fromText = false, syntax = null } = {}) {
    const s = this.state;
    s.table = table;
    s.validation = T.validate(table);
    if (syntax) s.validation.errors.unshift(syntax);
    if (!fromText) {
      clearTimeout(this.#textTimer);
      this.#textTimer = 0;
      this.ui.csv.value = T.tableCsv(table);
    }
    this.ui.inputs.value = String(T.inputCount(table));
    s.data = null;
    s.dataError = null;
    clearTimeout(this.#parseTimer);
    this.#parseTimer = setTimeout(() => this.#startParse(), PARSE_DELAY_MS);
    this.hooks.edited();
    s.changed();
  }

  // CSV text as a person types it: applied once the typing pauses (or when settled() asks).
  textEdited() {
    clearTimeout(this.#textTimer);
    this.#textTimer = setTimeout(() => this.#applyText(), TEXT_DELAY_MS);
  }

  inputCountEdited() {
    const n = Math.round(Number(this.ui.inputs.value));
    const t = this.state.table;
    const same = t.roles.every((r, c) => r === (r === 'ignore' ? 'ignore' : c < n ? 'input' : 'target'));
    if (n >= 0 && n <= t.names.length && !same) this.edit((table) => T.setInputCount(table, n));
  }

  // A whole CSV text (preset, file); `inputs` columns are inputs (default: all but the last).
  loadCsvText(text, inputs, preset = '') {
    const p = parseCsv(text);
    this.state.preset = preset;
    const syntax = p.problems.length ? { row: Math.max(0, p.problems[0].row), col: 0, message: `CSV syntax: ${p.problems[0].message}` } : null;
    this.setTable(T.makeTable(p.names, p.rows, Number.isInteger(inputs) ? inputs : undefined), { syntax });
  }

  // { data, problem } for the table as it is now, once the core has parsed it.
  async settled() {
    this.#applyText();
    for (;;) {
      const table = this.state.table;
      if (this.#parseTimer) this.#startParse();
      await this.#parse;
      if (this.state.table === table) return { data: this.state.data, problem: this.state.dataProblem() };
    }
  }

  #applyText() {
    if (!this.#textTimer) return;
    clearTimeout(this.#textTimer);
    this.#textTimer = 0;
    const p = parseCsv(this.ui.csv.value);
    const keep = Number(this.ui.inputs.value);
    const n = keep >= 1 && keep < p.names.length ? keep : undefined;
    this.setTable(T.makeTable(p.names, p.rows, n), { fromText: true });
  }

  #startParse() {
    clearTimeout(this.#parseTimer);
    this.#parseTimer = 0;
    this.#parse = this.#parseTable(this.state.table);
  }

  async #parseTable(table) {
    const s = this.state;
    if (s.validation.errors.length) return;
    const ds = datasetOf(table);
    let data;
    try {
      data = await this.engine.call('parse', { csv: ds.csv, inputs: ds.inputs });
    } catch (e) {
      if (s.table !== table) return;
      s.dataError = { ...T.cellOfCoreError(ds.columns, e.line, e.column), message: e.detail ?? e.message };
      s.changed();
      return;
    }
    if (s.table !== table) return;
    s.data = data;
    s.kind = data.classNames?.length ? 'classes' : targetKind(data);
    await this.hooks.parsed(data);
    s.changed();
  }
}

// How the summary describes the targets: 'binary' (one 0/1 output), 'classes' (several
// 0/1 outputs) or 'regression' (numbers). Accuracy and classes come from the core.
function targetKind(d) {
  for (const t of d.targets) if (t !== 0 && t !== 1) return 'regression';
  return d.outputCount === 1 ? 'binary' : 'classes';
}
