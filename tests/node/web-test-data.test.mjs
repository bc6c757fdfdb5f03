// The page's test data without a browser: the choice and its checks (test-data.js), the
// worker's reading of a split or a second CSV with the real core (test-data-worker.js), the
// row sets the views draw, and the decision map's plane (decision-map-grid.js).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sanitizeChoice, splitRequest, trainingRowsKey, rowSets, describeTest, NO_TEST_DATA } from '../../web/src/test-data.js';
import { TestDataRows } from '../../web/src/test-data-worker.js';
import { gridRows, axisSpan, inputMeans, cellAt } from '../../web/src/decision-map-grid.js';
import { modelKey } from '../../web/src/page-state.js';
import * as T from '../../web/src/table.js';
import { parseCsv } from '../../web/src/csv.js';
import { loadMicrodff } from '../../wasm/js/microdff.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.MICRODFF_WASM_DIR || 'build/wasm/wasm');
const haveWasm = fs.existsSync(path.join(wasmDir, 'microdff.wasm'));
if (!haveWasm && process.env.CI === 'true') throw new Error(`${wasmDir}/microdff.wasm is missing`);
const irisCsv = fs.readFileSync(path.join(repo, 'examples/iris.csv'), 'utf8');
const LIMITS = { validationFraction: { min: 0.01, max: 0.9 }, seed: { min: 0, max: 9007199254740991 } };

describe('the choice', () => {
  test('a session keeps only a known choice, with its fields', () => {
    assert.deepEqual(sanitizeChoice(null), NO_TEST_DATA);
    assert.deepEqual(sanitizeChoice({ mode: 'bogus' }), NO_TEST_DATA);
    assert.deepEqual(sanitizeChoice({ mode: 'split', percent: 25, seed: 3, extra: 'x' }), { mode: 'split', percent: 25, seed: 3 });
    assert.deepEqual(sanitizeChoice({ mode: 'split' }), { mode: 'split', percent: 20, seed: 1 });
    assert.deepEqual(sanitizeChoice({ mode: 'file', csv: 'a,b\n1,2\n', name: 7 }), { mode: 'file', name: '', csv: 'a,b\n1,2\n' });
    assert.deepEqual(sanitizeChoice({ mode: 'file', csv: 5 }), NO_TEST_DATA);
  });

  test('a split asks the core for a fraction within its limits, and says the range in percent', () => {
    assert.deepEqual(splitRequest({ percent: 20, seed: 4 }, LIMITS), { fraction: 0.2, seed: 4 });
    assert.deepEqual(splitRequest({ percent: '35', seed: '0' }, LIMITS), { fraction: 0.35, seed: 0 });
    for (const percent of [0, 95, '', 'x']) assert.equal(splitRequest({ percent, seed: 1 }, LIMITS).problem, 'Hold out from 1 to 90 % of the rows.');
    assert.match(splitRequest({ percent: 20, seed: 1.5 }, LIMITS).problem, /whole number from 0/);
    assert.match(splitRequest({ percent: 20, seed: '' }, LIMITS).problem, /whole number/);
  });

  test('only a split changes the rows the network learns from, so only it changes the model key', () => {
    assert.equal(trainingRowsKey(NO_TEST_DATA), '');
    assert.equal(trainingRowsKey({ mode: 'file', csv: 'a\n' }), '');
    assert.notEqual(trainingRowsKey({ mode: 'split', percent: 20, seed: 1 }), trainingRowsKey({ mode: 'split', percent: 20, seed: 2 }));
    const table = T.makeTable(['a', 'y'], [['1', '0'], ['2', '1']], 1);
    const settings = { hidden: [4], activations: ['relu'], output: 'sigmoid', bias: true, normalize: false, init: 'he', seed: 1 };
    assert.equal(modelKey(settings, table, ''), modelKey(settings, table), 'a key without test data is the key it always was');
    assert.notEqual(modelKey(settings, table, 'split:20:1'), modelKey(settings, table));
  });

  test('the row sets: held-out rows leave the training rows, numbered as in the table', () => {
    const data = { rows: 5, inputCount: 2, outputCount: 1, inputNames: ['a', 'b'], outputNames: ['y'], classNames: [], inputs: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]), targets: Float32Array.from([0, 1, 0, 1, 0]), labels: new Uint32Array(0) };
    const none = rowSets(data, null);
    assert.equal(none.train.rows, 5);
    assert.equal(none.test, null);
    const split = rowSets(data, { heldOut: Uint32Array.from([1, 3]) });
    assert.deepEqual([...split.train.rowNumbers], [1, 3, 5]);
    assert.deepEqual([...split.train.inputs], [0, 0, 2, 2, 4, 4]);
    assert.deepEqual([...split.test.rowNumbers], [2, 4]);
    assert.deepEqual([...split.test.targets], [1, 1]);
    const file = { ...data, rows: 1, inputs: Float32Array.from([9, 9]), targets: Float32Array.from([1]) };
    const withFile = rowSets(data, { file });
    assert.equal(withFile.train.rows, 5);
    assert.deepEqual([...withFile.test.inputs], [9, 9]);
    assert.equal(withFile.test.from, 'file');
    assert.match(describeTest({ mode: 'split' }, { testRows: 2, trainRows: 3 }), /^2 rows held out for testing, 3 rows to learn from/);
  });
});

