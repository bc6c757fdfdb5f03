// The worker's side of the test data: from the person's choice and the data set the core
// parsed, the rows the network learns from and the rows it is tested on. A split is the
// core's (dff.splitDataset); a second CSV is read with the table's columns and roles and
// parsed by the core with the data set's classes (as `dff train --validation FILE.csv`).
import { parseCsv } from './csv.js';
import * as T from './table.js';
import { PAGE_LIMITS } from './limits.js';
import { NO_TEST_DATA, sanitizeChoice, splitRequest, tooLong } from './test-data.js';

export class TestDataRows {
  #choice = NO_TEST_DATA;
  #columns = null; // the table's { names, roles }, to read a second CSV like it
  #cache = null; // { dataset, sets } for the last data set asked about

  // choice: as test-data.js's sanitizeChoice; columns: the table's { names, roles }.
  choose(choice, columns) {
    this.#choice = sanitizeChoice(choice);
    if (columns) this.#columns = { names: columns.names.slice(), roles: columns.roles.slice() };
    this.#cache = null;
  }

  get active() {
    return this.#choice.mode !== 'none';
  }

  // { train, validation (null without test data), heldOut (table rows, split only), file
  // (the second CSV's parse), problem } for `dataset`; computed once per data set and choice.
  sets(dff, dataset) {
    if (!dataset) return { train: null, validation: null, heldOut: null, file: null, problem: null };
    if (this.#cache?.dataset !== dataset) this.#cache = { dataset, sets: this.#compute(dff, dataset) };
    return this.#cache.sets;
  }

  // What the page shows and draws: row counts, the held-out rows or the file's rows, the problem.
  summary(dff, dataset) {
    const s = this.sets(dff, dataset);
    if (!dataset) return { mode: this.#choice.mode, problem: null, trainRows: 0, testRows: 0, heldOut: null, file: null };
    const f = s.file;
    return {
      mode: this.#choice.mode,
      problem: s.problem,
      trainRows: s.train?.rows ?? 0,
      testRows: s.validation?.rows ?? 0,
      heldOut: s.heldOut ? s.heldOut.slice() : null,
      file: f ? { rows: f.rows, inputCount: f.inputCount, outputCount: f.outputCount, inputNames: f.inputNames, outputNames: f.outputNames, classNames: f.classNames, inputs: f.inputs.slice(), targets: f.targets.slice(), labels: f.labels?.slice() } : null,
    };
  }

  #compute(dff, dataset) {
    const none = { train: dataset, validation: null, heldOut: null, file: null, problem: null };
    const c = this.#choice;
    if (c.mode === 'split') {
      const ask = splitRequest(c, dff.rules.limits);
      if (ask.problem) return { ...none, problem: { message: ask.problem } };
      try {
        const { train, validation, validationRows } = dff.splitDataset(dataset, ask);
        return { train, validation, heldOut: validationRows, file: null, problem: null };
      } catch (e) {
        return { ...none, problem: { message: e.detail ?? e.message } };
      }
    }
    if (c.mode === 'file') {
      try {
        const file = this.#readFile(dff, dataset, c);
        return { train: dataset, validation: file, heldOut: null, file, problem: null };
      } catch (e) {
        return { ...none, problem: { message: e.detail ?? e.message } };
      }
    }
    return none;
  }

  // The second CSV, read as the table is: the same columns (by position; names must agree
  // when it has a header), the table's roles, every cell checked, then the core's parse.
  #readFile(dff, dataset, { name, csv }) {
    const source = name || 'the test data';
    const fail = (text) => {
      throw new Error(`${source}: ${text}`);
    };
    const columns = this.#columns;
    if (!columns) fail('no table to read it like');
    if (csv.length > PAGE_LIMITS.maxCsvChars) fail(tooLong(csv.length, PAGE_LIMITS.maxCsvChars));
    // A record wider than the table stops the reading there (the table's width is the cap).
    const p = parseCsv(csv, { maxColumns: columns.names.length });
    if (p.tooWide) fail(`line ${p.tooWide.line} has more than the table's ${columns.names.length} columns: use the same columns in the same order`);
    if (p.problems.length) fail(`CSV syntax: ${p.problems[0].message}`);
    const width = p.names.length;
    if (!p.rows.length) fail('no rows');
    if (width !== columns.names.length)
      fail(`it has ${width} column${width === 1 ? '' : 's'}, the table ${columns.names.length}: use the same columns in the same order`);
    if (p.hasHeader) {
      const c = p.names.findIndex((n, i) => n !== columns.names[i]);
      if (c >= 0) fail(`column ${c + 1} is '${p.names[c]}' here but '${columns.names[c]}' in the table: use the same columns in the same order`);
    }
    const table = { names: columns.names, rows: p.rows, roles: columns.roles };
    const checked = T.validate(table);
    if (checked.errors.length) fail(checked.errors[0].message);
    const ds = T.toDatasetCsv(table);
    try {
      return dff.parseDataset(ds.csv, { inputs: ds.inputs, targets: ds.targets, source, classNames: dataset.classNames?.length ? dataset.classNames : undefined });
    } catch (e) {
      const row = Number.isInteger(e.line) ? `row ${e.line - 1}, ` : '';
      const col = Number.isInteger(e.column) ? `column '${columns.names[ds.columns[e.column - 1]] ?? e.column}': ` : '';
      fail(`${row}${col}${e.detail ?? e.message}`);
    }
  }
}
