// Pure-JS data helpers of the web page: CSV <-> table, validation at the cell, the CSV the core reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsv, isNumber, toCsv } from '../../web/src/csv.js';
import * as T from '../../web/src/table.js';

const seed = readFileSync(new URL('../../examples/seed.csv', import.meta.url), 'utf8');
const iris = readFileSync(new URL('../../examples/iris.csv', import.meta.url), 'utf8');

test('isNumber follows the core: decimal, finite, float range', () => {
  for (const s of ['0', '-1', '+.5', '2.', '6.02e23', '1E-3']) assert.equal(isNumber(s), true, s);
  for (const s of ['', 'abc', '1,5', 'NaN', 'Infinity', '0x10', '1e39', '.', '1 2', '--1']) assert.equal(isNumber(s), false, s);
});

test('seed CSV parses with header and round-trips', () => {
  const p = parseCsv(seed);
  assert.equal(p.hasHeader, true);
  assert.deepEqual(p.names, ['i1', 'i2', 'i3', 's1', 's2']);
  assert.equal(p.rows.length, 8);
  assert.deepEqual(p.rows[1], ['0', '0', '1', '0', '1']);
  assert.equal(toCsv(p.names, p.rows), seed);
});

test('headerless CSV gets default names; quotes, CRLF, blank lines and spaces', () => {
  const p = parseCsv('1,2,0\r\n\r\n 3 , 4 ,1\r\n');
  assert.equal(p.hasHeader, false);
  assert.deepEqual(p.names, ['x1', 'x2', 'y1']);
  assert.deepEqual(p.rows, [['1', '2', '0'], ['3', '4', '1']]);
  const q = parseCsv('"a,b",c\n1,"x ""y"""\n');
  assert.deepEqual(q.names, ['a,b', 'c']);
  assert.deepEqual(q.rows, [['1', 'x "y"']]);
  assert.equal(parseCsv(toCsv(q.names, q.rows)).rows[0][1], 'x "y"');
});

test('valid seed table: 3 inputs, 2 numeric outputs, no errors', () => {
  const p = parseCsv(seed);
  const t = T.makeTable(p.names, p.rows, 3);
  const v = T.validate(t);
  assert.deepEqual(v.errors, []);
  assert.equal(v.kind, 'numeric');
  assert.equal(v.inputCount, 3);
  assert.equal(v.outputCount, 2);
});

test('class-label column is recognised as classes (one-hot)', () => {
  const p = parseCsv(iris);
  const v = T.validate(T.makeTable(p.names, p.rows, 4));
  assert.deepEqual(v.errors, []);
  assert.equal(v.kind, 'classes');
  assert.deepEqual(v.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(v.outputCount, 3);
});

test('non-numeric input is reported at its cell', () => {
  const p = parseCsv('a,b,y\n1,2,0\n3,oops,1\n');
  const v = T.validate(T.makeTable(p.names, p.rows, 2));
  assert.equal(v.errors.length, 1);
  assert.deepEqual({ row: v.errors[0].row, col: v.errors[0].col }, { row: 1, col: 1 });
  assert.match(v.errors[0].message, /'oops' is not a number/);
});

test('ragged rows are reported at the missing or extra cell', () => {
  const p = parseCsv('a,b,y\n1,2,0\n3,1\n1,2,3,4\n');
  const v = T.validate(T.makeTable(p.names, p.rows, 2));
  const cells = v.errors.map((e) => [e.row, e.col]);
  assert.deepEqual(cells, [[1, 2], [2, 3]]);
  assert.match(v.errors[0].message, /missing/);
  assert.match(v.errors[1].message, /extra/);
});

test('mixed labels and numbers in a class column: the odd cells are flagged', () => {
  const p = parseCsv('a,y\n1,cat\n2,dog\n3,7\n');
  const v = T.validate(T.makeTable(p.names, p.rows, 1));
  assert.deepEqual(v.errors.map((e) => [e.row, e.col]), [[2, 1]]);
});

test('table edits: add/remove rows and columns, roles, input count', () => {
  let t = T.makeTable(['a', 'b', 'y'], [['1', '2', '0']], 2);
  t = T.addRow(t);
  assert.deepEqual(t.rows[1], ['', '', '']);
  assert.ok(T.validate(t).errors.some((e) => e.row === 1 && e.col === 0));
  t = T.setCell(t, 1, 0, '4');
  t = T.setCell(t, 1, 1, '5');
  t = T.setCell(t, 1, 2, '1');
  assert.deepEqual(T.validate(t).errors, []);
  t = T.addColumn(t, 1, 'c', 'input');
  assert.deepEqual(t.names, ['a', 'c', 'b', 'y']);
  assert.deepEqual(t.rows[0], ['1', '', '2', '0']);
  t = T.removeColumn(t, 1);
  assert.deepEqual(t.names, ['a', 'b', 'y']);
  t = T.setRole(t, 0, 'target');
  assert.deepEqual(t.roles, ['target', 'input', 'target']);
  t = T.setInputCount(t, 1);
  assert.deepEqual(t.roles, ['input', 'target', 'target']);
  t = T.removeRow(t, 0);
  assert.equal(t.rows.length, 1);
});

test('dataset CSV puts inputs first and maps core errors back to cells', () => {
  let t = T.makeTable(['y', 'a', 'skip', 'b'], [['0', '1', 'x', '2'], ['1', '3', 'y', 'bad']], 0);
  t = T.setRole(t, 1, 'input');
  t = T.setRole(t, 2, 'ignore');
  t = T.setRole(t, 3, 'input');
  const d = T.toDatasetCsv(t);
  assert.equal(d.csv, 'a,b,y\n1,2,0\n3,bad,1\n');
  assert.equal(d.inputs, 2);
  // The core would report 'bad' at line 3, column 2.
  assert.deepEqual(T.cellOfCoreError(d.columns, 3, 2), { row: 1, col: 3 });
});
