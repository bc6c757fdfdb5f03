// Web Worker that owns the WebAssembly engine, the data (data-store.js), the model and the
// session kept in this browser. The page talks to it by messages ({id, op, args} -> {id,
// ok, result|error}); training runs in chunks of epochs sized to ~40 ms, posting progress
// after each, so that the page stays responsive and a stop request is seen between chunks.
import { loadEngine } from './engine.js';
import { toMessage } from './engine-errors.js';
import { DataStore } from './data-store.js';
import { pageCaps } from './limits.js';
import { PRESETS } from './presets.js';
import { checkSession } from './session-check.js';
import { SESSION_VERSION, decodeShare, encodeShare } from './session.js';
import { readStored, writeStored, clearStored } from './session-store.js';
import { NO_TEST_DATA } from './test-data.js';
import { TestDataRows } from './test-data-worker.js';
import { mapGridOps } from './decision-map-worker.js';

let dff = null;
let caps = null;
let model = null;
let stopRequested = false;
let training = false;
let stoppedEarly = false; // the model's last run ended by early stopping
let pendingLink = null; // a session from a share link, checked, until the person opens it
const store = new DataStore();
const testRows = new TestDataRows();
// The rows the network learns from and is tested on (test-data-worker.js).
const sets = () => testRows.sets(dff, store.dataset);
const ready = loadEngine().then((d) => {
  dff = d;
  caps = pageCaps(dff.rules.limits);
});
const PRESET_NAMES = Object.keys(PRESETS);

const CHUNK_MS = 40;

