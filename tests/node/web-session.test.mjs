// Sessions of the web page: share links (round trip, caps before and while decoding) and
// the check every session from a link or from storage passes (session-check.js) with the
// core's rules (the WebAssembly build), plus a fuzz loop with a fixed budget: mutated
// sessions never make the check throw, hang or let through what the page cannot use.
//
// Needs the "wasm" preset build (MICRODFF_WASM_DIR, default build/wasm/wasm). Outside CI a
// missing build skips; in CI (CI=true) it fails.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { encodeShare, decodeShare, SESSION_VERSION } from '../../web/src/session.js';
import { checkSession } from '../../web/src/session-check.js';
import { PAGE_LIMITS, pageCaps } from '../../web/src/limits.js';
import { ROLES } from '../../web/src/table.js';
import { loadMicrodff } from '../../wasm/js/microdff.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.resolve(repo, process.env.MICRODFF_WASM_DIR || 'build/wasm/wasm');
let skip = false;
if (!fs.existsSync(path.join(wasmDir, 'microdff.wasm'))) {
  if (process.env.CI === 'true') throw new Error(`${wasmDir}/microdff.wasm is missing: build the wasm preset`);
  skip = `${wasmDir}/microdff.wasm is missing; skipped outside CI`;
}

const PRESETS = ['seed', 'xor', 'iris'];
let dff;
let caps;
before(async () => {
  if (skip) return;
  const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
  dff = await loadMicrodff({ factory, wasmBinary: fs.readFileSync(path.join(wasmDir, 'microdff.wasm')) });
  caps = pageCaps(dff.rules.limits);
});

const session = {
  v: SESSION_VERSION,
  table: { names: ['a', '<img src=x onerror=alert(1)>', 'y'], rows: [['0', '1', 'cat'], ['1', '0', 'dog']], roles: ['input', 'input', 'classes'] },
  settings: { hidden: '4', epochs: 100, learningRate: '0.01', output: 'softmax', exportName: 'pets' },
  touched: ['hidden', 'epochs', 'learningRate', 'output'],
  model: '',
  history: [],
  testHistory: [],
  testData: { mode: 'split', percent: 25, seed: 3 },
  preset: 'xor',
  meta: { epoch: 10, base: 0, target: 20, key: 'k' },
};
const linkCaps = { maxShareChars: PAGE_LIMITS.maxShareChars, maxSharedJsonBytes: PAGE_LIMITS.maxSharedJsonBytes };
const rawLink = (json) => '#s=' + zlib.deflateRawSync(Buffer.from(json)).toString('base64url');

test('a share link round-trips a session and is compact', async () => {
  const hash = await encodeShare(session);
  assert.match(hash, /^s=[A-Za-z0-9_-]+$/);
  assert.deepEqual((await decodeShare('#' + hash, linkCaps)).raw, session);
  const big = { ...session, table: { ...session.table, rows: Array.from({ length: 200 }, () => ['0.5', '0.25', 'cat']) } };
  const bigHash = await encodeShare(big);
  assert.ok(bigHash.length < JSON.stringify(big).length / 5, `deflate should shrink repetitive data (${bigHash.length})`);
});

test('bad links say why and never throw', async () => {
  for (const h of ['', '#', '#s=', '#s=!!!', '#s=AAAA', '#x=abc', '#s=' + Buffer.from('{}').toString('base64url')]) {
    const r = await decodeShare(h, linkCaps);
    assert.equal(r.raw, undefined, h);
    assert.match(r.problem, /not a microdff share link|damaged/, h);
  }
});

test('a link longer than the cap is refused before it is decoded', async () => {
  const r = await decodeShare('#s=' + 'A'.repeat(60000), linkCaps);
  assert.match(r.problem, /60,003 characters long; share links hold up to 8,000/);
});

test('a small link that inflates past the cap is refused while it inflates', async () => {
  // 2 MB of JSON in a few kB of link: a table of 250,000 rows of zeros.
  const json = JSON.stringify({ ...session, table: { names: ['a', 'y'], roles: ['input', 'target'], rows: Array.from({ length: 250000 }, () => ['0', '0']) } });
  const hash = rawLink(json);
  assert.ok(hash.length < PAGE_LIMITS.maxShareChars, `the link is ${hash.length} characters`);
  const before = process.memoryUsage().arrayBuffers;
  const r = await decodeShare(hash, linkCaps);
  assert.match(r.problem, /unpacks to more than 256 kB/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024, 'stopped near the cap, not after inflating it all');
});

