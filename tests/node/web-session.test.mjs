// Session helpers of the web page: URL-hash sharing round trip, sanitising, localStorage fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeShare, decodeShare, sanitizeSession, saveLocal, loadLocal, STORAGE_KEY, SESSION_VERSION } from '../../web/src/session.js';

const session = {
  v: SESSION_VERSION,
  table: { names: ['a', '<img src=x onerror=alert(1)>', 'y'], rows: [['0', '1', 'cat'], ['1', '0', 'dog']], roles: ['input', 'input', 'target'] },
  settings: { hidden: '4', epochs: 100 },
  touched: ['epochs'],
  model: '{"format":"microdff-model"}',
  history: [[1, 0.5], [2, 0.25]],
  testHistory: [[2, 0.4]],
  testData: { mode: 'split', percent: 25, seed: 3 },
  preset: 'xor',
  meta: { epoch: 10, base: 0, target: 20, key: 'k' },
};

test('share hash round-trips a session and is compact', async () => {
  const hash = await encodeShare(session);
  assert.match(hash, /^s=[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeShare('#' + hash), session);
  const big = { ...session, table: { ...session.table, rows: Array.from({ length: 200 }, () => ['0.5', '0.25', 'cat']) } };
  const bigHash = await encodeShare(big);
  assert.ok(bigHash.length < JSON.stringify(big).length / 5, `deflate should shrink repetitive data (${bigHash.length})`);
});

test('bad hashes decode to null, never throw', async () => {
  for (const h of ['', '#', '#s=', '#s=!!!', '#s=AAAA', '#x=abc', '#s=' + btoa('{}')]) {
    assert.equal(await decodeShare(h), null, h);
  }
});

test('sanitizeSession drops unknown fields and malformed tables', () => {
  const s = sanitizeSession({ ...session, evil: 'x', table: { names: [1], rows: [], roles: [] } });
  assert.equal('evil' in s, false);
  assert.equal(s.table, null);
  assert.equal(sanitizeSession({ v: 99 }), null);
  assert.deepEqual(sanitizeSession({ ...session, history: [[1, 2], ['a', 3], [1]] }).history, [[1, 2]]);
  assert.deepEqual(sanitizeSession({ ...session, testHistory: [[1, 2], [null, 3]] }).testHistory, [[1, 2]]);
  assert.deepEqual(sanitizeSession({ ...session, testData: { mode: 'file', csv: 7 } }).testData, { mode: 'none' });
  assert.deepEqual(sanitizeSession({ ...session, testData: undefined }).testData, { mode: 'none' }, 'a session from before test data');
});

test('saveLocal falls back to data and settings when the model does not fit', () => {
  const store = new Map();
  const storage = {
    setItem(k, v) {
      if (v.length > 400) throw new Error('QuotaExceededError');
      store.set(k, v);
    },
    getItem: (k) => store.get(k) ?? null,
  };
  const withBigModel = { ...session, model: 'x'.repeat(1000) };
  assert.equal(saveLocal(storage, withBigModel), false);
  const back = loadLocal(storage);
  assert.deepEqual(back.table, session.table);
  assert.equal(back.model, '');
  assert.ok(store.has(STORAGE_KEY));
});
