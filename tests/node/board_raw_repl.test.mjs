// The raw-REPL client (web/src/board/raw-repl.js) against the real MicroPython WebAssembly
// REPL (fixtures/board/micropython-board.mjs feeds it byte by byte through replProcessChar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createMicroPythonBoard } from './fixtures/board/micropython-board.mjs';
import { loadModel } from './fixtures/board/models.mjs';
import { RawRepl, pyBytes, pyString } from '../../web/src/board/raw-repl.js';
import { BoardError, ErrorCode } from '../../web/src/board/errors.js';
import { createBytePort, tapPort } from '../../web/src/board/byte-port.js';

const TOLERANCE = 1e-5;
const mpPackage = JSON.parse(readFileSync(new URL('../../node_modules/@micropython/micropython-webassembly-pyscript/package.json', import.meta.url), 'utf8'));

async function connect(board, options) {
  const port = board.connect();
  const repl = new RawRepl(port, { timeoutMs: 5000, ...options });
  await repl.enter();
  return { port, repl };
}

function assertClose(actual, expected, where) {
  assert.equal(actual.length, expected.length, `${where}: row count`);
  let worst = 0;
  actual.forEach((row, i) => {
    assert.equal(row.length, expected[i].length, `${where}: row ${i} width`);
    row.forEach((v, j) => {
      const d = Math.abs(v - expected[i][j]);
      assert.ok(d <= TOLERANCE, `${where}: row ${i} output ${j}: board ${v}, dff ${expected[i][j]} (|diff| ${d})`);
      worst = Math.max(worst, d);
    });
  });
  return worst;
}

// A module whose file holds every byte value 0..255 raw: a bytes literal with all values but
// \n \r ' \ (those are escaped in a second literal) and a CRLF line end.
function allBytesModule() {
  const special = [0x0a, 0x0d, 0x27, 0x5c];
  const raw = [];
  for (let i = 0; i < 256; i++) if (!special.includes(i)) raw.push(i);
  const src = Buffer.concat([Buffer.from("DATA = b'"), Buffer.from(raw), Buffer.from("' + b'\\n\\r\\'\\\\'\r\nN = len(DATA)\n")]);
  const expected = Buffer.from([...raw, ...special]);
  return { src: new Uint8Array(src), expected };
}

test('enters the raw REPL from the friendly REPL, runs code, reports version and platform, goes back', async () => {
  const board = await createMicroPythonBoard();
  const { port, repl } = await connect(board);
  const r = await repl.execRaw('print(6*7)\nimport sys\nsys.stdout.write("no newline")');
  assert.deepEqual(r, { stdout: '42\nno newline', stderr: '' });
  const info = await repl.info();
  assert.equal(info.name, 'micropython');
  assert.equal(info.version, mpPackage.version, 'sys.implementation.version is the npm package version');
  assert.equal(info.platform, 'webassembly');
  assert.match(info.sysVersion, /MicroPython v\d+\.\d+\.\d+/);
  assert.equal(info.machine, 'JS with Emscripten');
  assert.equal(info.uname, null, 'this port has no os.uname()');
  // Re-entering from the raw REPL itself works too (Ctrl-C, Ctrl-A).
  await repl.enter();
  assert.equal(await repl.exec('print("again")'), 'again\n');
  await repl.exit();
  await port.close();
});

test('Python exceptions come back as BOARD_EXCEPTION with the traceback, and the REPL stays usable', async () => {
  const board = await createMicroPythonBoard();
  const { repl } = await connect(board);
  const r = await repl.execRaw('print("before")\nraise ValueError("bad " + "value")');
  assert.equal(r.stdout, 'before\n');
  assert.match(r.stderr, /Traceback[\s\S]*ValueError: bad value/);
  await assert.rejects(repl.exec('1/0'), (e) => e instanceof BoardError && e.code === ErrorCode.BOARD_EXCEPTION && /ZeroDivisionError/.test(e.message));
  await assert.rejects(repl.exec('def f(:\n pass'), (e) => e.code === ErrorCode.BOARD_EXCEPTION && /SyntaxError/.test(e.message));
  assert.equal(await repl.exec('print(1)'), '1\n');
});

