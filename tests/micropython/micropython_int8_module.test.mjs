// The micropython-int8 export in real MicroPython (the WebAssembly port from npm,
// @micropython/micropython-webassembly-pyscript): for every model of
// tests/host/quantize/int8-vectors.json, `dff export --format micropython-int8` with the same
// calibration rows, then the module must give exactly the core's quantised inputs, int8
// outputs, dequantised outputs and classes on every row.
//
//   MICRODFF_DFF=build/release/cli/dff node --test tests/micropython/micropython_int8_module.test.mjs
//
// ctest runs this as `micropython_int8_module` (tests/micropython/CMakeLists.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const golden = join(root, 'tests', 'host', 'export', 'golden');
const dff = process.env.MICRODFF_DFF;
assert.ok(dff, 'set MICRODFF_DFF to the dff binary');
const vectors = JSON.parse(readFileSync(join(root, 'tests', 'host', 'quantize', 'int8-vectors.json'), 'utf8'));
const runner = readFileSync(join(here, 'run_int8_module.py'));
const work = mkdtempSync(join(tmpdir(), 'microdff-upy-int8-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

// Class models (iris, mlp64) get classify() and label().
const classNames = (c) => JSON.parse(readFileSync(join(golden, 'models', c.model), 'utf8')).classes ?? [];

function exportModule(c, module) {
  const file = join(work, `${module}.py`);
  const r = spawnSync(dff, ['export', join(golden, 'models', c.model), '--format', 'micropython-int8', '--name', module,
    '-o', file, '--calibrate', join(golden, c.calibration)], { encoding: 'utf8' });
  assert.equal(r.status, 0, `dff export ${c.model}: ${r.stderr}`);
  return readFileSync(file, 'utf8');
}

async function runInMicroPython(source, module, rows) {
  const stderr = [];
  const mp = await loadMicroPython({ stdout: () => {}, stderr: (line) => stderr.push(line) });
  mp.FS.mkdirTree('/board');
  mp.FS.writeFile(`/board/${module}.py`, source);
  mp.FS.writeFile('/board/case.json', JSON.stringify({ rows }));
  mp.FS.writeFile('/board/run_int8_module.py', runner);
  for (const f of readdirSync(join(root, 'micropython'))) if (f.endsWith('.py')) mp.FS.writeFile(`/board/${f}`, readFileSync(join(root, 'micropython', f)));
  try {
    mp.runPython(`import sys\nsys.path.insert(0, '/board')\nimport run_int8_module\n` +
      `RESULT = run_int8_module.run('/board/case.json', '/board', '${module}')\n`);
  } catch (e) {
    throw new Error(`MicroPython raised ${e.type ?? e.name}: ${e.message} ${stderr.join('\n')}`);
  }
  return JSON.parse(mp.globals.get('RESULT'));
}

// Every number exactly as the core computed it.
function checkRows(c, r, where) {
  const classes = classNames(c);
  c.rows.forEach((row, i) => {
    assert.deepEqual(r.quantised[i], row.quantised, `${where}: row ${i} quantised inputs`);
    assert.deepEqual(r.int8[i], row.int8, `${where}: row ${i} int8 outputs`);
    assert.deepEqual(r.outputs[i], row.outputs, `${where}: row ${i} dequantised outputs`);
    if (classes.length > 0) {
      assert.equal(r.classes[i], row.class, `${where}: row ${i} class`);
      assert.equal(r.labels[i], classes[row.class], `${where}: row ${i} label`);
    }
  });
  assert.equal(r.has_classify, classes.length > 0, `${where}: classify() exists only for class models`);
  assert.equal(r.selftest, true, `${where}: selftest()`);
  assert.match(r.wrong_length, /expected \d+ inputs/, `${where}: wrong input count`);
  // The MicroPython library trains float models: it refuses the int8 module and says why.
  assert.match(r.library_load, /QUANTIZATION: an int8 module \(--format micropython-int8\) cannot be loaded to train/, `${where}: library load()`);
}

for (const c of vectors.cases) {
  test(`MicroPython runs the micropython-int8 export of ${c.model} bit for bit like the core`, async () => {
    const module = `q_${c.model.replace(/\W/g, '_')}`;
    const source = exportModule(c, module);
    const r = await runInMicroPython(source, module, c.rows);
    assert.equal(r.weights_type, 'bytes', 'the weights are read in place from their bytes literals');
    checkRows(c, r, `MicroPython ${c.model}`);
  });
}

test('the vectors cover every activation and class models', () => {
  assert.ok(vectors.cases.filter((c) => classNames(c).length > 0).length >= 2);
  const used = new Set(vectors.cases.flatMap((c) => JSON.parse(readFileSync(join(golden, 'models', c.model), 'utf8')).activations));
  for (const a of ['sigmoid', 'relu', 'leaky_relu', 'tanh', 'linear', 'softmax']) assert.ok(used.has(a), `no case uses ${a}`);
});
