// Time per inference of the two exported MicroPython modules, float (--format micropython) and
// full-integer int8 (--format micropython-int8), in the MicroPython WebAssembly port (npm
// @micropython/micropython-webassembly-pyscript) under node, side by side in one run:
//   node bench/micropython/inference.mjs [--dff build/release/cli/dff] [--rounds N] [--reps N] [--json]
// Networks: the golden mlp64 model (64-32-10, relu, softmax) and the seed network (3-4-2,
// sigmoid), exported with `dff export` (int8 calibrated on the rows the golden cases name), each
// module's predict() on those rows. Rounds alternate between the modules and the best round
// counts (other load on a shared machine only ever slows a round down); times are node's
// processor time (process.cpuUsage) around each round.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const golden = path.join(repo, 'tests/host/export/golden');
const { values: args } = parseArgs({
  options: {
    dff: { type: 'string', default: path.join(repo, 'build/release/cli/dff') },
    rounds: { type: 'string', default: '7' },
    reps: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const networks = [
  { name: 'mlp64', model: 'mlp64.json', calibration: 'calibration/mlp64.csv', rows: 20 },
  { name: 'seed', model: 'seed.json', calibration: '../../../../examples/seed.csv', rows: 8 },
];
const work = mkdtempSync(path.join(tmpdir(), 'microdff-bench-upy-'));

function exportModule(n, format, module) {
  const extra = format === 'micropython-int8' ? ['--calibrate', path.join(golden, n.calibration)] : [];
  const file = path.join(work, `${module}.py`);
  const r = spawnSync(args.dff, ['export', path.join(golden, 'models', n.model), '--format', format, '--name', module, '-o', file, ...extra],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dff export ${n.model} --format ${format}: ${r.stderr}`);
  return readFileSync(file);
}

// The first `count` data rows' inputs (the first n_in numbers of each line; a header is skipped).
function inputRows(n, inputs) {
  return readFileSync(path.join(golden, n.calibration), 'utf8').split('\n')
    .map((line) => line.split(',').slice(0, inputs).map(Number))
    .filter((row) => row.length === inputs && row.every(Number.isFinite))
    .slice(0, n.rows);
}

const mp = await loadMicroPython({ stdout: () => {}, stderr: (l) => process.stderr.write(`${l}\n`) });
mp.FS.mkdirTree('/bench');
mp.runPython(`import sys\nsys.path.insert(0, '/bench')\n` +
  `def run(module, rows, reps):\n    predict = module.predict\n    for _ in range(reps):\n        for r in rows:\n            predict(r)\n`);
const results = [];
for (const n of networks) {
  const inputs = JSON.parse(readFileSync(path.join(golden, 'models', n.model), 'utf8')).topology[0];
  const rows = inputRows(n, inputs);
  const modules = [
    { kind: 'float', module: `f_${n.name}`, format: 'micropython' },
    { kind: 'int8', module: `q_${n.name}`, format: 'micropython-int8' },
  ];
  for (const m of modules) mp.FS.writeFile(`/bench/${m.module}.py`, exportModule(n, m.format, m.module));
  mp.runPython(`import ${modules.map((m) => m.module).join(', ')}\nROWS_${n.name} = ${JSON.stringify(rows)}\n`);
  const best = {};
  for (let round = 0; round < Number(args.rounds); ++round)
    for (const m of modules) {
      const start = process.cpuUsage();
      mp.runPython(`run(${m.module}, ROWS_${n.name}, ${args.reps})`);
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000 / (Number(args.reps) * rows.length);
      best[m.kind] = Math.min(best[m.kind] ?? Infinity, ms);
    }
  const topology = JSON.parse(readFileSync(path.join(golden, 'models', n.model), 'utf8')).topology.join('-');
  results.push({ network: topology, float_ms: best.float, int8_ms: best.int8, factor: best.float / best.int8 });
}
rmSync(work, { recursive: true, force: true });

if (args.json) {
  console.log(JSON.stringify({ node: process.version, results }, null, 1));
} else {
  console.log(`MicroPython WebAssembly port under node ${process.version}; predict() of the exported modules; best of ${args.rounds} interleaved rounds`);
  console.log('network     float ms/inference  int8 ms/inference  factor');
  for (const r of results)
    console.log(`${r.network.padEnd(10)}  ${r.float_ms.toFixed(3).padStart(18)}  ${r.int8_ms.toFixed(3).padStart(17)}  ${r.factor.toFixed(1).padStart(5)}x`);
}
