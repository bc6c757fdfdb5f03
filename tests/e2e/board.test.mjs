// The Board card in real Chromium, end to end: a test-only stand-in for navigator.serial
// (board-serial-stub.mjs, injected by this test, never part of the page) carries the page's
// serial bytes to
//   (a) the microdff firmware running under qemu-system-arm -M mps2-an385 (UART on TCP), and
//   (b) the real MicroPython WebAssembly REPL,
// and injects faults on the way (bytes dropped, a byte corrupted, the cable pulled, the line
// stalled past the timeout). After each fault the board is asked directly, from node, what it
// runs: the previous model (firmware: its CRC and PREDICT outputs) or the previous module
// (MicroPython: the file's bytes, and importing it gives the old outputs).
// Needs microdff.elf (release build or MICRODFF_FW_ELF) and qemu-system-arm; without them the
// firmware tests skip, except under CI=true, where they fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startPlayground, openFresh, pasteCsv, trainToEnd, screenshot, tid, fromRepo } from './harness.mjs';
import { installFakeSerial, removeWebSerial } from './board-serial-stub.mjs';
import { startQemuBoard, findFirmwareElf, findQemu } from '../node/fixtures/board/qemu-board.mjs';
import { createMicroPythonBoard } from '../node/fixtures/board/micropython-board.mjs';
import { ProtocolClient } from '../../web/src/board/protocol-client.js';
import { RawRepl } from '../../web/src/board/raw-repl.js';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { Command, FrameDecoder, encodeFrame } from '../../web/src/board/frame.js';

