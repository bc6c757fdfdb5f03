// The worker's side of the data: the same table the page shows, kept by applying the same
// edits (table.js), and everything about it that costs time in proportion to its size:
// reading CSV text, checking every cell, writing the CSV the core reads, the core's parse
// and a digest of what it read. The page never does these on its main thread.
import * as T from './table.js';
import { readTable } from './table-reader.js';
import { PAGE_LIMITS } from './limits.js';

const UNDO_STEPS = 20;
const UNDO_CELLS = 4_000_000; // cells kept for undo, over all steps

export class DataStore {
  constructor() {
    this.table = T.makeTable([], [], 0);
    this.version = 0;
    this.dataset = null; // the core's parse of the table, when it has no problems
    this.undo = [];
  }

  // A CSV text read as the page reads every text (table-reader.js); the table becomes it
  // unless it was refused. { refused } or { names, roles, rowCount, format, guess, problems }.
  read({ version, text, inputs, keepRoles }, dff, caps) {
    const r = readTable(text, { caps, previous: keepRoles ? this.table : null, inputs, guessClasses: (cells) => dff.guessClasses(cells) });
    if (r.refused) {
      this.version = version;
      return { refused: r.refused };
    }
    this.replace(r.table, version);
    const t = r.table;
    return { names: t.names, roles: t.roles, rowCount: t.rows.length, format: r.format, guess: r.guess, problems: r.problems };
  }

  replace(table, version) {
    this.undo = [];
    this.table = table;
    this.version = version;
  }

  // An edit the page made (a table.js function and its arguments).
  edit({ version, op, args }) {
    if (!EDITS.has(op)) throw new Error(`unknown table edit ${op}`);
    const next = T[op](this.table, ...args);
    if (next !== this.table) this.#remember();
    this.table = next;
    this.version = version;
  }

  // Goes back one edit, as the page does.
  back({ version }) {
    const previous = this.undo.pop();
    if (previous) this.table = previous;
    this.version = version;
  }

  rows({ version, from, count }) {
    if (version !== this.version) return null;
    return this.table.rows.slice(from, from + count);
  }

  // Checks every cell, then lets the core read what passed: { version, validation,
  // data | null, dataError | null, digest, text | null, chars }.
  check({ withText }, dff) {
    const t = this.table;
    const validation = T.validate(t);
    const out = { version: this.version, validation, data: null, dataError: null, digest: '', text: null, chars: 0 };
    if (withText) {
      out.chars = t.rows.reduce((n, r) => n + r.reduce((m, c) => m + c.length + 1, 0), 0);
      if (out.chars <= PAGE_LIMITS.maxTextBoxChars) out.text = T.tableCsv(t);
    }
    this.dataset = null;
    if (validation.count) return out;
    const ds = T.toDatasetCsv(t);
    out.digest = digest(`${ds.inputs}|${ds.targets}|${ds.csv}`);
    try {
      this.dataset = dff.parseDataset(ds.csv, { inputs: ds.inputs, targets: ds.targets });
    } catch (e) {
      out.dataError = { ...T.cellOfCoreError(ds.columns, e.line, e.column), message: e.detail ?? e.message };
      return out;
    }
    const d = this.dataset;
    out.data = {
      rows: d.rows, inputCount: d.inputCount, outputCount: d.outputCount, inputNames: d.inputNames, outputNames: d.outputNames,
      classNames: d.classNames, classesFromNumbers: d.classesFromNumbers, labelColumn: d.labelColumn, defaults: dff.defaults(d), normalizationReason: dff.normalizationReason(d),
      inputs: d.inputs.slice(), targets: d.targets.slice(), labels: d.labels?.slice(),
    };
    return out;
  }

  csv() {
    return T.tableCsv(this.table);
  }

  #remember() {
    this.undo.push(this.table);
    let cells = 0;
    for (let k = this.undo.length - 1; k >= 0; k--) {
      cells += this.undo[k].rows.length * Math.max(1, this.undo[k].names.length);
      if (cells > UNDO_CELLS || this.undo.length - k > UNDO_STEPS) {
        this.undo.splice(0, k + 1);
        break;
      }
    }
  }
}

// The edits the page may send (table.js functions taking the table first).
const EDITS = new Set(['setCell', 'setName', 'setRole', 'setInputCount', 'addRow', 'removeRow', 'addColumn', 'removeColumn', 'appendRows', 'removeLastRows']);

// A 64-bit FNV-1a digest of a text, in hex: what a model was trained on, so that a model
// stays current while the data set the core reads is the same.
export function digest(text) {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