describe('checkSession: every field with the rules the page follows', { skip }, () => {
  test('a good session comes back as it was', () => {
    const r = checkSession(session, dff, caps, PRESETS);
    assert.deepEqual(r.notes, []);
    assert.deepEqual(r.session, session);
  });

  test('settings.hidden "x" is left out with the core\'s message; the rest is kept', () => {
    const r = checkSession({ ...session, settings: { ...session.settings, hidden: 'x' } }, dff, caps, PRESETS);
    assert.equal(r.session.settings.hidden, undefined);
    assert.deepEqual(r.session.touched, ['epochs', 'learningRate', 'output']);
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0], /^the hidden layers 'x' were left out: /);
    assert.equal(r.session.settings.epochs, 100);
  });

  test('fifteen hidden layers of 4096 (a network the engine cannot hold) are left out with the core\'s message', () => {
    const r = checkSession({ ...session, settings: { ...session.settings, hidden: Array(15).fill(4096) } }, dff, caps, PRESETS);
    assert.equal(r.session.settings.hidden, undefined);
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0], /^the hidden layers '\[4096,4096,.*' were left out: Hidden layers: these widths make a network of 234,938,368 weights and biases; at most 16,777,216/);
  });

  test('values out of the core\'s range or of another type are left out, each with a note', () => {
    const r = checkSession({ ...session, settings: { ...session.settings, learningRate: 50, output: 'sparkle', epochs: { n: 1 } } }, dff, caps, PRESETS);
    assert.deepEqual(Object.keys(r.session.settings).sort(), ['exportName', 'hidden']);
    assert.equal(r.notes.length, 3);
    assert.ok(r.notes.some((n) => /learning rate '50' were left out: Learning rate: use a number from/.test(n)), r.notes.join('\n'));
  });

  test('a table that does not fit refuses the whole session, saying what is wrong', () => {
    const bad = (table) => checkSession({ ...session, table: { ...session.table, ...table } }, dff, caps, PRESETS).problem;
    assert.match(bad({ rows: 'x' }), /is not a table/);
    assert.match(bad({ rows: [['0', 1, 'cat']] }), /row 1 has a cell that is not text/);
    assert.match(bad({ roles: ['input', 'input', 'boss'] }), /role 'boss'/);
    assert.match(bad({ names: ['a', 'b'] }), /not one role per column/);
    assert.match(bad({ names: ['a', 'n'.repeat(257), 'y'] }), /column name that is not a text of at most 256 bytes/);
    assert.match(bad({ rows: [Array.from({ length: 8193 }, () => '1')] }), /row 1 has more than 8192 cells/);
    assert.match(checkSession({ ...session, v: 2 }, dff, caps, PRESETS).problem, /another version/);
    assert.match(checkSession(null, dff, caps, PRESETS).problem, /not a microdff session/);
  });

  test('a model the core cannot read is left out; a tiny file declaring a huge network costs little', () => {
    const huge = JSON.stringify({ format: 'microdff-model', version: 1, topology: Array(17).fill(4096), activations: Array(16).fill('relu'), bias: true, layers: [] });
    const r = checkSession({ ...session, model: huge, history: [[1, 0.5]] }, dff, caps, PRESETS);
    assert.equal(r.session.model, '');
    assert.deepEqual(r.session.history, []);
    assert.match(r.notes[0], /^the trained model was left out: /);
  });

  test('test data are kept as the Data card holds them, or left out with the core\'s limits in the note', () => {
    const testData = (t) => checkSession({ ...session, testData: t }, dff, caps, PRESETS);
    const file = { mode: 'file', name: 'test.csv', csv: 'a,b,y\n1,0,cat\n' };
    assert.deepEqual(testData(file).session.testData, file);
    assert.deepEqual(testData({ mode: 'none' }).session.testData, { mode: 'none' });
    const before = testData(undefined);
    assert.deepEqual([before.session.testData, before.notes], [{ mode: 'none' }, []], 'a session from before test data');
    const left = (t, why) => {
      const r = testData(t);
      assert.deepEqual(r.session.testData, { mode: 'none' }, JSON.stringify(t));
      assert.equal(r.notes.length, 1, r.notes.join('\n'));
      assert.match(r.notes[0], why);
    };
    const [lo, hi] = ['min', 'max'].map((k) => +(dff.rules.limits.validationFraction[k] * 100).toPrecision(6));
    left({ mode: 'split', percent: hi + 5, seed: 3 }, new RegExp(`^the test data were left out: Hold out from ${lo} to ${hi} % of the rows`));
    left({ mode: 'split', percent: 25, seed: -1 }, /split's seed is a whole number from 0/);
    left({ mode: 'split', percent: { n: 1 }, seed: 3 }, /split's percent '\{"n":1\}' is not a number/);
    left({ mode: 'file', csv: 7 }, /second CSV is not text/);
    left({ mode: 'file', csv: 'x'.repeat(caps.maxChars + 1) }, /more than 33,554,432 characters/);
    left({ mode: 'file', name: 'n'.repeat(300), csv: 'a\n' }, /file name is not a text of at most 256 bytes/);
    left({ mode: 'boss' }, /not a choice the Data card offers/);
    left('split', /not a choice the Data card offers/);
  });

  test('the test curve is kept with a model, its points checked; early stopping\'s patience with the core\'s range', () => {
    const data = dff.parseDataset('a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n', { inputs: 2 });
    const m = dff.createModel(dff.resolveSettings(data, { hidden: [3] }), data);
    const model = new TextDecoder().decode(m.export('json', { name: 'xor' }));
    m.dispose();
    const r = checkSession({ ...session, model, history: [[1, 0.5]], testHistory: [[1, 0.6], ['a', 1], [2], [-1, 0.2], [3, 0.4]] }, dff, caps, PRESETS);
    assert.deepEqual(r.notes, []);
    assert.deepEqual(r.session.testHistory, [[1, 0.6], [3, 0.4]]);
    assert.deepEqual(checkSession({ ...session, testHistory: [[1, 0.6]] }, dff, caps, PRESETS).session.testHistory, [], 'no model, no curve');
    const patience = (earlyStop) => checkSession({ ...session, settings: { ...session.settings, earlyStop }, touched: [...session.touched, 'earlyStop'] }, dff, caps, PRESETS);
    assert.equal(patience(20).session.settings.earlyStop, 20);
    const bad = patience(-1);
    assert.equal(bad.session.settings.earlyStop, undefined);
    assert.match(bad.notes[0], /^the early stopping patience '-1' were left out: Early stop: use a whole number from 0 to 100000/);
  });
});