const elf = findFirmwareElf();
const qemu = findQemu();
const missing = !elf ? 'microdff.elf not built (build the release preset, or set MICRODFF_FW_ELF)' : !qemu ? 'qemu-system-arm not installed' : null;
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the firmware end-to-end tests`);
const skipFirmware = missing ? `${missing}: skipped` : false;

const seedRows = readFileSync(fromRepo('examples/seed.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 3).map(Number));
const TOLERANCE = 1e-5;
const FIRMWARE = { usbVendorId: 0x2e8a, usbProductId: 0x000a };
const MICROPYTHON = { usbVendorId: 0xf055, usbProductId: 0x9800 };

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

// ---------- page helpers ----------
async function boardPage(backends) {
  const page = await pg.newPage();
  const bridge = await installFakeSerial(page, backends);
  await openFresh(pg, page);
  return { page, bridge };
}

// The seed example, whatever another page of this browser left in localStorage.
async function useSeed(page) {
  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows.*3 inputs.*2 classes/.test(document.getElementById('data-summary').textContent));
}

const panelIdle = (page, timeout = 60000) => page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'false', null, { timeout });

async function connect(page, bridge, name, how = 'board-connect') {
  bridge.choose = name;
  await page.click(tid(how));
  await page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'true', null, { timeout: 5000 }).catch(() => {});
  await panelIdle(page);
  return page.getAttribute(tid('board-kind'), 'data-kind');
}

async function reconnect(page, bridge, name) {
  await page.waitForSelector(`${tid('board-reconnect')}:not([disabled])`);
  return connect(page, bridge, name, 'board-reconnect');
}

async function disconnect(page) {
  if (await page.isVisible(tid('board-disconnect'))) await page.click(tid('board-disconnect'));
  await page.waitForFunction(() => document.querySelector('[data-testid="board-kind"]').dataset.kind === 'none');
}

// Presses Send; resolves with what the page shows once it is done (within timeout ms).
async function send(page, timeout) {
  await page.waitForSelector(`${tid('board-send')}:not([disabled])`);
  await page.click(tid('board-send'));
  await panelIdle(page, timeout);
  return page.evaluate(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const err = q('board-error');
    const v = q('board-verify');
    const up = q('board-upload');
    return {
      error: err.hidden ? null : { code: err.dataset.code, kept: err.dataset.kept, text: err.textContent },
      verify: v.hidden ? null : { ...v.dataset, text: v.textContent },
      upload: up.hidden ? null : { ...up.dataset, text: up.textContent },
      status: q('board-status').textContent,
      progress: [q('board-progress').value, q('board-progress').max],
    };
  });
}

async function trainWith(page, { hidden, seed, epochs } = {}) {
  if (hidden !== undefined) await page.fill(tid('hidden-layers'), hidden);
  if (seed !== undefined) await page.fill(tid('seed'), String(seed));
  if (epochs !== undefined) await page.fill(tid('epochs'), String(epochs));
  await page.locator(tid('hidden-layers')).dispatchEvent('change');
  await page.locator(tid('seed')).dispatchEvent('change');
  await page.locator(tid('epochs')).dispatchEvent('change');
  await trainToEnd(page);
}

function assertAgrees(r, where) {
  assert.equal(r.error, null, `${where}: ${r.error?.text}`);
  assert.ok(r.verify, `${where}: the check ran (${r.status})`);
  assert.equal(r.verify.agree, 'true', `${where}: ${r.verify.text}`);
  assert.ok(Number(r.verify.maxDiff) <= TOLERANCE, `${where}: max difference ${r.verify.maxDiff}`);
  assert.equal(r.verify.disagreements, '0');
}

function assertKept(r, code, pattern, where) {
  assert.ok(r.error, `${where}: an error is shown (status: ${r.status}; verify: ${r.verify?.text})`);
  assert.equal(r.error.code, code, `${where}: ${r.error.text}`);
  assert.match(r.error.text, pattern, where);
  assert.equal(r.error.kept, 'true', `${where}: ${r.error.text}`);
  assert.match(r.error.text + r.status, /kept its previous model|was not replaced|unchanged/, where);
  assert.equal(r.verify, null, `${where}: nothing verified`);
}

const wireFigures = (r) => `${r.upload.bytesSent} bytes sent + ${r.upload.bytesReceived} received (${Math.round(((Number(r.upload.bytesSent) + Number(r.upload.bytesReceived)) * 10000) / 115200)} ms of line time at 115200 baud), ${r.upload.ms} ms through the page`;

// ---------- firmware helpers ----------
const firmwareBackend = () => ({ info: FIRMWARE, connect: () => qemuBoard.connect() });

// Asks the firmware directly (the page must have let go of the port): active CRC and outputs.
async function firmwareState(rows = seedRows) {
  const port = await qemuBoard.connect();
  const client = new ProtocolClient(port, { baudRate: 0 });
  try {
    const info = await client.hello();
    return { crc: info.model?.crc, topology: info.model?.topology, outputs: await client.predictRows(rows) };
  } finally {
    client.dispose();
    await port.close();
  }
}

// The first tests' page lets go of QEMU's serial socket (it takes one connection at a time).
async function releaseFirmware() {
  if (!fw.page || fw.page.isClosed()) return;
  await disconnect(fw.page).catch(() => {});
  await fw.page.close();
}

const hex8 = (n) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

// Rewrites complete frames on a byte stream (frames may arrive split across chunks).
function frameRewriter(rewrite) {
  let pending = [];
  return (chunk) => {
    const out = [];
    for (const b of chunk) {
      pending.push(b);
      if (b !== 0) continue;
      const wire = Uint8Array.from(pending);
      pending = [];
      const [f] = new FrameDecoder().push(wire);
      const replaced = f && !f.error ? rewrite(f) : null;
      out.push(...(replaced ?? wire));
    }
    return Uint8Array.from(out);
  };
}
const isFrame = (bytes, type) => {
  const [f] = new FrameDecoder().push(bytes[0] === 0 ? bytes.subarray(1) : bytes);
  return f && !f.error && f.type === type ? f : null;
};

// ---------- (a) the microdff firmware under QEMU ----------
const fw = {};

test('firmware: connect, train the seed in the page, send, commit, the board agrees with the browser', { skip: skipFirmware, timeout: 180000 }, async (t) => {
  const { page, bridge } = await boardPage({ qemu: firmwareBackend() });
  Object.assign(fw, { page, bridge });
  await useSeed(page);
  await trainToEnd(page);
  assert.equal(await connect(page, bridge, 'qemu'), 'microdff');
  const kind = await page.textContent(tid('board-kind'));
  assert.match(kind, /microdff firmware/);
  assert.match(kind, /qemu-mps2-an385/);
  assert.match(kind, /Protocolversion 1/);
  assert.match(kind, /Largest model\d/);
  assert.match(kind, /Active model3–\d+–2 · CRC 0x[0-9a-f]{8} · .* · builtin/);
  assert.match(await page.textContent(tid('board-status')), /Connected to the microdff firmware/);
  await page.locator(tid('board-console')).evaluate((d) => (d.open = true));
  await screenshot(page, 'board-1-firmware-connected', '#board');

  const r = await send(page);
  assertAgrees(r, 'seed on the firmware');
  assert.equal(r.verify.rows, '8');
  assert.deepEqual(r.progress[0], r.progress[1], 'the progress bar is full');
  assert.match(r.upload.text, /committed \(CRC 0x[0-9a-f]{8}\)/);
  const crc = await page.getAttribute(tid('board-kind'), 'data-crc');
  assert.match(await page.textContent(tid('board-kind')), /uploaded/);
  assert.ok(Number(await page.getAttribute('.console-log', 'data-sent')) >= Number(r.upload.bytesSent), 'the console saw every byte sent');
  await screenshot(page, 'board-2-firmware-verified', '#board');
  t.diagnostic(`seed model through the page to the firmware: ${wireFigures(r)}; ${r.upload.text}`);

  await disconnect(page);
  const st = await firmwareState();
  assert.equal(hex8(st.crc), crc, 'the board runs the model the page sent');
  fw.old = { crc: st.crc, outputs: st.outputs };
});

test('firmware faults: bytes dropped, a byte corrupted, cable pulled, line stalled, cancel, too large; the board keeps its previous model', { skip: skipFirmware, timeout: 240000 }, async (t) => {
  assert.ok(fw.old, 'the first firmware test sent a model');
  const { page, bridge } = fw;
  await trainWith(page, { hidden: '32,16', seed: 7 }); // a different model, several DATA chunks long
  const expectPrevious = async (where) => {
    await bridge.idle();
    await disconnect(page);
    const st = await firmwareState();
    assert.equal(hex8(st.crc), hex8(fw.old.crc), `${where}: the active model is still the previous one`);
    assert.deepEqual(st.outputs, fw.old.outputs, `${where}: PREDICT gives the previous model's outputs`);
  };
  let dataFrames = 0;
  const onDataFrame = (fn) => (bytes) => (isFrame(bytes, Command.DATA) ? fn(bytes, dataFrames++) : bytes);
  const faults = [
    {
      name: 'bytes dropped',
      // Every DATA frame from the second on loses 4 bytes: the board NAKs each copy.
      fault: onDataFrame((b, i) => (i >= 1 ? Uint8Array.from([...b.subarray(0, 6), ...b.subarray(10)]) : b)),
      code: 'TIMEOUT',
      pattern: /answers to DATA kept arriving damaged/,
    },
    {
      name: 'corrupted byte',
      // One byte of the model flipped inside a well-formed frame (its frame CRC recomputed):
      // only the whole-blob CRC at COMMIT can catch it.
      fault: onDataFrame((b, i) => {
        if (i !== 0) return b;
        const f = isFrame(b, Command.DATA);
        const payload = f.payload.slice();
        payload[4 + 20] ^= 0x01;
        return Uint8Array.from([0, ...encodeFrame(f.type, f.seq, payload)]);
      }),
      code: 'BLOB_CRC',
      pattern: /arrived damaged on the board/,
    },
    { name: 'cable pulled', fault: onDataFrame((b, i) => (i === 1 ? 'cut' : b)), code: 'PORT_CLOSED', pattern: /closed: The device has been lost\. The board kept/ },
    {
      name: 'line stalled',
      fault: onDataFrame((b, i) => {
        if (i === 1) bridge.stall(7000);
        return b;
      }),
      code: 'TIMEOUT',
      pattern: /did not answer DATA/,
    },
    {
      name: 'cancelled',
      fault: onDataFrame((b, i) => {
        if (i === 1) {
          bridge.stall(3000);
          setTimeout(() => page.click(tid('board-cancel')).catch(() => {}), 300);
        }
        return b;
      }),
      code: 'CANCELLED',
      pattern: /Cancelled/,
    },
  ];
  for (const f of faults) {
    dataFrames = 0;
    assert.equal(await reconnect(page, bridge, 'qemu'), 'microdff', `${f.name}: reconnected through getPorts()`);
    bridge.fault = f.fault;
    const started = Date.now();
    const r = await send(page);
    bridge.fault = null;
    assertKept(r, f.code, f.pattern, f.name);
    assert.ok(dataFrames >= 1, `${f.name}: the fault was injected`);
    t.diagnostic(`${f.name}: shown after ${Date.now() - started} ms: ${r.error.text}`);
    if (f.name === 'cable pulled') {
      await page.waitForFunction(() => /went away/.test(document.querySelector('[data-testid="board-status"]').textContent));
      assert.equal(await page.isVisible(tid('board-disconnect')), false, 'the panel knows the port is gone');
      await screenshot(page, 'board-3-firmware-cable-pulled', '#board');
    }
    if (bridge.holdUntil > Date.now()) await new Promise((r2) => setTimeout(r2, bridge.holdUntil - Date.now() + 200));
    await expectPrevious(f.name);
  }

  // A model larger than the board's store: refused before anything is sent.
  await trainWith(page, { hidden: '128,128', epochs: 3 });
  assert.equal(await reconnect(page, bridge, 'qemu'), 'microdff');
  const r = await send(page);
  assertKept(r, 'TOO_LARGE', /too large for this board: it stores at most \d+ bytes/, 'too large');
  await expectPrevious('too large');

  // And after all that, the new model goes through.
  await trainWith(page, { hidden: '32,16', seed: 7, epochs: 1000 });
  assert.equal(await reconnect(page, bridge, 'qemu'), 'microdff');
  assertAgrees(await send(page), 'the new model after the faults');
  await disconnect(page);
  const st = await firmwareState();
  assert.notEqual(st.crc, fw.old.crc, 'the board now runs the new model');
  assert.deepEqual(st.topology, [3, 32, 16, 2]);
});

