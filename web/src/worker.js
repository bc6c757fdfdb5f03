// Web Worker that owns the WebAssembly engine, the data set and the model. The page
// talks to it by messages ({id, op, args} -> {id, ok, result|error}); training runs in
// chunks of epochs sized to ~40 ms, posting progress after each, so that the page stays
// responsive and a stop request is seen between chunks.
import { loadEngine } from './engine.js';
import { toMessage } from './engine-errors.js';
import { TestDataRows } from './test-data-worker.js';
import { mapGridOps } from './decision-map-worker.js';

let dff = null;
let dataset = null;
let model = null;
let stopRequested = false;
let training = false;
let stoppedEarly = false; // the model's last run ended by early stopping
const testRows = new TestDataRows();
// The rows the network learns from and is tested on (test-data-worker.js).
const sets = () => testRows.sets(dff, dataset);
const ready = loadEngine().then((d) => (dff = d));

const CHUNK_MS = 40;

const ops = {
  async hello() {
    return { version: dff.version ?? '' };
  },

  parse({ csv, inputs }) {
    dataset = dff.parseDataset(csv, { inputs });
    const { rows, inputCount, outputCount, inputNames, outputNames, classNames, labels } = dataset;
    return { rows, inputCount, outputCount, inputNames, outputNames, classNames, defaults: dff.defaults(dataset), normalizationReason: dff.normalizationReason(dataset), inputs: dataset.inputs.slice(), targets: dataset.targets.slice(), labels: labels?.slice() };
  },

  // The settings in force for what the person gave (`given`, fields as typed) and, with
  // `withData`, the current data set: the core resolves and checks them. Fields with a
  // problem are reported and left to their defaults, so that the form still shows them.
  settings({ given, withData }) {
    const g = { ...given };
    const problems = [];
    if (typeof g.hidden === 'string') {
      try {
        g.hidden = dff.parseHidden(g.hidden);
      } catch (e) {
        problems.push(problemOf(e, 'hidden'));
        delete g.hidden;
      }
    }
    // Defaults that follow the data come from the rows the network learns from (as dff train).
    const data = withData && dataset ? sets().train ?? dataset : null;
    for (const p of dff.checkSettings(g, data ?? undefined)) {
      problems.push(p);
      delete g[p.field];
    }
    let settings = null;
    if (data) {
      try {
        settings = dff.resolveSettings(data, g);
        for (const p of dff.checkSettings(settings, data)) if (!problems.some((q) => q.field === p.field)) problems.push(p);
      } catch (e) {
        problems.push(problemOf(e, ''));
      }
    }
    // `given`: the fields that passed, as the core read them (shown while the data is parsed).
    return { settings, problems, given: g };
  },

  // A network that cannot be built leaves the current model as it was.
  create({ settings }) {
    if (!dataset) throw new Error('No data set loaded.');
    const made = dff.createModel(settings, sets().train ?? dataset);
    disposeModel();
    model = made;
    stoppedEarly = false;
    return model.info();
  },

  // The identifier and file name the core gives `name` in each format (or why it cannot).
  exportNames({ name }) {
    const out = {};
    for (const format of dff.rules.formats) {
      try {
        out[format] = dff.exportName(name, format);
      } catch (e) {
        out[format] = { error: e.detail ?? e.message };
      }
    }
    return out;
  },

  load({ bytes }) {
    const m = dff.loadModel(bytes);
    disposeModel();
    model = m;
    stoppedEarly = false;
    return model.info();
  },

  // Trains the model and the data set of this moment: a parse, load or create arriving
  // meanwhile changes what the next run uses, never this one (a replaced model stops it).
  async train({ target, options }) {
    needModel();
    if (!dataset) throw new Error('No data set loaded.');
    const m = model;
    const { train: data, validation, problem } = sets();
    if (problem) throw new Error(`Test data: ${problem.message}`);
    // Early stopping watches the test rows; without them it is off.
    const trainOptions = { ...options, earlyStop: validation ? options.earlyStop ?? 0 : 0, validation };
    if (stoppedEarly) m.newRun();
    stoppedEarly = false;
    stopRequested = false;
    training = true;
    let chunk = 1;
    let last = null;
    let samples = 0;
    let busyMs = 0;
    try {
      for (;;) {
        if (m !== model) break;
        const done = m.info().epochs ?? last?.epoch ?? 0;
        if (done >= target || stopRequested) break;
        // At most ~1/200 of the run per chunk, so that the loss chart gets a smooth curve.
        const epochs = Math.max(1, Math.min(chunk, target - done, Math.ceil(target / 200)));
        const t0 = performance.now();
        last = m.train(data, { ...trainOptions, epochs });
        const ms = performance.now() - t0;
        samples += epochs * data.rows;
        busyMs += ms;
        // Grow or shrink the chunk toward CHUNK_MS, at most 4x at a time.
        chunk = Math.max(1, Math.round(epochs * Math.min(4, Math.max(0.25, CHUNK_MS / Math.max(ms, 0.5)))));
        // Throughput of this run so far (one chunk alone can be too short to time). Once early
        // stopping has ended the run, the test figures are the kept epoch's, not this epoch's.
        const test = last.stopped ? { testLoss: null, testAccuracy: null } : { testLoss: last.validationLoss, testAccuracy: last.validationAccuracy };
        self.postMessage({
          event: 'progress', epoch: last.epoch, loss: last.loss, samplesPerSecond: busyMs > 0 ? (samples * 1000) / busyMs : last.samplesPerSecond, target, ...test,
        });
        if (last.stopped) break;
        await yieldToMessages();
      }
    } finally {
      training = false;
    }
    if (m !== model) return { epoch: last?.epoch ?? 0, loss: last?.loss ?? null, stopped: true };
    const info = m.info();
    stoppedEarly = !!last?.stopped;
    const early = stoppedEarly ? { bestEpoch: last.bestEpoch, testLoss: last.validationLoss } : null;
    return { epoch: info.epochs ?? last?.epoch ?? 0, loss: last?.loss ?? info.finalLoss, stopped: stopRequested && !stoppedEarly, early };
  },

  stop() {
    stopRequested = true;
    return { training };
  },

  dispose() {
    stopRequested = true;
    disposeModel();
    return true;
  },

  snapshot() {
    needModel();
    const out = { info: model.info(), weights: model.weights(), biases: model.biases(), footprint: {} };
    for (const f of ['c', 'c-int8']) {
      try {
        out.footprint[f] = model.footprint(f);
      } catch (e) {
        out.footprint[f] = { error: e.message };
      }
    }
    // The core's evaluation also says when the model does not fit the data (its inputs,
    // outputs or classes): then `misfit` holds why. With test data, the rows it learns from
    // and the test rows are judged apart.
    if (dataset) {
      const { train, validation } = sets();
      try {
        out.evaluation = model.evaluate(train);
        out.outputs = predictRows(train.inputs, train.rows);
        if (validation) out.test = { evaluation: model.evaluate(validation), outputs: predictRows(validation.inputs, validation.rows) };
      } catch (e) {
        out.misfit = e.detail ?? e.message;
      }
    }
    return out;
  },

  // Outputs for one input row, and for a model with classes the class the core picks.
  predict({ values }) {
    needModel();
    const input = Float32Array.from(values);
    const outputs = model.predict(input);
    const classes = model.info().classNames?.length;
    return { outputs, classIndex: classes ? model.classify(input) : null, int8: int8Row(input, classes) };
  },

  // The test data the person chose ({ choice, columns: the table's names and roles }), and
  // what it gives for the current data set (test-data-worker.js summary()).
  testData({ choice, columns }) {
    testRows.choose(choice, columns);
    return testRows.summary(dff, dataset);
  },

  // Float vs int8 on the data set (the core's comparison, which also says when the model
  // does not fit the data) and each row's int8 values, the int8 model fitted on the rows the
  // model was trained on; null without data.
  int8Preview() {
    needModel();
    if (!dataset) return null;
    const rows = sets().train ?? dataset;
    const comparison = model.compareInt8(rows);
    const { inputs, int8, classes } = model.predictInt8(rows.inputs);
    return { comparison, rows: rows.rows, inputWidth: rows.inputCount, outputWidth: int8.length / rows.rows, inputs, int8, classes };
  },

  ...mapGridOps(() => model),

  export({ format, name }) {
    needModel();
    return model.export(format, { name });
  },
};