test('raw-paste honours the flow-control window; every byte value survives writeFile and the module imports', async () => {
  const board = await createMicroPythonBoard({ rawPaste: 'supported', window: 32 });
  const { repl } = await connect(board);
  const { src, expected } = allBytesModule();
  for (let i = 0; i < 256; i++) assert.ok(src.includes(i), `the file content holds byte ${i}`);
  const result = await repl.writeFile('allbytes.py', src, { chunkBytes: 100 });
  assert.deepEqual(result, { bytes: src.length, chunks: Math.ceil(src.length / 100), checked: 'crc32', rawPaste: true, encoding: 'base64' });
  assert.deepEqual(board.readFile('/allbytes.py'), src, 'the board file is byte-identical');
  assert.deepEqual(await repl.readFile('allbytes.py'), src, 'and reads back identically through the REPL');
  assert.equal(board.exists('/allbytes.py.part'), false, 'the temporary file was renamed');
  const data = await repl.exec("import allbytes\nprint(allbytes.N, ''.join('%02x' % b for b in allbytes.DATA))");
  const [n, hex] = data.trim().split(' ');
  assert.equal(Number(n), 256);
  assert.equal(hex, expected.toString('hex'));
  assert.equal(board.stats.flowControlViolations, 0, 'never sent beyond the window');
  assert.equal(board.stats.overflows, 0, 'never overflowed the receive buffer');
  assert.ok(board.stats.windowAcks > 10, `window increments were needed and used (${board.stats.windowAcks})`);
  assert.equal(board.stats.rawPasteSessions, board.stats.rawPasteRequests);
});

test('the same content also survives the bytes-literal encoding (boards without binascii)', async () => {
  const board = await createMicroPythonBoard();
  const { repl } = await connect(board);
  const all = Uint8Array.from({ length: 1024 }, (_, i) => (i * 167 + 13) & 0xff);
  const r = await repl.writeFile('blob.bin', all, { encoding: 'literal', chunkBytes: 300 });
  assert.equal(r.encoding, 'literal');
  assert.deepEqual(board.readFile('/blob.bin'), all);
  assert.equal(pyBytes([0, 0x27, 0x5c, 0x41, 0xff]), "b'\\x00\\'\\\\A\\xff'");
  assert.equal(pyString("a'b\\é\n"), "'a\\'b\\\\\\xe9\\x0a'");
});

test('a flow-control violation would be caught: the bridge drops bytes beyond the window', async () => {
  // Guards the test above: a host that ignores the window loses bytes on this bridge.
  const board = await createMicroPythonBoard({ window: 16 });
  const port = board.connect();
  const received = [];
  port.subscribe({ data: (c) => received.push(...c) });
  const repl = new RawRepl(port);
  await repl.enter();
  received.length = 0;
  await port.write(Uint8Array.from([0x05, 0x41, 0x01]));
  await port.write(new TextEncoder().encode('x=1\n'.repeat(20)));
  await port.write(Uint8Array.from([0x04]));
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(board.stats.overflows > 0, 'sending 80 bytes into a 2 x 16 window overflows the receive buffer');
});

for (const mode of ['refused', 'unknown']) {
  test(`falls back to plain raw mode when the board ${mode === 'refused' ? 'answers R\\x00' : 'does not know raw-paste'}`, async () => {
    const board = await createMicroPythonBoard({ rawPaste: mode });
    const sent = [];
    const port = tapPort(board.connect(), { sent: (b) => sent.push(...b) });
    const repl = new RawRepl(port, { rawChunkBytes: 64, rawChunkDelayMs: 1 });
    await repl.enter();
    const all = Uint8Array.from({ length: 700 }, (_, i) => (i * 31) & 0xff);
    const r = await repl.writeFile('data.bin', all, { chunkBytes: 200 });
    assert.equal(r.rawPaste, false);
    assert.deepEqual(board.readFile('/data.bin'), all);
    assert.equal(board.stats.rawPasteRequests, 1, 'raw-paste is asked for once per connection, then not again');
    assert.equal(board.stats.overflows, 0, 'plain raw mode is paced so the receive buffer never overflows');
    assert.equal(await repl.exec('print("still fine")'), 'still fine\n');
    // Plain raw mode never sends control bytes inside the code.
    const text = Buffer.from(sent).toString('latin1');
    assert.equal((text.match(/\x05A\x01/g) ?? []).length, 1);
  });
}

