// The playground page: wires the data table, settings, training worker and views.
import './styles.css';
import { el, clear, byTestId } from './dom.js';
import { parseCsv } from './csv.js';
import * as T from './table.js';
import { TableView } from './table-view.js';
import { SettingsForm } from './settings.js';
import { EngineClient } from './rpc.js';
import { LossChart } from './loss-chart.js';
import { drawDiagram } from './diagram.js';
import { drawHeatmaps, drawNumeric } from './heatmap.js';
import { drawConfusion, drawBoundary, inputRange, drawPredictions } from './inspect.js';
import { problemKind, confusion } from './results.js';
import { PRESETS } from './presets.js';
import { ExportPanel } from './export-panel.js';
import { PredictPanel } from './predict-panel.js';
import * as S from './session.js';
import { enableOffline } from './offline.js';
import { BoardPanel } from './board-ui/board-panel.js';

const $ = (id) => document.getElementById(id);
const fmtLoss = (v) => (v == null || !Number.isFinite(v) ? '–' : v < 1e-4 ? v.toExponential(3) : v.toPrecision(4));
const fmtRate = (v) => (!Number.isFinite(v) ? '–' : v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : v.toFixed(0));

const state = {
  table: T.makeTable([], [], 0),
  validation: null,
  data: null, // the engine's view of the data set (parse result)
  dataError: null,
  parsing: null,
  engineReady: false,
  hasModel: false,
  modelKey: '',
  epoch: 0,
  base: 0,
  target: 0,
  loss: null,
  training: false,
  history: [],
  snap: null,
  preset: '',
  version: 0, // bumps when the model changes, for export caching
};

const ui = {
  status: byTestId('status'),
  error: $('data-error'),
  csv: $('dataset-csv'),
  inputs: $('inputs-count'),
  train: $('train'),
  stop: $('stop'),
  reset: $('reset'),
  progress: $('progress'),
  epochText: $('epoch-text'),
  loss: $('loss-value'),
  speed: $('speed'),
  accuracy: $('accuracy'),
  summary: $('data-summary'),
};

function setStatus(text, tone = '') {
  ui.status.textContent = text;
  ui.status.dataset.tone = tone;
}

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 2600);
}

// ---------- engine ----------
const engine = new EngineClient(onEngineEvent);
let lastSnapAt = 0;
// Live weight views are refreshed during training only while they are on screen.
let inspectVisible = false;
new IntersectionObserver((entries) => (inspectVisible = entries.some((e) => e.isIntersecting))).observe(document.getElementById('inspect'));
let snapBusy = null;

function onEngineEvent(m) {
  if (m.event === 'ready') {
    state.engineReady = true;
    scheduleParse();
  } else if (m.event === 'failed') {
    setStatus(`The engine failed to load: ${m.message}`, 'bad');
  } else if (m.event === 'progress') {
    state.epoch = m.epoch;
    state.loss = m.loss;
    state.history.push([m.epoch, m.loss]);
    chart.push(m.epoch, m.loss);
    const span = Math.max(1, state.target - state.base);
    ui.progress.value = Math.min(1, (m.epoch - state.base) / span);
    ui.epochText.textContent = `epoch ${m.epoch} / ${state.target}`;
    ui.loss.textContent = fmtLoss(m.loss);
    ui.speed.textContent = fmtRate(m.samplesPerSecond);
    setStatus(`Training… epoch ${m.epoch} of ${state.target}`, 'busy');
    if (performance.now() - lastSnapAt > 700 && inspectVisible) refreshSnapshot();
  }
}

// ---------- data ----------
const tableView = new TableView($('table-wrap'), {
  cell: (r, c, v) => updateTable(T.setCell(state.table, r, c, v)),
  name: (c, v) => updateTable(T.setName(state.table, c, v)),
  role: (c, v) => updateTable(T.setRole(state.table, c, v)),
  removeRow: (r) => updateTable(T.removeRow(state.table, r)),
  removeColumn: (c) => updateTable(T.removeColumn(state.table, c)),
  rerender: () => renderTable(),
});

