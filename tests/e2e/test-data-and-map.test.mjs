// Held-out data and what the network learned, in real Chromium: hold out 20 % of Iris and
// train with early stopping (both loss curves, the epoch it keeps, the same epoch as `dff
// train --validation 0.2 --early-stop 10`), the confusion matrix and the rows for the
// training or the test rows with the wrong ones highlighted, a second CSV as test data (one
// that does not fit, one too large to read), the choice kept over a reload; the decision map
// for two inputs (its colours are the core's classes, redrawn while training) and for four
// (axes and the row the others are held at), and a neuron's activation over the plane on
// hover and focus.
// One page build and one browser for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, pasteCsv, waitTrainable, predict, screenshot, tid, typeInto, dffBinary, fromRepo } from './harness.mjs';

const irisCsv = readFileSync(fromRepo('examples/iris.csv'), 'utf8');
const irisLines = irisCsv.trim().split('\n');
let pg;
let tmp;

before(async () => {
  pg = await startPlayground();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'microdff-e2e-loop-'));
});

after(async () => {
  await pg?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const status = (page) => page.textContent(tid('status'));

async function trainUntil(page, pattern, timeout = 90000) {
  await waitTrainable(page);
  await page.click(tid('train'));
  await page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-testid="status"]').textContent), pattern.source, { timeout });
}

async function loadIris(page) {
  await page.click('[data-preset="iris"]');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('150 rows'));
}

// The confusion matrix shown: [[count]] by true class.
const confusion = (page) => page.$$eval('#confusion table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent))));
const sum = (m) => m.flat().reduce((a, b) => a + b, 0);
const diagonal = (m) => m.reduce((a, row, i) => a + row[i], 0);

// The rows of the predictions table: { number, ok, bad } per row, in table order. Only the
// rows in view are drawn, so the box is scrolled from top to bottom as a person would.
async function predictionRows(page) {
  await page.waitForSelector('#predictions-table .scroll');
  return page.evaluate(async () => {
    const box = document.querySelector('#predictions-table .scroll');
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const seen = new Map();
    for (let top = 0; ; top += Math.max(40, box.clientHeight / 2)) {
      box.scrollTop = top;
      await frames();
      for (const r of box.querySelectorAll('tbody tr:not([aria-hidden])')) {
        const number = Number(r.firstChild.textContent);
        seen.set(number, { number, bad: r.classList.contains('bad'), ok: r.classList.contains('ok') });
      }
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) break;
    }
    box.scrollTop = 0;
    return [...seen.values()];
  });
}

async function openPredictions(page) {
  await page.evaluate(() => {
    const d = document.getElementById('predictions-table').closest('details');
    if (!d.open) d.querySelector('summary').click();
  });
}

// The map's canvas: its data attributes, and the colour drawn at a point of the plane.
const mapState = (page) => page.evaluate(() => ({ ...document.querySelector('[data-testid="decision-map"]').dataset }));
async function mapPixel(page, x, y) {
  return page.evaluate(([x, y]) => {
    const c = document.querySelector('[data-testid="decision-map"]');
    const p = JSON.parse(c.dataset.plane);
    const px = Math.round(((x - p.x0) / (p.x1 - p.x0)) * p.size);
    const py = Math.round(p.size - ((y - p.y0) / (p.y1 - p.y0)) * p.size);
    return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data.slice(0, 3));
  }, [x, y]);
}

// Points the pointer at the centre of cell (i, j) of the map's grid (the plane fills the
// canvas's content box) and returns that point of the plane.
async function hoverCell(page, plane, i, j) {
  const canvas = page.locator(tid('decision-map'));
  const size = await canvas.evaluate((c) => [c.clientWidth, c.clientHeight]);
  await canvas.hover({ position: { x: ((i + 0.5) / plane.n) * size[0], y: ((j + 0.5) / plane.n) * size[1] } });
  return [plane.x0 + ((i + 0.5) / plane.n) * (plane.x1 - plane.x0), plane.y1 - ((j + 0.5) / plane.n) * (plane.y1 - plane.y0)];
}

// The class colour (the page's palette, faded toward white) closest to a pixel.
const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'].map((h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)));
function classOfPixel(p, classes) {
  let best = -1;
  let bestError = Infinity;
  for (let c = 0; c < classes; c++) {
    const d = PALETTE[c].map((v) => 255 - v);
    const q = p.map((v) => 255 - v);
    const a = d.reduce((s, v, k) => s + v * q[k], 0) / d.reduce((s, v) => s + v * v, 0);
    const error = q.reduce((s, v, k) => s + (v - a * d[k]) ** 2, 0);
    if (error < bestError) [best, bestError] = [c, error];
  }
  return best;
}