// A 64-32-10 network (like tests/node/fixtures/board/models.mjs 'wide'): 64 inputs, 10 classes.
function wideCsv() {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const lines = [[...Array.from({ length: 64 }, (_, i) => `x${i}`), ...Array.from({ length: 10 }, (_, i) => `y${i}`)].join(',')];
  for (let r = 0; r < 40; r++) {
    const label = r % 10;
    lines.push([...Array.from({ length: 64 }, (_, i) => ((i % 10 === label ? 0.8 : 0) + 0.2 * rand()).toFixed(3)), ...Array.from({ length: 10 }, (_, i) => (i === label ? 1 : 0))].join(','));
  }
  return lines.join('\n') + '\n';
}

test('firmware: a 64-32-10 model through the page (upload figures)', { skip: skipFirmware, timeout: 120000 }, async (t) => {
  assert.ok(fw.page, 'the first firmware test opened the page');
  const { page, bridge } = fw;
  await pasteCsv(page, wideCsv(), 64);
  await page.waitForFunction(() => /40 rows.*64 inputs.*10/.test(document.getElementById('data-summary').textContent));
  await trainWith(page, { hidden: '32', epochs: 20 });
  assert.equal(await reconnect(page, bridge, 'qemu'), 'microdff');
  const r = await send(page);
  assertAgrees(r, '64-32-10 on the firmware');
  assert.equal(r.verify.rows, '40');
  assert.match(await page.textContent(tid('board-kind')), /64–32–10/);
  t.diagnostic(`64-32-10 model through the page to the firmware: ${wireFigures(r)}; ${r.upload.text}`);
  await releaseFirmware();
});

