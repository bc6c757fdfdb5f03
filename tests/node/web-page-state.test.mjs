// The page's state machinery without a browser: the data controller's settled() always
// answers for the table as it is (pending text and edits first, late parses ignored), the
// model key follows values rather than events, and the status line's order of precedence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageState, modelKey } from '../../web/src/page-state.js';
import { DataController } from '../../web/src/data-controller.js';
import { StatusLine } from '../../web/src/status-line.js';
import * as T from '../../web/src/table.js';

// A worker stand-in: 'parse' answers after `delayMs` with the row count of the CSV it got.
function fakeEngine(delayMs = 5) {
  const calls = [];
  return {
    calls,
    call(op, args) {
      calls.push({ op, args });
      const rows = args.csv.trim().split('\n').length - 1;
      return new Promise((resolve) => setTimeout(() => resolve({ rows, inputCount: args.inputs, outputCount: 1, inputNames: [], outputNames: [], classNames: [], targets: new Float32Array(rows) }), delayMs));
    },
  };
}

function setup(engine = fakeEngine()) {
  const state = new PageState();
  const ui = { csv: { value: '' }, inputs: { value: '' } };
  const parsed = [];
  const data = new DataController(state, engine, ui, { edited() {}, parsed: (d) => parsed.push(d.rows) });
  return { state, ui, data, engine, parsed };
}

test('settled() answers for the table as it is, after a typed CSV text still waiting to apply', async () => {
  const { state, ui, data } = setup();
  data.loadCsvText('a,y\n1,0\n2,1\n', 1);
  ui.csv.value = 'a,y\n1,0\n2,1\n3,0\n';
  data.textEdited(); // the person typed; the debounce has not fired yet
  const { data: d, problem } = await data.settled();
  assert.equal(problem, null);
  assert.equal(d.rows, 3, 'the typed row is in the data the action gets');
  assert.equal(state.table.rows.length, 3);
});

test('a parse that finishes after a newer edit never becomes the data', async () => {
  const engine = fakeEngine(30);
  const { state, data, parsed } = setup(engine);
  data.loadCsvText('a,y\n1,0\n', 1);
  const first = data.settled(); // starts the parse of the 1-row table
  data.edit((t) => T.addRow(t)); // an edit lands while that parse is on its way
  data.edit((t) => T.setCell(t, 1, 0, '5'));
  data.edit((t) => T.setCell(t, 1, 1, '1'));
  const { data: d } = await first;
  assert.equal(d.rows, 2, 'settled() waited for the parse of the newest table');
  assert.equal(state.data.rows, 2);
  assert.deepEqual(parsed, [2], 'the stale parse was dropped');
});

test('a table with cell errors settles at once with the problem, without asking the engine', async () => {
  const { data, engine } = setup();
  data.loadCsvText('a,y\nx,0\n', 1);
  const { data: d, problem } = await data.settled();
  assert.equal(d, null);
  assert.match(problem.message, /'x' is not a number/);
  assert.equal(engine.calls.length, 0);
});

test('the model key follows values: the same settings and table give the same key', () => {
  const settings = { hidden: [8], activations: ['relu'], output: 'sigmoid', bias: true, normalize: false, init: 'he', seed: 1, epochs: 10 };
  const table = T.makeTable(['a', 'y'], [['1', '0']], 1);
  const key = modelKey(settings, table);
  assert.equal(modelKey({ ...settings, hidden: [8], seed: '1' }, T.clone(table)), key, 'an event repeating a value changes nothing');
  assert.equal(modelKey({ ...settings, epochs: 99 }, table), key, 'epochs do not change the model');
  assert.notEqual(modelKey({ ...settings, hidden: [9] }, table), key);
  assert.notEqual(modelKey(settings, T.setCell(table, 0, 0, '2')), key);
  assert.notEqual(modelKey(settings, T.setInputCount(T.addColumn(table, 1, 'b', 'target'), 2)), modelKey(settings, T.addColumn(table, 1, 'b', 'target')));
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
