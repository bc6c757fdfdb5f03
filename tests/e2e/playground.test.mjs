// End-to-end tests of the playground in real Chromium: train the seed example, export
// byte-identical to `dff export`, cell errors, responsiveness, session, XSS, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, pasteCsv, trainToEnd, waitTrainable, predict, screenshot, tid, dffBinary, fromRepo, forgetSessions } from './harness.mjs';

const seedCsv = readFileSync(fromRepo('examples/seed.csv'), 'utf8');
const seedRows = seedCsv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
let pg;
let tmp;

before(async () => {
  pg = await startPlayground();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'microdff-e2e-'));
});

after(async () => {
  await pg?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

test('paste the seed example, train, every prediction is right', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="xor"]'); // start from something else, then paste
  await pasteCsv(page, seedCsv, 3);
  await page.waitForFunction(() => /8 rows.*3 inputs.*2 classes/.test(document.getElementById('data-summary').textContent));
  assert.equal(await page.inputValue(tid('inputs-count')), '3');
  assert.equal(await page.locator('.data-grid tbody tr.row').count(), 8);
  await screenshot(page, '1-overview');
  await trainToEnd(page);
  assert.equal(await page.textContent(tid('accuracy')), '100.0%');
  const loss = Number(await page.textContent(tid('loss-value')));
  assert.ok(loss < 0.05, `final loss ${loss}`);
  assert.equal(await page.evaluate(() => document.querySelector('[data-testid="progress"]').value), 1);
  for (const row of seedRows) {
    const { outputs } = await predict(page, row.slice(0, 3));
    assert.equal(outputs.length, 2);
    const want = row[3] === 1 ? 0 : 1;
    const got = outputs[0] >= outputs[1] ? 0 : 1;
    assert.equal(got, want, `row ${row.join(',')} -> ${outputs.join(',')}`);
    assert.ok(Math.abs(outputs[want] - 1) < 0.5);
  }
  // Values on hover in the diagram.
  await page.hover('#diagram line >> nth=0');
  assert.match(await page.textContent('#diagram-readout'), /^i1 → h1\.1: -?\d+\.\d+/);
  await screenshot(page, '2-training', '#network');
  await screenshot(page, '3-inspect', '#inspect');
  await predict(page, [0, 1, 1]);
  await screenshot(page, '4-predict', '#predict');
  await page.waitForFunction(() => /flash/.test(document.querySelector('.footprint').textContent));
  await screenshot(page, '5-export', '#export');
  await page.close();
});

test('every download is byte-identical to dff export of the downloaded JSON model', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="iris"]');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('150 rows'));
  // Iris measurements reach 7.9: normalisation is on by default (dff.defaults), and the core's reason is said.
  await page.waitForFunction(() => document.querySelector('[data-testid="normalize"]').checked);
  assert.match(await page.textContent('#normalize-hint'), /'sepal_length' reaches 7\.9, outside -1\.\.1/);
  await page.fill(tid('epochs'), '20');
  await trainToEnd(page);
  await page.locator('#inspect details summary').first().click();
  await screenshot(page, '9-inspect-iris', '#inspect');
  await page.fill('#export-name', 'iris_net');
  await page.dispatchEvent('#export-name', 'change');
  await page.waitForFunction(() => /flash/.test(document.querySelector('.footprint').textContent));
  const flashText = await page.textContent('.export-row .footprint');
  assert.match(flashText, /flash [\d.]+ k?B · RAM [\d.]+ k?B/);
  const download = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(tid(id))]);
    const file = path.join(tmp, d.suggestedFilename());
    await d.saveAs(file);
    return file;
  };
  const json = await download('download-json');
  assert.equal(path.basename(json), 'iris_net.json');
  const dff = dffBinary();
  const cases = [['download-c', 'c'], ['download-c-int8', 'c-int8'], ['download-micropython', 'micropython'], ['download-blob', 'blob'], ['download-json', 'json'], ['download-arduino', 'arduino']];
  for (const [id, format] of cases) {
    const got = readFileSync(await download(id));
    const ref = path.join(tmp, `ref-${format}`);
    // c-int8 is fitted on the rows the page trained on: the iris preset, examples/iris.csv.
    const calibrate = format === 'c-int8' ? ['--calibrate', fromRepo('examples/iris.csv')] : [];
    execFileSync(dff, ['export', json, '--format', format, '--name', 'iris_net', '-o', ref, ...calibrate]);
    const want = readFileSync(ref);
    assert.ok(got.length > 100, `${format} download has content`);
    assert.ok(got.equals(want), `${format}: page download (${got.length} B) differs from dff export (${want.length} B)`);
  }
  const header = readFileSync(path.join(tmp, 'iris_net.h'), 'utf8');
  await page.click('[aria-label="Copy C header to the clipboard"]');
  await page.waitForFunction(() => /copied/.test(document.getElementById('toast').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), header, 'the copied header is the downloaded one');
  const flash = /flash ([\d.]+) (k?B)/.exec(flashText);
  assert.ok(header.includes('iris_net'), 'the name reaches the header');
  assert.ok(Number(flash[1]) > 0);
  await page.close();
});

