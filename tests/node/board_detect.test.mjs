// detectBoard (web/src/board/detect.js) on the real MicroPython WebAssembly REPL, on a silent
// device and on one that only prints text. (The microdff firmware case runs under QEMU in
// board_firmware_qemu.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMicroPythonBoard } from './fixtures/board/micropython-board.mjs';
import { detectBoard } from '../../web/src/board/detect.js';
import { RawRepl } from '../../web/src/board/raw-repl.js';
import { createBytePort } from '../../web/src/board/byte-port.js';

test('a MicroPython REPL: version and platform, left at the friendly prompt and still usable', async () => {
  const board = await createMicroPythonBoard();
  const port = board.connect();
  const d = await detectBoard(port);
  assert.equal(d.kind, 'micropython');
  assert.equal(d.micropython.name, 'micropython');
  assert.match(d.micropython.version, /^\d+\.\d+\.\d+$/);
  assert.equal(d.micropython.platform, 'webassembly');
  const repl = new RawRepl(port);
  await repl.enter();
  assert.equal(await repl.exec('print(2**10)'), '1024\n');
});

test('a silent device is unknown, with a message that says nothing answered, within a few seconds', async () => {
  const written = [];
  const { port } = createBytePort({ label: 'silent', write: async (b) => void written.push(...b) });
  const started = Date.now();
  const d = await detectBoard(port, { replTimeoutMs: 300, helloTimeoutMs: 200 });
  assert.equal(d.kind, 'unknown');
  assert.match(d.message, /did not answer/);
  assert.ok(Date.now() - started < 3000);
  // It tried both: Ctrl-C/Ctrl-A, then a flush byte and HELLO frames.
  assert.ok(written.includes(0x03) && written.includes(0x01));
  assert.ok(written.filter((b) => b === 0).length >= 2);
});

test('a device that prints text but is neither is unknown, and shows what it said', async () => {
  const dev = createBytePort({
    label: 'chatty',
    write: async () => setTimeout(() => dev.deliver(new TextEncoder().encode('AT OK\r\n')), 1),
  });
  const d = await detectBoard(dev.port, { replTimeoutMs: 300, helloTimeoutMs: 200 });
  assert.equal(d.kind, 'unknown');
  assert.match(d.received, /AT OK/);
  assert.match(d.message, /neither as the microdff firmware nor as a MicroPython REPL/);
  assert.equal(d.printsNumbers, false);
});

test('a device that prints lines of numbers is unknown, and said to print readings', async () => {
  let n = 0;
  const dev = createBytePort({ label: 'sketch', write: async () => {} });
  const timer = setInterval(() => dev.deliver(new TextEncoder().encode(`${++n},${n * 2}\r\n`)), 20);
  try {
    const d = await detectBoard(dev.port, { replTimeoutMs: 300, helloTimeoutMs: 200 });
    assert.equal(d.kind, 'unknown');
    assert.equal(d.printsNumbers, true);
  } finally {
    clearInterval(timer);
  }
});