// Three round clusters of 2-D points, one per class (a fixed generator: the same rows every run).
function blobs(perClass = 40) {
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const centres = [[0, 0, 'left'], [4, 0, 'right'], [2, 3.5, 'top']];
  const lines = ['x,y,side'];
  for (let i = 0; i < perClass; i++) {
    for (const [cx, cy, name] of centres) lines.push(`${(cx + (rand() - 0.5) * 1.6).toFixed(3)},${(cy + (rand() - 0.5) * 1.6).toFixed(3)},${name}`);
  }
  return lines.join('\n') + '\n';
}

test('hold out 20 % of Iris, early stopping: both curves, the epoch kept (as dff train), training vs test rows with mistakes highlighted', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await loadIris(page);
  assert.equal(await page.isDisabled(tid('early-stop')), true, 'early stopping needs test data');
  await page.check(tid('test-mode-split'));
  await typeInto(page, tid('test-percent'), '20');
  await page.waitForFunction(() => /^30 rows held out for testing, 120 rows to learn from/.test(document.querySelector('[data-testid="test-data-summary"]').textContent));
  assert.equal(await page.inputValue(tid('test-seed')), '1');
  assert.equal(await page.isDisabled(tid('early-stop')), false);
  await typeInto(page, tid('epochs'), '2000');
  await typeInto(page, tid('early-stop'), '10');
  // Train straight from the field, without leaving it first.
  await trainUntil(page, /^Stopped early|^Trained|failed/);
  const text = await status(page);
  const m = /^Stopped early at epoch (\d+): the test loss had not improved for 10 epochs, so the model keeps the weights of epoch (\d+) \(test loss ([\d.e-]+)\)/.exec(text);
  assert.ok(m, text);
  const [stoppedAt, kept] = [Number(m[1]), Number(m[2])];
  assert.equal(stoppedAt, kept + 10);
  // The same split, settings and seed through dff train stop at the same epoch.
  const data = path.join(tmp, 'iris.csv');
  writeFileSync(data, irisCsv);
  execFileSync(dffBinary(), ['train', data, '--validation', '0.2', '--early-stop', '10', '--epochs', '2000', '-q', '-o', path.join(tmp, 'iris.json')]);
  const native = JSON.parse(readFileSync(path.join(tmp, 'iris.json'), 'utf8'));
  assert.equal(native.training.best_epoch, kept, 'dff train keeps the same epoch');
  assert.equal(native.training.epochs, stoppedAt);

  // Both curves, and the kept epoch marked.
  const chart = await page.evaluate(() => ({ ...document.getElementById('loss-chart').dataset }));
  assert.ok(Number(chart.trainPoints) > 3, JSON.stringify(chart));
  // A test loss with every training point but the last: when the run stops, the model holds
  // the kept epoch's weights, so the test loss measured then is that epoch's (the marked one).
  assert.equal(Number(chart.testPoints), Number(chart.trainPoints) - 1, 'no test point at the last epoch after early stopping');
  assert.equal(chart.bestEpoch, String(kept));
  assert.equal(await page.isVisible('.loss-legend'), true);
  assert.match(await page.textContent(tid('test-accuracy')), /^\d+\.\d%$/);
  assert.equal(await page.textContent(tid('train')), 'Train more');
  await screenshot(page, 'loop-2-train-test-curves', '#network');

  // Judged on the test rows by default: 30 rows; on the training rows: 120, the accuracy shown.
  assert.equal(await page.getAttribute(tid('judged-test'), 'aria-pressed'), 'true');
  await openPredictions(page);
  const testMatrix = await confusion(page);
  assert.equal(sum(testMatrix), 30);
  const testRows = await predictionRows(page);
  assert.equal(testRows.length, 30);
  assert.equal(testRows.filter((r) => r.bad).length, 30 - diagonal(testMatrix), 'the wrong test rows are highlighted');
  assert.equal(await page.textContent(tid('test-accuracy')), `${((diagonal(testMatrix) / 30) * 100).toFixed(1)}%`);
  await page.click(tid('judged-train'));
  await page.waitForFunction(() => document.querySelector('[data-testid="judged-train"]').getAttribute('aria-pressed') === 'true');
  const trainMatrix = await confusion(page);
  assert.equal(sum(trainMatrix), 120);
  const trainRows = await predictionRows(page);
  assert.equal(trainRows.length, 120);
  const wrong = trainRows.filter((r) => r.bad).length;
  assert.equal(wrong, 120 - diagonal(trainMatrix));
  assert.ok(wrong > 0, 'some training rows are wrong at the kept epoch (and highlighted)');
  assert.match(await page.textContent(tid('predictions-mistakes')), new RegExp(`^${wrong} of 120 rows answered wrong`));
  assert.equal(await page.textContent(tid('accuracy')), `${((diagonal(trainMatrix) / 120) * 100).toFixed(1)}%`);
  // Every table row is on exactly one side, numbered as in the table.
  const numbers = [...testRows, ...trainRows].map((r) => r.number).sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: 150 }, (_, i) => i + 1));
  // The map draws both sets: 120 filled, 30 rings.
  const map = await mapState(page);
  assert.equal(map.trainPoints, '120');
  assert.equal(map.testPoints, '30');
  assert.equal(Number(map.mistakes), wrong + (30 - diagonal(testMatrix)));
  await page.evaluate(() => (document.getElementById('predictions-table').closest('details').open = false));
  await screenshot(page, 'loop-3-judged-on-training-rows', '#inspect');
  await page.click(tid('judged-test'));

  // Train more goes on after early stopping (a new run, watched again).
  await page.click(tid('train'));
  await page.waitForFunction((s) => Number(document.getElementById('epoch-text').textContent.match(/epoch (\d+)/)[1]) > s, stoppedAt);
  await page.waitForFunction(() => !/Training/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 90000 });

  // Another split makes the model stale; the choice survives a reload.
  await typeInto(page, tid('test-seed'), '5');
  await page.waitForFunction(() => /Train starts a new model/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForFunction(() => /held out/.test(document.querySelector('[data-testid="test-data-summary"]')?.textContent ?? ''), null, { timeout: 30000 });
  assert.equal(await page.isChecked(tid('test-mode-split')), true);
  assert.equal(await page.inputValue(tid('test-seed')), '5');
  assert.equal(await page.inputValue(tid('test-percent')), '20');
  await page.close();
});

