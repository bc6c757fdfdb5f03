// Pure-JS data helpers of the web page: CSV <-> table (separators, decimal commas, the
// column cap), one reading path for every text, validation at the cell, the CSV the core reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsv, isNumber, toCsv, detectSeparator, firstTooWide } from '../../web/src/csv.js';
import { readTable, describeFormat } from '../../web/src/table-reader.js';
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
  assert.equal(v.count, 0);
  assert.equal(v.inputCount, 3);
  assert.equal(v.targetCount, 2);
});

test('a classes column holds labels; a target column numbers, and says how to mark classes', () => {
  const p = parseCsv(iris);
  const classes = T.makeTable(p.names, p.rows, 4, 'classes');
  assert.deepEqual(classes.roles, ['input', 'input', 'input', 'input', 'classes']);
  assert.deepEqual(T.validate(classes).errors, []);
  assert.equal(T.toDatasetCsv(classes).targets, 'classes');
  const numbers = T.validate(T.makeTable(p.names, p.rows, 4));
  assert.equal(numbers.count, 150);
  assert.equal(numbers.errors.length, T.MAX_LISTED_PROBLEMS > 150 ? 150 : T.MAX_LISTED_PROBLEMS);
  assert.match(numbers.errors[0].message, /'setosa' is not a number; if the column holds class labels, set its role to classes/);
  assert.equal(T.toDatasetCsv(T.makeTable(p.names, p.rows, 4)).targets, 'numbers');
});

