// web/src/board/stk500.js against real Arduino bootloaders on a simulated ATmega328P
// (tests/avr_sim, libsimavr): Optiboot (Uno, 115200 baud) and the Nano's old ATmegaBOOT
// (57600 baud): sync, signature, write, read back, leave; another chip (an ATmega1280 Mega's
// bootloader); silence (the wrong baud rate); the cable cut halfway, then a full retry. The
// flash is checked through the simulator, independently of the client.
// Needs dff-avr-sim (release build with libsimavr-dev) and the bootloader images; without them
// the tests skip, except under CI=true, where they fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAvrBoard, avrSimMissing, faultyLine } from './fixtures/board/avr-board.mjs';
import { Stk500, resetIntoBootloader, NO_BOOTLOADER } from '../../web/src/board/stk500.js';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { ErrorCode } from '../../web/src/board/errors.js';

const missing = avrSimMissing();
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the simulated-Arduino tests`);
const skip = missing ? `${missing}: skipped` : false;

const PAGE = 128;
// Pages of recognisable bytes at `base` (a different pattern per run).
function pages(count, base, salt) {
  return Array.from({ length: count }, (_, p) => ({
    address: base + p * PAGE,
    bytes: Uint8Array.from({ length: PAGE }, (_, i) => (i * 31 + p * 7 + salt) & 0xff),
  }));
}

async function session(board, options = {}) {
  const port = await board.connect(options);
  const stk = new Stk500(port, { baudRate: options.baudRate ?? board.baudRate });
  return {
    port,
    stk,
    async close() {
      stk.dispose();
      await port.close();
    },
  };
}

for (const name of ['uno', 'nano']) {
  test(`${name}: reset, sync, signature, write, read back, leave; the flash holds the pages`, { skip, timeout: 60000 }, async (t) => {
    const board = await startAvrBoard({ board: name });
    try {
      const s = await session(board);
      await resetIntoBootloader(s.port.setSignals);
      const sync = await s.stk.sync();
      assert.deepEqual([...(await s.stk.signature())], [0x1e, 0x95, 0x0f], 'an ATmega328P');
      const version = await s.stk.version();
      assert.ok(version.major >= 1, `bootloader version ${version.major}.${version.minor}`);
      const written = pages(24, 0x1000, name.length);
      const started = Date.now();
      for (const p of written) await s.stk.writePage(p.address, p.bytes);
      const writeMs = Date.now() - started;
      for (const p of written) assert.deepEqual([...(await s.stk.readPage(p.address, PAGE))], [...p.bytes], `page ${p.address.toString(16)}`);
      await s.stk.leave();
      await s.close();
      const flash = await board.dumpFlash();
      for (const p of written) assert.deepEqual([...flash.subarray(p.address, p.address + PAGE)], [...p.bytes]);
      assert.ok(flash.subarray(0x1000 + 24 * PAGE, 0x1000 + 25 * PAGE).every((b) => b === 0xff), 'the next page is untouched');
      t.diagnostic(`${name}: sync after ${sync.attempts} tries; 24 pages written in ${writeMs} ms (${((writeMs / 24) | 0)} ms/page); bootloader ${version.major}.${version.minor}`);
    } finally {
      await board.stop();
    }
  });
}

test('another chip: the ATmega1280 (Arduino Mega) bootloader answers with its own signature', { skip, timeout: 30000 }, async () => {
  const board = await startAvrBoard({ board: 'mega1280' });
  try {
    const s = await session(board);
    await resetIntoBootloader(s.port.setSignals);
    await s.stk.sync();
    assert.deepEqual([...(await s.stk.signature())], [0x1e, 0x97, 0x03]);
    await s.close();
  } finally {
    await board.stop();
  }
});

test('silence: an Uno asked at the Nano\'s 57600 baud never syncs (NO_BOOTLOADER), within the tries', { skip, timeout: 30000 }, async () => {
  const board = await startAvrBoard({ board: 'uno' });
  try {
    const s = await session(board, { baudRate: 57600 });
    await resetIntoBootloader(s.port.setSignals);
    const started = Date.now();
    await assert.rejects(s.stk.sync({ attempts: 6 }), (e) => e.code === NO_BOOTLOADER && /No bootloader answered \(6 tries to sync at 57600 baud\)/.test(e.message));
    assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms`);
    await s.close();
  } finally {
    await board.stop();
  }
});

test('the cable cut halfway through a write: PORT_CLOSED; a full retry writes every page', { skip, timeout: 60000 }, async () => {
  const board = await startAvrBoard({ board: 'uno' });
  try {
    // The cable goes on the 14th write (page 13 of 32: a write per page after the sync).
    const port = faultyLine(await board.connect(), { cutAt: (bytes, writes) => writes === 14 });
    const stk = new Stk500(port, { baudRate: 115200 });
    await resetIntoBootloader(port.setSignals);
    await stk.sync();
    const first = pages(32, 0x2000, 1);
    let done = 0;
    await assert.rejects(
      (async () => {
        for (const p of first) {
          await stk.writePage(p.address, p.bytes);
          done++;
        }
      })(),
      (e) => e.code === ErrorCode.PORT_CLOSED,
    );
    stk.dispose();
    assert.ok(done > 4 && done < 32, `cut after ${done} pages`);
    const half = await board.dumpFlash();
    assert.deepEqual([...half.subarray(0x2000, 0x2000 + PAGE)], [...first[0].bytes], 'the first pages were written');
    assert.ok(half.subarray(0x2000 + 31 * PAGE, 0x2000 + 32 * PAGE).every((b) => b === 0xff), 'the last page was not');
    assert.deepEqual([...half.subarray(0x7e00, 0x7e10)].slice(0, 2), [0x11, 0x24], 'Optiboot is intact');

    // Plug in again: a full retry.
    const s = await session(board);
    await resetIntoBootloader(s.port.setSignals);
    await s.stk.sync();
    const second = pages(32, 0x2000, 2);
    for (const p of second) await s.stk.writePage(p.address, p.bytes);
    for (const p of second) assert.deepEqual([...(await s.stk.readPage(p.address, PAGE))], [...p.bytes]);
    await s.stk.leave();
    await s.close();
    const flash = await board.dumpFlash();
    for (const p of second) assert.deepEqual([...flash.subarray(p.address, p.address + PAGE)], [...p.bytes]);
  } finally {
    await board.stop();
  }
});

test('a request nobody answers times out with what was awaited; NOSYNC is a protocol error', async () => {
  const silent = createBytePort({ label: 'silent', write: async () => {} }).port;
  const stk = new Stk500(silent, { timeoutMs: 50, baudRate: 115200 });
  await assert.rejects(stk.signature(), (e) => e.code === ErrorCode.TIMEOUT && /the answer to READ_SIGN/.test(e.message));
  stk.dispose();
  const { port, deliver } = createBytePort({ label: 'nosync', write: async () => queueMicrotask(() => deliver(Uint8Array.of(0x15))) });
  const stk2 = new Stk500(port, { timeoutMs: 200 });
  await assert.rejects(stk2.loadAddress(0x100), (e) => e.code === ErrorCode.PROTOCOL && /lost sync \(NOSYNC\) on LOAD_ADDRESS/.test(e.message));
  await assert.rejects(stk2.loadAddress(3), /not an even address/);
  stk2.dispose();
});
