// Runs the modules written by gen_micropython_cases in real MicroPython (the WebAssembly
// port from npm, @micropython/micropython-webassembly-pyscript) and in CPython 3, and
// compares every output with the model's own DFF::predict (within 1e-5), the class
// indices with DFF::classify, and the names with the model's (escaping round trip).
//
//   MICRODFF_MP_CASES=<dir written by gen_micropython_cases> node --test tests/micropython/
//
// ctest runs this as `micropython_module` (tests/micropython/CMakeLists.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';

const TOLERANCE = 1e-5;
// The module header promises "4 to 7 KB  the module's code and names" on top of its data.
const CODE_AND_NAMES_BYTES = 7 * 1024;

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = process.env.MICRODFF_MP_CASES;
assert.ok(casesDir, 'set MICRODFF_MP_CASES to the directory written by gen_micropython_cases');
const runner = readFileSync(join(here, 'run_module.py'));
const cases = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ path: join(casesDir, f), ...JSON.parse(readFileSync(join(casesDir, f), 'utf8')) }));

// The interpreter itself rather than a launcher (pyenv shims take seconds per start).
const python3 = (() => {
  const r = spawnSync(process.env.MICRODFF_PYTHON3 || 'python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
})();

// Removes the optional imports, as on a port built without uctypes or math.tanh.
const withoutOptionalModules = (source) =>
  source.replace('import uctypes as', 'import uctypes_absent_for_test as').replace('from math import tanh\n', 'from math import tanh_absent_for_test\n');

async function runInMicroPython(c, transform = (s) => s) {
  const stderr = [];
  const mp = await loadMicroPython({ stdout: () => {}, stderr: (line) => stderr.push(line) });
  mp.FS.mkdirTree('/board');
  mp.FS.writeFile(`/board/${c.file}`, transform(readFileSync(join(casesDir, c.file), 'utf8')));
  mp.FS.writeFile('/board/case.json', readFileSync(c.path));
  mp.FS.writeFile('/board/run_module.py', runner);
  try {
    mp.runPython(
      `import sys\nsys.path.insert(0, '/board')\nimport run_module\n` +
        `VERSION = sys.version\nRESULT = run_module.run('/board/case.json', '/board', '${c.module}')\n`,
    );
  } catch (e) {
    throw new Error(`MicroPython raised ${e.type ?? e.name}: ${e.message} ${stderr.join('\n')}`);
  }
  return { version: mp.globals.get('VERSION'), ...JSON.parse(mp.globals.get('RESULT')) };
}

function runInCPython(python, c) {
  const r = spawnSync(python, ['-B', join(here, 'run_module.py'), c.path, casesDir, c.module], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${python} failed on ${c.file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Every output within TOLERANCE of DFF::predict; returns the largest difference.
function checkOutputs(c, r, where) {
  assert.equal(r.outputs.length, c.expected.length, `${where}: row count`);
  let worst = 0;
  r.outputs.forEach((row, i) => {
    assert.equal(row.length, c.expected[i].length, `${where}: row ${i} output count`);
    row.forEach((v, j) => {
      const d = Math.abs(v - c.expected[i][j]);
      assert.ok(d <= TOLERANCE, `${where}: row ${i} output ${j} is ${v}, dff predict says ${c.expected[i][j]} (|diff| ${d})`);
      worst = Math.max(worst, d);
    });
  });
  return worst;
}

// Same class as DFF::classify, unless the two outputs are tied within TOLERANCE.
function checkClasses(c, r, where) {
  assert.equal(r.has_classify, c.class_names.length > 0, `${where}: classify() exists only for class models`);
  if (!r.has_classify) return;
  r.classes.forEach((k, i) => {
    const e = c.expected_classes[i];
    if (k !== e) {
      const gap = Math.abs(c.expected[i][k] - c.expected[i][e]);
      assert.ok(gap <= TOLERANCE, `${where}: row ${i} classified ${k}, dff says ${e}`);
    }
    assert.equal(r.labels[i], c.class_names[k], `${where}: label() of row ${i}`);
  });
}

function checkApi(c, r, where) {
  assert.deepEqual(r.input_names, c.input_names, `${where}: INPUTS`);
  assert.deepEqual(r.output_names, c.output_names, `${where}: OUTPUTS`);
  assert.deepEqual(r.class_names, c.class_names, `${where}: CLASSES`);
  assert.deepEqual(r.topology, c.topology, `${where}: TOPOLOGY`);
  assert.equal(r.input_count, c.topology[0]);
  assert.equal(r.output_count, c.topology[c.topology.length - 1]);
  assert.equal(r.weights_bytes, c.weights_bytes, `${where}: WEIGHTS_BYTES`);
  assert.equal(r.scratch_bytes, c.scratch_bytes, `${where}: SCRATCH_BYTES`);
  assert.equal(r.selftest, true, `${where}: selftest()`);
  assert.equal(r.tuple_equal, true, `${where}: predict(tuple) differs from predict(list)`);
  assert.equal(r.array_equal, true, `${where}: predict(array) differs from predict(list)`);
  assert.match(r.wrong_length, new RegExp(`expected ${c.topology[0]} inputs`), `${where}: wrong input count`);
}

for (const c of cases) {
  test(`MicroPython runs ${c.file} (${c.case}, ${c.topology.join('-')}) like dff predict`, async (t) => {
    const r = await runInMicroPython(c);
    const worst = checkOutputs(c, r, `MicroPython ${c.file}`);
    checkClasses(c, r, `MicroPython ${c.file}`);
    checkApi(c, r, `MicroPython ${c.file}`);
    // The weights are read in place through uctypes (no second copy), and the RAM the
    // module keeps after import is its data plus the code and names the header announces.
    assert.equal(r.weights_type, 'struct', 'weights should be uctypes views on this port');
    const data = c.weights_bytes + c.scratch_bytes;
    assert.ok(r.ram_after_import <= data + CODE_AND_NAMES_BYTES,
      `${c.file} keeps ${r.ram_after_import} bytes after import, more than ${data} + ${CODE_AND_NAMES_BYTES}`);
    t.diagnostic(`${r.version}: ${c.file} ${c.module_bytes} bytes of source, max |diff| ${worst.toExponential(2)}, ` +
      `RAM after import ${r.ram_after_import} bytes (data ${data})`);
  });

  test(`MicroPython without uctypes and math.tanh runs ${c.file} like dff predict`, async (t) => {
    const r = await runInMicroPython(c, withoutOptionalModules);
    checkOutputs(c, r, `MicroPython (no uctypes/tanh) ${c.file}`);
    checkClasses(c, r, `MicroPython (no uctypes/tanh) ${c.file}`);
    checkApi(c, r, `MicroPython (no uctypes/tanh) ${c.file}`);
    assert.equal(r.weights_type, 'array', 'without uctypes the weights are copied into arrays');
    const data = 2 * c.weights_bytes + c.scratch_bytes;
    assert.ok(r.ram_after_import <= data + CODE_AND_NAMES_BYTES,
      `${c.file} keeps ${r.ram_after_import} bytes after import, more than ${data} + ${CODE_AND_NAMES_BYTES}`);
    t.diagnostic(`${c.file} without uctypes: RAM after import ${r.ram_after_import} bytes`);
  });

  test(`CPython 3 runs ${c.file} like dff predict`, (t) => {
    if (!python3) {
      t.skip('python3 not found; CPython is a nice-to-have, MicroPython is what is verified');
      return;
    }
    const r = runInCPython(python3, c);
    checkOutputs(c, r, `CPython ${c.file}`);
    checkClasses(c, r, `CPython ${c.file}`);
    checkApi(c, r, `CPython ${c.file}`);
    assert.equal(r.weights_type, 'array');
  });
}

test('no module holds a control or bidirectional character as it is, and the mixed case has them in its names', () => {
  const hidden = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
  for (const c of cases) assert.doesNotMatch(readFileSync(join(casesDir, c.file), 'utf8'), hidden, c.file);
  const mixed = cases.find((c) => c.case === 'mixed');
  assert.match([...mixed.output_names, ...mixed.class_names].join(''), /\u202e.*\u0085.*\u2066/su);
});

test('the cases cover the seed network, an iris classifier and every activation', () => {
  const names = cases.map((c) => c.case);
  for (const needed of ['seed', 'iris', 'mixed']) assert.ok(names.includes(needed), `case ${needed} missing`);
  const used = new Set(cases.flatMap((c) => c.activations));
  for (const a of ['sigmoid', 'relu', 'leaky_relu', 'tanh', 'linear', 'softmax']) assert.ok(used.has(a), `no case uses ${a}`);
  assert.ok(cases.find((c) => c.case === 'iris').weights_bytes > 4 * 67, 'the iris case is normalised');
  const seed = cases.find((c) => c.case === 'seed');
  assert.deepEqual(seed.topology, [3, 4, 2]);
  // The seed network learned its table: every training row rounds to its one-hot target.
  const targets = [[1, 0], [0, 1], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 0]];
  targets.forEach((s, i) => assert.deepEqual(seed.expected[i].map(Math.round), s, `seed row ${i}`));
});
