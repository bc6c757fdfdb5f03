// The MicroPython library (micropython/: the seed's Matrix / DFF API on microdff models) in
// real MicroPython (the WebAssembly port from npm, @micropython/micropython-webassembly-pyscript)
// against the core: the cases written by gen_micropython_library_cases hold models and the
// core's own numbers. Checks the seed document's example, loading (JSON, blob, exported module)
// within 1e-5 of DFF::predict, per-sample training within 1e-4 of the core's weights, save and
// load (read back by `dff predict`), atomic saves and clear errors for bad input.
//
//   MICRODFF_MP_CASES=<dir written by gen_micropython_library_cases> [MICRODFF_DFF=build/release/cli/dff] \
//     node --test tests/micropython/micropython_library.test.mjs
//
// ctest runs this as `micropython_library` (tests/micropython/CMakeLists.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';

const OUTPUTS = 1e-5; // outputs after loading, vs dff predict
const WEIGHTS = 1e-4; // weights after N per-sample steps, vs the core

const here = dirname(fileURLToPath(import.meta.url));
const library = join(here, '../../micropython');
const casesDir = process.env.MICRODFF_MP_CASES;
assert.ok(casesDir, 'set MICRODFF_MP_CASES to the directory written by gen_micropython_library_cases');
const dffCli = process.env.MICRODFF_DFF;
const cases = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.model.json'))
  .sort()
  .map((f) => ({ path: join(casesDir, f), ...JSON.parse(readFileSync(join(casesDir, f), 'utf8')) }));
const byName = Object.fromEntries(cases.map((c) => [c.case, c]));

// A fresh MicroPython with the library in /lib, the cases in /cases and run_library.py.
// (One interpreter at a time: the port keeps its state in globalThis.)
async function board() {
  const stdout = [];
  const mp = await loadMicroPython({ stdout: (l) => stdout.push(l), stderr: (l) => stdout.push(l) });
  for (const dir of ['/lib', '/cases', '/out']) mp.FS.mkdirTree(dir);
  for (const f of readdirSync(library)) if (f.endsWith('.py')) mp.FS.writeFile(`/lib/${f}`, readFileSync(join(library, f)));
  for (const f of readdirSync(casesDir)) mp.FS.writeFile(`/cases/${f}`, readFileSync(join(casesDir, f)));
  mp.FS.writeFile('/lib/run_library.py', readFileSync(join(here, 'run_library.py')));
  const run = (code) => {
    try {
      mp.runPython(code);
    } catch (e) {
      throw new Error(`MicroPython raised ${e.type ?? e.name}: ${e.message}\n${stdout.join('\n')}`);
    }
  };
  run("import sys\nsys.path.insert(0, '/cases')\nsys.path.insert(0, '/lib')\nimport run_library");
  const call = (expr) => {
    run(`RESULT = ${expr}`);
    return JSON.parse(mp.globals.get('RESULT'));
  };
  return { mp, run, call, stdout };
}

function close(actual, expected, tolerance, where) {
  assert.equal(actual.length, expected.length, `${where}: length`);
  let worst = 0;
  actual.forEach((v, i) => {
    if (Array.isArray(v)) {
      worst = Math.max(worst, close(v, expected[i], tolerance, `${where}[${i}]`));
      return;
    }
    const d = Math.abs(v - expected[i]);
    assert.ok(d <= tolerance, `${where}[${i}] is ${v}, the core says ${expected[i]} (|diff| ${d})`);
    worst = Math.max(worst, d);
  });
  return worst;
}

// `dff predict MODEL rows.csv` as numbers.
function dffPredict(model, rows) {
  const dir = mkdtempSync(join(tmpdir(), 'microdff-upy-'));
  try {
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, rows.map((r) => r.join(',')).join('\n') + '\n');
    const r = spawnSync(dffCli, ['predict', model, csv], { encoding: 'utf8' });
    assert.equal(r.status, 0, `dff predict ${model}: ${r.stderr}`);
    return r.stdout.trim().split('\n').map((l) => l.split(',').map(Number));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the seed document\'s example runs unchanged and learns its table, as the core does', async () => {
  const b = await board();
  b.run('import seed_example');
  const out = b.stdout.join('\n');
  assert.match(out, /^Learning progress\n\.{100}/m);
  const verdicts = b.stdout.filter((l) => /^\[\[[01], [01], [01]\]\] /.test(l));
  assert.equal(verdicts.length, 8, out);
  for (const l of verdicts) assert.match(l, / True$/, `a row of the table was not learned: ${l}`);
  assert.match(out, /^Good_learning\? (True|1)$/m);
  assert.match(out, /^W0 \[\[-?\d+, -?\d+, -?\d+, -?\d+\], \[.*\], \[.*\]\]$/m);
  // The trained weights are the core's after the same 1000 epochs (gen case "seed").
  b.run('import seed_example as _s\nimport run_library\nRESULT = run_library.json.dumps(run_library._parameters(_s.ann))');
  const p = JSON.parse(b.mp.globals.get('RESULT'));
  close(p.weights, byName.seed.trained.weights, WEIGHTS, 'seed example weights');
  close(p.biases, byName.seed.trained.biases, WEIGHTS, 'seed example biases');
});

