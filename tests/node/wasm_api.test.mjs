// The WebAssembly JS API (wasm/js/microdff.js) under node: training the seed example,
// predict, every export format byte-identical to `dff export`, loadModel round trips,
// error cases with line/column, and that every C++ handle is freed.
//
// Needs the "wasm" preset build (MICRODFF_WASM_DIR, default build/wasm/wasm) and a native
// dff (DFF_BIN, default build/release/cli/dff). Outside CI a missing build skips; in CI
// (CI=true, where scripts/test builds both first) it fails.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { loadMicrodff, MicrodffError } from '../../wasm/js/microdff.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.MICRODFF_WASM_DIR || 'build/wasm/wasm');
const dffBin = path.resolve(repo, process.env.DFF_BIN || 'build/release/cli/dff');
const inCI = process.env.CI === 'true';

function missing(file, what) {
  if (fs.existsSync(file)) return false;
  if (inCI) throw new Error(`${file} is missing: ${what}`);
  return `${file} is missing (${what}); skipped outside CI`;
}
const skipWasm = missing(path.join(wasmDir, 'microdff.wasm'), 'build it with cmake --preset wasm && cmake --build --preset wasm');
const skipDff = skipWasm || missing(dffBin, 'build it with cmake --preset release && cmake --build --preset release');

const seedCsv = fs.readFileSync(path.join(repo, 'examples/seed.csv'), 'utf8');
const irisCsv = fs.readFileSync(path.join(repo, 'examples/iris.csv'), 'utf8');

let dff;
let tmp;