// Mutations of a good session: one field replaced by something hostile or odd.
const ODD = [null, undefined, true, 0, -1, 1e308, NaN, '', 'x', '__proto__', [], {}, [[]], ['x'], { length: 1e9 }, 'a'.repeat(5000), Array(300).fill('8'), { __proto__: { polluted: 1 } }];
function mutate(rnd) {
  const s = structuredClone(session);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const paths = [
    ['v'], ['table'], ['table', 'names'], ['table', 'rows'], ['table', 'roles'], ['table', 'rows', 0], ['table', 'rows', 0, 1], ['table', 'names', 0], ['table', 'roles', 2],
    ['settings'], ['settings', 'hidden'], ['settings', 'activations'], ['settings', 'output'], ['settings', 'loss'], ['settings', 'epochs'], ['settings', 'learningRate'],
    ['settings', 'batchSize'], ['settings', 'seed'], ['settings', 'normalize'], ['settings', 'exportName'], ['touched'], ['touched', 0], ['model'], ['history'], ['preset'], ['meta'], ['meta', 'key'], ['meta', 'epoch'],
    ['settings', 'earlyStop'], ['testHistory'], ['testData'], ['testData', 'mode'], ['testData', 'percent'], ['testData', 'seed'], ['testData', 'csv'], ['testData', 'name'],
  ];
  for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
    const p = pick(paths);
    let at = s;
    for (const key of p.slice(0, -1)) at = at?.[key];
    if (at && typeof at === 'object') at[p.at(-1)] = structuredClone(pick(ODD));
  }
  if (rnd() < 0.2) s.touched = ['hidden', 'activations', 'output', 'loss', 'optimizer', 'learningRate', 'epochs', 'batchSize', 'seed', 'init', 'normalize', 'bias', 'l2', 'earlyStop', 'constructor'];
  return s;
}

test('fuzz: mutated sessions are refused or come back checked, within a fixed budget', { skip }, () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const deadline = performance.now() + 3000;
  let runs = 0;
  let refused = 0;
  while (performance.now() < deadline) {
    const input = mutate(rnd);
    const t0 = performance.now();
    const r = checkSession(input, dff, caps, PRESETS);
    assert.ok(performance.now() - t0 < 200, 'each check is quick');
    runs++;
    if (r.problem) {
      assert.equal(typeof r.problem, 'string');
      refused++;
      continue;
    }
    const s = r.session;
    assert.equal(s.v, SESSION_VERSION);
    assert.ok(s.table.names.every((n) => typeof n === 'string') && s.table.roles.every((x) => ROLES.includes(x)));
    assert.ok(s.table.rows.every((row) => Array.isArray(row) && row.every((c) => typeof c === 'string')));
    assert.ok(s.touched.every((k) => k in s.settings));
    assert.ok(PRESETS.includes(s.preset) || s.preset === '');
    assert.ok(['none', 'split', 'file'].includes(s.testData.mode) && (s.testData.mode !== 'file' || typeof s.testData.csv === 'string'));
    assert.equal(Object.getPrototypeOf(s.settings), Object.prototype);
    assert.equal({}.polluted, undefined);
    // What passed passes again unchanged, with nothing more to say.
    const again = checkSession(JSON.parse(JSON.stringify(s)), dff, caps, PRESETS);
    assert.deepEqual(again.notes, [], JSON.stringify(s.settings));
    assert.deepEqual(again.session, s);
  }
  assert.ok(runs > 200, `${runs} runs`);
  assert.ok(refused > 0 && refused < runs);
});
