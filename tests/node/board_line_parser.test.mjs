// web/src/board/line-parser.js: readings from text lines, fed in every possible split; the
// column count settles from the data; every other line is counted by reason and dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineParser, RateMeter, parseCell, splitCells } from '../../web/src/board/line-parser.js';

const bytes = (s) => new TextEncoder().encode(s);
const feed = (parser, text, chunk = Infinity) => {
  const rows = [];
  const b = bytes(text);
  for (let i = 0; i < b.length; i += chunk) rows.push(...parser.push(b.subarray(i, i + chunk)));
  return rows;
};

test('cells: commas or tabs, else spaces; numbers in decimal and exponent form only', () => {
  assert.deepEqual(splitCells('1, 2,3'), ['1', '2', '3']);
  assert.deepEqual(splitCells('1\t-2.5\t3e-3'), ['1', '-2.5', '3e-3']);
  assert.deepEqual(splitCells('  4 5   6 '), ['4', '5', '6']);
  assert.deepEqual(splitCells('1 2,3'), ['1 2', '3'], 'a comma line is not split at spaces');
  for (const ok of ['0', '-1', '+2.', '.5', '1e5', '-1.25E-3', '65535']) assert.equal(parseCell(ok)?.text, ok, ok);
  for (const bad of ['', 'nan', 'NaN', 'inf', '-Infinity', '0x10', '1,5', '1.2.3', '12abc', '--1', 'e5', '1e400']) assert.equal(parseCell(bad), null, bad);
  assert.deepEqual(parseCell('temp:21.5'), { value: 21.5, text: '21.5', name: 'temp' });
});

test('every split of the stream gives the same readings; CR, LF and CRLF end lines', () => {
  const text = 'partial,line\r\n1,2,3\r\n4,5,6\n7,8,9\r10,11,12\n\n13,14,15\r\n';
  const want = [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9'], ['10', '11', '12'], ['13', '14', '15']];
  for (const chunk of [1, 2, 3, 5, 7, 64]) {
    const p = new LineParser();
    const rows = feed(p, text, chunk);
    assert.deepEqual(rows.map((r) => r.cells), want, `chunks of ${chunk}`);
    assert.deepEqual(rows[1].values, [4, 5, 6]);
    assert.equal(p.width, 3);
    assert.equal(p.stats.skipped.partial, 1, 'the line under way when recording started');
    assert.equal(p.stats.rows, 5);
  }
});

test('lines of another width, non-numbers and over-long lines are counted and skipped, never merged', () => {
  const p = new LineParser({ maxLineBytes: 40 });
  const text = [
    '', // the stream starts at a line start here
    '1,2',
    '3,4',
    '5,6,7', // before the width settled: waits, then is refused
    '8,9',
    '10,11',
    '12', // too few
    '13,14,15', // too many
    'abc,16',
    '17,nan',
    '18,19',
    '9'.repeat(100), // no line end within 40 bytes
    '20,21',
    '\x00\xff,22',
    '23,24',
  ].join('\n') + '\n';
  const rows = feed(p, text, 4);
  assert.deepEqual(rows.map((r) => r.values), [[1, 2], [3, 4], [8, 9], [10, 11], [18, 19], [20, 21], [23, 24]]);
  assert.deepEqual(p.stats.skipped, { width: 3, notNumber: 3, tooLong: 1, partial: 0 });
  assert.equal(p.skippedTotal, 7);
  assert.equal(p.stats.rows, 7);
});

test('the width settles on three agreeing lines; a known width is used at once', () => {
  const p = new LineParser({ startsAtLineStart: true });
  assert.deepEqual(feed(p, '1,2\n3,4\n'), [], 'two lines are not enough');
  assert.equal(p.width, null);
  assert.equal(feed(p, '5,6\n').length, 3);
  const known = new LineParser({ startsAtLineStart: true, width: 2 });
  assert.deepEqual(feed(known, '1,2,3\n4,5\n').map((r) => r.values), [[4, 5]]);
  assert.equal(known.stats.skipped.width, 1);
});

test('column names from a header line or from name:value cells (Serial Plotter format)', () => {
  const header = new LineParser({ startsAtLineStart: true });
  feed(header, 'time,ax,ay\n1,2,3\n4,5,6\n7,8,9\n');
  assert.deepEqual(header.names, ['time', 'ax', 'ay']);
  assert.equal(header.stats.header, 1);
  assert.equal(header.skippedTotal, 0);
  const message = new LineParser({ startsAtLineStart: true });
  feed(message, 'ERR sensor timeout\n1,2,3\n4,5,6\n7,8,9\n');
  assert.equal(message.names, null, 'words separated by spaces are a message, not a header');
  assert.equal(message.stats.skipped.notNumber, 1);
  const plotter = new LineParser({ startsAtLineStart: true });
  const rows = feed(plotter, 'a:1,b:2\na:3,b:4\na:5,b:6\n');
  assert.deepEqual(plotter.names, ['a', 'b']);
  assert.deepEqual(rows.map((r) => r.cells), [['1', '2'], ['3', '4'], ['5', '6']]);
});

test('end(): an unfinished last line is dropped and counted', () => {
  const p = new LineParser({ startsAtLineStart: true, width: 2 });
  assert.equal(feed(p, '1,2\n3,').length, 1);
  p.end();
  assert.equal(p.stats.skipped.partial, 1);
  assert.equal(feed(p, '5,6\n').length, 1, 'the next line starts clean');
});

test('rate: readings per second from arrival times, bursts included', () => {
  const m = new RateMeter({ windowMs: 3000 });
  assert.equal(m.rate, null);
  for (let t = 0; t <= 2900; t += 100) m.add(5, t); // USB packets of 5 readings every 100 ms
  assert.ok(Math.abs(m.rate - 50) < 0.5, `50/s, got ${m.rate}`);
  const steady = new RateMeter();
  for (let t = 0; t < 5000; t += 20) steady.add(1, t);
  assert.ok(Math.abs(steady.rate - 50) < 0.5, `50/s, got ${steady.rate}`);
});
