// Recording without a page: a scripted board printing lines (malformed lines, bursts, then the
// cable pulled) through LineSource into the Recorder, and the rows into a data table
// (board-ui/record-table.js): the rows recorded are exactly the well-formed lines sent during
// the take, labelled, and every other line is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { LineSource, f32Text } from '../../web/src/board/reading-sources.js';
import { Recorder } from '../../web/src/board/recorder.js';
import { appendRecorded, dropLastRows, recordingFit, targetCells } from '../../web/src/board-ui/record-table.js';
import * as T from '../../web/src/table.js';

const enc = (s) => new TextEncoder().encode(s);
const tick = () => new Promise((r) => setImmediate(r));

// A board that prints what the test tells it to; unplug() pulls the cable.
function scriptedPrinter() {
  const { port, deliver, end } = createBytePort({ label: 'scripted printer', write: async () => {} });
  return { port, print: (text) => deliver(enc(text)), unplug: () => end(new Error('the device was disconnected')) };
}

test('a scripted line source: malformed lines, bursts and a disconnect; rows recorded = rows sent', async () => {
  const board = scriptedPrinter();
  const source = new LineSource(board.port);
  const rec = new Recorder();
  let ended = null;
  source.onReadings = (rows, at) => rec.add(rows, at);
  source.onEnd = (e) => (ended = e);
  await source.start();

  const sent = [];
  const line = (i) => {
    const cells = [String(i), (i * 0.25).toFixed(2), String(-i)];
    sent.push(cells);
    return cells.join(',') + '\r\n';
  };
  board.print('5,-3'); // the tail of a line printed before we listened
  board.print('\r\n' + line(0) + line(1) + line(2)); // settles the width at 3
  await tick();
  assert.equal(source.width, 3);
  rec.startTake({ targets: ['wave'] });
  const during = [];
  let i = 3;
  for (let burst = 0; burst < 20; burst++) {
    let text = '';
    const n = 1 + (burst % 7); // bursts of 1..7 lines in one chunk
    for (let k = 0; k < n; k++, i++) {
      text += line(i);
      during.push(sent.at(-1));
    }
    if (burst === 4) text += '1,2\r\n'; // a short line
    if (burst === 6) text += 'ERR sensor timeout\r\n'; // a message
    if (burst === 8) text += '1,2,3,4\n'; // a long one
    if (burst === 9) text += '7,,8\n'; // an empty cell
    if (burst === 10) text += '1\xff,2,3\n'; // line noise
    // Split the burst at an awkward place: mid-number.
    board.print(text.slice(0, 5));
    board.print(text.slice(5));
    await tick();
  }
  board.print(line(i));
  during.push(sent.at(-1));
  board.print(line(i + 1).slice(0, 4)); // the cable is pulled in the middle of the next line
  board.unplug();
  await tick();

  assert.ok(ended, 'the source reported the disconnect');
  assert.match(ended.message, /closed: the device was disconnected/);
  const rows = rec.takeRows();
  assert.deepEqual(rows, during.map((cells) => [...cells, 'wave']), 'every well-formed line of the take, in order, labelled');
  const s = source.stats;
  assert.deepEqual(s.skipped, { width: 2, notNumber: 3, tooLong: 0, partial: 2 });
  assert.equal(s.rows, 3 + during.length);
  assert.equal(rec.stopTake().rows, during.length);
});