test('a ragged or non-numeric CSV is flagged at the cell and training is disabled', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await pasteCsv(page, 'a,b,y\n0,0,0\n0,1\n1,0,1\n', 2);
  await page.waitForSelector('td.invalid');
  const ragged = await page.evaluate(() => [...document.querySelectorAll('td.invalid')].map((td) => [Number(td.dataset.row), Number(td.dataset.col), td.dataset.error]));
  // Data row 2 (index 1), column 3 (y, index 2): the missing cell.
  assert.deepEqual(ragged.map((r) => r.slice(0, 2)), [[1, 2]]);
  assert.match(ragged[0][2], /Row 2 has 2 cells, the header has 3/);
  assert.equal(await page.isDisabled(tid('train')), true);
  assert.match(await page.textContent(tid('error')), /Row 2 has 2 cells/);
  assert.equal(await page.getAttribute('td.invalid', 'aria-invalid'), 'true');
  await screenshot(page, '6-cell-error', '#data');

  await pasteCsv(page, 'a,b,y\n0,0,0\n0,x1,1\n1,0,1\n', 2);
  await page.waitForFunction(() => document.querySelector('td.invalid')?.dataset.error?.includes('x1'));
  const bad = await page.evaluate(() => [...document.querySelectorAll('td.invalid')].map((td) => [Number(td.dataset.row), Number(td.dataset.col)]));
  assert.deepEqual(bad, [[1, 1]]);
  assert.equal(await page.isDisabled(tid('train')), true);
  assert.match(await page.textContent(tid('error')), /'x1' is not a number/);
  // Fixing the cell in the table fixes the CSV text and enables training.
  await page.click('td.invalid');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await waitTrainable(page);
  // A bad setting also blocks training, with the core's message at its field.
  await page.fill(tid('hidden-layers'), '8,a');
  await page.waitForFunction(() => document.querySelector('[data-testid="train"]').disabled);
  assert.match(await page.textContent('#hidden-layers-problem'), /Hidden layers: use up to \d+ widths from 1 to \d+.*not '8,a'/);
  assert.equal(await page.isHidden(tid('error')), true, 'the data problem box is for the data');
  assert.equal(await page.getAttribute(tid('hidden-layers'), 'aria-invalid'), 'true');
  await page.fill(tid('hidden-layers'), '8,4');
  await waitTrainable(page);
  assert.equal(await page.isHidden(tid('error')), true);
  assert.equal(await page.locator('#topology .layer.hidden').count(), 2);
  assert.equal(await page.inputValue(tid('dataset-csv')), 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n');
  assert.equal(await page.locator('td.invalid').count(), 0);
  await page.close();
});