test('firmware speaking another protocol version: the page says so and offers no Send', { skip: skipFirmware, timeout: 60000 }, async () => {
  await releaseFirmware();
  const { page, bridge } = await boardPage({ qemu: firmwareBackend() });
  // The firmware's HELLO reply is turned into "unsupported version, I speak 2".
  bridge.faultToPage = frameRewriter((f) => (f.type === (Command.HELLO | 0x80) ? encodeFrame(f.type, f.seq, Uint8Array.of(5, 2, 0, 0, 0)) : null));
  await trainToEnd(page);
  assert.equal(await connect(page, bridge, 'qemu'), 'microdff');
  assert.match(await page.textContent(tid('board-status')), /protocol version 2, this page speaks version 1: update the page/);
  assert.match(await page.textContent(tid('board-kind')), /version 2 \(not supported by this page\)/);
  assert.equal(await page.isDisabled(tid('board-send')), true);
  await disconnect(page);
  await page.close();
});

// ---------- (b) MicroPython WebAssembly ----------
test('MicroPython: connect, push the module, import it, the board agrees; faults leave the previous module intact', { timeout: 240000 }, async (t) => {
  await releaseFirmware();
  const mp = await createMicroPythonBoard();
  const { page, bridge } = await boardPage({ mpy: { info: MICROPYTHON, connect: () => mp.connect() } });
  await useSeed(page);
  await trainToEnd(page);
  assert.equal(await connect(page, bridge, 'mpy'), 'micropython');
  const kind = await page.textContent(tid('board-kind'));
  assert.match(kind, /MicroPython REPL/);
  assert.match(kind, /Versionmicropython \d+\.\d+\.\d+/);
  assert.match(kind, /Platformwebassembly/);
  const r = await send(page);
  assertAgrees(r, 'seed module on MicroPython');
  assert.match(r.upload.text, /model\.py: \d+ bytes .*raw-paste.*CRC-32.*renamed/);
  t.diagnostic(`seed module through the page to MicroPython: ${wireFigures(r)}; ${r.upload.text}`);
  await page.locator(tid('board-console')).evaluate((d) => (d.open = true));
  await screenshot(page, 'board-4-micropython-verified', '#board');
  const oldModule = mp.readFile('/model.py');

  // What the board computes with the module now on it, asked from node.
  const boardOutputs = async () => {
    await bridge.idle();
    const repl = new RawRepl(mp.connect(), { timeoutMs: 3000 });
    try {
      await repl.enter();
      return await repl.predict('model', seedRows);
    } finally {
      await repl.exit().catch(() => {});
      repl.dispose();
      await repl.port.close();
    }
  };
  const oldOutputs = await boardOutputs();
  await page.waitForFunction(() => /went away/.test(document.querySelector('[data-testid="board-status"]').textContent));

  await trainWith(page, { hidden: '8', seed: 7 });
  const isBase64Run = (b) => b.length >= 64 && b.every((c) => /[A-Za-z0-9+/]/.test(String.fromCharCode(c)));
  let runs = 0;
  const onBase64 = (fn) => (bytes) => (isBase64Run(bytes) ? fn(bytes, runs++) : bytes);
  const faults = [
    { name: 'bytes dropped', fault: onBase64((b, i) => (i === 2 ? Uint8Array.from([...b.subarray(0, 8), ...b.subarray(12)]) : b)) },
    {
      name: 'corrupted byte',
      fault: onBase64((b, i) => {
        if (i !== 2) return b;
        const c = b.slice();
        c[10] = c[10] === 0x41 ? 0x42 : 0x41;
        return c;
      }),
    },
    { name: 'cable pulled', fault: onBase64((b, i) => (i === 2 ? 'cut' : b)) },
    {
      name: 'line stalled',
      fault: onBase64((b, i) => {
        if (i === 2) bridge.stall(7000);
        return b;
      }),
    },
  ];
  for (const f of faults) {
    runs = 0;
    assert.equal(await reconnect(page, bridge, 'mpy'), 'micropython', `${f.name}: reconnected`);
    bridge.fault = f.fault;
    const r2 = await send(page);
    bridge.fault = null;
    assert.ok(r2.error, `${f.name}: an error is shown (${r2.status})`);
    assert.equal(r2.error.kept, 'true', `${f.name}: ${r2.error.text}`);
    assert.match(r2.error.text, /model\.py on the board was not replaced: it still holds its previous contents/, f.name);
    assert.ok(runs >= 3, `${f.name}: the fault was injected`);
    t.diagnostic(`${f.name}: ${r2.error.code}: ${r2.error.text.slice(0, 160)}`);
    if (f.name === 'cable pulled') assert.match(r2.error.text, /^The board was disconnected\./);
    if (f.name === 'corrupted byte') await screenshot(page, 'board-5-micropython-error', '#board');
    if (bridge.holdUntil > Date.now()) await new Promise((res) => setTimeout(res, bridge.holdUntil - Date.now() + 300));
    assert.deepEqual(mp.readFile('/model.py'), oldModule, `${f.name}: model.py untouched`);
    assert.deepEqual(await boardOutputs(), oldOutputs, `${f.name}: the old module still imports and predicts as before`);
  }
  assert.equal(await reconnect(page, bridge, 'mpy'), 'micropython');
  assertAgrees(await send(page), 'the new module after the faults');
  assert.notDeepEqual(mp.readFile('/model.py'), oldModule);
  await disconnect(page);
  await page.close();
});