// Lets queued messages (stop, predict) run between chunks; a MessageChannel round trip
// avoids setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldToMessages() {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

// The int8 header's outputs (and class) for one row; null for a model without training rows.
function int8Row(input, classes) {
  try {
    const r = model.predictInt8(input);
    return { values: r.int8, classIndex: classes ? r.classes[0] : null };
  } catch {
    return null;
  }
}

// The model's outputs for every row, in one call to the core.
function predictRows(inputs, rows) {
  const data = rows ? model.predict(inputs) : new Float32Array(0);
  return { rows, width: rows ? data.length / rows : 0, data };
}

function problemOf(e, field) {
  return { field: e.field ?? field, message: e.detail ?? e.message };
}

function needModel() {
  if (!model) throw new Error('No model yet: train one or open a model file.');
}

function disposeModel() {
  if (model) model.dispose();
  model = null;
}

self.onmessage = async (e) => {
  const { id, op, args } = e.data;
  try {
    await ready;
    if (!ops[op]) throw new Error(`unknown operation ${op}`);
    const result = await ops[op](args ?? {});
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: toMessage(err) });
  }
};

ready.then(
  () => self.postMessage({ event: 'ready', rules: dff.rules }),
  (err) => self.postMessage({ event: 'failed', message: String(err?.message ?? err) }),
);