test('validation lists the first problems and counts them all', () => {
  const rows = Array.from({ length: 5000 }, () => ['x', 'y', '1']);
  const v = T.validate(T.makeTable(['a', 'b', 'c'], rows, 2));
  assert.equal(v.count, 10000);
  assert.equal(v.errors.length, T.MAX_LISTED_PROBLEMS);
  assert.deepEqual(v.errors.slice(0, 3).map((e) => [e.row, e.col]), [[0, 0], [0, 1], [1, 0]]);
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

test('a classes column and another target: the other one is flagged; only one classes column', () => {
  let t = T.makeTable(['a', 'y', 'z'], [['1', 'cat', '0']], 1);
  t = T.setRole(t, 1, 'classes');
  assert.match(T.validate(t).errors[0].message, /Column 'y' holds classes, so it must be the only target/);
  t = T.setRole(t, 2, 'classes');
  assert.deepEqual(t.roles, ['input', 'target', 'classes']);
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

test('edits share the rows they do not touch; a repeated value is no change', () => {
  const t = T.makeTable(['a', 'y'], [['1', '0'], ['2', '1']], 1);
  const u = T.setCell(t, 1, 0, '5');
  assert.equal(u.rows[0], t.rows[0]);
  assert.notEqual(u.rows[1], t.rows[1]);
  assert.deepEqual(t.rows[1], ['2', '1'], 'the old table is unchanged');
  assert.equal(T.setCell(u, 1, 0, '5'), u);
  const more = T.appendRows(u, [[3, 'a'], ['4', 'b']]);
  assert.deepEqual(more.rows.slice(2), [['3', 'a'], ['4', 'b']]);
  assert.deepEqual(T.removeLastRows(more, 2).rows, u.rows);
  const wide = T.makeTable([], Array.from({ length: 200000 }, (_, i) => (i === 199999 ? ['1', '2', '3'] : ['1', '2'])));
  assert.equal(wide.names.length, 3, 'the width of 200,000 rows is found without a spread');
});

test('separators and decimal commas are found and said', () => {
  assert.equal(detectSeparator('a;b;y\n1,5;2,0;0\n3,25;1;1\n'), ';');
  assert.equal(detectSeparator('a\tb\ty\n1.5\t2\t0\n'), '\t');
  assert.equal(detectSeparator('a,b,y\n1.5,2,0\n'), ',');
  assert.equal(detectSeparator('a|b\n1|2\n'), '|');
  assert.equal(detectSeparator('x\n1\n2\n'), ',');
  const p = parseCsv('a;b;y\n1,5;-2,25e1;0\n,5;3;1\n');
  assert.deepEqual(p.format, { separator: ';', decimalComma: true });
  assert.deepEqual(p.rows, [['1.5', '-2.25e1', '0'], ['.5', '3', '1']]);
  assert.equal(p.hasHeader, true);
  assert.equal(describeFormat(p.format), 'semicolon-separated, decimal commas read as points (1,5 = 1.5)');
  const headerless = parseCsv('1,5;2;0\n3;4,5;1\n');
  assert.equal(headerless.hasHeader, false, 'a decimal comma in the first row does not make it a header');
  assert.deepEqual(parseCsv('a,b\n"1,5",2\n').rows, [['1,5', '2']], 'with comma separators a quoted 1,5 stays as it is');
  assert.equal(describeFormat(parseCsv('a,b\n1,2\n').format), '');
});

test('the column cap is found in one pass, before the text is split', () => {
  const line = Array.from({ length: 10 }, () => '1').join(',');
  assert.equal(firstTooWide(`a,b\n${line}\n`, ',', 10), null);
  assert.deepEqual(firstTooWide(`a,b\n1,2\n${line},1\n`, ',', 10), { line: 3, cells: 11 });
  assert.equal(firstTooWide('"a,b,c,d",e\n', ',', 2), null, 'commas inside quotes are not separators');
  assert.deepEqual(firstTooWide('"x\ny",1,2\n1,2,3,4\n', ',', 3), { line: 3, cells: 4 }, 'a quoted line end counts as a line');
  const wide = `x${',1'.repeat(1000000)}\n`;
  const t0 = performance.now();
  const p = parseCsv(wide, { maxColumns: 8192 });
  assert.ok(performance.now() - t0 < 2000);
  assert.deepEqual(p.tooWide, { line: 1, cells: 8193 });
  assert.deepEqual(p.rows, []);
});

// readTable with a stand-in for the core's guess (the real one: tests/node/wasm_api.test.mjs).
const guessClasses = (cells) => {
  const values = new Set(cells);
  const text = cells.filter((c) => !isNumber(c)).length > cells.length / 2;
  const few = !text && cells.every((c) => /^\d+$/.test(c)) && values.size >= 3 && cells.length >= 2 * values.size;
  return { classes: text || few, fromNumbers: few, distinct: few ? values.size : 0 };
};
const caps = { maxChars: 1e6, maxColumns: 8192 };

test('one reading path: roles kept for the same header, guessed for a new one', () => {
  const xor = readTable('x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n', { caps, guessClasses });
  assert.deepEqual(xor.table.roles, ['input', 'input', 'target']);
  const wine = ['alcohol,malic,ash,class', ...Array.from({ length: 12 }, (_, i) => `${13 + i / 10},${i % 3},2.${i},class_${i % 3}`)].join('\n');
  const pasted = readTable(wine, { caps, previous: xor.table, guessClasses });
  assert.deepEqual(pasted.table.roles, ['input', 'input', 'input', 'classes'], 'a new header: guessed as when opened');
  assert.deepEqual(pasted.table.roles, readTable(wine, { caps, guessClasses }).table.roles);
  const edited = readTable('x1,x2,y\n0,0,0\n', { caps, previous: T.setInputCount(xor.table, 1), guessClasses });
  assert.deepEqual(edited.table.roles, ['input', 'target', 'target'], 'the same header keeps the roles');
  const numbered = readTable(['a,label', ...Array.from({ length: 9 }, (_, i) => `${i},${i % 3}`)].join('\n'), { caps, guessClasses });
  assert.deepEqual(numbered.table.roles, ['input', 'classes']);
  assert.deepEqual(numbered.guess, { column: 'label', distinct: 3 });
  const preset = readTable(seed, { caps, inputs: 3, guessClasses });
  assert.deepEqual(preset.table.roles, ['input', 'input', 'input', 'target', 'target']);
  assert.match(readTable('x'.repeat(11), { caps: { ...caps, maxChars: 10 }, guessClasses }).refused, /11 characters; the page reads CSV texts of up to 10/);
  assert.match(readTable(`a${',b'.repeat(9000)}\n`, { caps, guessClasses }).refused, /line 1 has more than 8,192 columns; a network has at most 4,096 inputs and 4,096 outputs/);
});