test('a second CSV as test data: its rows are judged, a wrong label shows as a mistake; a file that does not fit says where and blocks Train', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await loadIris(page);
  // Three rows; the last is a setosa flower labelled virginica.
  const file = path.join(tmp, 'iris-test.csv');
  writeFileSync(file, [irisLines[0], irisLines[60], irisLines[120], irisLines[2].replace('setosa', 'virginica')].join('\n') + '\n');
  await page.check(tid('test-mode-file'));
  await page.setInputFiles(tid('test-csv-file'), file);
  await page.waitForFunction(() => /^3 rows of test data from iris-test.csv; the network learns from the table's 150 rows/.test(document.querySelector('[data-testid="test-data-summary"]').textContent));
  await typeInto(page, tid('epochs'), '60');
  await trainUntil(page, /^Trained|failed/);
  await openPredictions(page);
  const rows = await predictionRows(page);
  assert.deepEqual(rows.map((r) => r.number), [1, 2, 3]);
  assert.equal(rows[2].bad, true, 'the mislabelled row is highlighted');
  const matrix = await confusion(page);
  assert.equal(sum(matrix), 3);
  assert.equal((await mapState(page)).testPoints, '3');
  // A model trained on all 150 rows: the training accuracy is over 150 rows.
  await page.click(tid('judged-train'));
  assert.equal(sum(await confusion(page)), 150);

  // A pasted CSV whose columns differ: the problem is named, Train is off until it is fixed.
  await page.fill(tid('test-csv'), 'sepal_length,sepal_width,petal_width,petal_length,species\n5,3,1,0.2,setosa\n');
  await page.waitForFunction(() => !document.querySelector('[data-testid="test-data-error"]').hidden);
  assert.match(await page.textContent(tid('test-data-error')), /^Test data: the test data: column 3 is 'petal_width' here but 'petal_length' in the table/);
  assert.equal(await page.isDisabled(tid('train')), true);
  assert.match(await status(page), /Fix the test data/);
  // A file past the page's cap (32 M characters) is refused by its size, before it is read.
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid="test-csv-file"]');
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(32 * 1024 * 1024 + 1)], 'huge.csv'));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
  });
  await page.waitForFunction(() => /huge\.csv: it has 33,554,433 characters; the page reads CSV texts of up to 33,554,432/.test(document.querySelector('[data-testid="test-data-error"]').textContent));
  assert.equal(await page.isDisabled(tid('train')), true);
  await page.check(tid('test-mode-none'));
  await waitTrainable(page);
  assert.equal(await page.isHidden(tid('test-data-error')), true);
  assert.equal(await page.isDisabled(tid('early-stop')), true);
  await page.close();
});

