// WebAssembly (under node) vs native training throughput, from one run:
//   node bench/wasm/compare.mjs [--seconds S] [--rounds N] [--native PATH] [--wasm DIR] [--native-sse2 PATH] [--json]
// Runs bench/train_throughput.cpp natively (build/release/bench/dff_bench_train) and as
// WebAssembly, as shipped (-msimd128) and without SIMD (build/wasm/bench/wasm/
// dff_bench_train_{simd,nosimd}.js), case after case, and prints samples/s, the WASM/native
// time ratio (target <= 1.5) and the factor over the fastest JavaScript libraries measured
// under node on these machines. --native-sse2: optionally also a native build with
// -DDFF_X86_DISPATCH=0 (SSE2 only, the same 128-bit vectors as WebAssembly SIMD; the default
// native build picks AVX2+FMA for mini-batches at run time). --rounds: each program runs N times
// per case, interleaved, and the best run counts: on a shared machine other load only ever
// slows a run down, and it comes and goes in phases longer than one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '0.4' },
    rounds: { type: 'string', default: '3' },
    native: { type: 'string', default: path.join(repo, 'build/release/bench/dff_bench_train') },
    wasm: { type: 'string', default: path.join(repo, 'build/wasm/bench/wasm') },
    'native-sse2': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

// Best JavaScript library per network: samples/s under node, and the factor we must beat it by.
const references = {
  '4-8-3': { library: 'synaptic', samplesPerSecond: 300000, factor: 3 },
  '64-32-10': { library: 'brain.js', samplesPerSecond: 27000, factor: 10 },
};

const cases = ['3-4-2 sgd per-sample', '4-8-3 sgd per-sample', '64-32-10 sgd per-sample', '64-32-10 sgd batch 32', '64-32-10 adam batch 32'];

const programs = [
  { name: 'native', command: args.native, prefix: [] },
  ...(args['native-sse2'] ? [{ name: 'native-sse2', command: args['native-sse2'], prefix: [] }] : []),
  { name: 'wasm', command: process.execPath, prefix: [path.join(args.wasm, 'dff_bench_train_simd.js')] },
  { name: 'wasm-nosimd', command: process.execPath, prefix: [path.join(args.wasm, 'dff_bench_train_nosimd.js')] },
];
for (const p of programs) {
  const file = p.prefix[0] ?? p.command;
  if (!fs.existsSync(file)) {
    console.error(`missing ${file}: build the release and wasm presets first`);
    process.exit(2);
  }
}

function measure(program, name) {
  const out = execFileSync(program.command, [...program.prefix, '--json', '--seconds', args.seconds, '--only', name], {
    encoding: 'utf8',
  });
  const rows = JSON.parse(out);
  if (rows.length !== 1) throw new Error(`${program.name}: expected one result for '${name}', got ${rows.length}`);
  return rows[0].samples_per_second;
}

const results = [];
for (const name of cases) {
  const row = { case: name };
  for (let round = 0; round < Number(args.rounds); ++round)
    for (const p of programs) row[p.name] = Math.max(row[p.name] ?? 0, measure(p, name));
  row.ratio = row.native / row.wasm; // WASM time / native time for the same work
  if (row['native-sse2']) row.ratioSse2 = row['native-sse2'] / row.wasm;
  const ref = references[name.split(' ')[0]];
  if (ref && name.includes('per-sample')) {
    row.reference = ref;
    row.overReference = row.wasm / ref.samplesPerSecond;
  }
  results.push(row);
}

if (args.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
  const names = programs.map((p) => p.name);
  console.log(
    `training throughput, samples/s of processor time (median of 5 trials of ${args.seconds} s, best of ` +
      `${args.rounds} interleaved runs per case and program; wasm = -msimd128, as shipped)`,
  );
  console.log(
    `${'case'.padEnd(25)} ${names.map((n) => n.padStart(12)).join(' ')}  wasm/native time` +
      `${args['native-sse2'] ? '  wasm/sse2 time' : ''}  vs best JS library`,
  );
  for (const r of results) {
    const ref = r.reference
      ? `${r.overReference.toFixed(1)}x ${r.reference.library} (${r.reference.samplesPerSecond / 1000}k/s; need ${r.reference.factor}x)`
      : '';
    console.log(
      `${r.case.padEnd(25)} ${names.map((n) => fmt(r[n])).join(' ')}  ${r.ratio.toFixed(2).padStart(16)}` +
        `${r.ratioSse2 ? r.ratioSse2.toFixed(2).padStart(16) : ''}  ${ref}`,
    );
  }
  const worst = Math.max(...results.map((r) => r.ratio));
  console.log(`worst WASM/native time ratio: ${worst.toFixed(2)} (target <= 1.5)`);
}
