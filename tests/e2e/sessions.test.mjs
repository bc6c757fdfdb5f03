// Sessions as people use them: share links (good, hostile, too long, pasted into a tab
// already open, opened in a new tab over saved work), work kept in this browser across
// reloads (a 5 MB CSV too), what cannot be kept said where the note is, and Start over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startPlayground, forgetSessions, tid, fromRepo } from './harness.mjs';
import { bigCsv, gridCsv } from './data-files.mjs';

let pg;
let dir;
before(async () => {
  pg = await startPlayground();
  dir = mkdtempSync(path.join(os.tmpdir(), 'microdff-sessions-'));
});
after(async () => {
  await pg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const xorRows = readFileSync(fromRepo('examples/xor.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const irisLines = readFileSync(fromRepo('examples/iris.csv'), 'utf8').trim().split('\n');
const session = (over = {}) => ({
  v: 1,
  table: { names: ['x1', 'x2', 'y'], rows: xorRows, roles: ['input', 'input', 'target'] },
  settings: { epochs: 50 },
  touched: ['epochs'],
  model: '',
  history: [],
  preset: '',
  meta: { epoch: 0, base: 0, target: 0, key: '' },
  ...over,
});
const irisSession = () => session({ table: { names: irisLines[0].split(','), rows: irisLines.slice(1).map((l) => l.split(',')), roles: ['input', 'input', 'input', 'input', 'classes'] } });
const link = (s) => '#s=' + zlib.deflateRawSync(Buffer.from(typeof s === 'string' ? s : JSON.stringify(s))).toString('base64url');

const status = (page) => page.textContent(tid('status'));
const waitSummary = (page, re, timeout = 30000) =>
  page.waitForFunction((src) => new RegExp(src).test(document.getElementById('data-summary').textContent), re.source, { timeout });
const waitReady = (page) => page.waitForFunction(() => /^(Ready|Fix|Restored|Settings)/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
const offer = (page) => page.textContent(tid('session-offer'));
const saves = (page) => page.evaluate(() => Number(document.getElementById('share-note').dataset.saves ?? 0));
async function saved(page, after) {
  await page.waitForFunction((n) => Number(document.getElementById('share-note').dataset.saves ?? 0) > n, after, { timeout: 60000 });
}

// A page of a browser that has nothing kept yet.
async function freshPage(url = pg.url) {
  const page = await pg.newPage();
  await page.goto(pg.url);
  await page.evaluate(forgetSessions);
  await page.goto('about:blank'); // a new document: going from the page to its own #s=... would only change the hash
  await page.goto(url);
  return page;
}

test('a share link with hidden layers "x" opens without them and says why; presets, reloads and Start over work', async () => {
  const page = await freshPage(pg.url + link(session({ settings: { hidden: 'x', epochs: 50 }, touched: ['hidden', 'epochs'] })));
  await waitReady(page);
  await waitSummary(page, /^4 rows/);
  assert.match(await offer(page), /^Opened the shared session, but the hidden layers 'x' were left out: /);
  assert.notEqual(await page.inputValue(tid('hidden-layers')), 'x');
  assert.equal(await page.inputValue(tid('epochs')), '50');
  const n = await saves(page);
  await page.click('[data-preset="iris"]');
  await waitSummary(page, /^150 rows/);
  await saved(page, n);
  await page.reload();
  await waitReady(page);
  await waitSummary(page, /^150 rows/);
  await page.close();
});

test('a stored session that does not fit is not restored, says so, and Start over forgets it', async () => {
  const page = await freshPage();
  await waitReady(page);
  await saved(page, 0); // the seed's first save is over: nothing of this page writes after the test
  // What an older page kept in localStorage, with hidden layers the form cannot hold...
  await page.evaluate((s) => localStorage.setItem('microdff.session.v1', s), JSON.stringify(session({ settings: { hidden: { evil: 1 } }, touched: ['hidden'] })));
  await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('microdff');
    req.onsuccess = req.onerror = req.onblocked = resolve;
  }));
  await page.reload();
  await waitReady(page);
  await waitSummary(page, /^4 rows/);
  assert.match(await offer(page), /^Restored your session, but the hidden layers '\{"evil":1\}' were left out: not a value that field takes/);
  await saved(page, 0); // the restored session, checked, is kept in IndexedDB before the test writes there
  // ...and a record in IndexedDB whose table is not a table.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('microdff', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('sessions');
    req.onsuccess = () => {
      const tx = req.result.transaction('sessions', 'readwrite');
      tx.objectStore('sessions').put({ v: 1, table: { names: ['a'], roles: ['input'], rows: 'x' } }, 'current');
      tx.oncomplete = () => (req.result.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  await waitReady(page);
  await waitSummary(page, /^8 rows/);
  assert.match(await offer(page), /^The session kept in this browser was not restored: its data table is not a table/);
  await page.click('#clear-session');
  await waitSummary(page, /^8 rows/);
  await page.reload();
  await waitReady(page);
  assert.equal(await page.isHidden(tid('session-offer')), true);
  await page.close();
});

test('the link size cap applies when a link is opened: before decoding, and while it inflates', async () => {
  const long = await freshPage(pg.url + '#s=' + 'A'.repeat(52 * 1024));
  await waitReady(long);
  await long.waitForSelector(`${tid('session-offer')}:not([hidden])`);
  assert.match(await offer(long), /^The share link was not opened: the link is 53,251 characters long; share links hold up to 8,000\./);
  await long.close();
  // 2 MB of rows in a link of a few kB.
  const bomb = link(session({ table: { names: ['a', 'y'], roles: ['input', 'target'], rows: Array.from({ length: 250000 }, () => ['0', '0']) } }));
  assert.ok(bomb.length < 8000);
  const page = await freshPage(pg.url + bomb);
  await waitReady(page);
  await page.waitForSelector(`${tid('session-offer')}:not([hidden])`);
  assert.match(await offer(page), /^The share link was not opened: the link unpacks to more than 256 kB/);
  await waitSummary(page, /^8 rows/);
  await page.close();
});

test('a link pasted into an open tab is offered and opens; in a new tab it never replaces saved work unasked', async () => {
  const page = await freshPage();
  await waitReady(page);
  await page.click('[data-preset="xor"]');
  await waitSummary(page, /^4 rows/);
  await saved(page, await saves(page));
  await page.evaluate((h) => (location.hash = h), link(irisSession()));
  await page.waitForSelector(`${tid('session-offer')}:not([hidden])`);
  assert.match(await offer(page), /^This share link holds a session: 150 rows × 5 columns\. Opening it replaces the work kept in this browser\./);
  assert.match(await page.textContent('#data-summary'), /^4 rows/, 'nothing replaced before the person says so');
  let n = await saves(page);
  await page.click(tid('open-link'));
  await waitSummary(page, /^150 rows.*3 classes/);
  await saved(page, n);

  const other = await pg.newPage();
  await other.goto(pg.url + link(session()));
  await waitReady(other);
  await other.waitForSelector(`${tid('session-offer')}:not([hidden])`);
  await waitSummary(other, /^150 rows/);
  await other.click(tid('keep-work'));
  await other.reload();
  await waitReady(other);
  await waitSummary(other, /^150 rows/);
  assert.equal(await other.isHidden(tid('session-offer')), true);
  await other.close();
  await page.close();
});

test('reload after opening the 5 MB CSV restores it', { timeout: 240000 }, async () => {
  const file = path.join(dir, 'big.csv');
  writeFileSync(file, bigCsv());
  const page = await freshPage();
  await waitReady(page);
  await page.setInputFiles(tid('csv-file'), file);
  await waitSummary(page, /^50000 rows.*19 inputs.*3 classes/, 120000);
  await page.waitForFunction(() => document.getElementById('share-note').dataset.savedRows === '50000', null, { timeout: 60000 });
  assert.equal(await page.getAttribute('#share-note', 'data-tone'), null, await page.textContent('#share-note'));
  await page.reload();
  await waitSummary(page, /^50000 rows.*19 inputs.*3 classes/, 120000);
  await page.close();
});

test('what cannot be kept in this browser is said where the note is, with the data as a CSV file to keep', { timeout: 120000 }, async () => {
  // A browser with almost no room: the quota takes effect on storage cleared after it is set.
  const page = await pg.newPage();
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(pg.url).origin;
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb,local_storage' });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 64 * 1024 });
  try {
    await page.goto(pg.url);
    await waitReady(page);
    await page.setInputFiles(tid('csv-file'), { name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(gridCsv(20000, 5)) });
    await waitSummary(page, /^20000 rows/, 60000);
    // The save of this table ends in failure (-1 rows kept).
    await page.waitForFunction(() => document.getElementById('share-note').dataset.savedRows === '-1', null, { timeout: 60000 });
    assert.match(await page.textContent('#share-note'), /^This session could not be kept in this browser \(.+\): a reload would lose it\. Keep it yourself: download the data as CSV and the JSON model \(Export\)\.$/);
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#share-note ${tid('download-csv')}`)]);
    assert.equal(d.suggestedFilename(), 'rows.csv');
    const got = path.join(dir, 'got.csv');
    await d.saveAs(got);
    assert.equal(readFileSync(got, 'utf8'), gridCsv(20000, 5));
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb,local_storage' });
    await cdp.detach();
  }
  await page.close();
});

test('a session too large for a link: the note offers the data as a CSV file', async () => {
  const page = await freshPage();
  await waitReady(page);
  const rows = ['a,b,y', ...Array.from({ length: 3000 }, (_, i) => `${Math.sin(i).toFixed(6)},${Math.cos(i * 7).toFixed(6)},${i % 2}`)].join('\n') + '\n';
  await page.setInputFiles(tid('csv-file'), { name: 'waves.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
  await waitSummary(page, /^3000 rows/);
  await page.click('#share');
  await page.waitForSelector(`#share-note ${tid('download-csv')}`);
  assert.match(await page.textContent('#share-note'), /too large to share as a link/);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#share-note ${tid('download-csv')}`)]);
  assert.equal(d.suggestedFilename(), 'waves.csv');
  const got = path.join(dir, 'waves.csv');
  await d.saveAs(got);
  assert.equal(readFileSync(got, 'utf8'), rows);
  await page.close();
});
