// The page's state machinery without a browser: the data controller's settled() always
// answers for the table as it is (pending text and edits first, late parses ignored), the
// model key follows values rather than events, and the status line's order of precedence.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PageState, modelKey, setDataKey } from '../../web/src/page-state.js';
import { DataController } from '../../web/src/data-controller.js';
import { DataStore } from '../../web/src/data-store.js';
import { pageCaps } from '../../web/src/limits.js';
import { StatusLine } from '../../web/src/status-line.js';
import * as T from '../../web/src/table.js';
import { loadMicrodff } from '../../wasm/js/microdff.js';

const wasmDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/wasm/wasm');
const skip = fs.existsSync(path.join(wasmDir, 'microdff.wasm')) ? false : 'the WebAssembly build is missing (build the wasm preset)';
let dff;
before(async () => {
  if (!skip) dff = await loadMicrodff({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
});

// The worker's data operations in-process (the same DataStore and core), each answered after
// `delayMs` as a message from the worker would be.
function workerEngine(delayMs = 5) {
  const store = new DataStore();
  const calls = [];
  const ops = {
    readCsv: (a) => store.read(a, dff, pageCaps(dff.rules.limits)),
    setTable: (a) => (store.replace(a.table, a.version), true),
    editTable: (a) => (store.edit(a), true),
    undoTable: (a) => (store.back(a), true),
    tableRows: (a) => store.rows(a),
    checkTable: (a) => store.check(a, dff),
    tableCsv: () => store.csv(),
  };
  return {
    calls,
    call(op, args = {}) {
      calls.push(op);
      const answer = structuredClone(ops[op](structuredClone(args)));
      return new Promise((resolve) => setTimeout(() => resolve(answer), delayMs));
    },
  };
}

function setup(engine = workerEngine()) {
  const state = new PageState();
  const ui = { csv: { value: '' }, inputs: { value: '' } };
  const parsed = [];
  const data = new DataController(state, engine, ui, { edited() {}, rows() {}, refused() {}, parsed: (d) => parsed.push(d.rows) });
  return { state, ui, data, engine, parsed };
}

test('settled() answers for the table as it is, after a typed CSV text still waiting to apply', { skip }, async () => {
  const { state, ui, data } = setup();
  data.loadCsvText('a,y\n1,0\n2,1\n', { inputs: 1 });
  ui.csv.value = 'a,y\n1,0\n2,1\n3,0\n';
  data.textEdited(); // the person typed; the debounce has not fired yet
  const { data: d, problem } = await data.settled();
  assert.equal(problem, null);
  assert.equal(d.rows, 3, 'the typed row is in the data the action gets');
  assert.equal(state.table.rows.length, 3);
});

test('a check that finishes after a newer edit never becomes the data', { skip }, async () => {
  const { state, data, parsed } = setup(workerEngine(30));
  data.loadCsvText('a,y\n1,0\n', { inputs: 1 });
  await data.settled();
  data.edit('addRow');
  const first = data.settled(); // starts the check of the table with an empty row
  data.edit('setCell', 1, 0, '5'); // edits land while that check is on its way
  data.edit('setCell', 1, 1, '1');
  const { data: d } = await first;
  assert.equal(d.rows, 2, 'settled() waited for the check of the newest table');
  assert.equal(state.data.rows, 2);
  assert.equal(parsed.at(-1), 2, 'the last data set the page took is the newest table');
  assert.ok(!parsed.includes(1) || parsed.indexOf(1) < parsed.indexOf(2), 'the stale check never came after the newer one');
});

test('a table with cell errors settles with the problem at its cell', { skip }, async () => {
  const { data } = setup();
  data.loadCsvText('a,y\nx,0\n', { inputs: 1 });
  const { data: d, problem } = await data.settled();
  assert.equal(d, null);
  assert.match(problem.message, /'x' is not a number/);
});

test('the model key follows values: the same settings and data give the same key', () => {
  const settings = { hidden: [8], activations: ['relu'], output: 'sigmoid', bias: true, normalize: false, init: 'he', seed: 1, epochs: 10 };
  // The worker gives each table checked the digest of the data set the core read from it.
  const table = T.makeTable(['a', 'y'], [['1', '0']], 1);
  setDataKey(table, 'digest-1');
  const key = modelKey(settings, table);
  const same = T.clone(table);
  setDataKey(same, 'digest-1');
  assert.equal(modelKey({ ...settings, hidden: [8], seed: '1' }, same), key, 'an event repeating a value changes nothing');
  assert.equal(modelKey({ ...settings, epochs: 99 }, table), key, 'epochs do not change the model');
  assert.notEqual(modelKey({ ...settings, hidden: [9] }, table), key);
  const changed = T.setCell(table, 0, 0, '2');
  setDataKey(changed, 'digest-2');
  assert.notEqual(modelKey(settings, changed), key);
});

test('status line: a blocking problem, then the last outcome until an edit, then the model', () => {
  const node = { textContent: '', dataset: {} };
  const status = new StatusLine(node);
  const facts = { engine: 'ready', progress: '', dataProblem: null, settingsProblem: '', hasModel: false, stale: true };
  status.render({ ...facts, engine: 'loading' });
  assert.equal(node.textContent, 'Loading the engine…');
  status.render(facts);
  assert.equal(node.textContent, 'Ready: press Train.');
  status.render({ ...facts, progress: 'Training… epoch 3 of 10' });
  assert.equal(node.dataset.tone, 'busy');
  status.describeModel('Trained 10 epochs');
  status.tell('Trained 10 epochs', 'good');
  status.render({ ...facts, hasModel: true, stale: false });
  assert.equal(node.textContent, 'Trained 10 epochs');
  status.edited();
  status.render({ ...facts, hasModel: true, stale: true });
  assert.equal(node.textContent, 'Settings or data changed: Train starts a new model.');
  status.render({ ...facts, hasModel: true, stale: false });
  assert.equal(node.textContent, 'Trained 10 epochs', 'undoing the edit makes the model current again');
  status.render({ ...facts, hasModel: true, stale: false, dataProblem: { message: 'x' } });
  assert.deepEqual([node.textContent, node.dataset.tone], ['Fix the marked cells to train.', 'bad']);
  status.render({ ...facts, engine: 'failed', engineError: 'no WebAssembly' });
  assert.equal(node.textContent, 'The engine failed to load: no WebAssembly');
});
