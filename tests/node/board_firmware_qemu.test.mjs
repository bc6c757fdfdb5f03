// The protocol client and board detection against the real microdff firmware running under
// qemu-system-arm -M mps2-an385, UART0 on a loopback TCP socket: HELLO, upload (per-chunk
// ACK), COMMIT, PREDICT on every training row vs dff predict, TRAIN, and faults injected
// between client and board (corrupted byte, pulled cable, stalled line, wrong CRC, too large).
// Needs microdff.elf (the release build, or MICRODFF_FW_ELF) and qemu-system-arm; without
// them the tests skip, except in CI (CI=true), where they must run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startQemuBoard, findFirmwareElf, findQemu } from './fixtures/board/qemu-board.mjs';
import { loadModel } from './fixtures/board/models.mjs';
import { assertRowsClose as assertClose } from './fixtures/board/rows-close.mjs';
import { ProtocolClient } from '../../web/src/board/protocol-client.js';
import { detectBoard } from '../../web/src/board/detect.js';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { Command, requests, replies } from '../../web/src/board/frame.js';
import { crc32 } from '../../web/src/board/crc32.js';
import { ErrorCode } from '../../web/src/board/errors.js';

const elf = findFirmwareElf();
const qemu = findQemu();
const missing = !elf ? 'microdff.elf not built (build the release preset or set MICRODFF_FW_ELF)' : !qemu ? 'qemu-system-arm not installed' : null;
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the firmware tests`);
const skip = missing ? `${missing}: skipped` : false;

let board;
before(async () => {
  if (!skip) board = await startQemuBoard({ elf, qemu });
});
after(async () => board?.stop());

// A port between client and board whose writes go through `fault(bytes, index)`: return the
// bytes to send (maybe altered), null to drop them, or 'cut' to pull the cable.
function faultyPort(inner, fault) {
  let writes = 0;
  const { port, deliver, end } = createBytePort({
    label: 'faulty line',
    write: async (bytes) => {
      const r = fault(bytes, writes++);
      if (r === 'cut') {
        await inner.close();
        end(new Error('cable pulled'));
        throw new Error('cable pulled');
      }
      if (r) await inner.write(r);
    },
    close: () => inner.close(),
  });
  inner.subscribe({ data: deliver, close: (e) => end(e) });
  return port;
}

async function session(options) {
  const port = await board.connect();
  const client = new ProtocolClient(port, { baudRate: 0, ...options });
  await client.hello();
  return { port, client, async close() {
    client.dispose();
    await port.close();
  } };
}

// What the board runs now: its CRC from INFO, and its outputs on `model`'s rows.
async function boardState(model) {
  const s = await session();
  const info = await s.client.getInfo();
  const outputs = await s.client.predictRows(model.rows);
  await s.close();
  return { crc: info.model?.crc, source: info.model?.source, outputs };
}

const crcOf = (blob) => new DataView(blob.buffer, blob.byteOffset, blob.length).getUint32(blob.length - 4, true);

test('detects the firmware: name, version, protocol, limits, built-in model', { skip }, async () => {
  const port = await board.connect();
  const d = await detectBoard(port);
  await port.close();
  assert.equal(d.kind, 'microdff');
  assert.equal(d.supported, true);
  assert.equal(d.protocolVersion, 1);
  assert.match(d.firmware.name, /qemu-mps2-an385/);
  assert.ok(d.maxModelBytes >= 9716, `a 64-32-10 blob fits (${d.maxModelBytes} bytes)`);
  assert.ok(d.maxPayload >= 128);
  assert.equal(d.model.source, 'builtin');
  assert.deepEqual([d.model.topology[0], d.model.topology.at(-1)], [3, 2], 'the built-in seed model');
  assert.equal(d.capabilities.predict, true);
});

test('upload, COMMIT and PREDICT on every training row agree with dff predict; wire figures', { skip }, async (t) => {
  for (const name of ['seed_b', 'wide', 'seed_a']) {
    const model = loadModel(name);
    const blob = new Uint8Array(model.blob);
    const s = await session();
    const progress = [];
    const r = await s.client.upload(blob, { onProgress: (p) => progress.push(p) });
    assert.equal(r.size, blob.length);
    assert.equal(r.crc, crcOf(blob));
    assert.equal(progress.at(-1).sent, blob.length);
    assert.equal(progress.length, r.chunks + 1, 'one progress report per acknowledged chunk');
    assert.ok(progress.every((p, i) => i === 0 || p.sent > progress[i - 1].sent));
    const info = await s.client.getInfo();
    assert.equal(info.model.source, 'uploaded');
    assert.equal(info.model.crc, crcOf(blob));
    const outputs = await s.client.predictRows(model.rows);
    const worst = assertClose(outputs, model.expected, `${name} on the firmware`);
    await s.close();
    const wireSeconds = ((r.bytesSent + r.bytesReceived) * 10) / 115200;
    t.diagnostic(
      `${name} (${model.source}): blob ${blob.length} bytes in ${r.chunks} chunks of ≤${r.chunkBytes}: ${r.bytesSent} bytes sent + ${r.bytesReceived} received ` +
        `(${(wireSeconds * 1000).toFixed(0)} ms of line time at 115200 baud), ${r.ms} ms under QEMU; max |diff| ${worst.toExponential(2)} over ${model.rows.length} rows`,
    );
  }
});

test('a corrupted byte on the line is NAKed and resent; the upload still succeeds', { skip }, async () => {
  const model = loadModel('seed_b');
  const port = faultyPort(await board.connect(), (bytes, i) => {
    if (i !== 3) return bytes;
    const b = bytes.slice();
    b[Math.floor(b.length / 2)] ^= 0x10; // inside a DATA frame; never turns a byte into 0x00 here
    return b[Math.floor(b.length / 2)] === 0 ? bytes : b;
  });
  const client = new ProtocolClient(port, { baudRate: 0 });
  // Writes: HELLO, BEGIN, DATA, DATA, ... (64-byte chunks): write 3 is the second DATA frame.
  const r = await client.upload(new Uint8Array(model.blob), { chunkBytes: 64 });
  assert.ok(r.chunks >= 4);
  assert.ok(r.retransmissions >= 1, 'the damaged frame was sent again');
  assert.ok(client.stats.naks >= 1, 'the board answered with a NAK');
  client.dispose();
  await port.close();
  assertClose((await boardState(model)).outputs, model.expected, 'after a noisy upload');
});

test('cable pulled mid-upload, a stalled line, a wrong CRC, a model too large: each says so, the previous model stays', { skip }, async () => {
  const previous = loadModel('seed_b');
  const next = loadModel('wide');
  const blob = new Uint8Array(next.blob);
  {
    const s = await session();
    await s.client.upload(new Uint8Array(previous.blob));
    await s.close();
  }
  const expectPrevious = async (where) => {
    const st = await boardState(previous);
    assert.equal(st.crc, crcOf(previous.blob), `${where}: the active model is still the previous one`);
    assertClose(st.outputs, previous.expected, `${where}: previous model predictions`);
  };

  // Cable pulled after a few DATA chunks.
  {
    const port = faultyPort(await board.connect(), (bytes, i) => (i === 6 ? 'cut' : bytes));
    const client = new ProtocolClient(port, { baudRate: 0 });
    await assert.rejects(client.upload(blob), (e) => {
      assert.equal(e.code, ErrorCode.PORT_CLOSED, e.message);
      assert.equal(e.keptPreviousModel, true);
      assert.match(e.message, /cable pulled.*kept its previous model/);
      return true;
    });
    client.dispose();
    await expectPrevious('cable pulled');
  }
  // The line goes silent (everything after the 5th write is lost): timeout, no reply.
  {
    const port = faultyPort(await board.connect(), (bytes, i) => (i >= 5 ? null : bytes));
    const client = new ProtocolClient(port, { baudRate: 0, timeoutMs: 300, retries: 2 });
    const started = Date.now();
    await assert.rejects(client.upload(blob), (e) => e.code === ErrorCode.TIMEOUT && e.keptPreviousModel === true && /did not answer DATA/.test(e.message));
    assert.ok(Date.now() - started < 5000, 'the client gives up within its retries');
    client.dispose();
    await port.close();
    await expectPrevious('stalled line');
  }
  // BEGIN announces a CRC the data does not have: COMMIT is refused with BLOB_CRC.
  {
    const s = await session();
    const c = s.client;
    const { maxChunk } = await c.call(Command.BEGIN, requests.begin(blob.length, crcOf(blob) ^ 1), replies.begin);
    for (let o = 0; o < blob.length; o += maxChunk) await c.call(Command.DATA, requests.data(o, blob.subarray(o, o + maxChunk)), replies.data);
    await assert.rejects(c.call(Command.COMMIT, requests.commit(), replies.commit), (e) => e.code === 'BLOB_CRC' && /send it again/.test(e.message));
    await s.close();
    await expectPrevious('wrong CRC');
  }
  // Too large: the client refuses before BEGIN; the board refuses a BEGIN of that size too.
  {
    const s = await session();
    const big = new Uint8Array(s.client.info.maxModelBytes + 4);
    new DataView(big.buffer).setUint32(big.length - 4, crc32(big.subarray(0, big.length - 4)), true);
    await assert.rejects(s.client.upload(big), (e) => e.code === 'TOO_LARGE' && e.keptPreviousModel && /too large for this board/.test(e.message));
    await assert.rejects(s.client.call(Command.BEGIN, requests.begin(big.length, 1), replies.begin, {}, { size: big.length }), (e) => e.code === 'TOO_LARGE' && e.detail === s.client.info.maxModelBytes);
    await s.client.abort();
    await s.close();
    await expectPrevious('too large');
  }
  // Cancelled by the user half way.
  {
    const s = await session();
    const controller = new AbortController();
    await assert.rejects(
      s.client.upload(blob, { signal: controller.signal, onProgress: (p) => p.chunks === 3 && controller.abort() }),
      (e) => e.code === ErrorCode.CANCELLED && e.keptPreviousModel === true,
    );
    const info = await s.client.getInfo();
    assert.equal(info.uploading, false, 'the client sent ABORT: the board is idle again');
    await s.close();
    await expectPrevious('cancelled');
  }
});

test('TRAIN on the board lowers the loss on the seed rows; PREDICT then uses the trained weights', { skip }, async () => {
  const model = loadModel('seed_b');
  const s = await session();
  await s.client.upload(new Uint8Array(model.blob));
  await s.client.hello();
  assert.equal(s.client.info.capabilities.train, true, 'the QEMU firmware loads models with training memory');
  const targets = [[1, 0], [0, 1], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 0]];
  // Targets flipped: training must move the outputs towards them.
  const rows = model.rows.map((r, i) => [...r, ...targets[i].map((v) => 1 - v)]);
  const r = await s.client.train(rows, { epochs: 50 });
  assert.ok(Number.isFinite(r.lossBefore) && Number.isFinite(r.lossAfter));
  assert.ok(r.lossAfter < r.lossBefore, `loss ${r.lossBefore} -> ${r.lossAfter}`);
  const info = await s.client.getInfo();
  assert.equal(info.model.trainedInRam, true);
  await s.close();
});
