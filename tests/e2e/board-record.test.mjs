// Record in the Board card, in real Chromium, through the test-only navigator.serial stand-in
// (board-serial-stub.mjs) bridged to
//   (a) a scripted board printing numbered lines, with malformed lines, bursts and a pulled cable;
//   (b) the real MicroPython WebAssembly REPL running the page's recorder on a test machine.ADC;
//   (c) the microdff firmware under QEMU (mps2-an385) in RECORD and LIVE, its simulated sensor
//       steered by the test over the board's second UART.
// The rows that reach the data table are compared with what the board sent, row for row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlayground, openFresh, trainToEnd, screenshot, tid } from './harness.mjs';
import { installFakeSerial } from './board-serial-stub.mjs';
import { createMicroPythonBoard } from '../node/fixtures/board/micropython-board.mjs';
import { fakeReading, installFakeMachine } from '../node/fixtures/board/fake-machine.mjs';
import { startQemuBoard, findFirmwareElf, findQemu } from '../node/fixtures/board/qemu-board.mjs';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { Event, FrameDecoder, events } from '../../web/src/board/frame.js';
import { f32Text } from '../../web/src/board/reading-sources.js';

const elf = findFirmwareElf();
const qemu = findQemu();
const missing = !elf ? 'microdff.elf not built (build the release preset, or set MICRODFF_FW_ELF)' : !qemu ? 'qemu-system-arm not installed' : null;
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the firmware end-to-end tests`);
const skipFirmware = missing ? `${missing}: skipped` : false;

let pg;
let qemuBoard;
before(async () => {
  pg = await startPlayground();
  if (!skipFirmware) qemuBoard = await startQemuBoard({ elf, qemu });
});
after(async () => {
  await qemuBoard?.stop();
  await pg?.close();
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const PRINTER = { usbVendorId: 0x1a86, usbProductId: 0x7523 };
const FIRMWARE = { usbVendorId: 0x2e8a, usbProductId: 0x000a };
const MICROPYTHON = { usbVendorId: 0xf055, usbProductId: 0x9800 };

// A page with the seed example in its table (whatever another page of this browser left in
// localStorage): 3 inputs and 2 one-hot targets, which a recording does not fit.
async function boardPage(backends) {
  const page = await pg.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.stack}`)); // the harness fails the run; this says where
  const bridge = await installFakeSerial(page, backends);
  await openFresh(pg, page);
  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows.*3 inputs.*2 classes/.test(document.getElementById('data-summary').textContent));
  return { page, bridge };
}

const panelIdle = (page) => page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'false', null, { timeout: 60000 });

async function connect(page, bridge, name) {
  bridge.choose = name;
  await page.click(tid('board-connect'));
  await page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'true', null, { timeout: 5000 }).catch(() => {});
  await panelIdle(page);
  return page.getAttribute(tid('board-kind'), 'data-kind');
}

// The data table as the page keeps it (its CSV text): header and rows of cells.
async function table(page) {
  const csv = await page.inputValue(tid('dataset-csv'));
  const [head, ...rows] = csv.trim().split('\n');
  return { names: head.split(','), rows: rows.map((r) => r.split(',')) };
}

const stats = (page) => page.evaluate(() => ({ ...document.querySelector('[data-testid="record-stats"]').dataset }));
const waitTakeEnd = (page, timeout = 30000) => page.waitForFunction(() => document.querySelector('[data-testid="record-toggle"]').textContent === 'Record' && document.querySelector('[data-testid="record-stats"]').dataset.recording === 'false', null, { timeout });

// A board that prints line i as "i,(i % 10)/10,i % 3" every 5 ms, in bursts of up to 6 lines per
// write, with a short line every 13th and an error message every 17th; unplug() mid-line.
function scriptedPrinter() {
  const printed = []; // { i, text, ok }
  let i = 0;
  let timer = null;
  let conn = null;
  const line = () => {
    i++;
    if (i % 13 === 0) return { i, text: `${i},0.5`, ok: false };
    if (i % 17 === 0) return { i, text: 'ERR sensor timeout', ok: false };
    return { i, text: `${i},${(i % 10) / 10},${i % 3}`, ok: true };
  };
  return {
    printed,
    connect() {
      const { port, deliver, end } = createBytePort({ label: 'scripted printer', write: async () => {} });
      conn = { deliver, end };
      timer = setInterval(() => {
        const burst = [];
        for (let k = 0; k < 1 + (i % 6); k++) burst.push(line());
        printed.push(...burst);
        deliver(new TextEncoder().encode(burst.map((l) => l.text + '\r\n').join('')));
      }, 25);
      return port;
    },
    unplug() {
      clearInterval(timer);
      const l = line();
      conn.deliver(new TextEncoder().encode(l.text.slice(0, 3))); // half a line, then the cable goes
      conn.end(new Error('the device was disconnected'));
    },
    stop: () => clearInterval(timer),
  };
}