test('the page stays responsive during a long training, and stop/resume work', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="iris"]');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('150 rows'));
  await page.fill(tid('hidden-layers'), '64,64');
  await page.fill(tid('epochs'), '1000000');
  await waitTrainable(page);
  await page.click(tid('train'));
  await page.waitForFunction(() => /Training/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.evaluate(() => {
    window.__delays = [];
    document.getElementById('inspect-h').addEventListener('click', (e) => window.__delays.push(performance.now() - e.timeStamp));
  });
  const epochAt = async () => Number((await page.textContent('#epoch-text')).match(/epoch (\d+)/)[1]);
  const e0 = await epochAt();
  for (let i = 0; i < 10; i++) {
    await page.click('#inspect-h');
    await page.waitForTimeout(150);
  }
  const delays = await page.evaluate(() => window.__delays);
  assert.equal(delays.length, 10);
  assert.ok(Math.max(...delays) < 100, `click handling delays (ms): ${delays.map((d) => d.toFixed(1)).join(', ')}`);
  const e1 = await epochAt();
  assert.ok(e1 > e0, `training went on meanwhile (${e0} -> ${e1})`);
  await page.click(tid('stop'));
  await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent));
  const stopped = await epochAt();
  assert.equal(await page.textContent(tid('train')), 'Resume');
  await page.waitForTimeout(300);
  assert.equal(await epochAt(), stopped, 'no training after stop');
  await page.click(tid('train'));
  await page.waitForFunction((s) => Number(document.getElementById('epoch-text').textContent.match(/epoch (\d+)/)[1]) > s, stopped);
  await page.click(tid('stop'));
  await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.close();
});

test('reload keeps the data, the settings and the trained model', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="xor"]');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('4 rows'));
  assert.equal(await page.isChecked(tid('normalize')), false, 'XOR inputs are already 0/1: no normalisation');
  await page.fill(tid('hidden-layers'), '6');
  await page.fill(tid('seed'), '7');
  await trainToEnd(page);
  const before = await predict(page, [1, 0]);
  const csv = await page.inputValue(tid('dataset-csv'));
  const acc = await page.textContent(tid('accuracy'));
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForFunction(() => /^Restored/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
  assert.equal(await page.inputValue(tid('dataset-csv')), csv);
  assert.equal(await page.inputValue(tid('hidden-layers')), '6');
  assert.equal(await page.inputValue(tid('seed')), '7');
  await page.waitForFunction((a) => document.querySelector('[data-testid="accuracy"]').textContent === a, acc);
  const after = await predict(page, [1, 0]);
  assert.deepEqual(after.outputs, before.outputs, 'the restored model predicts exactly as before');
  assert.equal(await page.textContent(tid('train')), 'Train more');
  await screenshot(page, '7-inspect-xor-decision-map', '#inspect');
  await page.close();
});

test('a column name with HTML is shown as text, never run', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  const evil = '<img src=x onerror="window.__xss=1">';
  await pasteCsv(page, `"${evil.replace(/"/g, '""')}",b,label\n0,0,<b>no</b>\n0,1,yes\n1,0,yes\n1,1,<b>no</b>\n`, 2);
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('4 rows'));
  assert.equal(await page.textContent('.data-grid th.name .name-text'), evil);
  await page.fill(tid('epochs'), '50');
  await trainToEnd(page);
  await predict(page, [0, 1]);
  const state = await page.evaluate(() => ({
    imgs: document.querySelectorAll('main img, main b:not(.tag)').length,
    xss: window.__xss,
    summary: document.getElementById('data-summary').textContent,
    diagram: document.getElementById('diagram').textContent,
    predictNames: document.getElementById('predict-names').textContent,
    confusion: document.getElementById('confusion').textContent,
  }));
  assert.equal(state.imgs, 0, 'no element was created from user text');
  assert.equal(state.xss, undefined);
  assert.ok(state.summary.includes('<b>no</b>'), state.summary);
  assert.ok(state.predictNames.includes(evil), state.predictNames);
  assert.ok(state.confusion.includes('<b>no</b>'));
  assert.ok(state.diagram.includes('<img src=x'), 'the diagram shows the name as text');
  // The Content-Security-Policy is in force: no eval, no inline script, WebAssembly allowed.
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  const scriptSrc = /script-src ([^;]*)/.exec(csp)[1];
  assert.equal(scriptSrc.trim(), "'self' 'wasm-unsafe-eval'");
  const before = pg.problems.length;
  const blocked = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = 1';
    document.body.append(script);
    setTimeout('window.__stringTimer = 1', 0);
    await new Promise((r) => setTimeout(r, 50));
    return [window.__inline, window.__stringTimer];
  });
  assert.deepEqual(blocked, [undefined, undefined], 'inline script and string timers are refused by the CSP');
  await page.waitForTimeout(100);
  const raised = pg.problems.splice(before);
  assert.ok(raised.length >= 1 && raised.every((p) => /unsafe-eval|script-src|CSP violation/.test(p)), raised.join('\n'));
  await page.close();
});

