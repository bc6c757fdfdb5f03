// Recording from a MicroPython board: the recorder module (web/src/board/micropython-recorder.js)
// written through the raw REPL and run by the real MicroPython WebAssembly REPL, whose
// machine.ADC is a test module with a known sequence of readings; the rows recorded equal the
// readings the board printed. Then Ctrl-C against a scripted raw REPL (the WebAssembly port
// runs a loop to its end before it reads another byte, so a loop it runs must be finite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMicroPythonBoard } from './fixtures/board/micropython-board.mjs';
import { RawRepl } from '../../web/src/board/raw-repl.js';
import { MicroPythonSource } from '../../web/src/board/reading-sources.js';
import { RECORDER_FILE, parsePins, recorderCall, recorderModule } from '../../web/src/board/micropython-recorder.js';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { fakeReading, installFakeMachine } from './fixtures/board/fake-machine.mjs';

const expectedRow = (pins, n) => pins.map((p) => fakeReading(p, n));

test('the recorder runs on MicroPython WebAssembly: every printed reading becomes a row, in order', async () => {
  const board = await createMicroPythonBoard();
  installFakeMachine(board);
  const repl = new RawRepl(board.connect(), { timeoutMs: 5000 });
  const pins = parsePins('26, 27 28');
  assert.deepEqual(pins, [26, 27, 28]);
  const source = new MicroPythonSource(repl, { pins, intervalMs: 2, count: 40 });
  const rows = [];
  let resolveEnd;
  const ended = new Promise((r) => (resolveEnd = r));
  source.onReadings = (r) => rows.push(...r);
  source.onEnd = (e) => resolveEnd(e);
  await source.start();
  assert.equal(await ended, undefined, 'the loop ended by itself (count 40), no error');
  assert.equal(new TextDecoder().decode(board.readFile(`/${RECORDER_FILE}`)), recorderModule(), 'the module on the board is the one sent');
  assert.deepEqual(rows.map((r) => r.cells), Array.from({ length: 40 }, (_, i) => expectedRow(pins, i + 1)));
  assert.equal(source.width, 3);
  assert.deepEqual(source.stats.skipped, { width: 0, notNumber: 0, tooLong: 0, partial: 0 });
  await source.stop(); // after the end: nothing to interrupt
  assert.ok(repl.inRawRepl, 'back at the raw REPL prompt');
  assert.equal((await repl.exec('print(1+1)')).trim(), '2');
  repl.dispose();
});

test('a board without machine.ADC: the error MicroPython raised ends the recording', async () => {
  const board = await createMicroPythonBoard();
  const repl = new RawRepl(board.connect(), { timeoutMs: 5000 });
  const source = new MicroPythonSource(repl, { pins: [0], intervalMs: 10, count: 5 });
  const ended = new Promise((r) => (source.onEnd = r));
  await source.start();
  const e = await ended;
  assert.equal(e.code, 'BOARD_EXCEPTION');
  assert.match(e.message, /ImportError: no module named 'machine'/);
  repl.dispose();
});

test('recorderCall: pins as numbers or names, a bounded interval', () => {
  assert.match(recorderCall([26, 'X1'], 20), /dff_recorder\.run\(\(26,'X1',\), 20, 0\)$/);
  assert.throws(() => recorderCall([1], 0), /interval/);
  assert.throws(() => parsePins(' , '), /at least one ADC pin/);
});

// A raw REPL that runs "the loop" until Ctrl-C: prints a reading every 5 ms, and on Ctrl-C ends
// as the recorder does (KeyboardInterrupt caught: stdout ends, empty stderr, prompt).
function scriptedLoopingRepl() {
  let timer = null;
  let n = 0;
  let code = '';
  const { port, deliver } = createBytePort({
    label: 'scripted raw REPL',
    write: async (bytes) => {
      for (const b of bytes) {
        if (b === 0x03 && timer) {
          clearInterval(timer);
          timer = null;
          setTimeout(() => deliver(new TextEncoder().encode('\x04\x04>')), 1);
        } else if (b === 0x03) {
          // Ctrl-C at the prompt: nothing
        } else if (b === 0x01) {
          setTimeout(() => deliver(new TextEncoder().encode('raw REPL; CTRL-B to exit\r\n>')), 1);
        } else if (b === 0x04) {
          const run = code;
          code = '';
          setTimeout(() => {
            deliver(new TextEncoder().encode('OK'));
            if (/dff_recorder\.run/.test(run)) {
              timer = setInterval(() => {
                n++;
                deliver(new TextEncoder().encode(`${n},${2 * n}\r\n`));
              }, 5);
            } else deliver(new TextEncoder().encode('\x04\x04>'));
          }, 1);
        } else code += String.fromCharCode(b);
      }
    },
  });
  return { port, printed: () => n };
}

test('stop(): Ctrl-C ends a running recorder; every line printed before it is recorded', async () => {
  const board = scriptedLoopingRepl();
  const repl = new RawRepl(board.port, { timeoutMs: 2000, rawPaste: 'never', rawChunkDelayMs: 0 });
  const source = new MicroPythonSource(repl, { pins: [1, 2], intervalMs: 5 });
  const rows = [];
  source.onReadings = (r) => rows.push(...r);
  let ended = false;
  source.onEnd = () => (ended = true);
  await source.start({ pushModule: false });
  await new Promise((r) => setTimeout(r, 120));
  await source.stop();
  assert.equal(ended, false, 'a stop asked for is not reported as the board ending');
  assert.ok(rows.length >= 5, `${rows.length} rows`);
  assert.equal(rows.length, board.printed());
  assert.deepEqual(rows.map((r) => r.values), Array.from({ length: rows.length }, (_, i) => [i + 1, 2 * (i + 1)]));
  assert.ok(repl.inRawRepl);
  repl.dispose();
});
