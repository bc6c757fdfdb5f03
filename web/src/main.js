// The playground page: makes the page state, the data and training controllers, the
// session and the views, and connects them to the page's elements and events.
import './styles.css';
import { byTestId } from './dom.js';
import * as T from './table.js';
import { PageState } from './page-state.js';
import { EngineClient } from './rpc.js';
import { DataController } from './data-controller.js';
import { TrainingController } from './training-controller.js';
import { SessionController } from './session-controller.js';
import { SettingsForm } from './settings.js';
import { SettingsController } from './settings-controller.js';
import { TableView } from './table-view.js';
import { DataView } from './data-view.js';
import { StatusLine } from './status-line.js';
import { InspectPanel } from './inspect-panel.js';
import { LossChart } from './loss-chart.js';
import { PredictPanel } from './predict-panel.js';
import { ExportPanel } from './export-panel.js';
import { Int8Preview } from './int8-preview.js';
import { BoardPanel } from './board-ui/board-panel.js';
import { TestDataController } from './test-data-controller.js';
import { TestDataView } from './test-data-view.js';
import { DecisionMap } from './decision-map.js';
import { JudgedRows } from './judged-rows.js';
import { ModelFitNotice } from './model-fit.js';
import { UndoOffer } from './undo-offer.js';
import { GeneratorPanel } from './generator-panel.js';
import { attachHelp } from './help.js';
import { PRESETS } from './presets.js';
import { openFile, acceptDroppedFiles } from './file-open.js';
import { showToast } from './toast.js';
import { enableOffline } from './offline.js';

const $ = (id) => document.getElementById(id);
const on = (id, event, handler) => $(id).addEventListener(event, handler);

const state = new PageState();
const engine = new EngineClient((progress) => training.onProgress(progress));
const status = new StatusLine(byTestId('status'), $('status-live'));

const form = new SettingsForm(document, (key, value) => settings.edit(key, value));
const settings = new SettingsController(state, engine, form, {
  edited: () => {
    status.edited();
    UndoOffer.dismissAll();
    session.saveSoon();
  },
});

const tableView = new TableView($('table-wrap'), {
  cell: (r, c, v) => data.edit('setCell', r, c, v),
  name: (c, v) => data.edit('setName', c, v),
  role: (c, v) => data.edit('setRole', c, v),
  removeRow: (r) => data.edit('removeRow', r),
  removeColumn: (c) => data.edit('removeColumn', c),
});

const dataView = new DataView(state, tableView, {
  summary: $('data-summary'), error: $('data-error'), normalizeHint: $('normalize-hint'), predictExamples: $('predict-examples'),
}, (row) => {
  $('predict-input').value = row;
  predict.update();
});

const data = new DataController(state, engine, { csv: $('dataset-csv'), inputs: $('inputs-count') }, {
  edited: () => {
    status.edited();
    UndoOffer.dismissAll();
    dataView.tableChanged();
    session.saveSoon();
  },
  // The settings in force follow the data's defaults wherever the person changed nothing;
  // a model is evaluated again on the new data (or found not to fit it).
  parsed: async (d) => {
    dataView.parsed(d);
    await testData.dataChanged();
    await settings.resolve();
    if (state.model && !state.training) inspect.refresh();
    predict.update();
  },
  refused: (message, name) => dataView.refused(message, name),
  rows: () => dataView.tableChanged(),
});

// Test data (Data card): the rows held out or a second CSV; the settings and Inspect follow.
const testData = new TestDataController(state, engine, {
  edited: () => {
    status.edited();
    session.saveSoon();
  },
  rowsChanged: async () => {
    await settings.resolve();
    if (state.model && !state.training) await inspect.refresh();
  },
});
const testDataView = new TestDataView($('test-data'), state, testData, {
  earlyStop: { field: $('early-stop'), note: $('early-stop-note') },
  readFile: (file) => file.text(),
});
const decisionMap = new DecisionMap($('boundary-panel'), $('boundary'), engine);
const judged = new JudgedRows($('judged-rows'), { box: $('test-accuracy-stat'), value: $('test-accuracy') }, () => inspect.redraw());

const exportPanel = new ExportPanel($('export-list'), $('export-name'), $('export-name-note'), {
  engine, toast: showToast, version: () => state.version, onName: () => session.saveSoon(),
});

const int8Preview = new Int8Preview({ engine, data: () => state.data });
$('export-list').after(int8Preview.root);

const inspect = new InspectPanel(state, engine, (snap, live) => {
  if (!snap) exportPanel.clear();
  else if (!live) exportPanel.refresh(snap, state.version);
  if (!snap || live) int8Preview.clear();
  else int8Preview.refresh(snap);
  state.changed();
}, { map: decisionMap, judged });

const predict = new PredictPanel($('predict-input'), $('predict-output'), $('predict-names'), {
  engine,
  ready: () => !!state.model?.snap,
  info: () => ({ data: state.data, snap: state.model?.snap }),
});