let renderTimer = 0;
function updateTable(table, { fromText = false } = {}) {
  state.table = table;
  state.validation = T.validate(table);
  if (!fromText) ui.csv.value = T.tableCsv(table);
  ui.inputs.value = String(T.inputCount(table));
  // Re-render after the event that caused it, so that focus has moved (Tab, Enter).
  clearTimeout(renderTimer);
  renderTimer = setTimeout(renderTable, 0);
  scheduleParse();
  saveSoon();
}

function renderTable() {
  tableView.render(state.table, state.validation);
  renderDataErrors();
}

let parseTimer = 0;
let parseDone = null;
// Parses soon (debounced); `state.pending` resolves once the data set is parsed.
function scheduleParse() {
  state.data = null;
  updateButtons();
  clearTimeout(parseTimer);
  if (!parseDone) state.pending = new Promise((r) => (parseDone = r));
  parseTimer = setTimeout(async () => {
    state.parsing = parseNow();
    await state.parsing;
    const done = parseDone;
    parseDone = null;
    done?.();
  }, 120);
}

async function parseNow() {
  state.dataError = null;
  const v = state.validation;
  if (!state.engineReady) return;
  if (!v || v.errors.length) {
    state.data = null;
    clear(ui.summary);
    renderDataErrors();
    updateButtons();
    return;
  }
  const ds = T.toDatasetCsv(state.table);
  try {
    const data = await engine.call('parse', { csv: ds.csv, inputs: ds.inputs });
    if (state.validation !== v) return; // the table changed meanwhile
    const before = shapeKey(state.data ?? state.lastData);
    state.data = data;
    state.lastData = data;
    state.kind = data.classNames?.length ? 'classes' : problemKind(data.targets, data.outputCount, data.rows);
    settings.setShape({ inputs: data.inputCount, outputs: data.outputCount });
    if (data.defaults && shapeKey(data) !== before) settings.applyDefaults(normalizeDefaults(data.defaults));
    renderSummary();
    updateNormalizeHint();
    if (!state.training && ui.status.dataset.tone === 'bad') setStatus(state.hasModel ? 'Data fixed.' : 'Ready: press Train.', '');
    $('predict-names').textContent = `(${data.inputNames.join(', ')})`;
    renderPredictExamples(data);
  } catch (e) {
    if (state.validation !== v) return;
    const cell = T.cellOfCoreError(ds.columns, e.line, e.column);
    state.dataError = { ...cell, message: e.message.replace(/^[^:]*:\d+:\d+:\s*/, '') };
    tableView.mark({ errors: [state.dataError] });
    clear(ui.summary);
  }
  renderDataErrors();
  updateButtons();
  updateStale();
}

const shapeKey = (d) => (d ? `${d.inputCount}/${d.outputCount}/${(d.classNames ?? []).join('\u0001')}` : '');

// The engine's defaults in the form's vocabulary (hidden widths as an array).
function normalizeDefaults(d) {
  const hidden = Array.isArray(d.hidden) ? d.hidden : typeof d.hidden === 'string' ? d.hidden.split(',').map(Number) : [];
  const lr = Number(d.learningRate);
  return { ...d, hidden: Array.from(hidden, Number), ...(Number.isFinite(lr) ? { learningRate: +lr.toPrecision(6) } : {}) };
}

function renderSummary() {
  const d = state.data;
  clear(ui.summary);
  if (!d) return;
  const oneHot = state.kind === 'classes' && Array.from({ length: d.rows }, (_, r) => d.targets.subarray(r * d.outputCount, (r + 1) * d.outputCount).reduce((a, b) => a + b, 0)).every((x) => x === 1);
  const what = oneHot ? `${d.outputCount} classes` : state.kind === 'binary' ? '1 output (0/1)' : state.kind === 'classes' ? `${d.outputCount} outputs (0/1)` : `${d.outputCount} numeric output${d.outputCount > 1 ? 's' : ''}`;
  ui.summary.append(
    el('span', { class: 'pill', text: `${d.rows} rows` }),
    el('span', { class: 'pill input', text: `${d.inputCount} input${d.inputCount > 1 ? 's' : ''}` }),
    el('span', { class: 'pill target', text: what }),
  );
  if (d.classNames?.length) ui.summary.append(el('span', { class: 'muted small', text: `one-hot: ${d.classNames.join(', ')}` }));
}

