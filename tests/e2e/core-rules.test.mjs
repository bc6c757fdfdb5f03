// The page follows the core's rules, checked against the core itself (the WebAssembly API
// in node and the native dff): export names and file names as dff.exportName gives them
// (a name MicroPython cannot import is refused, also when sending to a board), menus as
// dff.rules lists them, and models that go both ways between the page and dff.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, pasteCsv, trainToEnd, predict, tid, dffBinary, fromRepo } from './harness.mjs';
import { installFakeSerial } from './board-serial-stub.mjs';
import { createMicroPythonBoard } from '../node/fixtures/board/micropython-board.mjs';
import { loadMicrodff } from '../../wasm/js/microdff.js';

const MICROPYTHON = { usbVendorId: 0xf055, usbProductId: 0x9800 };
const SEED = fromRepo('examples/seed.csv');
const seedRows = readFileSync(SEED, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 3).map(Number));

let pg;
let dff; // the core, in node
let tmp;
before(async () => {
  pg = await startPlayground();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'microdff-rules-'));
  const wasmDir = fromRepo(process.env.DFF_WASM_DIR || 'build/wasm/wasm');
  const { default: factory } = await import(path.join(wasmDir, 'microdff.mjs'));
  dff = await loadMicrodff({ factory, wasmBinary: readFileSync(path.join(wasmDir, 'microdff.wasm')) });
});
after(async () => {
  await pg?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const cli = (...args) => execFileSync(dffBinary(), args, { encoding: 'utf8' });

async function trainSeed(page, epochs = 30) {
  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows.*3 inputs/.test(document.getElementById('data-summary').textContent));
  await page.fill(tid('epochs'), String(epochs));
  await trainToEnd(page);
}

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(tid(testid))]);
  const file = path.join(tmp, `${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(file);
  return { name: d.suggestedFilename(), file };
}

const FORMAT_BUTTONS = { c: 'download-c', 'c-int8': 'download-c-int8', micropython: 'download-micropython', json: 'download-json', blob: 'download-blob', arduino: 'download-arduino' };

// What the core says of `name` in every format: { identifier, fileName } or { error }.
function coreNames(name) {
  return Object.fromEntries(Object.keys(FORMAT_BUTTONS).map((format) => {
    try {
      return [format, dff.exportName(name, format)];
    } catch (e) {
      return [format, { error: e.detail ?? e.message }];
    }
  }));
}

test('export names: "class", "array" and "my  model" are what the core says, in the page and in the files', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await trainSeed(page);
  const { file: json } = await download(page, 'download-json');
  for (const name of ['class', 'array', 'my  model']) {
    const want = coreNames(name);
    await page.fill('#export-name', name);
    const ids = [...new Set(Object.values(want).filter((w) => !w.error).map((w) => w.identifier))];
    await page.waitForFunction((text) => document.querySelector('[data-testid="export-name-note"]').textContent.startsWith(text), `In the code: ${ids.join(', ')}`);
    for (const [format, testid] of Object.entries(FORMAT_BUTTONS)) {
      const w = want[format];
      const problem = (await page.textContent(tid(`export-problem-${format}`))).trim();
      if (w.error) {
        assert.equal(problem, w.error, `${name} as ${format}: the core's reason is shown`);
        assert.equal(await page.isDisabled(tid(testid)), true, `${name} as ${format}: no download`);
        continue;
      }
      assert.equal(problem, '', `${name} as ${format}`);
      const got = await download(page, testid);
      assert.equal(got.name, w.fileName, `${name} as ${format}: the file name is the core's`);
      const ref = path.join(tmp, `ref-${w.fileName}`);
      // c-int8 is fitted on the rows the page trained on: the seed preset, examples/seed.csv.
      cli('export', json, '--format', format, '--name', name, '-o', ref, ...(format === 'c-int8' ? ['--calibrate', SEED] : []));
      assert.ok(readFileSync(got.file).equals(readFileSync(ref)), `${name} as ${format}: the page's file is dff export's`);
      if (format === 'c') assert.ok(readFileSync(got.file, 'utf8').includes(`${w.identifier}_`), `${name}: the header uses ${w.identifier}`);
    }
  }
  assert.ok(coreNames('class').micropython.error && coreNames('array').micropython.error, 'the core refuses both as module names');
  assert.equal(coreNames('my  model').micropython.fileName, 'my_model.py');
  await page.close();
});

test('Send to a MicroPython board: a refused name writes nothing; "my  model" becomes my_model.py', { timeout: 180000 }, async () => {
  const mp = await createMicroPythonBoard();
  const page = await pg.newPage();
  const bridge = await installFakeSerial(page, { mpy: { info: MICROPYTHON, connect: () => mp.connect() } });
  await openFresh(pg, page);
  await trainSeed(page);
  bridge.choose = 'mpy';
  await page.click(tid('board-connect'));
  const idle = () => page.waitForFunction(() => document.getElementById('board-panel').getAttribute('aria-busy') === 'false', null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="board-kind"]').dataset.kind === 'micropython', null, { timeout: 60000 });
  const filesOnBoard = () => listPy(mp);
  const before = filesOnBoard();
  await page.fill('#export-name', 'class');
  await page.waitForSelector(`${tid('board-send')}:not([disabled])`);
  await page.click(tid('board-send'));
  await idle();
  const error = await page.textContent(tid('board-error'));
  assert.ok(error.includes(coreNames('class').micropython.error), error);
  assert.match(error, /Nothing was written/);
  assert.deepEqual(filesOnBoard(), before, 'no file was written to the board');

  await page.fill('#export-name', 'my  model');
  await page.click(tid('board-send'));
  await idle();
  assert.equal(await page.isHidden(tid('board-error')), true, await page.textContent(tid('board-error')));
  assert.match(await page.textContent(tid('board-upload')), /\bmy_model\.py: \d+ bytes/);
  const ref = path.join(tmp, 'ref-my_model.py');
  const { file: json } = await download(page, 'download-json');
  cli('export', json, '--format', 'micropython', '--name', 'my  model', '-o', ref);
  assert.ok(Buffer.from(mp.readFile('/my_model.py')).equals(readFileSync(ref)), 'the board has the module dff export writes');
  assert.equal(await page.getAttribute(tid('board-verify'), 'data-agree'), 'true');
  await page.close();
});

