// Hostile model bytes through the WebAssembly API: a few hundred bytes declaring a huge
// network must be refused at once, without growing the module's memory (the page's engine
// has 2 GB at most and aborts for good when an allocation fails), and the engine keeps working.
//
// Needs the "wasm" preset build (MICRODFF_WASM_DIR, default build/wasm/wasm). Outside CI
// a missing build skips; in CI (CI=true) it fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { loadMicrodff } from '../../wasm/js/microdff.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.MICRODFF_WASM_DIR || 'build/wasm/wasm');
const built = fs.existsSync(path.join(wasmDir, 'microdff.wasm'));
if (!built && process.env.CI === 'true') throw new Error(`${wasmDir}/microdff.wasm is missing: build the wasm preset`);
const skip = built ? false : `${wasmDir}/microdff.wasm is missing (cmake --preset wasm); skipped outside CI`;

const hostile = fs.readFileSync(path.join(repo, 'tests/host/model/fixtures/huge-topology-no-layers.json'));
const seedModel = fs.readFileSync(path.join(repo, 'tests/host/export/golden/models/seed.json'));
const MB = 1024 * 1024;

let dff;
before(async () => {
  if (skip) return;
  const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
  dff = await loadMicrodff({ factory, wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
});

describe('loadModel with hostile bytes', { skip }, () => {
  test('a model declaring 16 layers of 4096 without their numbers is refused fast, within 64 MB', () => {
    const start = performance.now();
    assert.throws(() => dff.loadModel(hostile), {
      name: 'MicrodffError',
      message: 'model: layers: expected 16 layers (one per weight layer of topology), got 0',
    });
    assert.throws(() => dff.loadModel(new TextDecoder().decode(hostile)), { name: 'MicrodffError' });
    assert.ok(performance.now() - start < 1000, 'refused in under a second');
    assert.ok(dff.core.HEAP8.length < 64 * MB, `module memory ${dff.core.HEAP8.length / MB} MB`);
    assert.equal(dff.liveModels(), 0);
  });

  test('the engine still loads and runs a real model afterwards', () => {
    const m = dff.loadModel(seedModel);
    try {
      assert.deepEqual(m.info().widths, [3, 4, 2]);
      assert.equal(m.predict(new Float32Array([0, 0, 1])).length, 2);
    } finally {
      m.dispose();
    }
  });
});