test('decision map, two inputs: each colour is the core\'s class there, the rows are drawn, it redraws while training', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await pasteCsv(page, blobs(), 2);
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('120 rows'));
  await typeInto(page, tid('epochs'), '40');
  await trainUntil(page, /^Trained|failed/);
  await page.locator('#boundary-panel').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]')?.dataset.mode === 'classes');
  const map = await mapState(page);
  assert.equal(map.axes, 'x,y');
  assert.equal(map.trainPoints, '120');
  assert.equal(map.testPoints, '0');
  assert.equal(await page.isHidden(tid('map-x')), true, 'two inputs: no axes to pick');
  // Spots away from the rows: the colour drawn is the class Predict gets from the core.
  const seen = new Set();
  for (const [x, y] of [[-1.3, -1.3], [5.3, -1.3], [2, 5], [-1.3, 4.6], [5.3, 4.6]]) {
    const { cls } = await predict(page, [x, y]);
    const names = ['left', 'right', 'top'];
    const drawn = classOfPixel(await mapPixel(page, x, y), 3);
    assert.equal(names[drawn], cls, `at (${x}, ${y})`);
    seen.add(cls);
  }
  assert.ok(seen.size >= 2, `the spots cover several classes (${[...seen]})`);
  await screenshot(page, 'loop-4-decision-map-2d', '#boundary-panel');

  // While training, the map follows the weights.
  await typeInto(page, tid('epochs'), '100000');
  await page.click(tid('train'));
  await page.waitForFunction(() => /Training/.test(document.querySelector('[data-testid="status"]').textContent));
  // Watched: the map is redrawn only while it is on screen.
  await page.locator('#boundary-panel').scrollIntoViewIfNeeded();
  const draws = Number((await mapState(page)).draws);
  await page.waitForFunction((d) => Number(document.querySelector('[data-testid="decision-map"]').dataset.draws) >= d + 3, draws, { timeout: 20000 }).catch(async (e) => {
    e.message += ` (draws ${draws} -> ${(await mapState(page)).draws}; ${await status(page)})`;
    throw e;
  });
  assert.match(await status(page), /Training/, 'redrawn three times during the run');
  await page.click(tid('stop'));
  await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent));

  // After Reset, the next model's map is drawn again (on the page, not on a lost canvas).
  const drawn = Number((await mapState(page)).draws);
  await page.click(tid('reset'));
  await page.waitForFunction(() => /^Reset/.test(document.querySelector('[data-testid="status"]').textContent));
  assert.equal(await page.isHidden('#boundary-panel'), true, 'no model, no map');
  await page.click(tid('train'));
  await page.locator('#inspect').scrollIntoViewIfNeeded();
  await page.waitForFunction((d) => Number(document.querySelector('[data-testid="decision-map"]')?.dataset.draws) > d && !document.getElementById('boundary-panel').hidden, drawn, { timeout: 20000 });
  await page.click(tid('stop'));
  await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.close();
});