function listPy(mp) {
  const names = [];
  for (const n of ['class.py', 'array.py', 'model.py', 'my_model.py']) {
    try {
      mp.readFile(`/${n}`);
      names.push(n);
    } catch {}
  }
  return names;
}

test('every output activation the page offers is one dff train accepts; the models go both ways', { timeout: 300000 }, async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await page.click('[data-preset="seed"]');
  await page.waitForFunction(() => /8 rows.*3 inputs/.test(document.getElementById('data-summary').textContent));
  const menu = (id) => page.$$eval(`${tid(id)} option`, (os) => os.map((o) => o.value));
  const offered = await menu('output-activation');
  assert.deepEqual(offered, dff.rules.outputActivations, 'the menu is the core\'s list');
  assert.deepEqual(await menu('activation'), dff.rules.hiddenActivations);
  assert.deepEqual(await menu('loss'), dff.rules.losses);
  assert.deepEqual(await menu('optimizer'), dff.rules.optimizers);
  assert.deepEqual(await menu('init'), dff.rules.inits);
  const csv = path.join(tmp, 'seed-rows.csv');
  writeFileSync(csv, `i1,i2,i3\n${seedRows.map((r) => r.join(',')).join('\n')}\n`);
  await page.fill(tid('epochs'), '20');
  for (const output of offered) {
    cli('train', SEED, '--inputs', '3', '--output', output, '--epochs', '2', '-q', '-o', path.join(tmp, `cli-${output}.json`));
    await page.selectOption(tid('output-activation'), output);
    await trainToEnd(page);
    const { file: json } = await download(page, 'download-json');
    const { file: blob } = await download(page, 'download-blob');
    for (const model of [json, blob]) {
      const info = cli('info', model);
      assert.match(info, new RegExp(`\\b${output}\\b`), `${output}: dff info shows the output activation (${path.basename(model)})`);
      const lines = cli('predict', model, csv).trim().split('\n');
      for (const r of [0, 5]) {
        const page_ = (await predict(page, seedRows[r])).outputs;
        const native = lines[r].split(',').map(Number);
        assert.equal(native.length, page_.length);
        native.forEach((v, i) => assert.ok(Math.abs(v - page_[i]) <= 1e-5 * Math.max(1, Math.abs(v)), `${output}, row ${r + 1}: dff ${v}, page ${page_[i]}`));
      }
    }
  }

  // A model dff trained opens in the page and predicts there as in dff.
  const cliModel = path.join(tmp, 'cli-tanh.json');
  cli('train', fromRepo('examples/xor.csv'), '--hidden', '5', '--activation', 'tanh', '--epochs', '50', '-q', '-o', cliModel);
  await page.click('[data-preset="xor"]');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.includes('4 rows'));
  await page.setInputFiles('#model-file', cliModel);
  await page.waitForFunction(() => /^Model cli-tanh\.json: 2–5–1/.test(document.querySelector('[data-testid="status"]').textContent));
  const native = cli('predict', cliModel, fromRepo('examples/xor.csv')).trim().split('\n').map((l) => Number(l.split(',')[0]));
  const xorRows = [[0, 0], [0, 1], [1, 0], [1, 1]];
  for (const [i, row] of xorRows.entries()) {
    const [v] = (await predict(page, row)).outputs;
    assert.ok(Math.abs(v - native[i]) <= 1e-5, `xor ${row}: dff ${native[i]}, page ${v}`);
  }
  assert.equal(await page.inputValue(tid('hidden-layers')), '5', 'the form follows the opened model');
  assert.equal(await page.inputValue(tid('activation')), 'tanh');
  await page.close();
});

test('a data problem only the core finds is marked at its cell from the error\'s fields, in the core\'s words', async () => {
  const page = await pg.newPage();
  await openFresh(pg, page);
  const csv = 'a,b,y\n1,2,x\n';
  let want;
  try {
    dff.parseDataset(csv, { inputs: 2 });
  } catch (e) {
    want = e;
  }
  assert.ok(want && want.line === 2 && want.column === 3, 'the core places it at line 2, column 3');
  await pasteCsv(page, csv, 2);
  await page.waitForSelector('td.invalid');
  const marked = await page.evaluate(() => [...document.querySelectorAll('td.invalid')].map((td) => [Number(td.dataset.row), Number(td.dataset.col), td.dataset.error]));
  // Data row 1 (index 0), column 3 (y, index 2).
  assert.deepEqual(marked, [[0, 2, want.detail]]);
  assert.equal(await page.isDisabled(tid('train')), true);
  assert.match(await page.textContent(tid('error')), new RegExp(`Training is off until the data is fixed\\. ${want.detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await page.close();
});
