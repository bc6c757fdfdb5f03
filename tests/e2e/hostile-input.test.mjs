// Hostile input to the page's readers (a share link, CSV texts opened or pasted; stored
// sessions are in sessions.test.mjs): each is answered with the core's message, the page's
// heap grows by less than 64 MB (CDP), inputs of a few hundred bytes run no main-thread task
// over a second (Long Tasks API), and the page still trains. docs/limits.md lists the caps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { startPlayground, forgetSessions, pasteCsv, trainToEnd, tid } from './harness.mjs';

let pg;
before(async () => {
  pg = await startPlayground();
});
after(async () => {
  await pg?.close();
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const link = (s) => '#s=' + zlib.deflateRawSync(Buffer.from(JSON.stringify(s))).toString('base64url');
const xorSession = (settings) => ({
  v: 1,
  table: { names: ['x1', 'x2', 'y'], rows: [['0', '0', '0'], ['0', '1', '1'], ['1', '0', '1'], ['1', '1', '0']], roles: ['input', 'input', 'target'] },
  settings,
  touched: Object.keys(settings),
  model: '',
  history: [],
  preset: '',
  meta: { epoch: 0, base: 0, target: 0, key: '' },
});
const waitSummary = (page, re, timeout = 30000) =>
  page.waitForFunction((src) => new RegExp(src).test(document.getElementById('data-summary').textContent), re.source, { timeout });
const waitNote = (page) => page.waitForFunction(() => !document.querySelector('[data-testid="data-note"]').hidden, null, { timeout: 10000 });

// A page of a fresh browser state that records its long tasks, at `hash`.
async function watchedPage(hash = '') {
  const page = await pg.newPage();
  await page.goto(pg.url);
  await page.evaluate(forgetSessions);
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('about:blank');
  await page.goto(pg.url + hash);
  await page.waitForFunction(() => /^(Ready|Fix|Restored|Settings)/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
  // The longest task that started after `from` (performance.now() of the page).
  const longest = (from) => page.evaluate((t) => window.__longTasks.filter(([s]) => s >= t).reduce((m, [, d]) => Math.max(m, d), 0), from);
  const now = () => page.evaluate(() => performance.now());
  return { page, heap, longest, now, close: async () => (await cdp.detach(), await page.close()) };
}

// What the input cost since `from`: no main-thread task over a second, under 64 MB of heap.
async function bounded(w, heapBefore, from, what) {
  const longest = await w.longest(from);
  const grown = (await w.heap()) - heapBefore;
  assert.ok(longest < 1000, `${what}: longest main-thread task ${Math.round(longest)} ms`);
  assert.ok(grown < 64 * 1024 * 1024, `${what}: the page's heap grew by ${(grown / 1048576).toFixed(1)} MB`);
}

test('a share link of a few hundred bytes asking for fifteen hidden layers of 4096 leaves them out, and Train works', { timeout: 120000 }, async () => {
  const hash = link(xorSession({ hidden: Array(15).fill(4096), epochs: 20 }));
  assert.ok(hash.length < 400);
  // Pasted into the open page (decoded and checked after t0), then opened.
  const w = await watchedPage();
  await waitSummary(w.page, /^8 rows/);
  const heap0 = await w.heap();
  const t0 = await w.now();
  await w.page.evaluate((h) => (location.hash = h), hash);
  await w.page.click(tid('open-link'));
  await waitSummary(w.page, /^4 rows/);
  await w.page.waitForFunction(() => /left out/.test(document.querySelector('[data-testid="session-offer"]').textContent), null, { timeout: 10000 });
  assert.match(await w.page.textContent(tid('session-offer')), /the hidden layers '\[4096,4096,[^']*' were left out: Hidden layers: these widths make a network of 234,938,368 weights and biases; at most 16,777,216/);
  assert.doesNotMatch(await w.page.inputValue(tid('hidden-layers')), /4096/);
  await trainToEnd(w.page);
  await bounded(w, heap0, t0, 'the link');
  await w.close();
});

test('CSV texts of a few hundred bytes that no reader may choke on: each is answered at once, and the page still trains', { timeout: 120000 }, async () => {
  const w = await watchedPage();
  await waitSummary(w.page, /^8 rows/);
  const heap0 = await w.heap();
  const t0 = await w.now();
  // Each is marked at its cell with the core's message, as a person's typing would be.
  const texts = [
    ['an open quote', `a,b,y\n1,2,"${'q'.repeat(400)}\n`, /^the class label is 401 bytes long \(column 'y'\); a class name may have at most 256 bytes$/],
    ['a 300-byte column name', `a,${'n'.repeat(300)},y\n1,2,3\n`, /^the column name is 300 bytes long; a name may have at most 256 bytes$/],
    ['a 300-byte class label', `a,b,y\n1,2,${'x'.repeat(300)}\n3,4,z\n`, /^the class label is 300 bytes long \(column 'y'\)/],
    ['control bytes and NULs', 'a,\u0000b,y\n\u001b]52;c;x\u0007,1,2\n\u0000,1,2\n', /^Row 1, column 'a': '\u001b\]52;c;x\u0007' is not a number\.$/],
  ];
  for (const [what, csv, says] of texts) {
    await pasteCsv(w.page, csv);
    await w.page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[aria-invalid="true"]')?.title ?? ''), says.source, { timeout: 10000 });
    assert.equal(await w.page.textContent(tid('status')), 'Fix the marked cells to train.', what);
    await bounded(w, heap0, t0, what);
  }
  await w.page.click('[data-preset="xor"]');
  await waitSummary(w.page, /^4 rows/);
  await trainToEnd(w.page);
  await w.close();
});

test('an opened CSV of 5,000 distinct labels stops at the class cap, naming the column, within 64 MB of heap', { timeout: 120000 }, async () => {
  const w = await watchedPage();
  await waitSummary(w.page, /^8 rows/);
  const heap0 = await w.heap();
  let csv = 'x,id\n';
  for (let r = 0; r < 5000; r++) csv += `1,r${r}\n`;
  await w.page.setInputFiles(tid('csv-file'), { name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await w.page.waitForFunction(() => /4096/.test(document.body.textContent), null, { timeout: 20000 });
  assert.match(await w.page.textContent('body'), /'id' has more than 4,?096 distinct class labels/);
  const grown = (await w.heap()) - heap0;
  assert.ok(grown < 64 * 1024 * 1024, `the class cap: the page's heap grew by ${(grown / 1048576).toFixed(1)} MB`);
  await w.close();
});