// The table's rows must be well-formed printed lines, consecutive (no good line left out between
// the first and the last), each with its take's label.
function assertConsecutive(rows, printed, label, where) {
  assert.ok(rows.length > 0, `${where}: rows`);
  const good = printed.filter((l) => l.ok);
  const first = good.findIndex((l) => l.i === Number(rows[0][0]));
  assert.ok(first >= 0, `${where}: the first row is a printed line`);
  rows.forEach((r, k) => {
    const l = good[first + k];
    assert.deepEqual(r, [...l.text.split(','), label], `${where}: row ${k} is printed line ${l.i}`);
  });
}

test('a board printing lines: takes with labels, a row limit, malformed lines skipped, discard, undo, the cable pulled', { timeout: 120000 }, async (t) => {
  const printer = scriptedPrinter();
  const { page, bridge } = await boardPage({ printer: { info: PRINTER, connect: async () => printer.connect() } });
  try {
    assert.equal(await connect(page, bridge, 'printer'), 'unknown');
    assert.match(await page.textContent(tid('board-status')), /it prints lines of numbers, which you can record below/);
    await page.waitForSelector(`${tid('board-record')}:not([hidden])`);
    // Type the label and press Record without leaving the field.
    await page.fill(tid('record-label'), 'tilt');
    await page.fill(tid('record-limit'), '60');
    await page.click(tid('record-toggle'));
    // The page holds the seed example (3 inputs, 2 targets): the take needs a new table.
    await page.waitForFunction(() => /2 target columns; give 2 target values/.test(document.querySelector('[data-testid="record-message"]').textContent));
    await page.click(tid('record-new-table'));
    await page.waitForFunction(() => /Added 60 rows labelled “tilt”/.test(document.querySelector('[data-testid="record-message"]').textContent));
    await waitTakeEnd(page);
    let tb = await table(page);
    assert.deepEqual(tb.names, ['x1', 'x2', 'x3', 'label']);
    assert.equal(tb.rows.length, 60, 'the take stopped at its limit');
    assertConsecutive(tb.rows, printer.printed, 'tilt', 'take 1');
    let s = await stats(page);
    assert.equal(s.width, '3');
    assert.ok(Number(s.skippedWidth) >= 1 && Number(s.skippedNotNumber) >= 1, `malformed lines counted: ${JSON.stringify(s)}`);
    assert.ok(Number(s.rate) > 50, `rate detected: ${s.rate}/s`);
    await page.waitForFunction(() => /readings\/s/.test(document.querySelector('[data-testid="record-stats"]').textContent));
    await screenshot(page, 'board-record-1-lines', '#board');

    // Second take, no limit: stopped with the button after some rows.
    await page.fill(tid('record-label'), 'flat');
    await page.fill(tid('record-limit'), '');
    await page.click(tid('record-toggle'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="record-stats"]').dataset.takeRows) >= 30);
    await page.click(tid('record-toggle'));
    await waitTakeEnd(page);
    tb = await table(page);
    const second = tb.rows.slice(60);
    assert.ok(second.length >= 30);
    assertConsecutive(second, printer.printed, 'flat', 'take 2');

    // Discard the last 10, undo that, undo the second take.
    await page.fill(tid('record-discard-n'), '10');
    await page.click(tid('record-discard'));
    assert.equal((await table(page)).rows.length, 60 + second.length - 10);
    await page.click(tid('record-undo'));
    assert.deepEqual((await table(page)).rows, tb.rows, 'undo brings the discarded rows back');
    await page.click(tid('record-undo'));
    assert.equal((await table(page)).rows.length, 60, 'undo removes the second take');

    // Third take: the cable is pulled in the middle of a line.
    await page.fill(tid('record-label'), 'shake');
    await page.click(tid('record-toggle'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="record-stats"]').dataset.takeRows) >= 20);
    printer.unplug();
    await page.waitForFunction(() => /The board went away/.test(document.querySelector('[data-testid="record-message"]').textContent), null, { timeout: 10000 });
    tb = await table(page);
    const third = tb.rows.slice(60);
    assertConsecutive(third, printer.printed, 'shake', 'take 3');
    assert.equal(Number(third.at(-1)[0]), printer.printed.filter((l) => l.ok).at(-1).i, 'every line that arrived whole is in the table');
    assert.match(await page.textContent(tid('record-message')), new RegExp(`The ${third.length} rows recorded before that are in the table`));
    t.diagnostic(`take 1: 60 rows, take 2: ${second.length} (undone), take 3: ${third.length}; stats ${JSON.stringify(await stats(page))}`);
  } finally {
    printer.stop();
    await page.close();
  }
});


test('MicroPython: the page pushes the recorder, runs it on the ADC pins typed, and the rows equal the readings printed', { timeout: 120000 }, async (t) => {
  const mp = await createMicroPythonBoard();
  installFakeMachine(mp); // machine.ADC for the WebAssembly board
  const { page, bridge } = await boardPage({ mpy: { info: MICROPYTHON, connect: () => mp.connect() } });
  try {
    assert.equal(await connect(page, bridge, 'mpy'), 'micropython');
    await page.waitForSelector(`${tid('record-pins')}:not([hidden])`);
    await page.fill(tid('record-pins'), '26, 27');
    await page.selectOption(tid('record-rate'), '50');
    for (const [label, from] of [['rest', 0], ['move', 25]]) {
      await page.fill(tid('record-label'), label);
      await page.fill(tid('record-limit'), '25');
      await page.click(tid('record-toggle'));
      if (!from) {
        await page.waitForFunction(() => /3 input columns; the board sends 2 numbers/.test(document.querySelector('[data-testid="record-message"]').textContent));
        await page.click(tid('record-new-table'));
      }
      await page.waitForFunction((n) => new RegExp(`Added 25 rows labelled “${n}”`).test(document.querySelector('[data-testid="record-message"]').textContent), label, { timeout: 30000 });
      await waitTakeEnd(page);
      const tb = await table(page);
      assert.equal(tb.rows.length, from + 25, `${label}: 25 rows`);
      const want = Array.from({ length: 25 }, (_, k) => [fakeReading(26, from + k + 1), fakeReading(27, from + k + 1), label]);
      assert.deepEqual(tb.rows.slice(from), want, `${label}: the readings the board printed, in order`);
    }
    assert.deepEqual((await table(page)).names, ['pin26', 'pin27', 'label']);
    assert.equal(new TextDecoder().decode(mp.readFile('/dff_recorder.py')).split('\n')[0], '# microdff recorder: one line of comma-separated ADC readings per interval.');
    const s = await stats(page);
    assert.equal(s.skipped, '0');
    t.diagnostic(`MicroPython: 2 takes of 25 rows; stats ${JSON.stringify(s)}`);
    await page.waitForFunction(() => /2 classes/.test(document.getElementById('data-summary').textContent));
    await trainToEnd(page);
    await screenshot(page, 'board-record-2-micropython', '#board');
  } finally {
    await page.close();
  }
});

const LEVELS = [[0.6, 2.4, 1.5], [2.4, 0.6, 1.5]]; // firmware/boards/mps2-an385/analog.c
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('firmware under QEMU: record two scenes, train on the rows, send, and LIVE names each scene and lights the LED', { skip: skipFirmware, timeout: 180000 }, async (t) => {
  const { page, bridge } = await boardPage({ qemu: { info: FIRMWARE, connect: () => qemuBoard.connect() } });
  // Every READING event the board sent, decoded here from the bytes on their way to the page.
  const sent = [];
  const decoder = new FrameDecoder();
  bridge.faultToPage = (chunk) => {
    for (const f of decoder.push(chunk)) if (!f.error && f.type === Event.READING) sent.push(events.reading(f.payload).readings.map(f32Text));
    return chunk;
  };
  try {
    assert.equal(await connect(page, bridge, 'qemu'), 'microdff');
    await page.waitForSelector(`${tid('record-source-2')}`);
    // Listening, then the page reloads: the board goes on streaming until the page, connected
    // again, finds it so and stops it.
    await page.click(tid('record-listen'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="record-stats"]').dataset.rows) >= 5);
    await page.reload();
    await page.waitForFunction(() => /Ready|Fix/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
    await page.waitForSelector(`${tid('board-reconnect')}:not([disabled])`);
    bridge.choose = 'qemu';
    await page.click(tid('board-reconnect'));
    await page.waitForFunction(() => /still streaming readings from an earlier session: stopped/.test(document.querySelector('[data-testid="record-message"]').textContent), null, { timeout: 20000 });
    await panelIdle(page);
    await page.waitForSelector(`${tid('record-source-2')}`);
    assert.equal(await page.locator('[data-testid^="record-source-"]').count(), 3);
    await page.selectOption(tid('record-rate'), '50');
    for (const [scene, label] of [[0, 'left'], [1, 'right']]) {
      await qemuBoard.bench.setScene(scene);
      await page.fill(tid('record-label'), label);
      await page.fill(tid('record-limit'), '30');
      await page.click(tid('record-toggle'));
      if (scene === 0) {
        await page.waitForFunction(() => /target columns/.test(document.querySelector('[data-testid="record-message"]').textContent));
        await page.click(tid('record-new-table'));
      }
      await page.waitForFunction((l) => new RegExp(`Added 30 rows labelled “${l}”`).test(document.querySelector('[data-testid="record-message"]').textContent), label, { timeout: 60000 });
    }
    const tb = await table(page);
    assert.deepEqual(tb.names, ['source0', 'source1', 'source2', 'label']);
    assert.equal(tb.rows.length, 60);
    // Each take is a run of consecutive readings the board sent, with its label.
    for (const [k, label] of [[0, 'left'], [1, 'right']]) {
      const rows = tb.rows.slice(30 * k, 30 * k + 30);
      const at = sent.findIndex((r) => r.join() === rows[0].slice(0, 3).join());
      assert.ok(at >= 0, `${label}: the first row is a reading the board sent`);
      rows.forEach((r, i) => assert.deepEqual(r, [...sent[at + i], label], `${label}: row ${i}`));
      for (const r of rows) r.slice(0, 3).forEach((v, c) => assert.ok(Math.abs(Number(v) - LEVELS[k][c]) <= 0.21, `${label}: ${v}`));
    }
    // Readings the board could not take in time (QEMU on a loaded host) are counted, not recorded.
    const s = await stats(page);
    assert.ok(Number(s.missed) >= 0 && Number(s.rows) >= 60, JSON.stringify(s));
    await page.waitForFunction(() => /60 rows.*3 inputs.*2 classes/.test(document.getElementById('data-summary').textContent));
    await screenshot(page, 'board-record-3-firmware', '#board');
    await page.click(tid('record-listen')); // stop listening
    await page.waitForFunction(() => document.querySelector('[data-testid="record-listen"]').textContent === 'Listen');

    await trainToEnd(page);
    await page.waitForSelector(`${tid('board-send')}:not([disabled])`);
    await page.click(tid('board-send'));
    await panelIdle(page);
    assert.equal(await page.getAttribute(tid('board-verify'), 'data-agree'), 'true', await page.textContent(tid('board-status')));

    // LIVE: the board runs the model it just received on its own readings.
    await page.selectOption(tid('live-indicate'), '1');
    assert.match(await page.textContent(`${tid('live-indicate')} option[value="1"]`), /class 1 \(right\)/);
    await page.click(tid('live-toggle'));
    for (const [scene, cls, name] of [[0, 0, 'left'], [1, 1, 'right'], [0, 0, 'left']]) {
      await qemuBoard.bench.setScene(scene);
      await sleep(300);
      const from = Number((await page.getAttribute(tid('live-result'), 'data-seen')) ?? 0);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="live-result"]').dataset.seen) >= n + 5, from).catch(async (e) => {
        e.message += ` (message: ${await page.textContent(tid('record-message'))}; status: ${await page.textContent(tid('board-status'))})`;
        throw e;
      });
      const r = await page.evaluate(() => ({ ...document.querySelector('[data-testid="live-result"]').dataset, text: document.querySelector('[data-testid="live-result"]').textContent }));
      assert.equal(r.class, String(cls), `scene ${scene}: ${r.text}`);
      assert.equal(r.name, name);
      assert.equal(qemuBoard.bench.led, cls === 1, `scene ${scene}: the LED is ${cls === 1 ? 'on' : 'off'}`);
      if (scene === 1) await screenshot(page, 'board-record-4-live', '#board');
    }
    await page.click(tid('live-toggle'));
    await page.waitForFunction(() => document.querySelector('[data-testid="live-toggle"]').textContent === 'Run the model live');
    await sleep(100);
    assert.equal(qemuBoard.bench.led, false, 'stopping LIVE switches the LED off');
    t.diagnostic(`${sent.length} readings seen on the line, ${s.missed} missed by the board; LED changes ${JSON.stringify(qemuBoard.bench.ledChanges)}`);
    await page.click(tid('board-disconnect'));
  } finally {
    await page.close();
  }
});