function renderDataErrors() {
  const errors = state.dataError ? [state.dataError] : state.validation?.errors ?? [];
  const formProblem = settings.problem();
  clear(ui.error);
  if (!errors.length && !formProblem) {
    ui.error.hidden = true;
    return;
  }
  ui.error.hidden = false;
  if (errors.length) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''} marked in the table)` : '';
    ui.error.append(
      el('strong', { text: 'Training is off until the data is fixed. ' }),
      el('button', { type: 'button', class: 'linklike', text: first.message, onclick: () => tableView.focusCell(first.row, first.col) }),
      more,
    );
  } else {
    ui.error.append(el('strong', { text: 'Check the settings. ' }), formProblem);
  }
}

// ---------- settings ----------
const settings = new SettingsForm(document, (key) => {
  renderDataErrors();
  updateButtons();
  updateStale();
  saveSoon();
  if (key === 'normalize') updateNormalizeHint();
});

function updateNormalizeHint() {
  const d = state.data?.defaults;
  $('normalize-hint').textContent = d?.normalize ? 'Input columns have very different scales: normalising them (on by default) helps training.' : '';
}

const modelKey = () => (state.data ? JSON.stringify([settings.modelConfig(state.data.inputCount, state.data.outputCount), T.toDatasetCsv(state.table).csv]) : '');
const stale = () => !state.hasModel || state.modelKey !== modelKey();

function updateStale() {
  if (state.hasModel && !state.training && state.data && stale()) {
    setStatus('Settings or data changed: Train starts a new model.', '');
  }
  updateButtons();
}

function canTrain() {
  return state.engineReady && !!state.data && !settings.problem() && !state.dataError;
}

function updateButtons() {
  const ok = canTrain();
  ui.train.disabled = state.training || !ok;
  ui.stop.disabled = !state.training;
  const resumable = state.hasModel && !stale() && state.epoch < state.target;
  ui.train.textContent = resumable ? 'Resume' : state.hasModel && !stale() ? 'Train more' : 'Train';
  if (!ok && !state.training && state.engineReady && !state.parsing) {
    if (state.validation?.errors.length || state.dataError) setStatus('Fix the marked cells to train.', 'bad');
  }
  exportPanel?.setEnabled(state.hasModel && !state.training);
  boardPanel?.update();
}

// ---------- training ----------
const chart = new LossChart($('loss-chart'));

async function train() {
  // A click right after an edit (e.g. the blur of a changed field) waits for the parse.
  if (!state.data && state.pending) await state.pending;
  if (!canTrain() || state.training) return;
  const epochs = Number(settings.values.epochs);
  try {
    if (stale()) {
      await engine.call('create', { config: settings.modelConfig(state.data.inputCount, state.data.outputCount) });
      state.hasModel = true;
      state.modelKey = modelKey();
      state.history = [];
      state.epoch = 0;
      state.base = 0;
      state.target = epochs;
      chart.set([]);
    } else if (state.epoch >= state.target) {
      state.base = state.epoch;
      state.target = state.epoch + epochs;
    } else {
      state.target = Math.max(state.target, state.base + epochs);
    }
  } catch (e) {
    setStatus(`Cannot build this network: ${e.message}`, 'bad');
    return;
  }
  state.training = true;
  state.version += 1;
  updateButtons();
  setStatus(`Training… epoch ${state.epoch} of ${state.target}`, 'busy');
  let done;
  try {
    const r = await engine.call('train', { target: state.target, options: settings.trainOptions() });
    state.epoch = r.epoch;
    if (Number.isFinite(r.loss)) state.loss = r.loss;
    done = [r.stopped ? `Stopped at epoch ${r.epoch}: Resume goes on to ${state.target}.` : `Trained ${r.epoch} epochs · loss ${fmtLoss(state.loss)}`, r.stopped ? '' : 'good'];
  } catch (e) {
    done = [`Training failed: ${e.message}`, 'bad'];
  }
  state.training = false;
  state.version += 1;
  ui.progress.value = Math.min(1, (state.epoch - state.base) / Math.max(1, state.target - state.base));
  ui.epochText.textContent = `epoch ${state.epoch} / ${state.target}`;
  updateButtons();
  // The views are up to date before the status says so.
  await refreshSnapshot();
  await predictPanel.update();
  setStatus(...done);
  saveNow();
}

async function stop() {
  await engine.call('stop');
}

async function reset() {
  if (state.training) await engine.call('stop');
  await engine.call('dispose');
  state.hasModel = false;
  state.training = false;
  state.history = [];
  state.epoch = state.base = state.target = 0;
  state.loss = null;
  state.snap = null;
  state.version += 1;
  chart.set([]);
  ui.progress.value = 0;
  ui.epochText.textContent = 'epoch 0';
  ui.loss.textContent = '–';
  ui.speed.textContent = '–';
  ui.accuracy.textContent = '–';
  clearInspect();
  predictPanel.update();
  setStatus('Reset: Train starts a new model.', '');
  updateButtons();
  saveNow();
}

// ---------- inspect ----------
function clearInspect() {
  for (const id of ['diagram', 'heatmaps', 'confusion', 'boundary', 'weights-numeric', 'predictions-table']) clear($(id));
  $('inspect-note').textContent = 'Train a model to see its weights.';
  exportPanel.clear();
}

// Live refreshes during training are skipped while one is in flight; a final one
// (after training) waits for it and then runs, so the views end up current.
async function refreshSnapshot() {
  if (!state.hasModel) return;
  if (snapBusy) {
    if (state.training) return;
    await snapBusy;
  }
  snapBusy = snapshotNow();
  await snapBusy;
  snapBusy = null;
}

async function snapshotNow() {
  lastSnapAt = performance.now();
  try {
    const snap = await engine.call('snapshot');
    state.snap = snap;
    renderInspect(snap);
    if (!state.training) exportPanel.refresh(snap, state.version);
  } catch (e) {
    $('inspect-note').textContent = e.message;
  } finally {
    lastSnapAt = performance.now();
  }
}

function renderInspect(snap) {
  const t0 = performance.now();
  renderInspectNow(snap);
  performance.measure('inspect', { start: t0, end: performance.now() });
}

function renderInspectNow(snap) {
  const d = state.data;
  const names = { inputs: snap.info.inputNames ?? d?.inputNames ?? [], outputs: snap.info.outputNames ?? d?.outputNames ?? [] };
  $('inspect-note').textContent = `${(snap.info.widths ?? []).join('–')} network · ${snap.info.epochs ?? state.epoch} epochs`;
  drawDiagram($('diagram'), $('diagram-readout'), snap, names);
  drawHeatmaps($('heatmaps'), $('heatmap-readout'), snap);
  if ($('weights-numeric').closest('details').open || !state.training) drawNumeric($('weights-numeric'), snap);
  const fitsData = d && snap.outputs;
  if (fitsData) {
    drawConfusion($('confusion'), snap, d, state.kind);
    if (!state.training) drawPredictions($('predictions-table'), snap, d, state.kind);
    const acc = typeof snap.evaluation?.accuracy === 'number' ? snap.evaluation.accuracy
      : state.kind !== 'regression' ? confusion(snap.outputs.data, d.targets, d.outputCount, d.rows, state.kind).accuracy : null;
    ui.accuracy.textContent = acc == null ? '–' : `${(acc * 100).toFixed(1)}%`;
  } else {
    clear($('confusion'));
    ui.accuracy.textContent = '–';
  }
  $('boundary-panel').hidden = !(d && d.inputCount === 2 && fitsData);
  if (d && d.inputCount === 2 && fitsData) drawBoundaryMap(d);
}

let boundaryBusy = false;
async function drawBoundaryMap(d) {
  if (boundaryBusy) return;
  boundaryBusy = true;
  try {
    const range = inputRange(d);
    const grid = await engine.call('grid', { ...range, n: 64 });
    drawBoundary($('boundary'), grid, range, d, state.kind, d.inputNames);
  } catch {
    clear($('boundary'));
  } finally {
    boundaryBusy = false;
  }
}

// ---------- predict & export ----------
// A few rows of the data as one-click inputs for Predict.
function renderPredictExamples(d) {
  const box = clear($('predict-examples'));
  const n = d.inputCount;
  const picks = [...new Set(Array.from({ length: Math.min(d.rows, 8) }, (_, i) => Math.floor((i * d.rows) / Math.min(d.rows, 8))))];
  if (!picks.length) return;
  box.append(el('span', { class: 'muted small', text: 'Try: ' }));
  for (const r of picks) {
    const text = Array.from(d.inputs.subarray(r * n, (r + 1) * n), (v) => String(+v.toPrecision(6))).join(',');
    box.append(el('button', {
      type: 'button', class: 'chip small', text, 'aria-label': `Use row ${r + 1}: ${text}`,
      onclick: () => { $('predict-input').value = text; predictPanel.update(); },
    }));
  }
}

const predictPanel = new PredictPanel($('predict-input'), $('predict-output'), {
  engine,
  ready: () => state.hasModel && !!state.snap,
  info: () => ({ data: state.data, snap: state.snap, kind: state.kind }),
});

const exportPanel = new ExportPanel($('export-list'), $('export-name'), { engine, toast, version: () => state.version, onName: () => saveSoon() });

const boardPanel = new BoardPanel($('board-panel'), {
  engine,
  hasModel: () => state.hasModel && !state.training,
  exportName: () => exportPanel.name(),
  rows: () => (state.data ? { inputs: state.data.inputs, rows: state.data.rows, width: state.data.inputCount } : null),
  modelInputs: () => state.snap?.info?.widths?.[0],
  // Record (board-ui/record-panel.js) appends recorded rows, discards and undoes through these.
  table: () => state.table,
  replaceTable: (table) => updateTable(table),
  classNames: () => state.data?.classNames ?? null,
});

// ---------- presets, files, drag and drop ----------
function loadCsvText(text, inputs, preset = '') {
  const p = parseCsv(text);
  const n = Number.isInteger(inputs) ? inputs : undefined;
  state.preset = preset;
  const table = T.makeTable(p.names, p.rows, n);
  updateTable(table);
  if (p.problems.length) {
    state.validation.errors.unshift({ row: Math.max(0, p.problems[0].row), col: 0, message: `CSV syntax: ${p.problems[0].message}` });
  }
}

for (const b of document.querySelectorAll('[data-preset]')) {
  b.addEventListener('click', () => {
    const p = PRESETS[b.dataset.preset];
    settings.touched.clear();
    loadCsvText(p.csv, p.inputs, b.dataset.preset);
    toast(`Loaded ${p.title}`);
  });
}

let textTimer = 0;
ui.csv.addEventListener('input', () => {
  clearTimeout(textTimer);
  textTimer = setTimeout(() => {
    const p = parseCsv(ui.csv.value);
    const keep = Number(ui.inputs.value);
    const n = keep >= 1 && keep < p.names.length ? keep : undefined;
    updateTable(T.makeTable(p.names, p.rows, n), { fromText: true });
  }, 150);
});
ui.inputs.addEventListener('change', () => {
  const n = Math.round(Number(ui.inputs.value));
  const same = state.table.roles.every((r, c) => r === (r === 'ignore' ? 'ignore' : c < n ? 'input' : 'target'));
  if (n >= 0 && n <= state.table.names.length && !same) updateTable(T.setInputCount(state.table, n));
});
$('add-row').addEventListener('click', () => {
  updateTable(T.addRow(state.table));
  setTimeout(() => tableView.focusCell(state.table.rows.length - 1, 0), 10);
});
$('add-col').addEventListener('click', () => {
  const at = T.inputCount(state.table);
  updateTable(T.addColumn(state.table, at, `x${at + 1}`, 'input'));
  setTimeout(() => $('table-wrap').querySelector(`[data-key="h:${at}"]`)?.select(), 10);
});

async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = new TextDecoder().decode(bytes.subarray(0, 200)).trimStart();
  if (/\.bin$/i.test(file.name) || /^\{/.test(head)) return openModel(bytes, file.name);
  loadCsvText(new TextDecoder().decode(bytes), undefined, '');
  toast(`Opened ${file.name}`);
}

async function openModel(bytes, name) {
  if (state.training) await engine.call('stop');
  try {
    const info = await engine.call('load', { bytes });
    adoptModel(info, { epoch: info.epochs ?? 0 });
    toast(`Opened model ${name}`);
    setStatus(`Model ${name}: ${(info.widths ?? []).join('–')}`, 'good');
  } catch (e) {
    setStatus(`Cannot open ${name}: ${e.message}`, 'bad');
  }
}

// Takes a loaded model as the current one: the form follows its topology.
function adoptModel(info, meta) {
  if (info.widths) {
    const hidden = info.widths.slice(1, -1);
    const acts = info.activations ?? [];
    settings.load({
      ...settings.values,
      hidden,
      activations: hidden.map((_, i) => acts[i] ?? 'relu'),
      output: acts.at(-1) ?? settings.values.output,
      bias: info.bias ?? settings.values.bias,
      normalize: info.normalize ?? settings.values.normalize,
      ...(info.init ? { init: info.init } : {}),
      ...(info.seed !== undefined ? { seed: info.seed } : {}),
    }, [...settings.touched, 'hidden', 'activations', 'output', 'bias', 'normalize']);
  }
  state.hasModel = true;
  state.modelKey = meta.key || modelKey();
  state.epoch = meta.epoch ?? info.epochs ?? 0;
  state.base = meta.base ?? 0;
  state.target = meta.target || state.epoch;
  state.version += 1;
  updateButtons();
  refreshSnapshot().then(() => predictPanel.update());
}

$('csv-file').addEventListener('change', (e) => e.target.files[0] && openFile(e.target.files[0]).finally(() => (e.target.value = '')));
$('model-file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (f) await openModel(new Uint8Array(await f.arrayBuffer()), f.name);
  e.target.value = '';
});

const overlay = $('drop-overlay');
let dragDepth = 0;
document.addEventListener('dragenter', (e) => {
  if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
  dragDepth += 1;
  overlay.classList.add('on');
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) overlay.classList.remove('on');
});
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  overlay.classList.remove('on');
  const f = e.dataTransfer?.files?.[0];
  if (f) openFile(f);
});

// ---------- session ----------
function sessionNow(withModel = true, modelText = '') {
  const h = state.history;
  const step = Math.ceil(h.length / 400) || 1;
  return {
    v: S.SESSION_VERSION,
    table: state.table,
    settings: { ...settings.values, exportName: $('export-name').value },
    touched: [...settings.touched],
    model: withModel ? modelText : '',
    history: withModel ? h.filter((_, i) => i % step === 0 || i === h.length - 1) : [],
    preset: state.preset,
    meta: { epoch: state.epoch, base: state.base, target: state.target, key: state.modelKey },
  };
}

async function modelJson() {
  if (!state.hasModel) return '';
  try {
    return new TextDecoder().decode(await engine.call('export', { format: 'json', name: 'model' }));
  } catch {
    return '';
  }
}

let saveTimer = 0;
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, 400);
}

let saving = Promise.resolve();
function saveNow() {
  clearTimeout(saveTimer);
  saving = saving.then(async () => {
    if (state.training) return; // saved when training ends
    S.saveLocal(localStorage, sessionNow(true, await modelJson()));
  });
  return saving;
}

$('share').addEventListener('click', async () => {
  await saveNow();
  let hash = await S.encodeShare(sessionNow(true, await modelJson()));
  let note = '';
  if (hash.length > S.MAX_SHARE_CHARS) {
    hash = await S.encodeShare(sessionNow(false));
    note = ' (without the trained model: too large for a link)';
  }
  if (hash.length > S.MAX_SHARE_CHARS) {
    $('share-note').textContent = `This session is too large to share as a link (${Math.round(hash.length / 1024)} kB); download the JSON model and the CSV instead.`;
    return;
  }
  const url = `${location.origin}${location.pathname}#${hash}`;
  try {
    await navigator.clipboard.writeText(url);
    toast(`Share link copied${note}`);
  } catch {
    toast('Copy the link from the address bar');
  }
  history.replaceState(null, '', `#${hash}`);
  $('share-note').textContent = `Link ready${note}: ${url.length} characters.`;
});

