// The data path as people use it: large and wide files, semicolons, tabs and decimal
// commas, numeric class labels, paste and open alike, and the table from the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, pasteCsv, trainToEnd, waitTrainable, screenshot, tid, fromRepo } from './harness.mjs';
import { digitsCsv, gridCsv, wineCsv } from './data-files.mjs';

let pg;
let dir;
before(async () => {
  pg = await startPlayground();
  dir = mkdtempSync(path.join(os.tmpdir(), 'microdff-data-'));
});
after(async () => {
  await pg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const summary = (page) => page.textContent('#data-summary');
const waitSummary = (page, re, timeout = 30000) =>
  page.waitForFunction((src) => new RegExp(src).test(document.getElementById('data-summary').textContent), re.source, { timeout });
const file = (name, text) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('a CSV of 130,000 rows opens; the table draws only the rows in view', { timeout: 120000 }, async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.setInputFiles(tid('csv-file'), file('rows.csv', gridCsv(130000, 2)));
  await waitSummary(page, /^130000 rows/, 90000);
  assert.equal(await page.getAttribute('#table-wrap [role="grid"]', 'aria-rowcount'), '130002');
  assert.ok((await page.locator('#table-wrap tr.row').count()) < 100);
  await page.close();
});

test('XOR with hidden layers 512,512: the diagram, the heatmaps and the export sizes show', { timeout: 120000 }, async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="xor"]');
  await waitSummary(page, /^4 rows/);
  await page.fill(tid('hidden-layers'), '512,512');
  await page.fill(tid('epochs'), '1');
  await trainToEnd(page);
  await page.waitForFunction(() => document.querySelector('#diagram svg line') && document.querySelectorAll('#heatmaps canvas').length === 3, null, { timeout: 30000 });
  await page.waitForFunction(() => /flash/.test(document.querySelector('.footprint')?.textContent ?? ''), null, { timeout: 30000 });
  await page.close();
});

test('a CSV wider than the column cap is refused at once, naming the line; the table keeps its data', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await waitSummary(page, /^8 rows/);
  const wide = Array.from({ length: 20000 }, (_, c) => `c${c}`).join(',') + '\n' + Array.from({ length: 20000 }, () => '1').join(',') + '\n';
  const t0 = Date.now();
  await page.setInputFiles(tid('csv-file'), file('wide.csv', wide));
  await page.waitForFunction(() => !document.querySelector('[data-testid="data-note"]')?.hidden, null, { timeout: 10000 });
  const took = Date.now() - t0;
  assert.match(await page.textContent(tid('data-note')), /^wide\.csv was not opened: line 1 has more than 8,192 columns; a network has at most 4,096 inputs and 4,096 outputs\. The table still holds the data it had\.$/);
  assert.ok(took < 5000, `answered in ${took} ms`);
  assert.match(await summary(page), /^8 rows/);
  await page.close();
});

test('a table of 300 columns draws only the columns in view; scrolling shows the others', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.setInputFiles(tid('csv-file'), file('cols.csv', gridCsv(40, 300)));
  await waitSummary(page, /^40 rows.*299 inputs/);
  assert.ok((await page.locator('#table-wrap th.name').count()) < 40, 'a screenful of columns');
  await page.evaluate(() => {
    const wrap = document.getElementById('table-wrap');
    wrap.scrollLeft = wrap.scrollWidth;
  });
  await page.waitForSelector('#table-wrap th.name[data-col="299"]');
  assert.equal(await page.getAttribute('#table-wrap [role="grid"]', 'aria-colcount'), '302');
  await page.close();
});

test('paste guesses as open does: wine pasted after XOR gives 13 inputs and 3 classes', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="xor"]');
  await waitSummary(page, /^4 rows/);
  await pasteCsv(page, wineCsv());
  await waitSummary(page, /^178 rows.*13 inputs.*3 classes/);
  assert.equal(await page.isHidden(tid('error')), true);
  await page.click('[data-preset="xor"]');
  await waitSummary(page, /^4 rows/);
  await page.setInputFiles(tid('csv-file'), file('wine.csv', wineCsv()));
  await waitSummary(page, /^178 rows.*13 inputs.*3 classes/);
  await page.close();
});