test('the model module from dff export --format micropython predicts on the board as dff predict does', async (t) => {
  const board = await createMicroPythonBoard({ window: 128 });
  const wire = { sent: 0, received: 0 };
  const port = tapPort(board.connect(), { sent: (b) => (wire.sent += b.length), received: (b) => (wire.received += b.length) });
  const repl = new RawRepl(port);
  await repl.enter();
  for (const name of ['seed_a', 'iris', 'wide']) {
    const model = loadModel(name);
    const started = Date.now();
    wire.sent = wire.received = 0;
    const w = await repl.writeFile(`${name}.py`, model.module);
    const writeMs = Date.now() - started;
    const onWire = { ...wire };
    assert.equal(w.checked, 'crc32');
    assert.equal(w.rawPaste, true);
    const outputs = await repl.predict(name, model.rows, { timeoutMs: 20000 });
    const worst = assertClose(outputs, model.expected, `${name} on MicroPython`);
    t.diagnostic(
      `${name} (${model.source}): ${model.module.length}-byte module, ${w.chunks} chunks by raw-paste: ${onWire.sent} bytes sent + ${onWire.received} received ` +
        `(${Math.round(((onWire.sent + onWire.received) * 10000) / 115200)} ms of line time at 115200 baud), ${writeMs} ms here; ` +
        `${model.rows.length} rows predicted, max |diff| ${worst.toExponential(2)}`,
    );
  }
  assert.equal(board.stats.overflows, 0);
});

test('a write cut off mid-transfer leaves the previous module intact; after reconnecting it still imports', async () => {
  const board = await createMicroPythonBoard({ window: 64 });
  const oldModel = loadModel('seed_a');
  const newModel = loadModel('seed_b');
  {
    const { port, repl } = await connect(board);
    await repl.writeFile('net.py', oldModel.module);
    assertClose(await repl.predict('net', oldModel.rows), oldModel.expected, 'old module');
    await port.close();
  }
  // Cut after about half of the new module's bytes went out: the port closes under the write.
  for (const [how, cutAfter] of [['port closed', 0.5], ['cable pulled', 0.8]]) {
    const inner = board.connect();
    let sent = 0;
    const limit = Math.floor(newModel.module.length * 1.37 * cutAfter);
    const { port, deliver, end } = createBytePort({
      label: 'cut',
      write: async (bytes) => {
        sent += bytes.length;
        await inner.write(bytes);
        if (sent > limit) {
          if (how === 'port closed') await inner.close();
          else board.unplug();
          end(new Error(how));
        }
      },
      close: () => inner.close(),
    });
    inner.subscribe({ data: deliver, close: (e) => end(e) });
    const repl = new RawRepl(port);
    await repl.enter();
    await assert.rejects(repl.writeFile('net.py', newModel.module, { chunkBytes: 256 }), (e) => {
      assert.equal(e.code, ErrorCode.PORT_CLOSED, e.message);
      assert.equal(e.keptPreviousModel, true);
      assert.match(e.message, /still holds its previous contents/);
      return true;
    });
    assert.deepEqual(board.readFile('/net.py'), new Uint8Array(oldModel.module), `${how}: net.py untouched`);
    assert.ok(board.exists('/net.py.part'), `${how}: the partial write went to the temporary file`);
    const again = await connect(board);
    assertClose(await again.repl.predict('net', oldModel.rows), oldModel.expected, `${how}: old module after reconnecting`);
    await again.port.close();
  }
  // And a complete write then replaces it.
  const { repl } = await connect(board);
  await repl.writeFile('net.py', newModel.module);
  assertClose(await repl.predict('net', newModel.rows), newModel.expected, 'new module');
  assert.equal(board.exists('/net.py.part'), false);
});

