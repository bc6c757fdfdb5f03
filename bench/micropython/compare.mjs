// The seed's own code vs microdff's MicroPython library, training in the MicroPython
// WebAssembly port (npm @micropython/micropython-webassembly-pyscript) under node, side by side
// in one run:
//   node bench/micropython/compare.mjs [--seconds S] [--rounds N] [--json]
// Both run train_loop.py, the seed document's loop `ann.train(a, s, lrate=1)` over 8 rows of
// Matrix pairs, on DFF((3, 4, 2)) (the seed's table) and DFF((16, 8, 4)); the seed in
// bench/micropython/seed/, the library in micropython/. Each program runs in its own
// interpreter; rounds alternate between them and the best round counts (other load on a
// shared machine only ever slows a round down). Times are node's processor time
// (process.cpuUsage) around each round. Target: the library at least 10x the seed's samples/s.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

// A worker thread per program: one MicroPython WebAssembly instance per thread (the port keeps
// its state in globalThis, so two cannot share one).
if (!isMainThread) {
  const { loadMicroPython } = await import('@micropython/micropython-webassembly-pyscript');
  const out = [];
  const mp = await loadMicroPython({ stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
  mp.FS.mkdirTree('/lib');
  for (const f of readdirSync(workerData.dir)) if (f.endsWith('.py')) mp.FS.writeFile(`/lib/${f}`, readFileSync(path.join(workerData.dir, f)));
  mp.FS.writeFile('/lib/train_loop.py', readFileSync(path.join(here, 'train_loop.py')));
  parentPort.on('message', ({ code, result }) => {
    try {
      mp.runPython(code);
      parentPort.postMessage({ value: result ? mp.globals.get(result) : null });
    } catch (e) {
      parentPort.postMessage({ error: `${workerData.dir}: ${e.message}\n${out.join('\n')}` });
    }
  });
  parentPort.postMessage({ ready: true });
} else {
  await main();
}

async function main() {
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '0.5' },
    rounds: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});
const TARGET = 10;
const cases = [[3, 4, 2], [16, 8, 4]];
const programs = [
  { name: 'seed', dir: path.join(here, 'seed') },
  { name: 'microdff', dir: path.join(repo, 'micropython') },
];

async function interpreter(dir) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { dir } });
  let pending = null;
  worker.on('message', (m) => (m.error ? pending.reject(new Error(m.error)) : pending.resolve(m.value)));
  worker.on('error', (e) => pending?.reject(e));
  const next = () => new Promise((resolve, reject) => (pending = { resolve, reject }));
  await next();
  const run = (code, result) => {
    const answer = next();
    worker.postMessage({ code, result });
    return answer;
  };
  await run("import sys\nsys.path.insert(0, '/lib')\nimport train_loop");
  return { worker, run };
}

// Processor seconds for `epochs` epochs (the other worker is idle meanwhile).
async function timed(p, epochs) {
  const start = process.cpuUsage();
  await p.run(`train_loop.run(${epochs})`);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

for (const p of programs) Object.assign(p, await interpreter(p.dir));
const kernels = await programs[1].run('import neuralnetwork\n_k = neuralnetwork.KERNELS', '_k');

const results = [];
for (const layers of cases) {
  const row = { network: layers.join('-'), samplesPerSecond: {} };
  for (const p of programs) {
    await p.run(`train_loop.setup(${JSON.stringify(layers)})`);
    // Epochs for about --seconds per round, from a short first run.
    const probe = await timed(p, 4);
    p.epochs = Math.max(4, Math.round((Number(args.seconds) / Math.max(probe, 1e-6)) * 4));
  }
  for (let r = 0; r < Number(args.rounds); r++) {
    for (const p of programs) {
      const s = await timed(p, p.epochs);
      const rate = (p.epochs * 8) / s;
      row.samplesPerSecond[p.name] = Math.max(row.samplesPerSecond[p.name] ?? 0, rate);
    }
  }
  row.factor = row.samplesPerSecond.microdff / row.samplesPerSecond.seed;
  results.push(row);
}

if (args.json) {
  console.log(JSON.stringify({ kernels, target: TARGET, results }, null, 1));
} else {
  const fmt = (v) => Math.round(v).toLocaleString('en-US');
  console.log(`MicroPython WebAssembly port under node ${process.version}; microdff kernels: ${kernels}; best of ${args.rounds} interleaved rounds`);
  console.log(`${'network'.padEnd(10)}${'seed samples/s'.padStart(16)}${'microdff samples/s'.padStart(20)}${'factor'.padStart(9)}  target`);
  for (const r of results) {
    console.log(`${r.network.padEnd(10)}${fmt(r.samplesPerSecond.seed).padStart(16)}${fmt(r.samplesPerSecond.microdff).padStart(20)}${(r.factor.toFixed(1) + 'x').padStart(9)}  ${r.factor >= TARGET ? 'met' : 'NOT met'} (>= ${TARGET}x)`);
  }
}
for (const p of programs) await p.worker.terminate();
}
