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
    this.validation = T.validate(this.table);
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
  const { csv, inputs } = datasetOf(table);
  return JSON.stringify([hidden, activations, output, !!bias, !!normalize, init, Number(seed), inputs, csv, ...(rows ? [rows] : [])]);
}

// The table as the core reads it (T.toDatasetCsv). Tables are never changed in place
// (every edit makes a new one), so this is computed once per table.
const datasets = new WeakMap();
export function datasetOf(table) {
  if (!datasets.has(table)) datasets.set(table, T.toDatasetCsv(table));
  return datasets.get(table);
}
