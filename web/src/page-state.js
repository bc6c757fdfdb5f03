// The page's state, in one object. Controllers change it and then call changed(); the
// views listening re-render from it, synchronously, so that what the page shows always
// follows the last change and never the order in which events happened to arrive.
import * as T from './table.js';

export class PageState {
  #listeners = [];

  constructor() {
    this.engine = 'loading'; // 'loading' | 'ready' | 'failed'
    this.engineError = '';
    this.table = T.makeTable([], [], 0);
    this.validation = null; // the worker's check of `table`: { errors (the first), count }; null while checking
    this.syntax = null; // a CSV syntax problem of the text the table was read from
    this.loading = null; // while a table's rows come from the worker: { rows, total }
    this.format = null; // what the reader found in the text: { separator, decimalComma }
    this.guess = null; // a few whole numbers read as classes: { column, distinct }
    this.dataName = ''; // the file or preset the data came from
    this.data = null; // the core's parse of `table`; null while parsing or when the table has errors
    this.dataError = null; // the core's error for `table`, at a cell: { row, col, message }
    this.kind = ''; // 'classes' | 'binary' | 'regression'
    this.testData = null; // test-data-controller.js: { choice, summary (the worker's), problem }
    this.preset = '';
    this.training = false; // from the Train click until the run and its views are done
    this.model = null; // the current model: { key, epoch, base, target, loss, history, snap }
    this.version = 0; // bumps whenever the model's weights may have changed
  }

  onChange(listener) {
    this.#listeners.push(listener);
  }

  changed() {
    for (const listener of this.#listeners) listener(this);
  }

  // The first problem with the data that blocks training, or null.
  dataProblem() {
    return this.dataError ?? this.validation?.errors[0] ?? null;
  }
}

// What a model is built from: the settings that shape it and the data set it learns
// (`rows`: which of the table's rows, when test data holds some out; '' for all).
// A model is current while the form and the table still give the same key.
export function modelKey(settings, table, rows = '') {
  const { hidden, activations, output, bias, normalize, init, seed } = settings;
  return JSON.stringify([hidden, activations, output, !!bias, !!normalize, init, Number(seed), dataKey(table), ...(rows ? [rows] : [])]);
}

// A digest of the data set the core read from a table (the worker computes it with each
// check). Tables are never changed in place (every edit makes a new one), so it is kept
// per table; a table still being checked has the key of the last one checked, so the model
// shown does not flicker to "changed" while an edit that changed nothing is checked.
const dataKeys = new WeakMap();
let lastDataKey = '';
export function setDataKey(table, key) {
  dataKeys.set(table, key);
  lastDataKey = key;
}
export const dataKey = (table) => dataKeys.get(table) ?? lastDataKey;