const training = new TrainingController({
  state, engine, data, settings, testData, status, inspect, predict,
  chart: new LossChart($('loss-chart')),
  ui: {
    train: $('train'), stop: $('stop'), progress: $('progress'), epochText: $('epoch-text'),
    loss: $('loss-value'), speed: $('speed'), accuracy: $('accuracy'), accuracyLabel: $('accuracy-label'),
  },
  modelChanged: () => session.saveNow(),
  progressed: (p) => {
    judged.progress(p);
    decisionMap.progress();
  },
});

const session = new SessionController({ state, engine, data, settings, testData, training, exportName: $('export-name'), shareNote: $('share-note'), toast: showToast });

const boardPanel = new BoardPanel($('board-panel'), {
  engine,
  hasModel: () => !!state.model && !state.training,
  exportName: () => exportPanel.name(),
  exportFile: (format) => exportPanel.exportFile(format),
  rows: () => (state.data ? { inputs: state.data.inputs, rows: state.data.rows, width: state.data.inputCount } : null),
  modelInputs: () => state.model?.snap?.info?.widths?.[0],
  // Record (board-ui/record-panel.js) appends recorded rows, discards and undoes through these.
  table: () => state.table,
  replaceTable: (table) => data.setTable(table),
  classNames: () => state.data?.classNames ?? null,
});

const fitNotice = new ModelFitNotice($('model-fit'), {
  keepModel: () => training.keepModel(),
  keepData: () => training.reset('Kept the data: Train makes a new model for it.'),
});

state.onChange(() => {
  training.render();
  fitNotice.render(training.openedMisfit(), state.model?.snap?.info, state.data);
  dataView.render();
  exportPanel.setEnabled(!!state.model && !state.training);
  boardPanel.update();
});

// ---------- events ----------
for (const b of document.querySelectorAll('[data-preset]')) {
  b.addEventListener('click', () => {
    const p = PRESETS[b.dataset.preset];
    settings.load({});
    data.loadCsvText(p.csv, { inputs: p.inputs, preset: b.dataset.preset });
    showToast(`Loaded ${p.title}`);
  });
}
on('dataset-csv', 'input', () => data.textEdited());
on('inputs-count', 'change', () => data.inputCountEdited());
on('add-row', 'click', () => {
  if (data.edit('addRow')) setTimeout(() => tableView.focusCell(state.table.rows.length - 1, 0), 10);
});
on('add-col', 'click', () => {
  const at = T.inputCount(state.table);
  if (data.edit('addColumn', at, `x${at + 1}`, 'input')) setTimeout(() => tableView.focusCell(-1, at), 10);
});

const opener = {
  csv: async (file, name) => {
    if (await data.loadCsvText(file, { name })) showToast(`Opened ${name}`);
  },
  model: async (bytes, name) => {
    if (await training.openModel(bytes, name)) showToast(`Opened model ${name}`);
  },
};
on('csv-file', 'change', (e) => e.target.files[0] && openFile(e.target.files[0], opener).finally(() => (e.target.value = '')));
on('model-file', 'change', async (e) => {
  const f = e.target.files[0];
  if (f) await opener.model(new Uint8Array(await f.arrayBuffer()), f.name);
  e.target.value = '';
});
acceptDroppedFiles($('drop-overlay'), opener);

on('use-defaults', 'click', () => {
  status.edited();
  settings.load({});
  session.saveSoon();
});
on('train', 'click', () => {
  UndoOffer.dismissAll();
  training.train();
});
on('stop', 'click', () => training.stop());
on('share', 'click', () => session.share());

// Reset and Start over can be undone: the session of the moment before is kept until the
// next edit, run or destructive action.
async function undoable(offer, action, text) {
  UndoOffer.dismissAll();
  const before = await session.snapshot();
  await action();
  offer.offer(text, async () => {
    await session.apply(before);
    await session.saveNow();
  });
}
const resetUndo = new UndoOffer($('reset-undo'));
const startOverUndo = new UndoOffer($('start-over-undo'));
on('reset', 'click', () => undoable(resetUndo, () => training.reset(), 'The model was reset.'));
on('clear-session', 'click', () => undoable(startOverUndo, () => session.startOver(), 'Started over with the seed example.'));

new GeneratorPanel($('generator'), $('gen-toggle'), (csv, title) => {
  settings.load({});
  data.loadCsvText(csv, { inputs: 2, preset: '' });
  showToast(`Generated ${title}`);
});

// The status chip shows all of a long status on a click, over the page, until clicked again.
on('status-toggle', 'click', (e) => {
  const open = e.currentTarget.getAttribute('aria-expanded') !== 'true';
  e.currentTarget.setAttribute('aria-expanded', String(open));
});
on('status-toggle', 'keydown', (e) => e.key === 'Escape' && e.currentTarget.setAttribute('aria-expanded', 'false'));
attachHelp(document);

// ---------- start-up ----------
engine.ready.then(
  ({ rules }) => {
    form.setRules(rules);
    testDataView.setRules(rules);
    state.engine = 'ready';
  },
  (e) => Object.assign(state, { engine: 'failed', engineError: e.message }),
).finally(() => state.changed());
exportPanel.nameChanged();
training.startup = session.restore().catch((e) => {
  status.tell(`Could not restore the session: ${e.message}`, 'bad');
  state.changed();
});
training.startup.then(enableOffline);
state.changed();
