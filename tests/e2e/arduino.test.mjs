// "Flash Arduino (ATmega328P)" in real Chromium: the test-only navigator.serial stand-in
// (board-serial-stub.mjs, with DTR/RTS) is bridged to simulated boards (tests/avr_sim on
// libsimavr: an ATmega328P with the Uno's Optiboot, and an Arduino Mega's ATmega1280). A
// person trains the seed example and presses Flash: the page writes the firmware and the
// model through the bootloader, and the board's predictions on all 8 rows match the page's;
// the Record section then offers the Uno's A0..A5, and the model runs live on three of them.
// Then a 64-32-10 network on handwritten digits, and a model-only update. avrdude then reads
// the simulated board and finds exactly what the page meant to write (every page it sent).
// Needs dff-avr-sim, the ATmega328P images (release build with gcc-avr) and avrdude; without
// them the tests skip, except under CI=true, where they fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, pasteCsv, trainToEnd, screenshot, tid, fromRepo } from './harness.mjs';
import { installFakeSerial } from './board-serial-stub.mjs';
import { startAvrBoard, avrSimMissing } from '../node/fixtures/board/avr-board.mjs';
import { parseIntelHex } from '../../web/src/board/intel-hex.js';

const imageDir = fromRepo(process.env.MICRODFF_AVR_IMAGES ?? 'build/release/firmware/ports/atmega328p');
const avrdude = ['/usr/bin/avrdude', '/usr/local/bin/avrdude'].find((p) => existsSync(p));
const missing =
  avrSimMissing() ??
  (!existsSync(path.join(imageDir, 'microdff-uno.hex')) ? `ATmega328P images missing in ${imageDir} (release build with gcc-avr)` : null) ??
  (!avrdude ? 'avrdude not installed' : null);
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the Arduino browser tests`);
const skip = missing ? `${missing}: skipped` : false;

const TOLERANCE = 1e-5;
const UNO = { usbVendorId: 0x2341, usbProductId: 0x0043 };
const MEGA = { usbVendorId: 0x2341, usbProductId: 0x0010 };

let pg;
const sims = [];
before(async () => {
  if (skip) return;
  process.env.DFF_FIRMWARE_DIR ??= imageDir;  // the page is built with these images
  pg = await startPlayground();
});
after(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await pg?.close();
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

// Every page the page wrote through the bootloader (LOAD_ADDRESS then PROG_PAGE), last write
// wins, until it leaves the bootloader (LEAVE_PROGMODE; then protocol frames follow). Parsed
// from the byte stream, whatever the writes' boundaries.
function recordPages(bridge) {
  const pages = new Map();
  let address = 0;
  let pending = [];
  let left = false;
  bridge.fault = (bytes) => {
    if (left) return bytes;
    pending.push(...bytes);
    for (;;) {
      if (pending[0] === 0x51 && pending[1] === 0x20) {
        left = true;
        break;
      }
      if (pending[0] === 0x55 && pending.length >= 4) {
        address = (pending[1] | (pending[2] << 8)) * 2;
        pending = pending.slice(4);
      } else if (pending[0] === 0x64 && pending.length >= 4) {
        const n = (pending[1] << 8) | pending[2];
        if (pending.length < 5 + n) break;
        pages.set(address, Uint8Array.from(pending.slice(4, 4 + n)));
        pending = pending.slice(5 + n);
      } else if (pending.length && pending[0] !== 0x55 && pending[0] !== 0x64 && pending[0] !== 0x51) {
        pending = pending.slice(1); // other requests: not flash writes
      } else {
        break;
      }
    }
    return bytes;
  };
  return pages;
}

async function boardPage(backends) {
  const page = await pg.newPage();
  const bridge = await installFakeSerial(page, backends);
  await openFresh(pg, page);
  return { page, bridge };
}

// Generous: on a loaded machine the stand-in's round trips through Chromium stretch a flash that
// takes a few seconds into a minute.
const panelIdle = (page) => page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'false', null, { timeout: 300000 });

async function settings(page, { hidden, seed, epochs } = {}) {
  for (const [id, v] of [['hidden-layers', hidden], ['seed', seed], ['epochs', epochs]]) {
    if (v === undefined) continue;
    await page.fill(tid(id), String(v));
    await page.locator(tid(id)).dispatchEvent('change');
  }
}

// Presses Flash; resolves with what the page shows once it is done.
async function flash(page, board = 'uno', { during } = {}) {
  await page.selectOption(tid('arduino-board'), board);
  await page.waitForSelector(`${tid('arduino-flash')}:not([disabled])`);
  await page.click(tid('arduino-flash'));
  await during?.();
  await page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'true', null, { timeout: 5000 }).catch(() => {});
  await panelIdle(page);
  return page.evaluate(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const err = q('arduino-error');
    const v = q('board-verify');
    const res = q('arduino-result');
    return {
      error: err.hidden ? null : { code: err.dataset.code, boardState: err.dataset.boardState, text: err.textContent },
      verify: v.hidden ? null : { ...v.dataset, text: v.textContent },
      result: res.hidden ? null : { ...res.dataset, text: res.textContent },
      status: q('board-status').textContent,
      kind: q('board-kind').textContent,
    };
  });
}

function assertAgrees(r, rows, where) {
  assert.equal(r.error, null, `${where}: ${r.error?.text}`);
  assert.ok(r.verify, `${where}: the check ran (${r.status})`);
  assert.equal(r.verify.agree, 'true', `${where}: ${r.verify.text}`);
  assert.equal(r.verify.rows, String(rows), where);
  assert.ok(Number(r.verify.maxDiff) <= TOLERANCE, `${where}: max difference ${r.verify.maxDiff}`);
  assert.equal(r.verify.disagreements, '0');
  assert.match(r.status, /agrees with the browser/);
}

function avrdudeRead(sim) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'avrdude-'));
  try {
    execFileSync(avrdude, ['-q', '-q', '-c', 'arduino', '-p', 'm328p', '-P', `net:127.0.0.1:${sim.tcpPort}`, '-b', '115200', '-U', `flash:r:${path.join(dir, 'flash.hex')}:i`], { stdio: 'pipe', timeout: 30000 });
    return parseIntelHex(readFileSync(path.join(dir, 'flash.hex'), 'utf8')).bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let uno;
let unoPage;

test('seed example: train, Flash Arduino; the Uno runs the model and agrees on all 8 rows; avrdude reads back what the page wrote', { skip, timeout: 420000 }, async (t) => {
  const sim = await startAvrBoard({ board: 'uno' });
  sims.push(sim);
  const { page, bridge } = await boardPage({ uno: { info: UNO, connect: (o) => sim.connect(o) } });
  uno = { sim, bridge };
  unoPage = page;
  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows.*3 inputs.*2 classes/.test(document.getElementById('data-summary').textContent));
  await trainToEnd(page);
  assert.match(await page.textContent(tid('arduino')), /Flash an Arduino Uno or Nano/);
  const written = recordPages(bridge);
  bridge.choose = 'uno';
  let shot = false;
  const r = await flash(page, 'uno', {
    during: async () => {
      // A screenshot while the pages go out.
      await page.waitForFunction(() => {
        const p = document.querySelector('[data-testid="arduino-progress"]');
        return document.querySelector('[data-testid="arduino"]').dataset.phase === 'write' && p.value > p.max * 0.4;
      }, null, { timeout: 240000 });
      await screenshot(page, 'arduino-1-flash-in-progress', '#board');
      shot = true;
    },
  });
  assert.ok(shot);
  assertAgrees(r, 8, 'seed on the Uno');
  assert.equal(r.result.mode, 'full');
  assert.match(r.result.text, /Wrote the microdff firmware \(build [0-9a-f]{8}\) and the model: \d+ pages of 128 bytes, read back and compared/);
  assert.match(r.kind, /Firmwaremicrodff-uno 0\.1\.0/);
  assert.match(r.kind, /Active model3–\d+–2 · CRC 0x[0-9a-f]{8} · .* · builtin/);
  assert.deepEqual(bridge.signals.slice(0, 2).map((s) => [s.dataTerminalReady, s.requestToSend]), [[false, false], [true, true]], 'DTR/RTS pulled the reset line');
  await screenshot(page, 'arduino-2-verified', '#board');
  t.diagnostic(`seed through the page: ${r.result.text}`);

  // The flashed Uno streams A0..A5: Record offers its six pins, and the model runs live on A0-A2.
  [1000, 3000, 1500].forEach((mv, pin) => sim.setAnalog(pin, mv));
  await page.waitForSelector(tid('record-source-5'));
  assert.equal(await page.isHidden(tid('record-no-sources')), true);
  for (const pin of [3, 4, 5]) await page.uncheck(tid(`record-source-${pin}`));
  await page.click(tid('live-toggle'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="live-result"]').dataset.seen ?? 0) >= 3, null, { timeout: 60000 });
  assert.match(await page.textContent(tid('live-result')), /^Class [01] .* readings 204, 613, 306$/, 'A0-A2 in ADC counts of 5 V');
  await page.click(tid('live-toggle'));
  await page.waitForFunction(() => document.querySelector('[data-testid="live-toggle"]').textContent === 'Run the model live');

  // Disconnect, then avrdude reads the whole flash through Optiboot.
  bridge.fault = null;
  await page.click(tid('board-disconnect'));
  await page.waitForFunction(() => document.querySelector('[data-testid="board-kind"]').dataset.kind === 'none');
  await bridge.idle();
  const flashBytes = avrdudeRead(sim);
  assert.ok(written.size > 100, `${written.size} pages written`);
  for (const [address, bytes] of written) assert.deepEqual(flashBytes.subarray(address, address + bytes.length), bytes, `page 0x${address.toString(16)}`);
  const manifest = JSON.parse(readFileSync(path.join(imageDir, 'microdff-uno.json'), 'utf8'));
  const image = parseIntelHex(readFileSync(path.join(imageDir, manifest.hex), 'utf8')).bytes;
  assert.deepEqual(flashBytes.subarray(0, manifest.imageBytes), image.subarray(0, manifest.imageBytes), 'the firmware is the served image, byte for byte');
  for (let a = 0; a < manifest.bootStart; a += 128) {
    if (!written.has(a)) assert.ok(flashBytes.subarray(a, a + 128).every((b) => b === 0xff), `page 0x${a.toString(16)} was not written and is erased`);
  }
});

test('a 64-32-10 network on digits, then a model-only update: each checked on every row', { skip, timeout: 600000 }, async (t) => {
  assert.ok(unoPage, 'the first test flashed the Uno');
  const page = unoPage;
  const { bridge } = uno;
  const digits = readFileSync(fromRepo('tests/e2e/fixtures/digits-60.csv'), 'utf8');
  await pasteCsv(page, digits, 64);
  await page.waitForFunction(() => /60 rows.*64 inputs.*10/.test(document.getElementById('data-summary').textContent));
  await settings(page, { hidden: '32', epochs: 30 });
  await trainToEnd(page);
  const writes = recordPages(bridge);
  const r = await flash(page, 'uno');
  assertAgrees(r, 60, '64-32-10 on the Uno');
  assert.equal(r.result.mode, 'model', 'the board runs this firmware build: only the model is written');
  assert.match(r.kind, /64–32–10/);
  const regionStart = JSON.parse(readFileSync(path.join(imageDir, 'microdff-uno.json'), 'utf8')).modelRegion.start;
  assert.ok([...writes.keys()].every((a) => a >= regionStart), 'only model-region pages were written');
  t.diagnostic(`64-32-10 through the page: ${r.result.text}`);

  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows.*3 inputs/.test(document.getElementById('data-summary').textContent));
  await settings(page, { hidden: '4', seed: 7, epochs: 500 });
  await trainToEnd(page);
  const r2 = await flash(page, 'uno');
  assertAgrees(r2, 8, 'model-only update');
  assert.equal(r2.result.mode, 'model');
  assert.equal(r2.result.pages, '2', 'the seed model: two flash pages');
  t.diagnostic(`model-only update through the page: ${r2.result.text}`);
  await page.click(tid('board-disconnect'));
  await page.close();
  await uno.sim.stop();
});

test('another board (an Arduino Mega\'s ATmega1280) chosen as a Nano: the page names the chip and the boards it supports', { skip, timeout: 90000 }, async () => {
  const sim = await startAvrBoard({ board: 'mega1280' });
  sims.push(sim);
  const before = await sim.dumpFlash();
  const { page, bridge } = await boardPage({ mega: { info: MEGA, connect: (o) => sim.connect(o) } });
  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows/.test(document.getElementById('data-summary').textContent));
  await trainToEnd(page);
  bridge.choose = 'mega';
  const r = await flash(page, 'nano');
  assert.ok(r.error, r.status);
  assert.equal(r.error.code, 'WRONG_CHIP');
  assert.equal(r.error.boardState, 'unchanged');
  assert.match(r.error.text, /^This is not an ATmega328P board\. The bootloader answered, but the chip is an ATmega1280 \(signature 1e 97 03\)/);
  assert.match(r.error.text, /Arduino Uno \(Optiboot, 115200 baud\) and an Arduino Nano or Pro Mini with the old bootloader/);
  assert.match(r.error.text, /Nothing was written: the board is unchanged\.$/);
  assert.equal(r.verify, null);
  await screenshot(page, 'arduino-3-wrong-board', '#board');
  await page.click(tid('board-disconnect'));
  await bridge.idle();
  assert.deepEqual(await sim.dumpFlash(), before, 'nothing was written');
  await page.close();
});
