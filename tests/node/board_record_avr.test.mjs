// RECORD and LIVE on a flashed Arduino Uno (tests/avr_sim: libsimavr with Optiboot; the
// ATmega328P firmware and its model written by the page's flashArduino). A0..A5 read, in ADC
// counts, the millivolts this test sets in the simulator; a model dff trains on recorded rows
// goes back as a model-only update and runs from flash (ModelView) on the readings: LIVE
// reports each scene's class and lights the LED on pin 13 for one of them.
// Needs dff-avr-sim, the ATmega328P images and dff (release build); skipped without them,
// except under CI=true.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAvrBoard, avrSimMissing } from './fixtures/board/avr-board.mjs';
import { findDff, loadModel, trainCsvBlob } from './fixtures/board/models.mjs';
import { recordFor } from './fixtures/board/firmware-record.mjs';
import { flashArduino, loadArduinoImage } from '../../web/src/board/arduino-flash.js';
import { ProtocolClient } from '../../web/src/board/protocol-client.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const imageDir = process.env.MICRODFF_AVR_IMAGES ?? join(repo, 'build/release/firmware/ports/atmega328p');
const missing =
  avrSimMissing() ??
  (!existsSync(join(imageDir, 'microdff-uno.json')) ? `ATmega328P images missing in ${imageDir} (build the release preset with gcc-avr)` : null) ??
  (!findDff() ? 'dff not built' : null);
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the simulated-Arduino tests`);
const skip = missing ? `${missing}: skipped` : false;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Millivolts on A0..A5 in two scenes; the ADC reads mV * 1023 / 5000 counts (AVcc = 5 V).
const SCENES = [
  [1000, 3000, 1500, 500, 4000, 5000],
  [3000, 1000, 2500, 500, 4000, 5000],
];
const counts = (mv) => Math.floor((mv * 1023) / 5000);

let board = null;
afterEach(async () => {
  await board?.stop();
  board = null;
});

function setScene(b, scene) {
  SCENES[scene].forEach((mv, pin) => b.setAnalog(pin, mv));
}

// Flashes `blob` and returns a client of the firmware on the same connection (as the page does).
async function flashAndTalk(b, blob) {
  const image = await loadArduinoImage(async (p) => readFileSync(join(imageDir, p.replace(/^firmware\//, '')), 'utf8'), 'uno');
  const port = await b.connect({ baudRate: image.manifest.baudRate });
  const r = await flashArduino(port, { image, blob, setSignals: port.setSignals });
  const client = new ProtocolClient(port, { baudRate: image.manifest.baudRate, timeoutMs: 400, retries: 6 });
  const info = await client.hello();
  return { r, client, info, close: async () => (client.dispose(), await port.close()) };
}

test('Uno: RECORD reads A0-A5 as ADC counts, a model trained on them runs LIVE from flash and drives the pin-13 LED', { skip, timeout: 120000 }, async (t) => {
  board = await startAvrBoard({ board: 'uno' });
  setScene(board, 0);
  let s = await flashAndTalk(board, new Uint8Array(loadModel('seed_a').blob));
  const lines = ['a0,a1,a2,scene'];
  try {
    assert.equal(s.info.firmware.name, 'microdff-uno');
    assert.equal(s.info.sources, 6, 'A0..A5');
    assert.equal(s.info.capabilities.stream, true);
    assert.equal(s.info.capabilities.train, false);
    assert.equal(s.info.trainNsPerStep, 0, 'a board that never trains states no TRAIN time');
    for (const scene of [0, 1]) {
      setScene(board, scene);
      await sleep(50);
      const all = await recordFor(s.client, 500, { sources: 0b111111 });
      assert.ok(all.rows.length >= 10, `${all.rows.length} readings of A0-A5 in 0.5 s at 20 ms`);
      for (const row of all.rows) assert.deepEqual(row.values, SCENES[scene].map(counts), `scene ${scene}: counts of A0..A5`);
      const r = await recordFor(s.client, 800, { sources: 0b111 });
      assert.equal(r.stats.rows + r.stats.missed, r.last + 1, 'every index is a row or counted as missed');
      assert.ok(r.rows.length >= 20, `${r.rows.length} readings of A0-A2 in 0.8 s at 20 ms`);
      for (const row of r.rows) lines.push([...row.cells, `scene${scene}`].join(','));
      t.diagnostic(`scene ${scene}: ${r.rows.length} readings of A0-A2, ${r.stats.missed} missed; A0-A5 ${all.rows[0].cells.join(',')}`);
    }
  } finally {
    await s.close();
  }

  const blob = trainCsvBlob(lines.join('\n') + '\n', ['--inputs', '3', '--hidden', '4', '--epochs', '200']);
  s = await flashAndTalk(board, blob);
  try {
    assert.equal(s.r.mode, 'model', 'the same firmware build: only the model pages');
    assert.equal(s.info.model.size, blob.length);
    const seen = [];
    s.client.onEvent((e) => e.type === 'live' && seen.push(e));
    await s.client.live({ intervalMs: 20, sources: 0b111, indicateClass: 1 });
    for (const scene of [0, 1, 0]) {
      setScene(board, scene);
      await sleep(200);
      seen.length = 0;
      await sleep(300);
      assert.ok(seen.length >= 5, `live events: ${seen.length}`);
      assert.deepEqual([...new Set(seen.map((e) => e.class))], [scene], `scene ${scene} is class ${scene}`);
      assert.deepEqual(seen.at(-1).readings, SCENES[scene].slice(0, 3).map(counts));
      assert.equal(seen.at(-1).outputs.length, 2);
      assert.equal(board.led, scene === 1, 'the LED shows class 1');
    }
    await s.client.stopStream();
    await sleep(100);
    assert.equal(board.led, false, 'stopping LIVE switches the LED off');
    t.diagnostic(`${lines.length - 1} recorded rows trained into a ${blob.length}-byte blob; LIVE from flash named both scenes`);
  } finally {
    await s.close();
  }
});
