// ATmega328P figures, on the simulated Uno and Nano (tests/avr_sim, libsimavr, 16 MHz):
//   - cycles per inference of ModelView with the weights in flash (inference_cycles.hex);
//   - flash and RAM of the firmware the page flashes, and the stack's high-water mark after a
//     64-32-10 model answered PREDICT and the seed model ran RECORD and LIVE on the analog pins
//     (the firmware marks free RAM at start-up; a RAM dump);
//   - time to flash the whole image and a model-only update at 115200 (Uno) and 57600 (Nano):
//     line time (bytes x 10 bits / baud) and the time measured through the simulator.
// Run after the release build: node bench/avr/run.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAvrBoard } from '../../tests/node/fixtures/board/avr-board.mjs';
import { loadModel } from '../../tests/node/fixtures/board/models.mjs';
import { flashArduino, loadArduinoImage } from '../../web/src/board/arduino-flash.js';
import { ProtocolClient } from '../../web/src/board/protocol-client.js';
import { lineMs } from '../../web/src/board/stk500.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const build = join(repo, 'build/release');
const images = join(build, 'firmware/ports/atmega328p');
const HZ = 16e6;
const RUNS = 8; // inference_cycles.cpp's kRuns

async function cycles() {
  const sim = await startAvrBoard({ board: 'uno', app: join(build, 'bench/avr/inference_cycles.hex'), throttle: false });
  const marks = new Map();
  try {
    if (!/^mark (255|238) /m.test(sim.log())) await sim.waitLine((l) => /^mark (255|238) /.test(l), 'the benchmark', 60000);
    for (const [, v, c] of sim.log().matchAll(/^mark (\d+) (\d+)$/gm)) marks.set(Number(v), Number(c));
  } finally {
    await sim.stop();
  }
  if (marks.has(238)) throw new Error('inference_cycles: a model blob was refused');
  for (const [id, name] of [[1, 'seed (3-16-2, relu/sigmoid)'], [2, '64-32-10 digits (relu/softmax, normalised)']]) {
    const open = marks.get(10 * id + 1) - marks.get(10 * id);
    const each = (marks.get(10 * id + 2) - marks.get(10 * id + 1)) / RUNS;
    console.log(`${name}: ${Math.round(each)} cycles per inference (${((each / HZ) * 1000).toFixed(2)} ms at 16 MHz); open() ${open} cycles (${((open / HZ) * 1000).toFixed(1)} ms)`);
  }
}

const fetchImage = (board) => loadArduinoImage(async (p) => readFileSync(join(images, p.replace(/^firmware\//, '')), 'utf8'), board);

async function flashTimes() {
  const models = { seed: new Uint8Array(loadModel('seed_a').blob), '64-32-10': new Uint8Array(loadModel('wide').blob) };
  for (const board of ['uno', 'nano']) {
    const image = await fetchImage(board);
    const m = image.manifest;
    console.log(`${m.boardName}: firmware ${m.imageBytes} bytes of flash (build ${m.buildId}), ${m.ramBytes} bytes of static RAM; model region ${m.modelRegion.start}..${m.modelRegion.end} (blobs up to ${m.modelRegion.maxBlobBytes} bytes)`);
    for (const [name, blob] of Object.entries(models)) {
      const sim = await startAvrBoard({ board });
      try {
        for (const pass of ['whole image', 'model only']) {
          const port = await sim.connect();
          const other = pass === 'model only' ? (name === 'seed' ? models['64-32-10'] : models.seed) : blob;
          if (pass === 'model only') {
            // The board runs this firmware with another model: only the model region is written.
            await flashArduino(port, { image, blob: other, setSignals: port.setSignals });
            await port.close();
            const again = await sim.connect();
            const r = await flashArduino(again, { image, blob, setSignals: again.setSignals });
            report(board, name, pass, r, m.baudRate);
            await again.close();
          } else {
            const r = await flashArduino(port, { image, blob, setSignals: port.setSignals });
            report(board, name, pass, r, m.baudRate);
            await port.close();
          }
        }
      } finally {
        await sim.stop();
      }
    }
  }
}

function report(board, model, pass, r, baud) {
  const line = lineMs(r.bytesSent + r.bytesReceived, baud);
  console.log(`  ${board} ${model} ${pass} (${r.mode}): ${r.pages} pages, ${r.bytesSent} bytes out + ${r.bytesReceived} back = ${(line / 1000).toFixed(2)} s of line time at ${baud} baud; ${(r.ms / 1000).toFixed(2)} s through the simulator (with the 0.3 s reset and the sync)`);
}

async function stack() {
  const image = await fetchImage('uno');
  const wide = loadModel('wide');
  const seed = loadModel('seed_a');
  const sim = await startAvrBoard({ board: 'uno' });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  try {
    // Flashes `blob` (a reset: the start-up code marks the free RAM again), talks to the
    // firmware on the same connection, then measures the stack's high-water mark.
    const end = 0x100 + image.manifest.ramBytes; // _end: the first byte after .data and .bss
    const session = async (what, blob, fn) => {
      const port = await sim.connect();
      try {
        await flashArduino(port, { image, blob: new Uint8Array(blob), setSignals: port.setSignals });
        const client = new ProtocolClient(port, { baudRate: 115200, timeoutMs: 400, retries: 6 });
        await client.hello();
        await fn(client);
        await client.getInfo();
        client.dispose();
        const ram = await sim.dumpRam();
        let unused = 0;
        while (end + unused < ram.length && ram[end + unused] === 0xc5) unused++;
        const stackBytes = ram.length - end - unused;
        console.log(`RAM: ${image.manifest.ramBytes} bytes static + ${stackBytes} bytes of stack at most (${what}) = ${image.manifest.ramBytes + stackBytes} of 2048; ${unused} never touched`);
      } finally {
        await port.close();
      }
    };
    await session('HELLO, INFO, 64-32-10 PREDICTs', wide.blob, (c) => c.predictRows(wide.rows.slice(0, 4)));
    await session('HELLO, INFO, RECORD of A0-A5 and LIVE of the seed', seed.blob, async (c) => {
      await c.record({ intervalMs: 10, sources: 0b111111 });
      await sleep(300);
      await c.live({ intervalMs: 10, sources: 0b111, indicateClass: 1 });
      await sleep(300);
      await c.stopStream();
    });
  } finally {
    await sim.stop();
  }
}

await cycles();
await stack();
await flashTimes();