test('CPython 3 runs the seed example with the library too, to the same weights', async (t) => {
  const python = process.env.MICRODFF_PYTHON3 || 'python3';
  const r = spawnSync(python, ['-B', '-c', `import sys; sys.path.insert(0, ${JSON.stringify(library)}); import seed_example`], { encoding: 'utf8' });
  if (r.error) {
    t.skip(`${python} not found; CPython is a nice-to-have, MicroPython is what is verified`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Good_learning\? True$/m);
  const b = await board();
  b.run('import seed_example');
  const weights = (out) => out.split('\n').filter((l) => /^W\d /.test(l)).join('\n');
  assert.equal(weights(r.stdout), weights(b.stdout.join('\n')), 'rounded weights as in MicroPython');
});

test('nn.DFF((3, 4, 2)) starts from the core\'s DFF({3, 4, 2}) weights; Matrix and plain lists agree', async () => {
  const r = (await board()).call('run_library.seed_default()');
  assert.deepEqual(r.initial.weights, byName.seed.initial.weights, 'same uniform(-1, 1) draws as the core (Pcg32, seed 20210214)');
  assert.deepEqual(r.initial.biases, [[0, 0, 0, 0], [0, 0]]);
  assert.equal(r.same_after_matrix_and_list, true, 'train(Matrix, Matrix) and train(list, list) give the same step');
  assert.deepEqual(r.predict_rows, r.predict_matrix);
  assert.deepEqual(r.predict_row, r.predict_matrix[0]);
  assert.deepEqual(r.predict_tuple, r.predict_matrix[0]);
  assert.match(r.rounded, /^\[\[[01], [01]\]\]$/);
  assert.deepEqual(r.shapes, [[3, 4], [4, 2]], 'weights are the seed\'s W_ih (3 x 4) and W_ho (4 x 2)');
  assert.deepEqual(r.bias_shapes, [[1, 4], [1, 2]]);
});

for (const c of cases) {
  test(`${c.case} (${c.parameters} parameters, ${c.optimizer}, ${c.loss}): loads like dff predict, trains like the core, saves what dff reads`, async (t) => {
    const b = await board();
    const r = b.call(`run_library.check_case('/cases/${c.case}.json', '/cases', '/out')`);
    assert.equal(r.kernels, 'bytecode', 'the WebAssembly port has no native emitter');
    for (const how of ['json', 'blob', 'bytes', 'module']) {
      const worst = close(r.outputs[how], c.expected, OUTPUTS, `${c.case} loaded from ${how}`);
      t.diagnostic(`${how}: max |output - dff predict| ${worst.toExponential(2)}`);
    }
    // The files hold the exact float32 values: the same parameters whichever way they came.
    for (const how of ['blob', 'bytes', 'module']) assert.deepEqual(r.parameters[how], r.parameters.json, `${how} vs JSON parameters`);
    assert.deepEqual(r.parameters.json, c.initial, 'loaded parameters are the core\'s, bit for bit');
    assert.deepEqual(r.training.json, [c.optimizer, c.loss, r.training.json[2]], 'JSON training settings');
    assert.deepEqual(r.training.blob, r.training.json, 'blob training settings');
    assert.equal(r.blob_again_equal, true, 'a blob loaded and saved again is the same bytes');
    assert.equal(r.path, c.parameters <= 512 && c.optimizer === 'sgd' && !c.case.includes('l2') ? 'generated' : 'loops');

    const ww = close(r.trained.weights, c.trained.weights, WEIGHTS, `${c.case} weights after ${c.epochs} epochs`);
    const wb = close(r.trained.biases, c.trained.biases, WEIGHTS, `${c.case} biases after ${c.epochs} epochs`);
    close(r.trained_outputs, c.trained_expected, WEIGHTS, `${c.case} outputs after training`);
    t.diagnostic(`${r.path}: after ${c.epochs} epochs max |w - core| ${ww.toExponential(2)}, |b - core| ${wb.toExponential(2)}; loss ${r.losses[0].toFixed(4)} -> ${r.losses[1].toFixed(4)}`);

    assert.equal(r.reloaded_json, true, 'save() as JSON reads back bit for bit');
    assert.equal(r.reloaded_blob, true, 'save() as blob reads back bit for bit');
    if (!dffCli) {
      if (process.env.CI === 'true') assert.fail('MICRODFF_DFF is not set; CI must check the saved files with dff');
      t.diagnostic('MICRODFF_DFF not set: saved files not checked with dff');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'microdff-upy-'));
    try {
      for (const ext of ['json', 'blob']) {
        const file = join(dir, `${c.case}.${ext}`);
        writeFileSync(file, b.mp.FS.readFile(`/out/${c.case}.trained.${ext}`));
        close(dffPredict(file, c.inputs), r.trained_outputs, OUTPUTS, `dff predict on the library's ${ext}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('save() writes complete files only: a failed save keeps the previous file, FAT renames work', async () => {
  const b = await board();
  const r = b.call("run_library.atomic_save('/out')");
  assert.ok(r.size > 500, 'the JSON model was written');
  assert.deepEqual(r.files_after_save, ['board.json'], 'no temporary file left');
  assert.match(r.nan, /^ValueError: \/out\/board\.json: layers\[0\]\.weights\[0\]: not a finite number$/);
  assert.equal(r.kept_after_nan, true);
  assert.deepEqual(r.files_after_nan, ['board.json']);
  assert.match(r.no_rename, /^OSError: 28$/);
  assert.equal(r.kept_after_no_rename, true, 'rename failed: the previous model is still there');
  assert.deepEqual(r.files_after_no_rename, ['board.json'], 'the temporary file was removed');
  assert.ok(r.fat_size > 500);
  assert.equal(r.fat_replaced, true, 'FAT: the new model replaced the old one');
  assert.deepEqual(r.files_after_fat, ['board.json'], 'FAT: no .tmp or .old left');
});

test('bad input gives a clear ValueError naming what is wrong', async () => {
  const b = await board();
  const r = b.call("run_library.bad_inputs('/cases/seed.blob', '/cases/seed.model.json')");
  const expected = {
    'train: inputs too short': /^ValueError: DFF\.train: expected 3 inputs per row, got 2$/,
    'train: targets too long': /^ValueError: DFF\.train: expected 2 targets per row, got 3$/,
    'train: row counts differ': /^ValueError: DFF\.train: 2 rows of inputs but 1 rows of targets$/,
    'train: one bad row of several': /^ValueError: DFF\.train: expected 3 inputs per row, got 2 \(row 1\)$/,
    'train: learning rate 0': /^ValueError: DFF\.train: the learning rate must be a positive finite number, got 0$/,
    'train: diverges': /^ValueError: DFF\.train: loss became NaN or infinite; lower the learning rate or normalise the inputs$/,
    'predict: wrong width': /^ValueError: DFF\.predict: expected 3 inputs per row, got 2$/,
    'predict: not numbers': /^ValueError: DFF\.predict: expected a Matrix, a row of 3 inputs or a list of such rows, got a str$/,
    'DFF: one layer': /^ValueError: DFF: topology: expected 2 to 17 widths, got 1$/,
    'DFF: width 0': /^ValueError: DFF: topology\[1\]: expected a width from 1 to 4096, got 0$/,
    'DFF: unknown activation': /^ValueError: DFF: unknown activation 'swish' \(expected sigmoid, relu, leaky_relu, tanh, linear, softmax\)$/,
    'DFF: softmax in a hidden layer': /^ValueError: DFF: activations\[0\]: softmax only on the last layer, with at least 2 outputs$/,
    'DFF: cross-entropy on relu': /^ValueError: DFF\.loss: cross_entropy needs a softmax or sigmoid output layer$/,
    'Matrix: ragged rows': /^ValueError: Matrix: row 1 has 1 values, row 0 has 2$/,
    'weights: wrong count': /^ValueError: DFF\.weights: expected 2 matrices, got 1$/,
    'weights: wrong shape': /^ValueError: DFF\.weights\[1\]: expected 2 weights per row, got 3 \(row 0\)$/,
    'load: corrupted blob': /^ValueError: model: byte 184: CRC-32 mismatch: the model is corrupted, send it again$/,
    'load: truncated blob': /^ValueError: model: 179 of 188 bytes: truncated$/,
    'load: not a model': /^ValueError: model: not a microdff model \(neither JSON starting with "\{" nor a blob starting with "DFFB"\)$/,
    'load: short weight row': /^ValueError: model: layers\[0\]\.weights\[0\]: expected 4 numbers, got 3$/,
    'load: newer version': /^ValueError: model: version: 2 is newer than this library reads \(1\); update microdff$/,
    'load: unknown field': /^ValueError: model: "normalisation": unknown field$/,
    'load: unknown optimizer': /^ValueError: model: training\.optimizer: unknown optimizer 'rmsprop' \(expected sgd, momentum, adam\)$/,
  };
  assert.deepEqual(Object.keys(r).sort(), Object.keys(expected).sort());
  for (const [what, pattern] of Object.entries(expected)) assert.match(r[what], pattern, what);
});

test('the cases cover both code paths, every optimizer and loss, and the benchmark\'s networks', () => {
  const names = cases.map((c) => c.case);
  for (const needed of ['seed', 'wide_16_8_4', 'momentum_softmax', 'mixed_adam_l2', 'big_32_16_10']) assert.ok(names.includes(needed), needed);
  assert.deepEqual([...new Set(cases.map((c) => c.optimizer))].sort(), ['adam', 'momentum', 'sgd']);
  assert.deepEqual([...new Set(cases.map((c) => c.loss))].sort(), ['cross_entropy', 'mse']);
  assert.ok(cases.some((c) => c.parameters > 512), 'a network beyond UNROLL_LIMIT (the loops)');
  assert.equal(byName.seed.epochs, 1000, 'the seed case trains as the document does');
});