test('every wait ends: a silent board times out with a clear message, a signal cancels', async () => {
  const { port } = createBytePort({ label: 'silent', write: async () => {} });
  const repl = new RawRepl(port, { timeoutMs: 200 });
  await assert.rejects(repl.enter(), (e) => e.code === ErrorCode.TIMEOUT && /raw REPL banner/.test(e.message) && /nothing received/.test(e.message));
  const controller = new AbortController();
  const repl2 = new RawRepl(createBytePort({ label: 'silent', write: async () => {} }).port, { timeoutMs: 10000, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  await assert.rejects(repl2.enter(), (e) => e.code === ErrorCode.CANCELLED);
  assert.ok(Date.now() - started < 2000);
  // Something that is not MicroPython: text, but never the banner.
  const chatty = createBytePort({ label: 'chatty', write: async () => setTimeout(() => chatty.deliver(new TextEncoder().encode('hello\r\n')), 1) });
  await assert.rejects(new RawRepl(chatty.port, { timeoutMs: 300 }).enter(), (e) => e.code === ErrorCode.TIMEOUT && /hello/.test(e.message));
});

// A port whose writes pass through `fault(bytes)`: altered bytes, or null to lose them.
function lineWithFault(inner, fault) {
  const { port, deliver, end } = createBytePort({
    label: 'faulty line',
    write: async (bytes) => {
      const out = fault(bytes);
      if (out) await inner.write(out);
    },
    close: () => inner.close(),
  });
  inner.subscribe({ data: deliver, close: (e) => end(e) });
  return port;
}

const isBase64Run = (bytes) => bytes.length >= 64 && bytes.every((b) => /[A-Za-z0-9+/]/.test(String.fromCharCode(b)));

test('a corrupted byte, lost bytes or a stalled line during a module write: an error, and the old module still imports', async (t) => {
  const board = await createMicroPythonBoard({ window: 64 });
  const oldModel = loadModel('seed_a');
  const newModel = loadModel('seed_b');
  {
    const { port, repl } = await connect(board);
    await repl.writeFile('net.py', oldModel.module);
    await port.close();
  }
  const faults = {
    'corrupted byte': (n) => (bytes) => {
      if (!isBase64Run(bytes) || n.count++ !== 2) return bytes;
      const b = bytes.slice();
      b[10] = b[10] === 0x41 ? 0x42 : 0x41; // another valid base64 letter: decodes, to other bytes
      return b;
    },
    'lost bytes': (n) => (bytes) => (isBase64Run(bytes) && n.count++ === 2 ? Uint8Array.from([...bytes.subarray(0, 8), ...bytes.subarray(12)]) : bytes),
    'stalled line': (n) => (bytes) => (isBase64Run(bytes) && n.count++ >= 2 ? null : bytes),
  };
  for (const [name, make] of Object.entries(faults)) {
    const n = { count: 0 };
    const port = lineWithFault(board.connect(), make(n));
    const repl = new RawRepl(port, { timeoutMs: 1500 });
    await repl.enter();
    await assert.rejects(repl.writeFile('net.py', newModel.module, { chunkBytes: 256 }), (e) => {
      assert.ok([ErrorCode.VERIFY_FAILED, ErrorCode.TIMEOUT, ErrorCode.BOARD_EXCEPTION].includes(e.code), `${name}: ${e.code} ${e.message}`);
      assert.equal(e.keptPreviousModel, true);
      assert.match(e.message, /net\.py on the board was not replaced/);
      t.diagnostic(`${name}: ${e.code}: ${e.message.slice(0, 140)}`);
      return true;
    });
    assert.ok(n.count >= 3, `${name}: the fault was injected`);
    await port.close();
    assert.deepEqual(board.readFile('/net.py'), new Uint8Array(oldModel.module), `${name}: net.py untouched`);
    const again = await connect(board);
    assertClose(await again.repl.predict('net', oldModel.rows), oldModel.expected, `${name}: old module after reconnecting`);
    await again.port.close();
  }
});