test('decision map, four inputs: pick the axes and the row the others are held at; a neuron\'s activation on hover and focus', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await loadIris(page);
  await typeInto(page, tid('epochs'), '40');
  await trainUntil(page, /^Trained|failed/);
  await page.locator('#boundary-panel').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]')?.dataset.axes === 'sepal_length,sepal_width');
  assert.match(await page.textContent('.dm-title'), /other inputs at their mean over the training rows/);
  await page.selectOption(tid('map-x'), { label: 'petal_length' });
  await page.selectOption(tid('map-y'), { label: 'petal_width' });
  await page.selectOption(tid('map-others'), 'row');
  await typeInto(page, tid('map-row'), '51');
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').getAttribute('aria-label').includes('other inputs at their values in row 51'));
  assert.equal((await mapState(page)).axes, 'petal_length,petal_width');
  // Picking the y axis's input across swaps the axes.
  await page.selectOption(tid('map-x'), { label: 'petal_width' });
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.axes === 'petal_width,petal_length');
  await page.selectOption(tid('map-x'), { label: 'petal_length' });
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.axes === 'petal_length,petal_width');
  // The class under the pointer (the map's grid, from the core) is what Predict says for row
  // 51 with petal_length and petal_width at that point.
  const row51 = irisLines[51].split(',').slice(0, 4).map(Number);
  const plane = JSON.parse((await mapState(page)).plane);
  const classes = new Set();
  for (const [i, j] of [[10, 90], [50, 50], [90, 10], [80, 80]]) {
    const [x, y] = await hoverCell(page, plane, i, j);
    const readout = await page.textContent('#boundary .hover-readout');
    const [, rx, ry] = readout.match(/^petal_length (\S+), petal_width (\S+) →/).map(Number);
    const cell = [(plane.x1 - plane.x0) / plane.n, (plane.y1 - plane.y0) / plane.n];
    assert.ok(Math.abs(rx - x) < cell[0] / 2 && Math.abs(ry - y) < cell[1] / 2, `the readout (${readout}) names the point under the pointer (${x}, ${y})`);
    const { cls } = await predict(page, [row51[0], row51[1], Math.fround(x), Math.fround(y)]);
    assert.ok(readout.endsWith(`→ ${cls}`), `cell (${i}, ${j}): the map says ${readout}, Predict ${cls}`);
    classes.add(cls);
  }
  assert.ok(classes.size >= 2, [...classes].join());
  await screenshot(page, 'loop-5-decision-map-4d', '#boundary-panel');

  // Hover a hidden neuron: its activation over the same plane; leave: the classes again.
  const before = await page.evaluate(() => document.querySelector('[data-testid="decision-map"]').toDataURL());
  await page.hover('#diagram g.node.hid >> nth=1');
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.neuron === 'h1.2');
  const state = await mapState(page);
  assert.equal(state.mode, 'neuron');
  assert.equal(state.axes, 'petal_length,petal_width', 'the same plane');
  assert.match(await page.textContent('.dm-title'), /^h1\.2: its activation over petal_length and petal_width, other inputs at their values in row 51/);
  assert.notEqual(await page.evaluate(() => document.querySelector('[data-testid="decision-map"]').toDataURL()), before);
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.mode === 'classes');
  // Focused (the screenshot scrolls, which would move a hovered neuron from under the pointer).
  await page.focus('#diagram g.node.hid >> nth=1');
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.neuron === 'h1.2');
  await screenshot(page, 'loop-6-neuron', '#inspect');
  await page.evaluate(() => document.activeElement.blur());
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.mode === 'classes');
  // Keyboard focus does the same, and an output neuron shows that output.
  await page.focus('#diagram g.node.out >> nth=2');
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.neuron === 'virginica');
  await page.evaluate(() => document.activeElement.blur());
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.mode === 'classes');
  await page.close();
});

test('a neuron\'s activation is its weights applied to the point (two inputs, no normalisation)', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await pasteCsv(page, blobs(20), 2);
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('60 rows'));
  if (await page.isChecked(tid('normalize'))) await page.click(tid('normalize'));
  await typeInto(page, tid('hidden-layers'), '3');
  await page.selectOption(tid('activation'), 'tanh');
  await typeInto(page, tid('epochs'), '20');
  await trainUntil(page, /^Trained|failed/);
  await page.evaluate(() => {
    const d = document.getElementById('weights-numeric').closest('details');
    if (!d.open) d.querySelector('summary').click();
  });
  await page.waitForSelector('#weights-numeric table');
  // Layer 1: rows x and y, then the bias row; column 2 is neuron h1.2.
  const w = await page.evaluate(() => [...document.querySelectorAll('#weights-numeric table')[0].querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  assert.equal(w.length, 3);
  await page.locator('#boundary-panel').scrollIntoViewIfNeeded();
  // Focused (not hovered), so that the pointer can read the map meanwhile.
  await page.focus('#diagram g.node.hid >> nth=1');
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]').dataset.neuron === 'h1.2');
  const plane = JSON.parse((await mapState(page)).plane);
  for (const [i, j] of [[5, 5], [50, 20], [90, 70]]) {
    const [x, y] = await hoverCell(page, plane, i, j);
    const shown = Number((await page.textContent('#boundary .hover-readout')).match(/h1\.2 (\S+)$/)[1]);
    const want = Math.tanh(x * w[0][1] + y * w[1][1] + w[2][1]);
    assert.ok(Math.abs(shown - want) < 2e-3, `at (${x.toFixed(3)}, ${y.toFixed(3)}): ${shown} vs ${want}`);
  }
  await page.close();
});