test('open a CSV file and a JSON model file; a share link restores the session', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  // Drag and drop a CSV file onto the page.
  const drop = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'seed.csv', { type: 'text/csv' }));
    return dt;
  }, seedCsv);
  await page.dispatchEvent('#data', 'dragenter', { dataTransfer: drop });
  assert.equal(await page.isVisible('#drop-overlay'), true, 'the drop zone shows while dragging');
  await page.dispatchEvent('#data', 'drop', { dataTransfer: drop });
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('8 rows'));
  assert.equal(await page.isVisible('#drop-overlay'), false);
  assert.equal(await page.inputValue(tid('dataset-csv')), seedCsv);
  await page.setInputFiles('#csv-file', { name: 'xor data.csv', mimeType: 'text/csv', buffer: Buffer.from(readFileSync(fromRepo('examples/xor.csv'))) });
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('4 rows'));
  assert.equal(await page.inputValue(tid('inputs-count')), '2');
  await page.fill(tid('seed'), '3');
  await trainToEnd(page);
  const want = await predict(page, [0, 1]);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(tid('download-json'))]);
  const json = path.join(tmp, 'xor-model.json');
  await d.saveAs(json);
  await page.click(tid('reset'));
  await page.waitForFunction(() => /^Reset/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.setInputFiles('#model-file', json);
  await page.waitForFunction(() => /^Model model\.json|^Model xor-model\.json/.test(document.querySelector('[data-testid="status"]').textContent));
  assert.deepEqual((await predict(page, [0, 1])).outputs, want.outputs, 'the opened model predicts as the downloaded one');

  await page.click('#share');
  await page.waitForFunction(() => /^#s=/.test(location.hash));
  const link = await page.evaluate(() => location.href);
  await page.evaluate(forgetSessions);
  const other = await pg.newPage();
  await other.goto(link);
  await other.waitForFunction(() => /^Restored/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
  assert.equal(await other.inputValue(tid('dataset-csv')), readFileSync(fromRepo('examples/xor.csv'), 'utf8'));
  assert.deepEqual((await predict(other, [0, 1])).outputs, want.outputs, 'the shared model predicts the same');
  assert.equal(await other.evaluate(() => location.hash), '', 'the hash is consumed');
  await other.close();
  await page.close();
});

test('once loaded, the page works offline', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true', null, { timeout: 30000 });
  await pg.context.setOffline(true);
  try {
    await page.evaluate(forgetSessions);
    await page.reload();
    await page.waitForFunction(() => /Ready/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
    await trainToEnd(page);
    assert.equal(await page.textContent(tid('accuracy')), '100.0%');
  } finally {
    await pg.context.setOffline(false);
  }
  await page.close();
});

test('a tablet-sized window shows one column that fits the screen', async () => {
  const page = await pg.newPage();
  await page.setViewportSize({ width: 820, height: 1180 });
  await openFresh(pg, page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  await screenshot(page, '8-tablet');
  // Keyboard: Tab reaches the presets and Enter loads one.
  await page.focus('[data-preset="iris"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('150 rows'));
  await page.fill(tid('epochs'), '30');
  await trainToEnd(page);
  const overflowAfter = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflowAfter <= 0, `no horizontal scrolling after training (overflow ${overflowAfter}px)`);
  await screenshot(page, '8-tablet-inspect', '#inspect');
  await page.close();
});