before(async () => {
  if (skipWasm) return;
  const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
  dff = await loadMicrodff({ factory, wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'microdff-wasm-'));
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// Trains with the defaults `dff train` would use, in chunks of `chunk` epochs.
function trainDefaults(data, { seed = 1, chunk = 100 } = {}) {
  const s = dff.defaults(data);
  const m = dff.createModel({ ...s, seed }, data);
  let last;
  for (let done = 0; done < s.epochs; done += chunk) last = m.train(data, { ...s, epochs: Math.min(chunk, s.epochs - done) });
  return { model: m, settings: s, last };
}

function argmax(values, offset, n) {
  let best = 0;
  for (let k = 1; k < n; ++k) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

// Runs dff and returns stdout.
function runDff(...args) {
  return execFileSync(dffBin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('wasm API', { skip: skipWasm }, () => {
  test('parseDataset reads the seed example like dff train (--inputs 3)', () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    assert.equal(data.rows, 8);
    assert.equal(data.inputCount, 3);
    assert.equal(data.outputCount, 2);
    assert.deepEqual(data.inputNames, ['i1', 'i2', 'i3']);
    assert.deepEqual(data.outputNames, ['s1', 's2']);
    assert.deepEqual(data.classNames, []);
    assert.ok(data.inputs instanceof Float32Array && data.targets instanceof Float32Array);
    assert.deepEqual([...data.inputs.slice(3, 6)], [0, 0, 1]);
    assert.deepEqual([...data.targets.slice(2, 4)], [0, 1]);
  });

  test('a class-label column is one-hot encoded with class names and labels', () => {
    const data = dff.parseDataset(irisCsv);
    assert.equal(data.rows, 150);
    assert.equal(data.inputCount, 4);
    assert.equal(data.outputCount, 3);
    assert.equal(data.classNames.length, 3);
    assert.deepEqual(data.outputNames, data.classNames);
    assert.equal(data.labels.length, 150);
    for (let r = 0; r < data.rows; ++r) assert.equal(data.targets[r * 3 + data.labels[r]], 1);
  });

  test('defaults are those dff train prints for the seed example', () => {
    const s = dff.defaults(dff.parseDataset(seedCsv, { inputs: 3 }));
    assert.deepEqual(s.hidden, [16]);
    assert.deepEqual(s.activations, ['relu']);
    assert.equal(s.output, 'sigmoid');
    assert.equal(s.loss, 'cross_entropy');
    assert.equal(s.optimizer, 'adam');
    assert.equal(s.learningRate, 0.01);
    assert.equal(s.epochs, 1000);
    assert.equal(s.batchSize, 1);
    assert.equal(s.init, 'he');
    assert.equal(s.normalize, false);
    assert.equal(s.bias, true);
    assert.equal(s.l2, 0);
    assert.equal(s.seed, 1);
    assert.deepEqual(dff.resolveSettings(dff.parseDataset(seedCsv, { inputs: 3 }), {}), s);
  });

  test('the seed example trains to all-correct predictions, in chunks of epochs', () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    const { model, settings, last } = trainDefaults(data);
    try {
      assert.equal(last.epoch, settings.epochs);
      assert.ok(last.loss < 0.05, `final loss ${last.loss}`);
      assert.ok(last.samplesPerSecond > 0);
      const out = model.predict(data.inputs);
      assert.ok(out instanceof Float32Array);
      assert.equal(out.length, data.rows * 2);
      for (let r = 0; r < data.rows; ++r) {
        for (let k = 0; k < 2; ++k) assert.equal(Math.round(out[r * 2 + k]), data.targets[r * 2 + k], `row ${r}`);
        const row = data.inputs.slice(r * 3, r * 3 + 3);
        assert.deepEqual([...model.predict(row)], [...out.slice(r * 2, r * 2 + 2)]);
        assert.equal(model.classify(row), argmax(data.targets, r * 2, 2));
      }
      const e = model.evaluate(data);
      assert.equal(e.accuracy, 1);
      assert.equal(e.samples, 8);
      assert.equal(e.correct, 8);
      assert.equal(model.info().epochs, settings.epochs);
    } finally {
      model.dispose();
    }
  });

  test("the seed's own loop (DFF((3, 4, 2)), sigmoid, lrate 1, rows in order, 1000 epochs) learns the seed example", () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    // DFF's default weight seed (core/host/model/dff.h kDefaultSeed), as tests/host/model/test_dff.cpp.
    const m = dff.createModel({ widths: [3, 4, 2], activations: ['sigmoid', 'sigmoid'], init: 'uniform', seed: 20210214 }, data);
    try {
      m.train(data, { epochs: 1000, optimizer: 'sgd', learningRate: 1, loss: 'mse', batchSize: 1, shuffle: false });
      assert.equal(m.evaluate(data).accuracy, 1);
    } finally {
      m.dispose();
    }
  });

  test('training resumed chunk by chunk gives exactly the weights of one long run', () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    const spec = { widths: [3, 8, 2], activations: ['tanh', 'sigmoid'], seed: 7 };
    const options = { optimizer: 'adam', learningRate: 0.01, loss: 'cross_entropy' };
    const whole = dff.createModel(spec, data);
    const chunked = dff.createModel(spec, data);
    try {
      whole.train(data, { ...options, epochs: 60 });
      for (let i = 0; i < 6; ++i) chunked.train(i % 2 ? data : dff.parseDataset(seedCsv, { inputs: 3 }), { ...options, epochs: 10 });
      assert.deepEqual(chunked.weights(), whole.weights());
      assert.deepEqual(chunked.biases(), whole.biases());
      assert.equal(chunked.info().epochs, 60);
    } finally {
      whole.dispose();
      chunked.dispose();
    }
  });

  test('weights and biases have the layer shapes', () => {
    const m = dff.createModel({ widths: [3, 5, 2], activations: ['relu', 'softmax'] });
    try {
      const w = m.weights();
      assert.deepEqual(w.map((l) => [l.rows, l.cols, l.data.length]), [[3, 5, 15], [5, 2, 10]]);
      assert.deepEqual(m.biases().map((b) => b.length), [5, 2]);
      const info = m.info();
      assert.deepEqual(info.widths, [3, 5, 2]);
      assert.deepEqual(info.activations, ['relu', 'softmax']);
      assert.equal(info.parameterCount, 3 * 5 + 5 + 5 * 2 + 2);
      assert.ok(info.bytesRequired > 0 && info.trainingBytes > info.bytesRequired);
    } finally {
      m.dispose();
    }
  });

  test('loadModel round-trips JSON (bytes and text) and blob', () => {
    const data = dff.parseDataset(irisCsv);
    const m = dff.createModel({ hidden: [8], activation: 'tanh', output: 'softmax', normalize: true, seed: 3 }, data);
    const loaded = [];
    try {
      m.train(data, { epochs: 20, loss: 'cross_entropy' });
      const expected = m.predict(data.inputs);
      const json = m.export('json');
      loaded.push(dff.loadModel(json), dff.loadModel(new TextDecoder().decode(json)), dff.loadModel(m.export('blob')));
      for (const copy of loaded) {
        assert.deepEqual(copy.predict(data.inputs), expected);
        assert.deepEqual(copy.info().classNames, data.classNames);
        assert.equal(copy.info().normalize, true);
      }
      assert.deepEqual(loaded[0].export('json'), json);
      assert.deepEqual(loaded[2].export('blob'), m.export('blob'));
    } finally {
      m.dispose();
      for (const copy of loaded) copy.dispose();
    }
  });

  test('footprint gives the flash and RAM figures of the header comment', () => {
    const m = dff.createModel({ widths: [64, 32, 10], activations: ['relu', 'softmax'] });
    try {
      // The int8 header is fitted on the training rows: none yet.
      assert.throws(() => m.footprint('c-int8'), (e) => e instanceof MicrodffError && /calibration data/.test(e.message));
      const header = ['x' + [...Array(64).keys()].join(',x') + ',digit'];
      for (let r = 0; r < 20; ++r) header.push([...Array(64)].map((_, i) => ((r * 7 + i * 3) % 17) / 4).join(',') + `,d${r % 10}`);
      m.train(dff.parseDataset(header.join('\n')), { epochs: 1 });
      for (const format of ['c', 'c-int8']) {
        const f = m.footprint(format);
        const header = new TextDecoder().decode(m.export(format, { name: 'net' }));
        assert.match(header, new RegExp(`Flash +${f.flashBytes} bytes \\(NET_WEIGHTS_BYTES\\)`));
        assert.match(header, new RegExp(`RAM +${f.ramBytes} bytes \\(NET_RAM_BYTES\\)`));
      }
      assert.equal(m.footprint('c').flashBytes, 4 * (64 * 32 + 32 + 32 * 10 + 10));
      assert.ok(m.footprint('c-int8').flashBytes < m.footprint('c').flashBytes / 2);
    } finally {
      m.dispose();
    }
  });

  // The page's int8 preview runs the core's int8 functions compiled to WebAssembly: the
  // same bits as natively (int8-vectors.json, checked natively by test_int8_blob), hence
  // as the c-int8 header on AVR and Cortex-M and the int8 firmware.
  test('predictInt8 gives the int8 bits of tests/host/quantize/int8-vectors.json', () => {
    const golden = path.join(repo, 'tests/host/export/golden');
    const vectors = JSON.parse(fs.readFileSync(path.join(repo, 'tests/host/quantize/int8-vectors.json'), 'utf8'));
    assert.equal(vectors.cases.length, 4);
    for (const c of vectors.cases) {
      const m = dff.loadModel(fs.readFileSync(path.join(golden, 'models', c.model)));
      try {
        const inputs = m.info().widths[0];
        const calibration = dff.parseDataset(fs.readFileSync(path.join(golden, c.calibration), 'utf8'), { inputs });
        const rows = Float32Array.from(c.rows.flatMap((r) => r.input));
        const got = m.predictInt8(rows, { calibration });
        assert.deepEqual([...got.inputs], c.rows.flatMap((r) => r.quantised), c.model);
        assert.deepEqual([...got.int8], c.rows.flatMap((r) => r.int8), c.model);
        assert.deepEqual([...got.outputs], c.rows.flatMap((r) => r.outputs), c.model);
        assert.deepEqual([...got.classes], c.rows.map((r) => r.class), c.model);
      } finally {
        m.dispose();
      }
    }
  });

  test('compareInt8 counts what evaluate and predictInt8 give row by row', () => {
    const data = dff.parseDataset(irisCsv, { inputs: 4 });
    const m = dff.createModel({ hidden: [3], seed: 2 }, data);
    try {
      m.train(data, { epochs: 3 });
      const c = m.compareInt8(data);
      const int8 = m.predictInt8(data.inputs);
      const rowInputs = (r) => data.inputs.subarray(r * 4, (r + 1) * 4);
      const floatClass = Array.from({ length: data.rows }, (_, r) => m.classify(rowInputs(r)));
      const evaluation = m.evaluate(data);
      assert.equal(c.samples, 150);
      assert.equal(c.rule, 'argmax');
      assert.equal(c.floatCorrect, evaluation.correct);
      assert.equal(c.int8Correct, [...int8.classes].filter((k, r) => k === data.labels[r]).length);
      assert.equal(c.classDisagreements, floatClass.filter((k, r) => k !== int8.classes[r]).length);
      const float = m.predict(data.inputs);
      const largest = Math.max(...float.map((v, i) => Math.abs(v - int8.outputs[i])));
      assert.ok(Math.abs(c.maxAbsDifference - largest) < 1e-6, `${c.maxAbsDifference} vs ${largest}`);
      assert.equal(c.int8Accuracy, c.int8Correct / 150);
    } finally {
      m.dispose();
    }
  });

  test('predictInt8 calibrates on the training rows by default and says when there are none', () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    const m = dff.createModel({ hidden: [4], activation: 'sigmoid', output: 'sigmoid', seed: 1 }, data);
    const loaded = dff.loadModel(m.export('json'));
    try {
      m.train(data, { epochs: 5 });
      assert.deepEqual(m.predictInt8(data.inputs), m.predictInt8(data.inputs, { calibration: data }));
      assert.throws(() => loaded.predictInt8(data.inputs), (e) => e instanceof MicrodffError && /train the model first/.test(e.message));
    } finally {
      m.dispose();
      loaded.dispose();
    }
  });

  describe('errors', () => {
    function throwsCore(fn, expected) {
      let error;
      assert.throws(fn, (e) => {
        error = e;
        return e instanceof MicrodffError;
      });
      for (const [key, value] of Object.entries(expected)) {
        if (value instanceof RegExp) assert.match(error[key], value);
        else assert.equal(error[key], value, key);
      }
      return error;
    }

    test('a ragged CSV row reports its line and column', () => {
      const e = throwsCore(() => dff.parseDataset('a,b,c\n1,2,3\n4,5\n6,7,8\n'), {
        source: 'data.csv',
        line: 3,
        column: 3,
        message: /^data\.csv:3:3: expected 3 columns \(as on line 1\), got 2$/,
        detail: 'expected 3 columns (as on line 1), got 2',
      });
      assert.equal(e.field, undefined);
    });

    test('a column of 100,000 IDs stops at the class cap, naming the column and the count', () => {
      const rows = ['x,id'];
      for (let r = 0; r < 100000; ++r) rows.push(`${r % 10},row${r}`);
      throwsCore(() => dff.parseDataset(rows.join('\n'), { source: 'ids.csv' }), {
        line: 4098,
        column: 2,
        field: 'id',
        detail: /^column 'id' has more than 4096 distinct class labels \(4097 by this row\)/,
      });
    });

    test('a non-numeric cell reports line, column and the column name', () => {
      throwsCore(() => dff.parseDataset('x1,x2,y\n1,2,0\n1,oops,1\n', { source: 'mine.csv' }), {
        source: 'mine.csv',
        detail: "'oops' is not a number (column 'x2')",
        line: 3,
        column: 2,
        field: 'x2',
        message: /^mine\.csv:3:2: 'oops' is not a number \(column 'x2'\)/,
      });
    });

    test('the same messages as dff train', { skip: skipDff }, () => {
      const file = path.join(tmp, 'data.csv');
      fs.writeFileSync(file, 'x1,x2,y\n1,2,0\n1,oops,1\n');
      let stderr = '';
      try {
        execFileSync(dffBin, ['train', file, '-q', '-o', path.join(tmp, 'never.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        stderr = e.stderr.toString();
      }
      const error = throwsCore(() => dff.parseDataset('x1,x2,y\n1,2,0\n1,oops,1\n', { source: file }), {});
      assert.equal(stderr.trim(), `dff: ${error.message}`);
    });

    test('bad topologies and settings', () => {
      const data = dff.parseDataset(seedCsv, { inputs: 3 });
      throwsCore(() => dff.createModel({ widths: [3, 0, 2], activations: ['relu', 'sigmoid'] }), {
        field: 'hidden',
        message: 'Hidden layers: use up to 15 widths from 1 to 4096, e.g. 8,8 (none: no hidden layer)',
      });
      throwsCore(() => dff.createModel({ widths: [3], activations: [] }), { field: 'hidden', message: /input width/ });
      throwsCore(() => dff.createModel({ widths: [3, 4, 2], activations: ['softmax', 'sigmoid'] }), {
        field: 'activations',
        message: 'Hidden activation: use one of relu, leaky_relu, tanh, sigmoid, linear for each hidden layer',
      });
      throwsCore(() => dff.createModel({ widths: [3, 4, 2], activations: ['relu'] }), { message: /one activation per weight layer/ });
      throwsCore(() => dff.createModel({ widths: [3, 4, 2], activations: ['relu', 'swish'] }), {
        field: 'output',
        message: 'Output activation: use one of softmax, sigmoid, linear, tanh, relu, leaky_relu',
      });
      throwsCore(() => dff.createModel({ widths: [4, 4, 2], activations: ['relu', 'sigmoid'] }, data), { message: /3 inputs/ });
      throwsCore(() => dff.createModel({ hidden: [4], output: 'tanh', loss: 'cross_entropy' }, data), {
        field: 'loss',
        message: 'Loss: cross_entropy needs a softmax or sigmoid output; with a tanh output use mse',
      });
      const m = dff.createModel({ widths: [3, 4, 2], activations: ['relu', 'sigmoid'] }, data);
      try {
        throwsCore(() => m.train(data, { epochs: 1, optimizer: 'rmsprop' }), { field: 'optimizer', message: 'Optimizer: use one of adam, sgd, momentum' });
        throwsCore(() => m.train(data, { epochs: 1, loss: 'cross_entropy', learningRate: -1 }), {
          field: 'learningRate',
          message: 'Learning rate: use a number from 1e-06 to 10',
        });
        throwsCore(() => m.train(data, {}), { field: 'epochs' });
        throwsCore(() => m.train(dff.parseDataset(irisCsv), { epochs: 1 }), { message: /4 input columns but the network expects 3/ });
        throwsCore(() => m.predict(new Float32Array(4)), { message: /multiple of 3/ });
      } finally {
        m.dispose();
      }
    });

    test('every output activation the rules allow builds a model (the page offers exactly these)', () => {
      const data = dff.parseDataset(seedCsv, { inputs: 3 });
      for (const output of dff.rules.outputActivations) {
        const m = dff.createModel({ hidden: [4], output, loss: output === 'softmax' || output === 'sigmoid' ? 'cross_entropy' : 'mse' }, data);
        try {
          m.train(data, { epochs: 2 });
          assert.equal(m.info().activations.at(-1), output);
        } finally {
          m.dispose();
        }
      }
    });

    test('checkSettings lists every problem with its field; [] when fine', () => {
      assert.deepEqual(dff.checkSettings(dff.defaults(dff.parseDataset(irisCsv))), []);
      assert.deepEqual(
        dff.checkSettings({ hidden: [8], activations: ['relu'], output: 'softmax', epochs: 0 }, { inputs: 2, outputs: 1 }).map((p) => p.field),
        ['epochs', 'output'],
      );
    });

    test('parseHidden reads widths as typed, with the core\'s limits', () => {
      assert.deepEqual(dff.parseHidden('8, 8'), [8, 8]);
      assert.deepEqual(dff.parseHidden('none'), []);
      throwsCore(() => dff.parseHidden('8,5000'), { field: 'hidden' });
    });

    test('a bad export format name', () => {
      const m = dff.createModel({ widths: [3, 4, 2], activations: ['relu', 'sigmoid'] });
      try {
        throwsCore(() => m.export('pdf'), { message: "unknown export format 'pdf' (expected c, c-int8, micropython, micropython-int8, blob, blob-int8, json or arduino)" });
        throwsCore(() => m.footprint('json'), { message: /c or c-int8/ });
      } finally {
        m.dispose();
      }
    });

    test('a corrupt model', () => {
      const m = dff.createModel({ widths: [3, 4, 2], activations: ['relu', 'sigmoid'] });
      const blob = m.export('blob');
      m.dispose();
      blob[blob.length - 8] ^= 0xff;
      throwsCore(() => dff.loadModel(blob), { message: /CRC32 mismatch/ });
      throwsCore(() => dff.loadModel('{"format": "something else"}'), { message: /^model/ });
    });
  });

  test('every C++ model handle is freed: dispose, failed create and load, double dispose', () => {
    const base = dff.liveModels();
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    const m = dff.createModel({ widths: [3, 4, 2], activations: ['relu', 'sigmoid'] }, data);
    assert.equal(dff.liveModels(), base + 1);
    m.train(data, { epochs: 2 });
    const copy = dff.loadModel(m.export('json'));
    assert.equal(dff.liveModels(), base + 2);
    m.dispose();
    m.dispose();
    copy.dispose();
    assert.equal(dff.liveModels(), base);
    assert.throws(() => m.predict(new Float32Array(3)), /disposed/);
    assert.throws(() => dff.createModel({ widths: [3, 0, 2], activations: ['relu', 'sigmoid'] }));
    assert.throws(() => dff.loadModel('not a model'));
    assert.throws(() => dff.createModel({ widths: [3, 4, 2], activations: ['relu', 'sigmoid'] }, dff.parseDataset(irisCsv)));
    assert.equal(dff.liveModels(), base);
  });
});

describe('exports are byte-identical to dff export', { skip: skipDff }, () => {
  const cases = [
    { name: 'seed', csv: () => seedCsv, inputs: 3, spec: (s) => ({ hidden: s.hidden, activations: s.activations, output: s.output }) },
    { name: 'iris', csv: () => irisCsv, spec: () => ({ hidden: [8, 6], activation: 'leaky_relu', output: 'softmax', normalize: true }) },
    { name: 'nobias', csv: () => seedCsv, inputs: 3, spec: () => ({ widths: [3, 4, 2], activations: ['sigmoid', 'sigmoid'], bias: false }) },
  ];
  for (const c of cases) {
    test(`${c.name}: c, c-int8, micropython, json and blob`, () => {
      const data = dff.parseDataset(c.csv(), { inputs: c.inputs });
      const s = dff.defaults(data);
      const m = dff.createModel({ seed: 5, ...c.spec(s) }, data);
      try {
        m.train(data, { epochs: 30, loss: m.info().lossFunction });
        const modelFile = path.join(tmp, `${c.name}.json`);
        fs.writeFileSync(modelFile, m.export('json'));
        const csvFile = path.join(tmp, `${c.name}.csv`);
        fs.writeFileSync(csvFile, c.csv());
        for (const format of dff.formats) {
          const out = path.join(tmp, `${c.name}.${format}.out`);
          // The int8 formats calibrate on the training rows: the page's model on the data it trained on.
          const calibrate = format.endsWith('int8') ? ['--calibrate', csvFile] : [];
          runDff('export', modelFile, '--format', format, '--name', `${c.name}_net`, '-o', out, ...calibrate);
          const expected = fs.readFileSync(out);
          const actual = m.export(format, { name: `${c.name}_net` });
          assert.ok(Buffer.from(actual).equals(expected), `${format}: ${actual.length} bytes vs dff export ${expected.length}`);
        }
        // Evaluation as dff evaluate computes it (the loss may differ in the last bits: libm).
        const native = JSON.parse(runDff('evaluate', modelFile, csvFile, '--json'));
        const wasm = m.evaluate(data);
        assert.equal(wasm.accuracy, native.accuracy);
        assert.equal(wasm.samples, native.samples);
        assert.ok(Math.abs(wasm.loss - native.loss) <= 1e-5 * Math.max(1, native.loss), `${wasm.loss} vs ${native.loss}`);
      } finally {
        m.dispose();
      }
    });
  }
});

describe('evaluate: one rule for accuracy, confusion and row flags; classes matched by name', { skip: skipWasm }, () => {
  const lines = () => irisCsv.trim().split('\n');
  // The same 150 rows, virginica first.
  const reversedIris = () => [lines()[0], ...lines().slice(1).reverse()].join('\n');
  // Versicolor and virginica only, virginica first: this file's classes are 0 and 1, the model's 1 and 2.
  const twoClasses = () => [lines()[0], ...lines().slice(51).reverse()].join('\n');

  test('a held-out file with other classes than the model\'s scores as the same rows in order', () => {
    const train = dff.parseDataset(irisCsv);
    const { model } = trainDefaults(train);
    try {
      const test = dff.parseDataset(twoClasses());
      assert.deepEqual(test.classNames, ['versicolor', 'virginica'], 'classes in natural order, not first seen');
      const inOrder = model.evaluate(train);
      const held = model.evaluate(test);
      assert.ok(inOrder.accuracy >= 0.95, `accuracy ${inOrder.accuracy}`);
      const expected = [...inOrder.rowCorrect].slice(50).reverse();
      assert.deepEqual([...held.rowCorrect], expected);
      assert.equal(held.correct, expected.filter((x) => x === 1).length);
      assert.deepEqual(held.classNames, ['setosa', 'versicolor', 'virginica']);
      assert.deepEqual(held.confusion[0], [0, 0, 0], 'no setosa rows');
      assert.deepEqual(held.confusion.slice(1), inOrder.confusion.slice(1));
    } finally {
      model.dispose();
    }
  });

  test('the same accuracy as dff evaluate on that file', { skip: skipDff }, () => {
    const train = dff.parseDataset(irisCsv);
    const { model } = trainDefaults(train, { seed: 3 });
    try {
      const modelFile = path.join(tmp, 'iris-held.json');
      const csvFile = path.join(tmp, 'iris-reversed.csv');
      fs.writeFileSync(modelFile, model.export('json'));
      fs.writeFileSync(csvFile, reversedIris());
      const native = JSON.parse(runDff('evaluate', modelFile, csvFile, '--json'));
      assert.equal(model.evaluate(dff.parseDataset(reversedIris())).accuracy, native.accuracy);
    } finally {
      model.dispose();
    }
  });

  test('a class the model does not know throws, naming it and the column', () => {
    const { model } = trainDefaults(dff.parseDataset(irisCsv), { chunk: 200 });
    try {
      const rows = [lines()[0], lines()[1], '5.0,3.0,1.5,0.2,rose'];
      assert.throws(() => model.evaluate(dff.parseDataset(rows.join('\n'))), (e) => {
        assert.ok(e instanceof MicrodffError);
        assert.equal(e.field, 'species');
        assert.equal(e.message, "unknown class 'rose' (column 'species'); the known classes are 'setosa', 'versicolor', 'virginica'");
        return true;
      });
      // Read for the model (as dff evaluate reads it), a single-class file is fine.
      const virginica = dff.parseDataset([lines()[0], ...lines().slice(101)].join('\n'), { classNames: model.info().classNames });
      assert.equal(model.evaluate(virginica).samples, 50);
    } finally {
      model.dispose();
    }
  });

  test('accuracy, confusion, row flags and predictions agree', () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    const { model } = trainDefaults(data, { chunk: 10 });
    try {
      const e = model.evaluate(data);
      assert.equal(e.rule, 'rounded');
      assert.deepEqual(e.classNames, ['s1', 's2']);
      assert.ok(e.rowCorrect instanceof Uint8Array && e.predicted instanceof Int32Array);
      const diagonal = e.classNames.reduce((sum, _, k) => sum + e.confusion[k][k], 0);
      assert.equal(diagonal, e.correct);
      assert.equal(e.rowCorrect.reduce((a, b) => a + b, 0), e.correct);
      assert.equal(e.accuracy, e.correct / e.samples);
      assert.equal(e.perClass.length, 2);
      assert.equal(typeof e.mae, 'number');
    } finally {
      model.dispose();
    }
  });
});

describe('classes: the guess, the natural order and the caps come from the core', { skip: skipWasm }, () => {
  test('guessClasses: text, a few whole numbers, or numbers', () => {
    assert.deepEqual(dff.guessClasses(['cat', 'dog', 'cat']), { classes: true, fromNumbers: false, distinct: 0 });
    assert.deepEqual(dff.guessClasses(['0', '1', '2', '2', '1', '0']), { classes: true, fromNumbers: true, distinct: 3 });
    assert.equal(dff.guessClasses(['0', '1', '1', '0']).classes, false);
    assert.equal(dff.guessClasses(['0.5', '1', '2', '0.5', '1', '2']).classes, false);
  });

  test('sortClasses and parseDataset order classes naturally; targets: numbers | classes | auto', () => {
    assert.deepEqual(dff.sortClasses(['d10', 'd9', 'd0', 'd1']), ['d0', 'd1', 'd9', 'd10']);
    const text = 'x,y\n1,2\n2,0\n3,1\n4,2\n5,0\n6,1\n';
    const guessed = dff.parseDataset(text);
    assert.deepEqual(guessed.classNames, ['0', '1', '2']);
    assert.equal(guessed.classesFromNumbers, true);
    assert.deepEqual(dff.parseDataset(text, { targets: 'numbers' }).classNames, []);
    const forced = dff.parseDataset('x,y\n1,0\n2,1\n', { targets: 'classes' });
    assert.deepEqual(forced.classNames, ['0', '1']);
    assert.equal(forced.classesFromNumbers, false);
    assert.throws(() => dff.parseDataset(text, { targets: 'words' }), /unknown targets option 'words'/);
  });

  test('rules.limits carries the data caps; a line past maxColumns fails at its first extra cell', () => {
    const { maxColumns, maxNameBytes, maxClasses } = dff.rules.limits;
    assert.deepEqual([maxColumns, maxNameBytes, maxClasses], [8192, 256, 4096]);
    const line = Array.from({ length: maxColumns + 5 }, () => '1').join(',');
    assert.throws(() => dff.parseDataset(`a,b\n${line}\n`), (e) => e.line === 2 && e.column === maxColumns + 1 && /^more than 8192 columns on this line/.test(e.detail));
  });
});

describe('held-out rows: splitDataset, validation and early stopping in model.train', { skip: skipWasm }, () => {
  test('splitDataset holds out rows by seed, stratified by class (as dff train --validation)', () => {
    const iris = dff.parseDataset(irisCsv);
    const { train, validation } = dff.splitDataset(iris, { fraction: 0.2, seed: 1 });
    assert.equal(train.rows, 120);
    assert.equal(validation.rows, 30);
    const counts = [0, 0, 0];
    for (const label of validation.labels) counts[label] += 1;
    assert.deepEqual(counts, [10, 10, 10]);
    assert.deepEqual([...dff.splitDataset(iris, { fraction: 0.2, seed: 1 }).validation.inputs], [...validation.inputs]);
    assert.notDeepEqual([...dff.splitDataset(iris, { fraction: 0.2, seed: 2 }).validation.inputs], [...validation.inputs]);
    assert.throws(() => dff.splitDataset(iris, { fraction: 0 }), (e) => e instanceof MicrodffError && /0\.01 to 0\.9/.test(e.message));
  });

  test('splitDataset names the held-out rows of the data set', () => {
    const iris = dff.parseDataset(irisCsv);
    const { train, validation, validationRows } = dff.splitDataset(iris, { fraction: 0.2, seed: 4 });
    assert.ok(validationRows instanceof Uint32Array);
    assert.equal(validationRows.length, validation.rows);
    const held = new Set(validationRows);
    assert.equal(held.size, validation.rows);
    const pick = (rows) => rows.flatMap((r) => [...iris.inputs.subarray(r * 4, r * 4 + 4)]);
    assert.deepEqual([...validation.inputs], pick([...validationRows]));
    assert.deepEqual([...train.inputs], pick([...Array(iris.rows).keys()].filter((r) => !held.has(r))));
  });

  test('newRun lets training go on after early stopping, and forgets the early stop', () => {
    const iris = dff.parseDataset(irisCsv);
    const { train, validation } = dff.splitDataset(iris, { fraction: 0.2, seed: 1 });
    const s = dff.resolveSettings(train, { hidden: [32], epochs: 2000, earlyStop: 10 });
    const m = dff.createModel(s, train);
    try {
      let r;
      do r = m.train(train, { ...s, epochs: 25, validation }); while (!r.stopped && r.epoch < s.epochs);
      assert.equal(r.stopped, true);
      const stoppedAt = r.epoch;
      assert.equal(m.train(train, { ...s, epochs: 5 }).epoch, stoppedAt, 'a stopped run trains no more');
      m.newRun();
      const json = JSON.parse(new TextDecoder().decode(m.export('json')));
      assert.equal(json.training.early_stop ?? 0, 0);
      const more = m.train(train, { ...s, epochs: 3 });
      assert.equal(more.epoch, stoppedAt + 3);
      assert.equal(more.stopped, false);
    } finally {
      m.dispose();
    }
  });

  test('model.train reports validation loss and accuracy per chunk', () => {
    const { train, validation } = dff.splitDataset(dff.parseDataset(irisCsv), { fraction: 0.2, seed: 1 });
    const s = dff.defaults(train);
    const m = dff.createModel(s, train);
    try {
      const first = m.train(train, { ...s, epochs: 5, validation });
      const later = m.train(train, { ...s, epochs: 45, validation });
      for (const r of [first, later]) {
        assert.equal(typeof r.validationLoss, 'number');
        assert.equal(typeof r.validationAccuracy, 'number');
      }
      assert.equal(later.epoch, 50);
      assert.ok(later.validationLoss < first.validationLoss);
      assert.equal(later.validationAccuracy, m.evaluate(validation).accuracy);
      assert.equal(later.stopped, false);
      assert.equal(m.train(train, { epochs: 1 }).validationLoss === null, false, 'the validation rows stay until dropped');
      assert.equal(m.train(train, { epochs: 1, validation: null }).validationLoss, null);
    } finally {
      m.dispose();
    }
  });

  test('early stopping ends training, keeps the best epoch and records it like dff train', { skip: skipDff }, () => {
    const iris = dff.parseDataset(irisCsv);
    const { train, validation } = dff.splitDataset(iris, { fraction: 0.2, seed: 1 });
    const s = dff.resolveSettings(train, { hidden: [32], epochs: 2000, earlyStop: 10 });
    assert.equal(s.earlyStop, 10);
    const m = dff.createModel(s, train);
    try {
      let r;
      do r = m.train(train, { ...s, epochs: 25, validation }); while (!r.stopped && r.epoch < s.epochs);
      assert.equal(r.stopped, true);
      assert.equal(r.epoch, r.bestEpoch + 10);
      assert.equal(m.evaluate(validation).loss, r.validationLoss);
      const json = JSON.parse(new TextDecoder().decode(m.export('json')));
      assert.equal(json.training.early_stop, 10);
      assert.equal(json.training.best_epoch, r.bestEpoch);
      // dff train with the same settings, split and seed stops at the same epoch.
      const data = path.join(tmp, 'iris-early.csv');
      fs.writeFileSync(data, irisCsv);
      runDff('train', data, '--validation', '0.2', '--early-stop', '10', '--epochs', '2000', '--hidden', '32', '-q', '-o', path.join(tmp, 'early.json'));
      const native = JSON.parse(fs.readFileSync(path.join(tmp, 'early.json'), 'utf8'));
      assert.equal(native.training.best_epoch, r.bestEpoch);
    } finally {
      m.dispose();
    }
  });

  test('earlyStop without validation rows is an error', () => {
    const data = dff.parseDataset(seedCsv, { inputs: 3 });
    const m = dff.createModel(dff.defaults(data), data);
    try {
      assert.throws(() => m.train(data, { epochs: 1, earlyStop: 5 }), /early stopping needs validation rows/);
    } finally {
      m.dispose();
    }
  });
});

describe('classifyRows and activations: many rows in one call, by the core', { skip: skipWasm }, () => {
  test('classifyRows gives classify() of every row', () => {
    const { model: m } = trainDefaults(dff.parseDataset(irisCsv), { chunk: 200 });
    try {
      const iris = dff.parseDataset(irisCsv);
      const classes = m.classifyRows(iris.inputs);
      assert.ok(classes instanceof Uint32Array);
      assert.equal(classes.length, iris.rows);
      for (let r = 0; r < iris.rows; r++) assert.equal(classes[r], m.classify(iris.inputs.subarray(r * 4, r * 4 + 4)));
      assert.ok(new Set(classes).size === 3);
      assert.throws(() => m.classifyRows(new Float32Array(5)), (e) => e instanceof MicrodffError && /multiple of 4/.test(e.message));
    } finally {
      m.dispose();
    }
  });

  test('activations of a hidden layer follow the weights; of the last layer, they are the outputs', () => {
    const m = dff.createModel({ widths: [2, 3, 2], activations: ['tanh', 'sigmoid'], seed: 5, normalize: false });
    try {
      const rows = Float32Array.from([0, 0, 1, -2, 0.5, 0.25]);
      const hidden = m.activations(rows, 1);
      assert.equal(hidden.length, 3 * 3);
      const [w] = m.weights();
      const [b] = m.biases();
      for (let r = 0; r < 3; r++) {
        for (let j = 0; j < 3; j++) {
          const z = rows[r * 2] * w.data[j] + rows[r * 2 + 1] * w.data[w.cols + j] + b[j];
          assert.ok(Math.abs(hidden[r * 3 + j] - Math.tanh(z)) < 1e-5, `row ${r} neuron ${j}`);
        }
      }
      assert.deepEqual([...m.activations(rows, 2)], [...m.predict(rows)]);
      assert.throws(() => m.activations(rows, 0), (e) => e instanceof MicrodffError && /from 1 .* to 2/.test(e.message));
      assert.throws(() => m.activations(rows, 3), MicrodffError);
      assert.throws(() => m.activations(new Float32Array(3), 1), /multiple of 2/);
    } finally {
      m.dispose();
    }
  });

  test('activations apply the model\'s input normalisation', () => {
    const iris = dff.parseDataset(irisCsv);
    const { model: m } = trainDefaults(iris, { chunk: 200 });
    try {
      assert.equal(m.info().normalize, true);
      assert.deepEqual([...m.activations(iris.inputs, 2)], [...m.predict(iris.inputs)]);
    } finally {
      m.dispose();
    }
  });
});