// ---------- no board, no Web Serial ----------
test('the picker cancelled: a calm message and nothing else; the filters still allow any port', async () => {
  const { page, bridge } = await boardPage({});
  bridge.choose = null;
  await page.focus(tid('board-connect'));
  await page.keyboard.press('Enter'); // keyboard operable
  await page.waitForFunction(() => /No port chosen/.test(document.querySelector('[data-testid="board-status"]').textContent));
  assert.equal(await page.textContent(tid('board-status')), 'No port chosen. Nothing was changed.');
  assert.equal(await page.getAttribute(tid('board-status'), 'data-tone'), '');
  assert.equal(await page.isHidden(tid('board-error')), true);
  assert.equal(await page.getAttribute(tid('board-kind'), 'data-kind'), 'none');
  const ids = bridge.requests[0].filters.map((f) => f.usbVendorId);
  for (const v of [0x10c4, 0x1a86, 0x0403, 0x2e8a, 0x303a, 0x2341]) assert.ok(ids.includes(v), `filter for 0x${v.toString(16)}`);
  await page.click(tid('board-connect-any'));
  await page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'false');
  assert.equal(bridge.requests.length, 2);
  assert.equal(bridge.requests[1].filters, undefined, '"Any serial port" asks without filters');
  await page.close();
});