test('Recorder: takes with a row limit, chart history of the last seconds, rows handed out once', () => {
  const rec = new Recorder({ historyMs: 1000 });
  const reading = (v) => ({ values: [v, v * 2], cells: [String(v), String(v * 2)] });
  rec.add([reading(1), reading(2)], 0);
  assert.equal(rec.recording, false);
  assert.deepEqual(rec.takeRows(), [], 'watching only: no rows');
  rec.startTake({ targets: ['0.5', '1'], limit: 3 });
  rec.add([reading(3), reading(4)], 100);
  assert.deepEqual(rec.takeRows(), [['3', '6', '0.5', '1'], ['4', '8', '0.5', '1']]);
  assert.equal(rec.full, false);
  rec.add([reading(5), reading(6), reading(7)], 200);
  assert.equal(rec.full, true);
  assert.deepEqual(rec.takeRows(), [['5', '10', '0.5', '1']], 'nothing past the limit');
  assert.deepEqual(rec.stopTake(), { targets: ['0.5', '1'], rows: 3 });
  assert.throws(() => (rec.startTake({ targets: [] }), rec.startTake({ targets: [] })), /already running/);
  rec.stopTake();
  rec.add([reading(8)], 1500);
  const [t, a, b] = rec.chartData();
  assert.deepEqual(a, [8], 'readings older than historyMs leave the chart');
  assert.deepEqual(b, [16]);
  assert.deepEqual(t, [0]);
});

test('record-table: an empty table gets named columns, a table with columns gets rows in its column order', () => {
  const empty = T.makeTable([], [], 0);
  assert.deepEqual(recordingFit(empty, 2, 1), { ok: true, creates: true });
  let t = appendRecorded(empty, [['1', '2', 'up'], ['3', '4', 'down']], { inputNames: ['ax', 'ay'], targets: 1 });
  assert.deepEqual(t.names, ['ax', 'ay', 'label']);
  assert.deepEqual(t.roles, ['input', 'input', 'classes'], 'a word labels a class');
  assert.deepEqual(t.rows, [['1', '2', 'up'], ['3', '4', 'down']]);
  assert.equal(T.validate(t).count, 0, 'recorded rows with their labels are valid data');
  assert.deepEqual(appendRecorded(empty, [['1', '0.5']], { inputNames: [], targets: 1 }).roles, ['input', 'target'], 'a number is a target to predict');
  // A take into a table of classes: its label goes into the classes column.
  assert.ok(recordingFit(t, 2, 1).ok);
  const more = appendRecorded(t, [['5', '6', 'left']], { inputNames: [], targets: 1 });
  assert.deepEqual(more.rows.at(-1), ['5', '6', 'left']);
  assert.equal(T.validate(more).count, 0);
  assert.equal(recordingFit(t, 3, 1).ok, false);
  assert.match(recordingFit(t, 3, 1).problem, /2 input columns; the board sends 3 numbers/);
  assert.match(recordingFit(t, 2, 2).problem, /1 target column; give 1 target value/);
  // Roles in another order (target first, an ignored column): cells go where they belong.
  const mixed = { names: ['y', 'a', 'note', 'b'], roles: ['target', 'input', 'ignore', 'input'], rows: [] };
  assert.ok(recordingFit(mixed, 2, 1).ok);
  assert.deepEqual(appendRecorded(mixed, [['1', '2', 'z']], { inputNames: [], targets: 1 }).rows, [['z', '1', '', '2']]);
  assert.deepEqual(dropLastRows(t, 1).rows, [['1', '2', 'up']]);
  assert.deepEqual(dropLastRows(t, 5).rows, []);
  assert.equal(t.rows.length, 2, 'pure: the table given is not changed');
  assert.deepEqual(appendRecorded(empty, [['1', '2', '3', '4']], { inputNames: ['p'], targets: 2 }).names, ['p', 'x2', 'y1', 'y2']);
});

test('targets typed by the user: one label, or numbers separated by commas', () => {
  assert.deepEqual(targetCells(' wave '), ['wave']);
  assert.deepEqual(targetCells('0.5, 1'), ['0.5', '1']);
  assert.deepEqual(targetCells('left, up'), ['left, up'], 'a label with a comma stays one label');
  assert.deepEqual(targetCells(''), []);
});

test('f32Text: the shortest text that reads back as the same float32', () => {
  for (const v of [0.1, 1 / 3, 12345.678, -0.000123, 65535, 19.62890625]) {
    const f = Math.fround(v);
    const t = f32Text(f);
    assert.equal(Math.fround(Number(t)), f, `${v} -> ${t}`);
    assert.ok(t.length <= 12, t);
  }
  assert.equal(f32Text(Math.fround(0.1)), '0.1');
  assert.equal(f32Text(19.62890625), '19.628906');
});