const ops = {
  async hello() {
    return { version: dff.version ?? '' };
  },

  // ---- the data table (data-store.js): the page sends every change, asks for checks ----
  async readCsv({ file, ...args }) {
    if (file && file.size > caps.maxChars) {
      store.version = args.version;
      return { refused: `it is ${(file.size / 1048576).toFixed(1)} MB; the page reads CSV files of up to ${caps.maxChars / 1048576} MB (dff train reads larger ones)` };
    }
    return store.read({ ...args, text: file ? await file.text() : args.text }, dff, caps);
  },
  setTable({ version, table }) {
    store.replace(table, version);
    return true;
  },
  editTable(args) {
    store.edit(args);
    return true;
  },
  undoTable(args) {
    store.back(args);
    return true;
  },
  tableRows(args) {
    return store.rows(args);
  },
  checkTable(args) {
    return store.check(args, dff);
  },
  tableCsv() {
    return store.csv();
  },

  // Bytes of WebAssembly memory (it only grows: the peak so far).
  memory() {
    return { wasmBytes: dff.core.HEAP8.buffer.byteLength };
  },

  // ---- the session: kept in this browser, from share links ----
  async saveSession({ parts }) {
    const record = { v: SESSION_VERSION, table: store.table, ...parts, model: modelJson() };
    if (!record.model) Object.assign(record, { history: [], testHistory: [] });
    const result = await writeStored(record);
    return { ...result, rows: store.table.rows.length, chars: tableChars(store.table) + record.model.length };
  },

  // The stored session (or the one a page before kept in localStorage, `legacy`), checked
  // and applied: { none } | { problem } | what applySession returns.
  async restoreSession({ version, legacy }) {
    const got = await readStored();
    let raw = got.record ?? null;
    if (!raw && legacy) {
      try {
        raw = JSON.parse(legacy);
      } catch {
        raw = null;
      }
    }
    if (!raw) return { none: true, storageError: got.error };
    const checked = checkSession(raw, dff, caps, PRESET_NAMES);
    if (checked.problem) return { problem: checked.problem };
    return applySession(checked, version);
  },

  // Reads and checks a share link without applying it: { problem } or a summary.
  async readLink({ hash }) {
    pendingLink = null;
    const decoded = await decodeShare(hash, caps);
    if (decoded.problem) return { problem: decoded.problem };
    const checked = checkSession(decoded.raw, dff, caps, PRESET_NAMES);
    if (checked.problem) return { problem: checked.problem };
    pendingLink = checked;
    const stored = await readStored();
    const t = checked.session.table;
    return { rows: t.rows.length, columns: t.names.length, model: !!checked.session.model, saved: !!stored.record, same: sameSession(stored.record, checked.session) };
  },

  openLink({ version }) {
    if (!pendingLink) throw new Error('No share link to open.');
    const checked = pendingLink;
    pendingLink = null;
    return applySession(checked, version);
  },

  dropLink() {
    pendingLink = null;
    return true;
  },

  // The session as a "s=..." link, with the model or without it.
  async shareLink({ parts, withModel }) {
    const json = withModel ? modelJson() : '';
    return encodeShare({ v: SESSION_VERSION, table: store.table, ...parts, model: json, history: json ? parts.history : [], testHistory: json ? parts.testHistory : [] });
  },

  // The session of this moment, unsaved (what Undo brings back), and putting one back.
  snapshotSession({ parts }) {
    const model = modelJson();
    return { v: SESSION_VERSION, table: store.table, ...parts, model, history: model ? parts.history : [], testHistory: model ? parts.testHistory : [] };
  },
  applySnapshot({ record, version }) {
    const checked = checkSession(record, dff, caps, PRESET_NAMES);
    if (checked.problem) throw new Error(checked.problem);
    return applySession(checked, version);
  },

  clearSession() {
    return clearStored();
  },

  // The settings in force for what the person gave (`given`, fields as typed) and, with
  // `withData`, the current data set: the core resolves and checks them. Fields with a
  // problem are reported and left to their defaults, so that the form still shows them.
  settings({ given, withData }) {
    const dataset = store.dataset;
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
    const dataset = store.dataset;
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
    if (!store.dataset) throw new Error('No data set loaded.');
    const m = model;
    const { train: data, validation, problem } = sets();
    if (problem) throw new Error(`Test data: ${problem.message}`);
    // Early stopping watches the test rows; without them it is off.
    const trainOptions = { ...options, earlyStop: validation ? options.earlyStop ?? 0 : 0, validation };
    if (stoppedEarly) m.newRun();
    stoppedEarly = false;
    stopRequested = false;
    forgetFootprints();
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
    const dataset = store.dataset;
    const info = model.info();
    const out = { info, weights: model.weights(), biases: model.biases(), footprint: footprints(info) };
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

  // The test data the person chose, read with the columns and roles of the table as the
  // worker holds it, and what it gives for the current data set (test-data-worker.js summary()).
  testData({ choice }) {
    testRows.choose(choice, store.table);
    return testRows.summary(dff, store.dataset);
  },

  // Float vs int8 on the data set (the core's comparison, which also says when the model
  // does not fit the data) and each row's int8 values, the int8 model fitted on the rows the
  // model was trained on; null without data.
  int8Preview() {
    needModel();
    const dataset = store.dataset;
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

// The headers' flash and RAM, from the core (which writes each header to measure it). They
// follow from the model's shape and names, not its weights, so one measure serves every
// snapshot of a training run (a new run, model or data set measures again).
let footprintsShown = { key: '', value: null };
function footprints(info) {
  const { widths, activations, bias, normalize, inputNames, outputNames, classNames } = info;
  const key = JSON.stringify([widths, activations, bias, normalize, inputNames, outputNames, classNames]);
  if (footprintsShown.key === key) return footprintsShown.value;
  const value = {};
  for (const f of ['c', 'c-int8']) {
    try {
      value[f] = model.footprint(f);
    } catch (e) {
      value[f] = { error: e.message };
    }
  }
  footprintsShown = { key, value };
  return value;
}
const forgetFootprints = () => (footprintsShown = { key: '', value: null });

function problemOf(e, field) {
  return { field: e.field ?? field, message: e.detail ?? e.message };
}

// Makes a checked session the page's: its table (the page then asks for the rows) and its
// model. Returns what the page needs besides the rows.
function applySession({ session, notes }, version) {
  const { table, model: text, ...parts } = session;
  store.replace(table, version);
  let modelInfo = null;
  if (text) {
    const m = dff.loadModel(text);
    disposeModel();
    model = m;
    modelInfo = model.info();
  }
  return { parts, names: table.names, roles: table.roles, rowCount: table.rows.length, notes, modelInfo };
}

function modelJson() {
  return model ? new TextDecoder().decode(model.export('json', { name: 'model' })) : '';
}

const tableChars = (t) => t.rows.reduce((n, r) => n + r.reduce((m, c) => m + c.length + 1, 0), 0);

// Whether a stored record holds the same table, settings, test data and model as a session.
function sameSession(record, session) {
  if (!record) return false;
  const key = (s) => JSON.stringify([s.table?.names, s.table?.roles, s.table?.rows, s.settings, s.testData ?? NO_TEST_DATA, s.model]);
  return key(record) === key(session);
}

function needModel() {
  if (!model) throw new Error('No model yet: train one or open a model file.');
}

function disposeModel() {
  if (model) model.dispose();
  model = null;
  forgetFootprints();
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
