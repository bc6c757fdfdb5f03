// The export panel's int8 preview: after training the seed example and iris, float vs int8
// figures appear, and the int8 values the page shows for every training row are those the
// page's own c-int8 download computes, compiled with the host's cc and run on the same rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, trainToEnd, predict, screenshot, tid, fromRepo } from './harness.mjs';

// Reads rows of raw inputs from stdin; prints "quantised inputs|int8 outputs" per row.
const DRIVER = `#include <stdio.h>
#include "model_int8.h"
int main(void) {
  float x[MODEL_INPUT_COUNT];
  int8_t q[MODEL_INPUT_COUNT], y[MODEL_OUTPUT_COUNT];
  for (;;) {
    for (int i = 0; i < MODEL_INPUT_COUNT; i++)
      if (scanf("%f", &x[i]) != 1) return 0;
    model_quantize_input(x, q);
    model_predict_int8(q, y);
    for (int i = 0; i < MODEL_INPUT_COUNT; i++) printf(i ? " %d" : "%d", q[i]);
    printf("|");
    for (int i = 0; i < MODEL_OUTPUT_COUNT; i++) printf(i ? " %d" : "%d", y[i]);
    printf("\\n");
  }
}
`;

let pg;
let tmp;

before(async () => {
  pg = await startPlayground();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'microdff-int8-'));
});

after(async () => {
  await pg?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

// className: the first row's class (a setosa, which any trained iris network gets right).
for (const { preset, inputs, rows, epochs, className } of [
  { preset: 'seed', inputs: 3, rows: 8 },
  { preset: 'iris', inputs: 4, rows: 150, epochs: 20, className: 'setosa' },
]) {
  test(`${preset}: float vs int8 figures, and the page's int8 values are the c-int8 header's`, async () => {
    const page = await pg.newPage();
    await openFresh(pg, page);
    await page.click(`[data-preset="${preset}"]`);
    await page.waitForFunction((n) => document.getElementById('data-summary').textContent.includes(`${n} rows`), rows);
    if (epochs) await page.fill(tid('epochs'), String(epochs));
    await trainToEnd(page);
    // The rows are drawn when their part is opened.
    await page.locator(`${tid('int8-preview')} summary`).click();
    await page.waitForSelector(`${tid('int8-rows')} tbody tr`);

    // Float and int8 side by side; the float accuracy is the one the page states.
    const cells = (id) => page.$$eval(`${tid(id)} td`, (tds) => tds.map((td) => td.textContent));
    const [floatAcc, int8Acc] = await cells('int8-accuracy');
    assert.equal(floatAcc, await page.textContent(tid('accuracy')));
    assert.match(int8Acc, /^\d+\.\d%$/);
    assert.match((await cells('int8-class-differs'))[1], /^\d+$/);
    assert.match((await cells('int8-max-difference'))[1], /^\d/);
    for (const id of ['int8-flash', 'int8-ram']) {
      const [f, q] = await cells(id);
      assert.match(f, /^[\d.]+ k?B$/, id);
      assert.match(q, /^[\d.]+ k?B$/, id);
    }
    const footprints = await page.$$eval('.export-row .footprint', (s) => s.map((e) => e.textContent));
    assert.equal(footprints[1], `flash ${(await cells('int8-flash'))[1]} · RAM ${(await cells('int8-ram'))[1]}`, 'the c-int8 row states the same footprint');

    // The page's c-int8 download, compiled natively, on the same rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('download-c-int8'))]);
    assert.equal(download.suggestedFilename(), 'model_int8.h');
    await download.saveAs(path.join(tmp, 'model_int8.h'));
    writeFileSync(path.join(tmp, 'main.c'), DRIVER);
    const exe = path.join(tmp, `int8-${preset}`);
    execFileSync('cc', ['-std=c99', '-O2', '-Wall', '-Werror', '-I', tmp, path.join(tmp, 'main.c'), '-o', exe]);
    const csvRows = readFileSync(fromRepo(`examples/${preset}.csv`), 'utf8').trim().split('\n').slice(1);
    const stdin = csvRows.map((l) => l.split(',').slice(0, inputs).join(' ')).join('\n');
    const native = execFileSync(exe, { input: stdin, encoding: 'utf8' }).trim().split('\n');
    const shown = await page.$$eval(`${tid('int8-rows')} tbody tr`, (trs) => trs.map((tr) => `${tr.querySelector('.int8-in').textContent}|${tr.querySelector('.int8-out').textContent}`));
    assert.equal(shown.length, rows);
    assert.deepEqual(shown, native);
    // Predict shows the header's int8 outputs for a typed row, and the class of the table.
    const first = 0;
    await predict(page, csvRows[first].split(',').slice(0, inputs).map(Number));
    const want = `int8 header: ${native[first].split('|')[1]}${className ? ` → ${className}` : ''}`;
    assert.equal(await page.textContent(tid('predict-int8')), want);
    if (className) assert.equal(await page.$eval(`${tid('int8-rows')} tbody tr:first-child td:last-child`, (td) => td.textContent), className);
    await screenshot(page, `int8-preview-${preset}`, tid('int8-preview'));
    await page.close();
  });
}