test('a device that answers something else: shown as unknown, its bytes as text only', async () => {
  const html = '<img src=x onerror="document.title=\'pwned\'">hello\r\n';
  const chatty = () => {
    const { port, deliver } = createBytePort({ label: 'chatty', write: async () => setTimeout(() => deliver(new TextEncoder().encode(html)), 5) });
    return port;
  };
  const { page, bridge } = await boardPage({ chatty: { info: { usbVendorId: 0x1a86, usbProductId: 0x7523 }, connect: async () => chatty() } });
  assert.equal(await connect(page, bridge, 'chatty'), 'unknown');
  assert.match(await page.textContent(tid('board-status')), /neither as the microdff firmware nor as a MicroPython REPL \(wrong baud rate\?\)/);
  assert.match(await page.textContent(tid('board-kind')), /<img src=x onerror=/);
  assert.equal(await page.locator('#board img').count(), 0, 'rendered as text');
  assert.notEqual(await page.title(), 'pwned');
  await disconnect(page);
  await page.close();
});

test('no Web Serial in this browser: said plainly, with the way to the downloads', async () => {
  const page = await pg.newPage();
  await removeWebSerial(page);
  await openFresh(pg, page);
  assert.equal(await page.evaluate(() => 'serial' in navigator), false);
  const note = page.locator(tid('board-unavailable'));
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /Web Serial is not available here\. This browser has no Web Serial \(use Chrome, Edge or Opera on a desktop\)\./);
  assert.equal(await note.locator('a[href="#export"]').count(), 1);
  assert.equal(await page.isDisabled(tid('board-connect')), true);
  assert.equal(await page.isDisabled(tid('board-send')), true);
  await screenshot(page, 'board-6-no-web-serial', '#board');
  await page.close();
});

test('MicroPython: with the training library, the board predicts through it and keeps training on the model', { timeout: 300000 }, async (t) => {
  await releaseFirmware();
  const mp = await createMicroPythonBoard();
  const { page, bridge } = await boardPage({ mpy: { info: MICROPYTHON, connect: () => mp.connect() } });
  await useSeed(page);
  await trainToEnd(page);
  assert.equal(await page.isVisible(tid('board-with-library')), false, 'no library option before a MicroPython board answers');
  assert.equal(await connect(page, bridge, 'mpy'), 'micropython');
  await page.check(tid('board-with-library'));
  const r = await send(page, 200000); // 90 KB through the stand-in's 128-byte raw-paste windows

  assertAgrees(r, 'seed model through the library on MicroPython');
  assert.equal(r.upload.library, 'sent');
  assert.match(r.upload.text, /model\.py: \d+ bytes .* the training library \(matrix\.py, dff_formats\.py, dff_kernels\.py, dff_codegen\.py, neuralnetwork\.py\) and model\.blob/);
  t.diagnostic(r.upload.text);

  // The page has let go of the REPL: the board trains with what the page put there, and saves.
  await bridge.idle();
  const repl = new RawRepl(mp.connect(), { timeoutMs: 10000 });
  try {
    await repl.enter();
    const out = await repl.exec([
      'import neuralnetwork as nn',
      "ann = nn.load('model.blob')",
      'a = [[0, 0, 1], [1, 1, 0]]',
      's = [[0, 1], [0, 1]]',
      'first = ann.train(a, s)',
      'for _ in range(20):',
      ' last = ann.train(a, s)',
      "ann.save('model.blob')",
      "print(last <= first, nn.load('model.blob').weights == ann.weights)",
    ].join('\n'));
    assert.equal(out.trim(), 'True True');
  } finally {
    repl.dispose();
  }
  await page.close();
});
