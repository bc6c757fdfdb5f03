// dff.exportName through WebAssembly: the core's rule for what an export calls itself,
// replayed from the vectors the C++ tests also use (tests/host/export/export-names.json),
// and model.export() refusing exactly the names exportName refuses.
//
// Needs the "wasm" preset build (MICRODFF_WASM_DIR, default build/wasm/wasm). Outside CI
// a missing build skips; in CI (CI=true) it fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { LIBRARY_FILES } from '../../web/src/board/micropython-library.js';
import { loadMicrodff, MicrodffError } from '../../wasm/js/microdff.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.MICRODFF_WASM_DIR || 'build/wasm/wasm');
const built = fs.existsSync(path.join(wasmDir, 'microdff.wasm'));
if (!built && process.env.CI === 'true') throw new Error(`${wasmDir}/microdff.wasm is missing: build the wasm preset`);
const skip = built ? false : `${wasmDir}/microdff.wasm is missing (cmake --preset wasm); skipped outside CI`;

const vectors = JSON.parse(fs.readFileSync(path.join(repo, 'tests/host/export/export-names.json'), 'utf8')).cases;

let dff;
before(async () => {
  if (skip) return;
  const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
  dff = await loadMicrodff({ factory, wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
});

describe('dff.exportName', { skip }, () => {
  test('gives the identifier and file name of every shared vector, or throws with the reason', () => {
    assert.ok(vectors.length >= 40);
    for (const c of vectors) {
      const what = `${JSON.stringify(c.name)} as ${c.format}`;
      if (c.error) {
        assert.throws(() => dff.exportName(c.name, c.format), (e) => {
          assert.ok(e instanceof MicrodffError, what);
          assert.ok(e.message.includes(c.error), `${what}: ${e.message}`);
          assert.equal(e.field, c.format === 'onnx' ? 'format' : 'name', what);
          return true;
        });
      } else {
        assert.deepEqual(dff.exportName(c.name, c.format), { identifier: c.identifier, fileName: c.fileName }, what);
      }
    }
  });

  test('the defects the page had: class, array, math, main and "my  model"', () => {
    for (const name of ['class', 'array', 'math', 'main', 'os', 'boot']) {
      assert.throws(() => dff.exportName(name, 'micropython'), { name: 'MicrodffError', field: 'name' });
    }
    assert.deepEqual(dff.exportName('my  model', 'micropython'), { identifier: 'my_model', fileName: 'my_model.py' });
    assert.throws(() => dff.exportName(undefined, 'c'), TypeError);
  });

  test('no export replaces a module of the MicroPython library the page sends to a board', () => {
    assert.ok(LIBRARY_FILES.length >= 5);
    for (const file of LIBRARY_FILES) {
      const module = file.replace(/\.py$/, '');
      assert.throws(() => dff.exportName(module, 'micropython'), { name: 'MicrodffError', field: 'name' }, module);
    }
  });

  test('model.export refuses exactly the names exportName refuses, and names the module as exportName says', () => {
    const m = dff.createModel({ widths: [3, 4, 2], activations: ['sigmoid', 'sigmoid'] });
    try {
      for (const c of vectors.filter((v) => v.format !== 'onnx')) {
        if (c.error) {
          assert.throws(() => m.export(c.format, { name: c.name }), { name: 'MicrodffError', field: 'name' });
        } else if (c.format.endsWith('int8')) {
          // An untrained model has no rows to fit int8 scales on: the export stops there, past the name.
          assert.throws(() => m.export(c.format, { name: c.name }), (e) => e instanceof MicrodffError && e.field !== 'name' && /calibration/.test(e.message));
        } else {
          const bytes = m.export(c.format, { name: c.name });
          if (c.format === 'micropython') {
            const text = new TextDecoder().decode(bytes);
            assert.ok(text.includes(`\n#     import ${c.identifier}\n`), c.name);
          }
        }
      }
    } finally {
      m.dispose();
    }
  });
});