$('clear-session').addEventListener('click', async () => {
  localStorage.removeItem(S.STORAGE_KEY);
  history.replaceState(null, '', location.pathname);
  await reset();
  settings.touched.clear();
  loadCsvText(PRESETS.seed.csv, PRESETS.seed.inputs, 'seed');
  toast('Started over with the seed example');
});

$('use-defaults').addEventListener('click', () => {
  if (state.data?.defaults) settings.applyDefaults(normalizeDefaults(state.data.defaults), true);
  updateStale();
  saveSoon();
});

ui.train.addEventListener('click', train);
ui.stop.addEventListener('click', stop);
ui.reset.addEventListener('click', reset);

async function restore() {
  const shared = await S.decodeShare(location.hash);
  const session = shared ?? S.loadLocal(localStorage);
  if (shared) history.replaceState(null, '', location.pathname);
  if (!session?.table) {
    loadCsvText(PRESETS.seed.csv, PRESETS.seed.inputs, 'seed');
    return;
  }
  const { exportName, ...values } = session.settings;
  settings.load(values, session.touched);
  if (exportName) $('export-name').value = exportName;
  state.preset = session.preset;
  updateTable(session.table);
  if (!session.model) return;
  await waitForData();
  try {
    const info = await engine.call('load', { bytes: new TextEncoder().encode(session.model) });
    state.history = session.history;
    chart.set(session.history);
    const last = session.history.at(-1);
    state.loss = last ? last[1] : null;
    ui.loss.textContent = fmtLoss(state.loss);
    adoptModel(info, session.meta ?? {});
    ui.progress.value = Math.min(1, (state.epoch - state.base) / Math.max(1, state.target - state.base));
    ui.epochText.textContent = `epoch ${state.epoch} / ${state.target}`;
    setStatus(`Restored: ${state.epoch} epochs · loss ${fmtLoss(state.loss)}`, 'good');
  } catch (e) {
    setStatus(`Could not restore the model: ${e.message}`, 'bad');
  }
  if (shared) saveNow();
}

async function waitForData() {
  for (let i = 0; i < 600 && !state.data && !state.dataError && !state.validation?.errors.length; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
}

restore().then(() => {
  enableOffline();
  if (!ui.status.textContent.startsWith('Restored') && !ui.status.textContent.startsWith('Could')) {
    const waitReady = setInterval(() => {
      if (!state.engineReady) return;
      clearInterval(waitReady);
      if (!state.training && !state.hasModel) setStatus(canTrain() ? 'Ready: press Train.' : 'Fix the marked cells to train.', canTrain() ? '' : 'bad');
    }, 50);
  }
});