describe('the worker reads a split or a second CSV with the core', { skip: !haveWasm && 'no wasm build' }, () => {
  let dff;
  let iris;
  // Iris as the page reads it: the species column holds classes.
  const irisTable = () => {
    const p = parseCsv(irisCsv);
    return T.makeTable(p.names, p.rows, undefined, 'classes');
  };
  before(async () => {
    const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
    dff = await loadMicrodff({ factory, wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
    iris = dff.parseDataset(irisCsv);
  });

  test('hold out 20 % with a seed: the core\'s split, the rows it held out', () => {
    const rows = new TestDataRows();
    rows.choose({ mode: 'split', percent: 20, seed: 7 }, irisTable());
    const s = rows.summary(dff, iris);
    const core = dff.splitDataset(iris, { fraction: 0.2, seed: 7 });
    assert.equal(s.problem, null);
    assert.equal(s.testRows, 30);
    assert.equal(s.trainRows, 120);
    assert.deepEqual([...s.heldOut], [...core.validationRows]);
    const sets = rows.sets(dff, iris);
    assert.deepEqual([...sets.validation.inputs], [...core.validation.inputs]);
    assert.equal(rows.sets(dff, iris), sets, 'computed once per data set and choice');
  });

  test('a split the core cannot make, or out of the limits, is a problem, not a silent fallback', () => {
    const rows = new TestDataRows();
    rows.choose({ mode: 'split', percent: 95, seed: 1 });
    assert.match(rows.summary(dff, iris).problem.message, /from 1 to 90 %/);
    const four = dff.parseDataset('a,y\n1,0\n2,1\n3,0\n4,1\n', { inputs: 1 });
    rows.choose({ mode: 'split', percent: 5, seed: 1 });
    assert.match(rows.summary(dff, four).problem.message, /leaves no validation rows/);
  });

  test('a second CSV is read with the table\'s roles and classes, its classes in the model\'s order', () => {
    const table = T.setRole(irisTable(), 1, 'ignore'); // sepal_width ignored
    const ds = T.toDatasetCsv(table);
    const data = dff.parseDataset(ds.csv, { inputs: ds.inputs, targets: ds.targets });
    const lines = irisCsv.trim().split('\n');
    // Only virginica and setosa rows, virginica first: labels follow the training data's classes.
    const csv = [lines[0], lines[150], lines[1]].join('\n') + '\n';
    const rows = new TestDataRows();
    rows.choose({ mode: 'file', name: 'test.csv', csv }, table);
    const s = rows.summary(dff, data);
    assert.equal(s.problem, null);
    assert.equal(s.testRows, 2);
    assert.equal(s.file.inputCount, 3);
    assert.deepEqual(s.file.classNames, data.classNames);
    assert.deepEqual([...s.file.labels], [data.classNames.indexOf('virginica'), data.classNames.indexOf('setosa')]);
    assert.deepEqual([...s.file.inputs.slice(0, 3)], lines[150].split(',').slice(0, 4).filter((_, i) => i !== 1).map(Number).map(Math.fround));
    assert.equal(rows.sets(dff, data).train, data, 'a second CSV leaves the training rows alone');
  });

  test('a second CSV that does not match says where', () => {
    const rows = new TestDataRows();
    const table = irisTable();
    const problem = (csv) => {
      rows.choose({ mode: 'file', name: 'test.csv', csv }, table);
      return rows.summary(dff, iris).problem?.message;
    };
    assert.equal(problem('a,b\n1,2\n'), 'test.csv: it has 2 columns, the table 5: use the same columns in the same order');
    assert.match(problem('sepal_length,sepal_width,petal_width,petal_length,species\n1,2,3,4,setosa\n'), /^test.csv: column 3 is 'petal_width' here but 'petal_length' in the table/);
    const header = irisCsv.split('\n')[0];
    assert.match(problem(`${header}\n5.1,3.5,1.4,x,setosa\n`), /^test.csv: Row 1, column 'petal_width': 'x' is not a number/);
    assert.match(problem(`${header}\n5.1,3.5,1.4,0.2,setosa\n5.1,3.5,1.4,0.2,rose\n`), /^test.csv: row 2, column 'species': unknown class 'rose'/);
    assert.equal(problem(`${header}\n`), 'test.csv: no rows');
    assert.equal(problem('5.1,3.5,1.4,0.2,setosa\n'), undefined, 'no header: read by position');
    const wide = `${header}\n5.1,3.5,1.4,0.2,setosa\n${'1,'.repeat(100000)}1\n`;
    assert.equal(problem(wide), 'test.csv: line 3 has more than the table\'s 5 columns: use the same columns in the same order', 'stops at the first record wider than the table');
    const t0 = performance.now();
    const big = `${header}\n${'5.1,3.5,1.4,0.2,setosa\n'.repeat(1_500_000)}`;
    assert.equal(problem(big), `test.csv: it has ${big.length.toLocaleString('en-US')} characters; the page reads CSV texts of up to 33,554,432 (dff train reads larger files)`);
    assert.ok(performance.now() - t0 < 1000, 'refused before it is parsed');
  });

  test('a second CSV follows a column marked classes: whole-number labels are classes there too', () => {
    const table = { names: ['a', 'label'], rows: [['0', '0'], ['1', '1'], ['2', '2'], ['3', '0']], roles: ['input', 'classes'] };
    const ds = T.toDatasetCsv(table);
    const data = dff.parseDataset(ds.csv, { inputs: ds.inputs, targets: ds.targets });
    const rows = new TestDataRows();
    rows.choose({ mode: 'file', name: 'test.csv', csv: 'a,label\n5,2\n6,1\n' }, table);
    const s = rows.summary(dff, data);
    assert.equal(s.problem, null);
    assert.equal(s.file.outputCount, data.outputCount);
    assert.deepEqual([...s.file.labels], [data.classNames.indexOf('2'), data.classNames.indexOf('1')]);
  });
});

describe('the decision map\'s plane', () => {
  test('grid rows hold the base row with the two axes running across and up, at cell centres', () => {
    const rows = gridRows({ base: Float32Array.from([7, 8, 9]), axes: [2, 0], x0: 0, x1: 4, y0: -2, y1: 2, n: 2 });
    assert.deepEqual([...rows], [
      1, 8, 1, /* top left: x 1, y 1 */ 1, 8, 3,
      -1, 8, 1, /* bottom row: y -1 */ -1, 8, 3,
    ]);
  });

  test('axis spans cover every set, padded; a constant input spans +-1', () => {
    const a = { rows: 2, inputCount: 2, inputs: Float32Array.from([0, 5, 10, 5]) };
    const b = { rows: 1, inputCount: 2, inputs: Float32Array.from([20, 5]) };
    assert.deepEqual(axisSpan([a, b], 0, 0.1), { lo: -2, hi: 22 });
    assert.deepEqual(axisSpan([a, null], 1), { lo: 4, hi: 6 });
  });

  test('means of the inputs, and the cell under a point', () => {
    assert.deepEqual([...inputMeans({ rows: 2, inputCount: 2, inputs: Float32Array.from([1, 2, 3, 6]) })], [2, 4]);
    const plane = { x0: 0, x1: 10, y0: 0, y1: 10, n: 10 };
    assert.deepEqual(cellAt(plane, 0.5, 9.5), { i: 0, j: 0, k: 0 });
    assert.deepEqual(cellAt(plane, 9.5, 0.5), { i: 9, j: 9, k: 99 });
    assert.equal(cellAt(plane, 11, 5), null);
  });
});
