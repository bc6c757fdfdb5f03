// RECORD and LIVE against the real microdff firmware under qemu-system-arm -M mps2-an385: the
// board's simulated analog inputs follow the scene this test sets over UART1 (the bench line).
// Readings arrive at the requested rate with contiguous indices; a model trained by dff on the
// recorded rows, uploaded, makes LIVE report each scene's class and light the LED for one.
// Needs microdff.elf, qemu-system-arm and dff (release build); skipped without them, except
// under CI=true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startQemuBoard, findFirmwareElf, findQemu } from './fixtures/board/qemu-board.mjs';
import { findDff, trainCsvBlob } from './fixtures/board/models.mjs';
import { ProtocolClient } from '../../web/src/board/protocol-client.js';
import { recordFor } from './fixtures/board/firmware-record.mjs';

const elf = findFirmwareElf();
const qemu = findQemu();
const dff = findDff();
const missing = !elf ? 'microdff.elf not built' : !qemu ? 'qemu-system-arm not installed' : !dff ? 'dff not built' : null;
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the firmware tests`);
const skip = missing ? `${missing}: skipped` : false;
const LEVELS = [[0.6, 2.4, 1.5], [2.4, 0.6, 1.5]]; // firmware/boards/mps2-an385/analog.c

let board;
before(async () => {
  if (!skip) board = await startQemuBoard({ elf, qemu });
});
after(async () => board?.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function session() {
  const port = await board.connect();
  const client = new ProtocolClient(port, { baudRate: 0 });
  const info = await client.hello();
  return { port, client, info, close: async () => (client.dispose(), await port.close()) };
}

// A model blob trained by dff on CSV text (header, three inputs, a label).
const trainBlob = (csv) => trainCsvBlob(csv, ['--inputs', '3', '--hidden', '4', '--epochs', '200']);

// Records `ms` of readings of sources 0-2 in the current scene.
const record = (client, ms) => recordFor(client, ms, { sources: 0b111 });

test('RECORD: readings at the rate asked for, indices without gaps, values following the scene', { skip, timeout: 60000 }, async (t) => {
  const s = await session();
  try {
    assert.equal(s.info.sources, 3);
    assert.ok(s.info.capabilities.stream);
    assert.deepEqual(s.info.stream, { mode: 0, intervalMs: 0, sources: 0 });
    for (const scene of [0, 1]) {
      await board.bench.setScene(scene);
      await sleep(50);
      const r = await record(s.client, 1000);
      assert.equal(r.stats.rows + r.stats.missed, r.last + 1, 'every index is a row or counted as missed');
      assert.ok(r.rows.length >= 25 && r.rows.length <= 60, `~50 readings in 1 s at 20 ms: ${r.rows.length}`);
      for (const row of r.rows) {
        row.values.forEach((v, c) => assert.ok(Math.abs(v - LEVELS[scene][c]) <= 0.21, `scene ${scene} channel ${c}: ${v}`));
        assert.deepEqual(row.cells.map((c) => Math.fround(Number(c))), row.values, 'the cells read back as the same float32 numbers');
      }
      t.diagnostic(`scene ${scene}: ${r.rows.length} readings, ${r.stats.missed} missed, first ${r.rows[0].cells.join(',')}`);
    }
    const info = await s.client.getInfo();
    assert.equal(info.stream.mode, 0, 'stopped');
  } finally {
    await s.close();
  }
});

test('a model trained on recorded rows and uploaded: LIVE reports each scene as its class and lights the LED for one', { skip, timeout: 90000 }, async (t) => {
  const s = await session();
  try {
    const lines = ['a0,a1,a2,label'];
    for (const [scene, label] of [[0, 'left'], [1, 'right']]) {
      await board.bench.setScene(scene);
      await sleep(50);
      const r = await record(s.client, 800);
      for (const row of r.rows) lines.push([...row.cells, label].join(','));
    }
    await s.client.upload(trainBlob(lines.join('\n') + '\n'));
    await s.client.getInfo();
    const seen = [];
    s.client.onEvent((e) => e.type === 'live' && seen.push(e));
    await s.client.live({ intervalMs: 20, sources: 0b111, indicateClass: 1 });
    for (const [scene, cls] of [[0, 0], [1, 1], [0, 0]]) {
      await board.bench.setScene(scene);
      await sleep(300);
      seen.length = 0;
      await sleep(300);
      assert.ok(seen.length >= 5, `live events: ${seen.length}`);
      assert.deepEqual([...new Set(seen.map((e) => e.class))], [cls], `scene ${scene} is class ${cls}`);
      assert.equal(seen[0].outputs.length, 2);
      assert.equal(board.bench.led, cls === 1, 'the LED shows class 1');
    }
    await s.client.stopStream();
    await sleep(100);
    assert.equal(board.bench.led, false, 'stopping LIVE switches the LED off');
    t.diagnostic(`${lines.length - 1} recorded rows trained, LED changes ${JSON.stringify(board.bench.ledChanges)}`);
  } finally {
    await s.close();
  }
});

// The Arduino sketch (firmware/ports/arduino) on the stub core that maps analogRead() and
// LED_BUILTIN to the same simulated board: readings in ADC counts, the LED through digitalWrite.
const arduinoElf = elf && join(elf, '..', '..', 'arduino', 'microdff_arduino.elf');
test('the Arduino sketch: RECORD reads analogRead() counts of A0-A2, LIVE drives LED_BUILTIN for the chosen class', { skip, timeout: 60000 }, async () => {
  const sketch = await startQemuBoard({ elf: arduinoElf, qemu });
  const port = await sketch.connect();
  const client = new ProtocolClient(port, { baudRate: 0 });
  try {
    const info = await client.hello();
    assert.equal(info.firmware.name, 'microdff-arduino');
    assert.equal(info.sources, 4);
    await sketch.bench.setScene(1);
    await sleep(50);
    const r = await record(client, 500);
    assert.ok(r.rows.length >= 10, `${r.rows.length} readings`);
    for (const row of r.rows) {
      row.values.forEach((v, c) => {
        assert.ok(Number.isInteger(v), `counts: ${v}`);
        assert.ok(Math.abs((v / 1023) * 3.3 - LEVELS[1][c]) <= 0.22, `channel ${c}: ${v} counts`);
      });
    }
    // LIVE with a model of the two scenes (in counts): the LED is on exactly while the class is
    // the chosen one. Classes are numbered in the core's sorted order: off 0 (scene 0), on 1.
    const csv = ['a0,a1,a2,scene'];
    for (let k = 0; k < 40; k++) {
      const wobble = ((k % 9) - 4) * 12;
      csv.push(`${186 + wobble},${744 - wobble},${465 + wobble},off`, `${744 + wobble},${186 - wobble},${465 - wobble},on`);
    }
    await client.upload(trainBlob(csv.join('\n') + '\n'));
    await client.getInfo();
    const seen = [];
    client.onEvent((e) => e.type === 'live' && seen.push(e));
    await client.live({ intervalMs: 20, sources: 0b111, indicateClass: 1 });
    for (const [scene, on] of [[1, true], [0, false], [1, true]]) {
      await sketch.bench.setScene(scene);
      await sleep(250);
      assert.equal(seen.at(-1).class, scene, `scene ${scene}: class ${scene}`);
      assert.equal(sketch.bench.led, on, `scene ${scene}: LED ${on ? 'on' : 'off'}`);
    }
    await client.stopStream();
    await sleep(100);
    assert.equal(sketch.bench.led, false);
  } finally {
    client.dispose();
    await port.close();
    await sketch.stop();
  }
});

test('a board left streaming (the host went away) is still detected, and says so in INFO', { skip, timeout: 30000 }, async () => {
  const first = await session();
  await first.client.record({ intervalMs: 10, sources: 0b011 });
  await first.close(); // the page reloaded: nobody stops the stream
  const { detectBoard } = await import('../../web/src/board/detect.js');
  const port = await board.connect();
  try {
    const d = await detectBoard(port);
    assert.equal(d.kind, 'microdff');
    assert.deepEqual(d.info.stream, { mode: 1, intervalMs: 10, sources: 0b011 });
    const client = new ProtocolClient(port, { baudRate: 0 });
    await client.stopStream();
    assert.equal((await client.getInfo()).stream.mode, 0);
    client.dispose();
  } finally {
    await port.close();
  }
});
