// Replays core/host/test-vectors.json against the WebAssembly API (tests/host/test_rule_vectors.cpp
// replays the same file against the C++ core): the rules, settings checks, defaults under given
// settings, class mapping and the accuracy rule agree in both by construction. Its CSV cases
// are replayed against the page's own table rules (web/src/csv.js).
//
// Needs the "wasm" preset build (MICRODFF_WASM_DIR, default build/wasm/wasm). Outside CI a
// missing build skips; in CI (CI=true) it fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { isNumber, parseCsv } from '../../web/src/csv.js';
import { loadMicrodff, MicrodffError } from '../../wasm/js/microdff.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.MICRODFF_WASM_DIR || 'build/wasm/wasm');
const vectors = JSON.parse(fs.readFileSync(path.join(repo, 'core/host/test-vectors.json'), 'utf8'));

let skip = false;
if (!fs.existsSync(path.join(wasmDir, 'microdff.wasm'))) {
  if (process.env.CI === 'true') throw new Error(`${wasmDir}/microdff.wasm is missing: build the wasm preset`);
  skip = `${wasmDir}/microdff.wasm is missing; skipped outside CI`;
}

let dff;
before(async () => {
  if (skip) return;
  const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
  dff = await loadMicrodff({ factory, wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
});

// A linear network without bias whose outputs equal its inputs, as a JSON model file.
function identityModel(n, classes = [], outputNames = []) {
  const weights = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  return dff.loadModel(JSON.stringify({
    format: 'microdff-model',
    version: 1,
    topology: [n, n],
    activations: ['linear'],
    bias: false,
    layers: [{ weights }],
    outputs: outputNames.length ? outputNames : Array.from({ length: n }, (_, k) => `y${k + 1}`),
    classes,
  }));
}

function coreError(fn) {
  let error;
  assert.throws(fn, (e) => {
    error = e;
    return e instanceof MicrodffError;
  });
  return error;
}

describe('shared rule vectors (core/host/test-vectors.json)', { skip }, () => {
  test('rules', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(dff.rules)), vectors.rules);
  });

  test('checkSettings', () => {
    for (const c of vectors.checkSettings) assert.deepEqual(dff.checkSettings(c.settings, c.shape), c.problems, JSON.stringify(c.settings));
  });

  test('resolveSettings', () => {
    for (const c of vectors.resolveSettings) {
      const data = dff.parseDataset(fs.readFileSync(path.join(repo, c.data), 'utf8'), { inputs: c.inputs });
      if (c.error) {
        const e = coreError(() => dff.resolveSettings(data, c.given));
        assert.equal(e.field, c.error.field);
        assert.equal(e.message, c.error.message);
      } else {
        assert.deepEqual(dff.resolveSettings(data, c.given), c.settings, JSON.stringify(c.given));
      }
    }
  });

  test('classMapping, through model.evaluate', () => {
    for (const c of vectors.classMapping) {
      const n = c.modelClasses.length;
      const model = identityModel(n, c.modelClasses);
      try {
        // Each row's input is the one-hot of its expected model class, so every row is right
        // exactly when the data's labels were mapped onto the model's classes as expected.
        const rows = c.labels.length;
        const width = c.dataClasses.length;
        const expected = c.mapped ?? c.labels;
        const inputs = new Float32Array(rows * n);
        const targets = new Float32Array(rows * width);
        expected.forEach((k, r) => (inputs[r * n + k] = 1));
        c.labels.forEach((k, r) => (targets[r * width + k] = 1));
        const dataset = {
          rows, inputCount: n, outputCount: width, inputs, targets, labels: Uint32Array.from(c.labels),
          classNames: c.dataClasses, labelColumn: c.labelColumn ?? '',
        };
        if (c.error) {
          const e = coreError(() => model.evaluate(dataset));
          assert.equal(e.message, c.error.message);
          assert.equal(e.field, c.error.field);
        } else {
          const e = model.evaluate(dataset);
          assert.equal(e.accuracy, 1, c.about);
          assert.deepEqual([...e.predicted], expected);
        }
      } finally {
        model.dispose();
      }
    }
  });

  test('accuracy, confusion and row flags', () => {
    for (const c of vectors.accuracy) {
      const n = c.outputs[0].length;
      const classes = c.modelClasses ?? [];
      const model = identityModel(n, classes, c.outputNames ?? []);
      try {
        const rows = c.outputs.length;
        const targets = c.targets ? Float32Array.from(c.targets.flat()) : new Float32Array(rows * n);
        if (c.labels) c.labels.forEach((k, r) => (targets[r * n + k] = 1));
        const dataset = {
          rows, inputCount: n, outputCount: n, inputs: Float32Array.from(c.outputs.flat()), targets,
          classNames: c.labels ? classes : [], labels: c.labels ? Uint32Array.from(c.labels) : undefined,
        };
        const e = model.evaluate(dataset);
        const x = c.expect;
        for (const key of ['rule', 'accuracy', 'correct', 'classNames', 'confusion', 'perClass']) assert.deepEqual(e[key], x[key], `${c.about}: ${key}`);
        assert.deepEqual(e.rowCorrect && [...e.rowCorrect], x.rowCorrect, `${c.about}: rowCorrect`);
        assert.deepEqual(e.predicted && [...e.predicted], x.predicted, `${c.about}: predicted`);
        // Outputs are float32, the expected errors exact decimals.
        for (const key of ['mae', 'rmse', 'r2']) {
          if (x[key] === null) assert.equal(e[key], null, `${c.about}: ${key}`);
          else assert.ok(Math.abs(e[key] - x[key]) <= 1e-6, `${c.about}: ${key} ${e[key]} vs ${x[key]}`);
        }
      } finally {
        model.dispose();
      }
    }
  });
});

// The page checks cells as they are typed, before the core sees the table: its CSV rules
// (web/src/csv.js) must say what the core says.
describe('shared CSV vectors against the page\'s table (web/src/csv.js)', () => {
  test('csvNumbers', () => {
    for (const c of vectors.csvNumbers) assert.equal(isNumber(c.text), c.number, `cell '${c.text}'`);
  });
  test('csvHeader', () => {
    for (const c of vectors.csvHeader) {
      const p = parseCsv(c.text);
      assert.equal(p.hasHeader, c.header, c.about);
      assert.equal(p.rows.length, c.rows, c.about);
    }
  });
});
