// flashArduino (web/src/board/arduino-flash.js) puts the ATmega328P firmware
// (firmware/ports/atmega328p) and a model on simulated boards (tests/avr_sim on libsimavr, real
// Optiboot and ATmegaBOOT), then the firmware itself answers: HELLO, PREDICT on every row
// against dff predict. The flash is checked twice, independently of the client: the
// simulator's dump and avrdude reading the board through its bootloader. Then model-only
// updates, cut writes (the bootloader survives, a full retry works), another chip, the wrong
// rate, a model too large, and a firmware with no or a damaged model.
// Needs dff-avr-sim, the ATmega328P images (release build with gcc-avr) and avrdude; without
// them the tests skip, except under CI=true, where they fail.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAvrBoard, avrSimMissing, faultyLine } from './fixtures/board/avr-board.mjs';
import { loadModel } from './fixtures/board/models.mjs';
import { assertRowsClose as assertClose } from './fixtures/board/rows-close.mjs';
import { flashArduino, loadArduinoImage, planPages } from '../../web/src/board/arduino-flash.js';
import { ProtocolClient } from '../../web/src/board/protocol-client.js';
import { parseIntelHex } from '../../web/src/board/intel-hex.js';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { Command, requests, replies } from '../../web/src/board/frame.js';
import { lineMs } from '../../web/src/board/stk500.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const imageDir = process.env.MICRODFF_AVR_IMAGES ?? join(repo, 'build/release/firmware/ports/atmega328p');
const avrdude = ['/usr/bin/avrdude', '/usr/local/bin/avrdude'].find((p) => existsSync(p));
const missing =
  avrSimMissing() ??
  (!existsSync(join(imageDir, 'microdff-uno.json')) ? `ATmega328P images missing in ${imageDir} (build the release preset with gcc-avr, or set MICRODFF_AVR_IMAGES)` : null) ??
  (!avrdude ? 'avrdude not installed' : null);
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the simulated-Arduino tests`);
const skip = missing ? `${missing}: skipped` : false;

const images = {};
const image = async (board) => (images[board] ??= await loadArduinoImage(async (p) => readFileSync(join(imageDir, p.replace(/^firmware\//, '')), 'utf8'), board));
const crcOf = (blob) => new DataView(blob.buffer, blob.byteOffset, blob.length).getUint32(blob.length - 4, true);
// Each test stops its boards when it ends: a simulator left running costs CPU time that the
// next test's boards, running at real time, need.
const running = new Set();
afterEach(async () => {
  await Promise.all([...running].map((b) => b.stop()));
  running.clear();
});

async function board(name, options) {
  const b = await startAvrBoard({ board: name, ...options });
  running.add(b);
  return b;
}

// Flashes `blob` with the image for `board`; with `rows`, then asks the firmware on the same
// connection (as the page does: no reset, the bootloader starts it at once): HELLO and PREDICT.
async function flash(b, blob, { board = b.board, rows, ...options } = {}) {
  const port = await b.connect({ baudRate: (await image(board)).manifest.baudRate });
  try {
    const r = await flashArduino(port, { image: await image(board), blob, setSignals: port.setSignals, ...options });
    return rows ? { ...r, ...(await talk(port, b.baudRate, rows)) } : r;
  } finally {
    await port.close();
  }
}

// HELLO, then PREDICT on `rows`. After a reset the bootloader takes the first bytes: its
// answer to bytes it does not know is to start the firmware (Optiboot at once, ATmegaBOOT
// after five), so the first HELLOs may go unanswered and are sent again.
async function talk(port, baudRate, rows) {
  const client = new ProtocolClient(port, { baudRate, timeoutMs: 300, retries: 8 });
  try {
    const info = await client.hello();
    return { info, outputs: await client.predictRows(rows) };
  } finally {
    client.dispose();
  }
}

// The firmware on a fresh connection (which resets the board, as opening a port does).
async function ask(b, rows = []) {
  const port = await b.connect();
  try {
    return await talk(port, b.baudRate, rows);
  } finally {
    await port.close();
  }
}

// The flash the page meant to write: firmware image, model region, erased elsewhere (below the bootloader).
function intended(img, blob) {
  const m = img.manifest;
  const flash = new Uint8Array(m.bootStart).fill(0xff);
  const plan = planPages(img, blob);
  for (const p of [...plan.app, ...plan.region]) flash.set(p.bytes, p.address);
  return flash;
}

function avrdudeRead(b) {
  const dir = mkdtempSync(join(tmpdir(), 'avrdude-'));
  try {
    execFileSync(avrdude, ['-q', '-q', '-c', 'arduino', '-p', 'm328p', '-P', `net:127.0.0.1:${b.tcpPort}`, '-b', String(b.baudRate), '-U', `flash:r:${join(dir, 'flash.hex')}:i`], { stdio: 'pipe', timeout: 30000 });
    return parseIntelHex(readFileSync(join(dir, 'flash.hex'), 'utf8')).bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A write carrying one page: LOAD_ADDRESS then PROG_PAGE (stk500.js sends them together).
const isPageWrite = (b) => b[0] === 0x55 && b[4] === 0x64;
const figures = (r, baud) => `${r.pages} pages (${r.bytesSent} bytes sent, ${r.bytesReceived} received: ${lineMs(r.bytesSent + r.bytesReceived, baud)} ms of line time at ${baud} baud) in ${r.ms} ms through the simulator`;

test('Uno: the whole image and the seed model; HELLO and PREDICT agree with dff; the flash is what the page meant (dump and avrdude)', { skip, timeout: 120000 }, async (t) => {
  const seed = loadModel('seed_a');
  const blob = new Uint8Array(seed.blob);
  const img = await image('uno');
  const b = await board('uno');
  const progress = [];
  const r = await flash(b, blob, { rows: seed.rows, onProgress: (p) => progress.push(p) });
  assert.equal(r.mode, 'full', 'a board without our firmware gets the whole image');
  assert.equal(r.previous.firmware, null);
  assert.equal(r.signature, '1e950f');
  assert.deepEqual([...new Set(progress.map((p) => p.phase))], ['reset', 'sync', 'write', 'verify', 'done']);
  const writes = progress.filter((p) => p.phase === 'write');
  assert.equal(writes.at(-1).done, writes.at(-1).total);
  assert.equal(writes.at(-1).address, 0, 'the identity\'s page goes last');
  t.diagnostic(`Uno, full image + seed model (${blob.length}-byte blob): ${figures(r, 115200)}`);

  const { info, outputs } = r;
  assert.equal(info.firmware.name, 'microdff-uno');
  assert.equal(info.model.source, 'builtin');
  assert.equal(info.model.crc, crcOf(blob));
  assert.equal(info.model.size, blob.length);
  assert.equal(info.capabilities.predict, true);
  assert.equal(info.capabilities.train, false);
  const worst = assertClose(outputs, seed.expected, 'seed on the Uno');
  t.diagnostic(`seed on the Uno: max |board - dff| = ${worst.toExponential(2)} over ${outputs.length} rows`);

  const want = intended(img, blob);
  const dump = await b.dumpFlash();
  assert.deepEqual(dump.subarray(0, img.manifest.bootStart), want, 'the simulator\'s flash below the bootloader');
  const read = avrdudeRead(b);
  assert.equal(read.length, 32768);
  assert.deepEqual(read.subarray(0, img.manifest.bootStart), want, 'avrdude -U flash:r reads what the page meant to write');
  assert.deepEqual(read.subarray(img.manifest.bootStart), dump.subarray(img.manifest.bootStart), 'Optiboot untouched');

  // The same firmware build on the board: only the model region is written.
  const other = loadModel('seed_b');
  const blob2 = new Uint8Array(other.blob);
  const r2 = await flash(b, blob2, { rows: other.rows });
  assert.equal(r2.mode, 'model');
  assert.equal(r2.previous.sameBuild, true);
  assert.equal(r2.previous.region.blobCrc, crcOf(blob), 'it saw the previous model');
  assert.equal(r2.pages, Math.ceil((20 + blob2.length) / 128));
  t.diagnostic(`Uno, model-only update (${blob2.length}-byte blob): ${figures(r2, 115200)}`);
  assert.equal(r2.info.model.crc, crcOf(blob2));
  assertClose(r2.outputs, other.expected, 'seed_b after a model-only update');
  // The region's pages changed, nothing else (the old model's last page stays as it was).
  const updated = want.slice();
  for (const p of planPages(img, blob2).region) updated.set(p.bytes, p.address);
  assert.deepEqual((await b.dumpFlash()).subarray(0, img.manifest.bootStart), updated);
});

test('Uno: a 64-32-10 model (digits) runs from flash; a model-only update cut halfway, then flashed again', { skip, timeout: 120000 }, async (t) => {
  const wide = loadModel('wide');
  const blob = new Uint8Array(wide.blob);
  const b = await board('uno');
  const r = await flash(b, blob, { rows: wide.rows });
  t.diagnostic(`Uno, full image + 64-32-10 (${blob.length}-byte blob): ${figures(r, 115200)}`);
  const { info, outputs } = r;
  assert.deepEqual(info.model.topology, [64, 32, 10]);
  const worst = assertClose(outputs, wide.expected, '64-32-10 on the Uno');
  t.diagnostic(`64-32-10 on the Uno: max |board - dff| = ${worst.toExponential(2)} over ${outputs.length} rows`);

  // The iris model over it, the cable pulled on its 5th page: the region's header names iris,
  // its last pages still hold 64-32-10 bytes.
  const iris = loadModel('iris');
  const irisBlob = new Uint8Array(iris.blob);
  let pages = 0;
  const port = faultyLine(await b.connect(), { cutAt: (bytes) => isPageWrite(bytes) && ++pages === 5 });
  await assert.rejects(flashArduino(port, { image: await image('uno'), blob: irisBlob, setSignals: port.setSignals }), (e) => {
    assert.equal(e.code, 'PORT_CLOSED', e.message);
    assert.equal(e.boardState, 'partial-model');
    assert.match(e.message, /The firmware on the board is intact, its model region is partly written/);
    return true;
  });
  const port2 = await b.connect();
  const client = new ProtocolClient(port2, { baudRate: 115200, timeoutMs: 300, retries: 8 });
  const cut = await client.hello();
  assert.equal(cut.model, null, 'a half-written model is not run');
  assert.equal(cut.firmware.name, 'microdff-uno', 'the firmware answers');
  await assert.rejects(client.predict([5.1, 3.5, 1.4, 0.2]), (e) => e.code === 'NO_MODEL' && /model damaged \(cut write\?\); flash it again/.test(e.message));
  client.dispose();
  await port2.close();
  const r3 = await flash(b, irisBlob, { rows: iris.rows.slice(0, 30) });
  assert.equal(r3.mode, 'model');
  assertClose(r3.outputs, iris.expected.slice(0, 30), 'iris after the retry');
});

test('Nano (old bootloader, 57600 baud): the whole image with the seed, then a model-only update', { skip, timeout: 120000 }, async (t) => {
  const seed = loadModel('seed_a');
  const blob = new Uint8Array(seed.blob);
  const img = await image('nano');
  const b = await board('nano');
  const r = await flash(b, blob, { rows: seed.rows });
  assert.equal(r.mode, 'full');
  t.diagnostic(`Nano, full image + seed model: ${figures(r, 57600)}`);
  const { info, outputs } = r;
  assert.equal(info.firmware.name, 'microdff-nano');
  assertClose(outputs, seed.expected, 'seed on the Nano');
  assert.deepEqual((await b.dumpFlash()).subarray(0, img.manifest.bootStart), intended(img, blob));
  const other = loadModel('seed_b');
  const r2 = await flash(b, new Uint8Array(other.blob), { rows: other.rows });
  assert.equal(r2.mode, 'model');
  t.diagnostic(`Nano, model-only update: ${figures(r2, 57600)}`);
  assertClose(r2.outputs, other.expected, 'seed_b on the Nano');
  assertClose((await ask(b, other.rows)).outputs, other.expected, 'seed_b on the Nano after a reset');
});

test('a full write cut halfway: the bootloader is intact, the identity is gone, a full retry works', { skip, timeout: 60000 }, async () => {
  const seed = loadModel('seed_a');
  const blob = new Uint8Array(seed.blob);
  const img = await image('uno');
  const b = await board('uno');
  let pages = 0;
  const port = faultyLine(await b.connect(), { cutAt: (bytes) => isPageWrite(bytes) && ++pages === 50 });
  await assert.rejects(flashArduino(port, { image: img, blob, setSignals: port.setSignals }), (e) => {
    assert.equal(e.boardState, 'partial-firmware');
    assert.match(e.message, /The bootloader is intact \(it lives in its own flash section\), the firmware is partly written: press Flash again/);
    return true;
  });
  const half = await b.dumpFlash();
  const boot = parseIntelHex(readFileSync(b.bootloader, 'utf8')).bytes;
  assert.deepEqual(half.subarray(0x7e00), boot.subarray(0x7e00), 'Optiboot intact');
  assert.ok(half.subarray(img.manifest.identityAddress, img.manifest.identityAddress + 12).every((x) => x === 0xff), 'no identity: the next flash writes everything');
  const r = await flash(b, blob, { rows: seed.rows });
  assert.equal(r.mode, 'full');
  assertClose(r.outputs, seed.expected, 'seed after the retry');
});

test('an answer lost on the way back: the page resyncs, writes that page again, and the image is whole', { skip, timeout: 60000 }, async () => {
  const seed = loadModel('seed_a');
  const blob = new Uint8Array(seed.blob);
  const img = await image('uno');
  const b = await board('uno');
  let pages = 0;
  // The 20th page's first answer bytes vanish.
  const port = faultyLine(await b.connect(), { dropAnswerAt: (bytes) => isPageWrite(bytes) && ++pages === 20 });
  const r = await flashArduino(port, { image: img, blob, setSignals: port.setSignals, timeoutMs: 300 });
  assert.equal(r.mode, 'full');
  assert.ok(pages > r.pages, `${pages} page writes for ${r.pages} pages: one was sent again`);
  const talked = await talk(port, 115200, seed.rows);
  assertClose(talked.outputs, seed.expected, 'seed after a lost answer');
  await port.close();
  assert.deepEqual((await b.dumpFlash()).subarray(0, img.manifest.bootStart), intended(img, blob));
});

test('the firmware with no model answers HELLO and says why; TRAIN and BEGIN say what this board does instead', { skip, timeout: 60000 }, async () => {
  const img = await image('uno');
  const b = await board('uno', { app: join(imageDir, img.manifest.hex) });
  const port = await b.connect();
  const client = new ProtocolClient(port, { baudRate: 115200, timeoutMs: 300, retries: 8 });
  try {
    const info = await client.hello();
    assert.equal(info.model, null);
    assert.equal(info.capabilities.predict, false);
    assert.equal(info.maxModelBytes, 0, 'no upload slot');
    await assert.rejects(client.predict([0, 0, 1]), (e) => e.code === 'NO_MODEL' && /no model flashed yet; flash one from the page/.test(e.message));
    await assert.rejects(client.call(Command.TRAIN, requests.train([[0, 0, 1, 1, 0]], { epochs: 1 }), replies.train), (e) => e.code === 'NO_MODEL');
    await assert.rejects(client.call(Command.BEGIN, requests.begin(100, 1), replies.begin, {}, { size: 100 }), (e) => e.code === 'TOO_LARGE' && /models come by flashing only: use the page/.test(e.message));
    // The page's Send path (ProtocolClient.upload) says so before it sends anything.
    await assert.rejects(client.upload(new Uint8Array(loadModel('seed_a').blob)), (e) => e.code === 'UNSUPPORTED' && /only together with its firmware .*use Flash Arduino/.test(e.message) && e.keptPreviousModel === true);
  } finally {
    client.dispose();
    await port.close();
  }
  // With a model: TRAIN is refused, the model stays.
  const seed = loadModel('seed_a');
  await flash(b, new Uint8Array(seed.blob));
  const port2 = await b.connect();
  const c2 = new ProtocolClient(port2, { baudRate: 115200, timeoutMs: 300, retries: 8 });
  try {
    await c2.hello();
    await assert.rejects(c2.call(Command.TRAIN, requests.train([[0, 0, 1, 1, 0]], { epochs: 1 }), replies.train), (e) => e.code === 'UNSUPPORTED' && /cannot train/.test(e.message));
    assertClose(await c2.predictRows(seed.rows), seed.expected, 'after TRAIN was refused');
  } finally {
    c2.dispose();
    await port2.close();
  }
});

test('another chip, the wrong rate, a model too large: each says what and which boards, and nothing is written', { skip, timeout: 60000 }, async () => {
  const blob = new Uint8Array(loadModel('seed_a').blob);
  const mega = await board('mega1280');
  const before = await mega.dumpFlash();
  await assert.rejects(flash(mega, blob, { board: 'nano' }), (e) => {
    assert.equal(e.code, 'WRONG_CHIP');
    assert.match(e.message, /the chip is an ATmega1280 \(signature 1e 97 03\), not the ATmega328P/);
    assert.match(e.message, /Arduino Uno \(Optiboot, 115200 baud\) and an Arduino Nano or Pro Mini with the old bootloader \(57600 baud\)/);
    assert.match(e.message, /Nothing was written: the board is unchanged\.$/);
    assert.equal(e.boardState, 'unchanged');
    return true;
  });
  assert.deepEqual(await mega.dumpFlash(), before);

  const uno = await board('uno');
  const port = await uno.connect({ baudRate: 57600 });
  const started = Date.now();
  await assert.rejects(flashArduino(port, { image: await image('nano'), blob, setSignals: port.setSignals }), (e) => {
    assert.equal(e.code, 'NO_BOOTLOADER');
    assert.match(e.message, /No bootloader answered at 57600 baud after the reset \(is this an Arduino Nano \(old bootloader\)/);
    assert.match(e.message, /Nothing was written/);
    return true;
  });
  assert.ok(Date.now() - started < 5000, `said so after ${Date.now() - started} ms`);
  await port.close();

  const huge = new Uint8Array((await image('uno')).manifest.modelRegion.maxBlobBytes + 1);
  let wrote = false;
  const spy = createBytePort({ label: 'spy', write: async () => (wrote = true) }).port;
  await assert.rejects(flashArduino(spy, { image: await image('uno'), blob: huge }), (e) => e.code === 'MODEL_TOO_LARGE' && /holds at most 13804 bytes of model/.test(e.message) && e.boardState === 'unchanged');
  assert.equal(wrote, false);
});