test('semicolon and tab separators and decimal commas are read, and the summary says so', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  const rows = ['a;b;y', ...Array.from({ length: 8 }, (_, i) => `${i},5;${(i * 0.25).toFixed(2).replace('.', ',')};${i % 2}`)];
  await pasteCsv(page, rows.join('\n') + '\n');
  await waitSummary(page, /^8 rows.*2 inputs/);
  assert.equal(await page.textContent(tid('data-format')), 'Read as semicolon-separated, decimal commas read as points (1,5 = 1.5).');
  await waitTrainable(page);
  assert.match(await page.textContent('#predict-examples'), /0\.5,0/);
  await pasteCsv(page, 'a\tb\ty\n1.5\t2\t0\n2.5\t3\t1\n3.5\t1\t0\n');
  await waitSummary(page, /^3 rows.*2 inputs/);
  assert.equal(await page.textContent(tid('data-format')), 'Read as tab-separated.');
  await page.close();
});

test('numeric class labels are guessed as classes and said so; the role can say numbers; classes sort naturally', { timeout: 120000 }, async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  const iris = readFileSync(fromRepo('examples/iris.csv'), 'utf8').replace(/setosa|versicolor|virginica/g, (s) => ({ setosa: '2', versicolor: '0', virginica: '1' })[s]);
  await page.setInputFiles(tid('csv-file'), file('iris012.csv', iris));
  await waitSummary(page, /^150 rows.*4 inputs.*3 classes.*one-hot: 0, 1, 2/);
  assert.equal(await page.textContent(tid('data-guess')), `'species' holds 3 distinct whole numbers: read as classes (set its role to "target (number)" to predict a number).`);
  await page.selectOption('[aria-label="Role of column 5"]', 'target');
  await waitSummary(page, /^150 rows.*4 inputs.*1 numeric output/);
  assert.equal(await page.locator(tid('data-guess')).count(), 0);

  await page.setInputFiles(tid('csv-file'), file('digits.csv', digitsCsv(200)));
  await waitSummary(page, /^200 rows.*64 inputs.*10 classes.*one-hot: d0, d1, d2, d3, d4, d5, d6, d7, d8, d9/);
  await page.fill(tid('epochs'), '2');
  await trainToEnd(page);
  const order = await page.evaluate(() => [...document.querySelectorAll('#confusion thead th.cls')].map((th) => th.textContent));
  assert.deepEqual(order, ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']);
  await page.close();
});

// Tabs from the Iris button until focus reaches "+ Row"; returns the elements passed.
async function tabToAddRow(page) {
  await page.focus('[data-preset="iris"]');
  const passed = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('role') || document.activeElement.tagName);
    if (at === 'add-row') return passed;
    passed.push(at);
  }
  return null;
}

test('the data table is one tab stop; arrow keys, typing, Enter and Escape work inside it', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="iris"]');
  await waitSummary(page, /^150 rows/);
  const passed = await tabToAddRow(page);
  assert.ok(passed, 'Tab reaches "+ Row" after the table');
  assert.equal(passed.filter((x) => x === 'grid').length, 1, `one tab stop in the table (${passed.join(', ')})`);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'grid');
  const active = () => page.evaluate(() => document.activeElement.getAttribute('aria-activedescendant'));
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  assert.equal(await active(), 'grid-1-1', 'names row, roles row, then data row 2; column 2');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  assert.equal(await active(), 'grid-2-1', 'Enter applies and moves down');
  await page.waitForFunction(() => document.querySelector('[data-testid="dataset-csv"]').value.split('\n')[2].startsWith('4.9,7,'));
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.keyboard.type('x');
  await page.keyboard.press('Escape');
  assert.equal(await page.textContent('#grid-1-1'), '7', 'Escape keeps the value');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'grid');
  await screenshot(page, 'data-grid-keyboard', '#data');
  await page.close();
});

test('on a phone the table scrolls inside its box and is still one tab stop', async () => {
  const phone = await pg.context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await openFresh(pg, phone);
  await phone.click('[data-preset="iris"]');
  await waitSummary(phone, /^150 rows/);
  const box = await phone.evaluate(() => document.getElementById('table-wrap').getBoundingClientRect().toJSON());
  assert.ok(box.left >= 0 && box.right <= 390, `the table's box fits the screen (${box.left}..${box.right})`);
  const passed = await tabToAddRow(phone);
  assert.ok(passed && passed.filter((x) => x === 'grid').length === 1, `one tab stop (${passed?.join(', ')})`);
  await screenshot(phone, 'data-grid-phone');
  await phone.close();
});
