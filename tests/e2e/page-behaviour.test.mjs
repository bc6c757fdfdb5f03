// The page as a person uses it, in real Chromium: keyboard focus, numbers that describe
// the model and data on screen (never an older one), settings errors at their field,
// the normalisation hint, a model that does not fit the data, claims about exports,
// Undo after Reset and Start over, help for newcomers and the data generators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, openFresh, pasteCsv, trainToEnd, waitTrainable, predict, screenshot, tid } from './harness.mjs';
import { loadCore, focusIndicator, inkOf } from './page-audit.mjs';

let pg;
let page; // one page load for the whole file; each test starts over from the seed example
let core;
let tmp;

before(async () => {
  pg = await startPlayground();
  page = await pg.newPage();
  await openFresh(pg, page);
  core = await loadCore();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'microdff-ux-'));
});

after(async () => {
  await pg?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

const SIZES = [{ width: 1440, height: 900 }, { width: 390, height: 844 }];

// Back to a first visit's data and settings without loading the page again: Start over
// (the seed example, the defaults, no model), done once its Undo is offered.
async function startOver() {
  await page.setViewportSize(SIZES[0]);
  await page.click('#clear-session');
  await page.locator('#start-over-undo').getByRole('button', { name: /^Undo/ }).waitFor();
  await page.waitForFunction(() => /Ready|Fix/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
}

const status = (page) => page.textContent(tid('status'));
const LOSS_INK = ['#loss-chart canvas', [79, 70, 229]]; // the loss curve's colour

// Types over a field's value with the keyboard; the field keeps the focus.
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

// Edits the data as a person does in the CSV box: edit(rows) changes the cells in place.
async function editCsv(edit) {
  const rows = (await page.inputValue(tid('dataset-csv'))).trim().split('\n').map((line) => line.split(','));
  edit(rows);
  await pasteCsv(page, rows.map((r) => r.join(',')).join('\n') + '\n');
}

async function loadPreset(page, name, rows) {
  await page.click(`[data-preset="${name}"]`);
  await page.waitForFunction((r) => document.getElementById('data-summary').textContent.startsWith(`${r} rows`), rows);
}

// What the training figures show: loss, samples/s, accuracy, progress, ink of the curve.
async function figures(page) {
  await page.evaluate(() => new Promise(requestAnimationFrame));
  return {
    loss: await page.textContent(tid('loss-value')),
    speed: await page.textContent(tid('samples-per-second')),
    accuracy: await page.textContent(tid('accuracy')),
    progress: await page.evaluate(() => document.querySelector('[data-testid="progress"]').value),
    curve: await page.evaluate(inkOf, LOSS_INK),
  };
}

async function downloadModel(page, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(tid('download-json'))]);
  const file = path.join(tmp, name);
  await d.saveAs(file);
  return file;
}

test('every control shows keyboard focus; Enter on Train and on Stop keeps focus on a control', async () => {
  // The page as a first visit shows it (the Tab walk starts at the top).
  // Walk the page with Tab: every stop shows where the focus is.
  const missing = [];
  const seen = new Set();
  let buttons = 0;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(focusIndicator);
    if (f.what === 'body' || seen.has(f.what)) break;
    seen.add(f.what);
    if (f.button) buttons++;
    if (!f.shown) missing.push(f.what);
  }
  assert.ok(buttons >= 15, `Tab reached ${buttons} buttons`);
  assert.deepEqual(missing, [], 'focused controls without a visible focus indicator');

  await loadPreset(page, 'iris', 150);
  await page.fill(tid('epochs'), '5000000'); // a run that lasts until Stop
  await waitTrainable(page);
  await page.focus(tid('train'));
  await page.keyboard.press('Enter');
  // Under way: an epoch done (a Stop before the first one ends the click with no model to resume).
  await page.waitForFunction(() => /^Training… epoch [1-9]/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
  const focusedId = () => page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
  assert.equal(await focusedId(), 'stop', 'Enter on Train moves the focus to Stop');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 })
    .catch(async (e) => assert.fail(`${e.message} (status: ${await status(page)})`));
  assert.equal(await focusedId(), 'train', 'Enter on Stop moves the focus to Train (Resume)');
  assert.equal(await page.textContent(tid('train')), 'Resume');
  // A run that ends by itself hands the focus back to Train too.
  await loadPreset(page, 'xor', 4);
  await page.fill(tid('epochs'), '300');
  await waitTrainable(page);
  await page.focus(tid('train'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Trained/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 60000 });
  assert.equal(await focusedId(), 'train', 'when the run ends the focus is on Train, not on the page');
  // Stop pressed before the first epoch (Train, then Stop at once): the status says so.
  await page.evaluate(() => {
    document.querySelector('[data-testid="train"]').click();
    document.querySelector('[data-testid="stop"]').click();
  });
  await page.waitForFunction(() => /^Stopped before the first epoch/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 10000 })
    .catch(async (e) => assert.fail(`${e.message} (status: ${await status(page)})`));
});

test('after a preset switch or a data edit the old loss, accuracy, progress and chart go', async () => {
  await startOver();
  await loadPreset(page, 'xor', 4);
  await page.fill(tid('epochs'), '300');
  await trainToEnd(page);
  const trained = await figures(page);
  assert.match(trained.accuracy, /%$/);
  assert.ok(trained.curve > 50 && trained.progress === 1, JSON.stringify(trained));
  const blank = { loss: '–', speed: '–', accuracy: '–', progress: 0, curve: 0 };

  await loadPreset(page, 'iris', 150);
  assert.deepEqual(await figures(page), blank, 'a preset switch leaves no figure of the XOR model');

  await loadPreset(page, 'xor', 4);
  await page.fill(tid('epochs'), '300');
  await trainToEnd(page);
  await editCsv((rows) => (rows[1][2] = '1'));
  await page.waitForFunction(() => /changed/.test(document.querySelector('[data-testid="status"]').textContent));
  assert.deepEqual(await figures(page), blank, 'a data edit leaves no figure of the model trained on the old data');
  await page.fill(tid('epochs'), '300');
  await trainToEnd(page);
  await editCsv((rows) => (rows[2][1] = 'x'));
  await page.waitForFunction(() => document.querySelector('[data-testid="train"]').disabled);
  assert.deepEqual(await figures(page), blank, 'data that cannot train shows no loss or accuracy');
});

test('the status follows the page: a red status clears when fixed, no "Ready" while Train is off, Train never reads Resume during a run, Inspect is live', async () => {
  await startOver();
  await page.evaluate(() => {
    window.seen = [];
    const s = document.querySelector('[data-testid="status"]');
    const train = document.querySelector('[data-testid="train"]');
    const stop = document.querySelector('[data-testid="stop"]');
    window.seenObserver = new MutationObserver(() => window.seen.push({ text: s.textContent, tone: s.dataset.tone, off: train.disabled, label: train.textContent, running: !stop.disabled }));
    window.seenObserver.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await loadPreset(page, 'xor', 4);
  await typeInto(page, tid('learning-rate'), '50');
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').dataset.tone === 'bad');
  await page.click('#use-defaults');
  await waitTrainable(page);
  assert.notEqual(await page.getAttribute(tid('status'), 'data-tone'), 'bad', `after Defaults: ${await status(page)}`);
  await page.selectOption(tid('output-activation'), 'softmax');
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').dataset.tone === 'bad');
  await page.selectOption(tid('output-activation'), 'sigmoid');
  await waitTrainable(page);
  assert.notEqual(await page.getAttribute(tid('status'), 'data-tone'), 'bad');

  // A long run with Inspect on screen: the diagram is drawn and redrawn during the run.
  await page.fill(tid('epochs'), '50000000'); // a run that lasts until Stop
  await page.evaluate(() => document.getElementById('inspect').scrollIntoView());
  await page.click(tid('train'), { force: true });
  await page.waitForFunction(() => document.querySelector('#diagram svg line'), null, { timeout: 10000 });
  const width = () => page.evaluate(() => [...document.querySelectorAll('#diagram line')].map((l) => l.getAttribute('stroke-width')).join());
  const first = await width();
  await page.waitForFunction((w) => [...document.querySelectorAll('#diagram line')].map((l) => l.getAttribute('stroke-width')).join() !== w, first, { timeout: 10000 });
  assert.match(await status(page), /^Training/, 'Inspect changed while the run went on');
  // Throttled: 0.7 s at least from the end of one live redraw to the start of the next
  // (web/README), not one per chunk of epochs; the page measures each redraw as 'inspect'.
  const since = await page.evaluate(() => performance.now());
  await page.waitForTimeout(3500);
  const gaps = await page.evaluate((t) => {
    const drawn = performance.getEntriesByName('inspect').filter((m) => m.startTime >= t);
    return drawn.slice(1).map((m, i) => Math.round(m.startTime - (drawn[i].startTime + drawn[i].duration)));
  }, since);
  assert.match(await status(page), /^Training/, 'still training while measuring');
  assert.ok(gaps.length >= 1, 'Inspect was redrawn at least twice in 3.5 s of training');
  assert.ok(Math.min(...gaps) >= 700, `live Inspect redraws at most every 0.7 s: ${gaps.join(', ')} ms between redraws`);
  await page.click(tid('stop'));
  await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent));
  await loadPreset(page, 'iris', 150);
  await editCsv((rows) => (rows[1][0] = 'oops'));
  await page.waitForFunction(() => document.querySelector('[data-testid="train"]').disabled);

  const seen = await page.evaluate(() => {
    window.seenObserver.disconnect();
    return window.seen;
  });
  assert.deepEqual(seen.filter((s) => /^Ready/.test(s.text) && s.off), [], '"Ready: press Train." while Train is disabled');
  assert.deepEqual(seen.filter((s) => s.running && s.label !== 'Train'), [], 'the disabled Train button during a run reads only "Train"');
});

test('a settings error shows at its field as it is typed, with the core\'s message and range, and Train stays off', async () => {
  await startOver();
  await loadPreset(page, 'xor', 4);
  const xor = core.parseDataset('a,b,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
  const cases = [
    ['learning-rate', '50', core.checkSettings({ learningRate: '50' })[0].message],
    ['epochs', '0', core.checkSettings({ epochs: '0' })[0].message],
    ['batch-size', '0', core.checkSettings({ batchSize: '0' })[0].message],
    ['hidden-layers', '8,,x', (() => { try { core.parseHidden('8,,x'); } catch (e) { return e.detail; } })()],
  ];
  for (const [size, [id, text, message]] of SIZES.flatMap((z) => cases.map((c) => [z, c]))) {
    await page.setViewportSize(size);
    assert.ok(message, `the core has a message for ${id} = ${text}`);
    const limit = core.rules.limits[{ 'learning-rate': 'learningRate', epochs: 'epochs', 'batch-size': 'batchSize' }[id]];
    if (limit) {
      const range = /from (\S+) to (\S+)$/.exec(message)?.slice(1).map(Number);
      assert.deepEqual(range, [limit.min, limit.max], `${id}: the message gives the allowed range of the core's rules: "${message}"`);
    }
    await typeInto(page, tid(id), text);
    const at = await page.waitForFunction(([sel, want]) => {
      const field = document.querySelector(sel);
      const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const note = ids.map((i) => document.getElementById(i)).find((n) => n && n.textContent.trim() === want && n.getClientRects().length);
      if (!note) return null;
      const f = field.getBoundingClientRect();
      const n = note.getBoundingClientRect();
      return { below: n.top - f.bottom, left: n.left - f.left, onScreen: n.left >= 0 && n.right <= window.innerWidth, focused: document.activeElement === field, invalid: field.getAttribute('aria-invalid') };
    }, [tid(id), message], { timeout: 5000 }).then((h) => h.jsonValue()).catch(() => null);
    assert.ok(at, `${id} = ${text}: the field describes itself with the core's message "${message}"`);
    assert.ok(at.below >= -2 && at.below < 40 && Math.abs(at.left) < 200 && at.onScreen, `${id} at ${size.width}x${size.height}: the message is at the field (${JSON.stringify(at)})`);
    assert.equal(at.focused, true, 'shown while the person is still typing');
    assert.equal(at.invalid, 'true');
    assert.equal(await page.isDisabled(tid('train')), true);
    assert.ok(!(await page.textContent(tid('error'))).includes(message), 'the data problem box is for the data');
    if (id === 'learning-rate') await screenshot(page, `ux-${size.width}-settings-error`, '#network');
    await page.click('#use-defaults');
    await waitTrainable(page);
  }
  await page.setViewportSize(SIZES[0]);
  const softmax = core.checkSettings({ ...core.defaults(xor), output: 'softmax' }, xor)[0].message;
  await page.selectOption(tid('output-activation'), 'softmax');
  await page.waitForFunction((want) => {
    const field = document.querySelector('[data-testid="output-activation"]');
    return (field.getAttribute('aria-describedby') ?? '').split(/\s+/).some((i) => document.getElementById(i)?.textContent.trim() === want);
  }, softmax, { timeout: 5000 }).catch(() => assert.fail(`softmax on one output: "${softmax}" at the Output activation field`));
  assert.equal(await page.isDisabled(tid('train')), true, 'softmax with one output cannot start');
});

test('widths typed while an edited cell is still being parsed show at once in the network, and the parse keeps them', async () => {
  await startOver();
  await loadPreset(page, 'xor', 4);
  await waitTrainable(page);
  // One task: a cell edit (its parse waits for more edits) and then new widths. The worker
  // answers the settings before the parse, so the first drawing of the network is the one
  // made without parsed data.
  const layers = await page.evaluate(() => new Promise((resolve) => {
    const topology = document.getElementById('topology');
    const count = () => topology.querySelectorAll('.layer.hidden').length;
    const seen = [];
    new MutationObserver((_, o) => {
      seen.push(count());
      if (seen.length === 1) setTimeout(() => { o.disconnect(); resolve({ first: seen[0], later: count() }); }, 1500);
    }).observe(topology, { childList: true });
    const cell = document.querySelector('[data-key="c:0:0"]');
    cell.value = '0.5';
    cell.dispatchEvent(new Event('change'));
    const hidden = document.querySelector('[data-testid="hidden-layers"]');
    hidden.value = '8,4';
    hidden.dispatchEvent(new Event('input'));
  }));
  assert.deepEqual(layers, { first: 2, later: 2 }, 'the network shows the two layers typed, never the one before');
  await waitTrainable(page);
  assert.equal(await page.locator('#topology .layer.hidden').count(), 2);
});

test('the normalisation hint says what the core decided: one column, equal scales, different scales', async () => {
  await startOver();
  const cases = [
    ['one column beyond -1..1', 'x,y\n0,0\n40,1\n80,0\n120,1\n'],
    ['two columns of the same scale', 'a,b,y\n0,100,0\n100,0,1\n50,50,1\n20,80,0\n'],
    ['columns of very different scales', 'a,b,y\n0,0.5,0\n1000,0.1,1\n500,0.3,1\n250,0.2,0\n'],
    ['small inputs', 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n'],
  ];
  for (const [what, csv] of cases) {
    const inputs = csv.split('\n')[0].split(',').length - 1;
    const data = core.parseDataset(csv, { inputs });
    const reason = core.normalizationReason(data);
    assert.equal(reason !== '', core.defaults(data).normalize, `${what}: one rule decides the default and the reason`);
    await pasteCsv(page, csv, inputs);
    // Once the page has parsed this text: the hint names its columns, or there is none.
    await page.waitForFunction(([want, names]) => {
      const hint = document.getElementById('normalize-hint').textContent;
      return (want ? hint.includes(want) : hint === '') && document.getElementById('predict-names').textContent === `(${names.join(', ')})`;
    }, [reason, data.inputNames], { timeout: 5000 }).catch(() => {});
    assert.equal(await page.isChecked(tid('normalize')), reason !== '', `${what}: normalisation as the core decided`);
    const hint = (await page.textContent('#normalize-hint')).trim();
    if (reason) assert.ok(hint.includes(reason), `${what}: the hint gives the core's reason "${reason}", not "${hint}"`);
    else assert.equal(hint, '', `${what}: no hint`);
    if (!/different/.test(what)) assert.doesNotMatch(hint, /different scales/, what);
  }
});

test('a model that does not fit the data says what does not fit and lets the person keep the model or the data', async () => {
  await startOver();
  await loadPreset(page, 'xor', 4);
  await page.fill(tid('epochs'), '300');
  await trainToEnd(page);
  const file = await downloadModel(page, 'xor-model.json');
  const model = core.loadModel(new TextEncoder().encode((await import('node:fs')).readFileSync(file, 'utf8')));
  let why = '';
  try {
    model.evaluate(core.parseDataset('i1,i2,i3,s1,s2\n0,0,0,1,0\n', { inputs: 3 }));
  } catch (e) {
    why = e.detail;
  }
  model.dispose();
  assert.ok(why, 'the core says what does not fit');

  for (const [keep, size] of [['model', SIZES[0]], ['data', SIZES[1]]]) {
    await page.setViewportSize(size);
    await loadPreset(page, 'seed', 8);
    await page.setInputFiles('#model-file', file);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.includes('xor-model.json'), null, { timeout: 10000 });
    const notice = page.locator('#model-fit');
    await notice.waitFor({ state: 'visible' });
    assert.ok((await notice.textContent()).includes(why), `the notice gives the core's reason "${why}": ${await notice.textContent()}`);
    assert.equal(await page.getAttribute(tid('status'), 'data-tone'), 'bad');
    const offScreen = await notice.evaluate((n) => [n, ...n.querySelectorAll('button')].filter((b) => b.getBoundingClientRect().left < 0 || b.getBoundingClientRect().right > window.innerWidth).map((b) => b.textContent));
    assert.deepEqual(offScreen, [], `the notice and its choices fit a ${size.width} px wide screen`);
    await screenshot(page, `ux-${size.width}-model-fit`, '#network');
    await notice.getByRole('button', { name: keep === 'model' ? 'Keep the model' : 'Keep the data' }).click();
    await notice.waitFor({ state: 'hidden' });
    if (keep === 'model') {
      await page.waitForFunction(() => document.querySelector('[data-testid="inputs-count"]').value === '2');
      const header = (await page.inputValue(tid('dataset-csv'))).split('\n')[0];
      assert.equal(header, 'a,b,xor', 'the table takes the model\'s own columns');
      assert.equal(await page.textContent('#predict-names'), '(a, b)');
      assert.equal((await predict(page, [1, 0])).outputs.length, 1, 'Predict takes the model\'s 2 inputs');
    } else {
      assert.match(await page.textContent('#data-summary'), /^8 rows/);
      assert.equal(await page.textContent(tid('train')), 'Train');
      assert.match(await page.textContent(tid('predict-output')), /Train a model/);
    }
  }
});

test('a file of random bytes is not a microdff model, and the page says so', async () => {
  await startOver();
  let x = 12345;
  const random = (n) => Uint8Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255);
  for (const [name, bytes] of [['noise.bin', random(600)], ['brace.bin', Uint8Array.from([0x7b, ...random(600)])]]) {
    const f = path.join(tmp, name);
    writeFileSync(f, bytes);
    await page.setInputFiles('#model-file', f);
    await page.waitForFunction((n) => document.querySelector('[data-testid="status"]').textContent.includes(n), name);
    const text = await status(page);
    assert.match(text, /not a microdff model/, text);
    assert.doesNotMatch(text, /syntax error|\ufffd|literal/, text);
  }
});

test('claims are measured: the int8 size ratio of this model, no confusion matrix for numbers, readable loss labels', async () => {
  await startOver();
  await page.fill(tid('epochs'), '100');
  await trainToEnd(page);
  await page.waitForFunction(() => [...document.querySelectorAll('.footprint')].slice(0, 2).every((n) => /flash/.test(n.textContent)));
  const rows = await page.$$eval('.export-row', (r) => r.slice(0, 2).map((x) => x.textContent));
  const flash = rows.map((t) => Number(/flash (\d+) B/.exec(t)?.[1]));
  assert.ok(flash.every(Number.isFinite), rows.join(' | '));
  const ratio = flash[0] >= flash[1] ? `${(flash[0] / flash[1]).toFixed(1)}× smaller` : `${(flash[1] / flash[0]).toFixed(1)}× larger`;
  assert.doesNotMatch(rows[1], /about 4×/);
  assert.ok(rows[1].includes(`flash ${ratio}`), `the int8 row states the ratio of this model's flash figures (${ratio}): ${rows[1]}`);

  // The loss curve's y axis: a few labels, far enough apart to read.
  await loadPreset(page, 'xor', 4);
  await page.fill(tid('epochs'), '3000');
  await trainToEnd(page);
  const labels = JSON.parse((await page.getAttribute('#loss-chart', 'data-y-labels')) ?? '[]');
  assert.ok(labels.length >= 2 && labels.length <= 8, `y labels: ${JSON.stringify(labels)}`);
  const ys = labels.map((l) => l.y).sort((a, b) => a - b);
  for (let i = 1; i < ys.length; i++) assert.ok(ys[i] - ys[i - 1] >= 20, `labels ${JSON.stringify(labels)} are at least 20 px apart`);

  // Numeric targets: an error figure, not a confusion matrix.
  const rowsCsv = ['x1,x2,y', ...Array.from({ length: 16 }, (_, i) => { const a = i % 4; const b = Math.floor(i / 4); return `${a},${b},${3 * a - 2 * b + 0.5}`; })].join('\n') + '\n';
  await pasteCsv(page, rowsCsv);
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('16 rows'));
  await page.fill(tid('epochs'), '200');
  await trainToEnd(page);
  const panel = await page.textContent('.panel-confusion');
  assert.doesNotMatch(panel, /Confusion matrix/, panel);
  assert.match(panel, /RMSE|root-mean-square/i, panel);
  assert.match(await page.textContent(tid('loss-value')), /^\d[\d.]*(e-\d+)?$/);
});

test('Reset and Start over offer Undo, which brings back what they removed', async () => {
  await startOver();
  await loadPreset(page, 'iris', 150);
  await page.fill(tid('hidden-layers'), '6');
  await page.fill(tid('epochs'), '20');
  await trainToEnd(page);
  const before = await predict(page, [5.1, 3.5, 1.4, 0.2]);
  const csv = await page.inputValue(tid('dataset-csv'));

  await page.click(tid('reset'));
  await page.waitForFunction(() => /^Reset/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.getByRole('button', { name: /^Undo/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="train"]').textContent === 'Train more', null, { timeout: 10000 });
  assert.deepEqual((await predict(page, [5.1, 3.5, 1.4, 0.2])).outputs, before.outputs, 'Undo brings the reset model back');

  await page.click('#clear-session');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('8 rows'));
  await page.getByRole('button', { name: /^Undo/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="train"]').textContent === 'Train more', null, { timeout: 10000 });
  assert.equal(await page.inputValue(tid('dataset-csv')), csv, 'Undo brings the data back');
  assert.equal(await page.inputValue(tid('hidden-layers')), '6', 'and the settings');
  assert.deepEqual((await predict(page, [5.1, 3.5, 1.4, 0.2])).outputs, before.outputs, 'and the model');
  await page.reload();
  await page.waitForFunction(() => /^Restored/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
  assert.equal(await page.inputValue(tid('dataset-csv')), csv, 'what Undo brought back is kept in the browser again');
});

test('newcomers get a one-line explanation where each word appears', async () => {
  await startOver();
  const terms = [
    ['#data', 'one-hot', /class|column/i], ['#data', 'Seed example', /parity/i], ['#network', 'Weight init', /He|Xavier/],
    ['#network', 'Optimizer', /Adam/], ['#network', 'Epochs', /pass/i], ['#network', 'Batch size', /rows|examples/i],
    ['#network', 'Bias', /offset|added/i], ['#network', 'Seed', /random/i], ['#export', 'flash and RAM', /flash.*RAM|RAM.*flash/i],
    ['#export', 'Binary blob', /byte|binary/i],
  ];
  const texts = {};
  for (const [card, term, want] of terms) {
    const button = page.locator(card).getByRole('button', { name: `About ${term}`, exact: true });
    assert.equal(await button.count(), 1, `${card} has an "About ${term}" button`);
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const help = page.locator(`#${await button.getAttribute('aria-controls')}`);
    await help.waitFor({ state: 'visible' });
    const text = (await help.textContent()).trim();
    assert.match(text, want, `${term}: ${text}`);
    assert.ok(text.length <= 170, `${term}: one line (${text.length} characters)`);
    texts[term] = text;
    await button.click();
    await help.waitFor({ state: 'hidden' });
  }
  assert.match(texts.Seed, /not the Seed example/i, 'the Seed setting is kept apart from the Seed example');
});

test('data generators: circle, XOR, spiral and Gaussian clusters, with noise and size', async () => {
  await startOver();
  await page.getByRole('button', { name: 'Generate data' }).click();
  const csvs = {};
  for (const kind of ['circle', 'xor', 'spiral', 'gaussian']) {
    await page.selectOption('#gen-kind', kind);
    await page.fill('#gen-rows', '120');
    await page.fill('#gen-noise', '0.1');
    await page.click('#gen-make');
    await page.waitForFunction(() => /^120 rows.*2 inputs.*classes/.test(document.getElementById('data-summary').textContent));
    csvs[kind] = await page.inputValue(tid('dataset-csv'));
  }
  assert.equal(new Set(Object.values(csvs)).size, 4, 'four different data sets');
  await page.fill('#gen-noise', '0.4');
  await page.click('#gen-make');
  await page.waitForFunction((old) => document.querySelector('[data-testid="dataset-csv"]').value !== old, csvs.gaussian);
  await page.selectOption('#gen-kind', 'circle');
  await page.fill('#gen-rows', '200');
  await page.fill('#gen-noise', '0');
  await page.click('#gen-make');
  await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('200 rows'));
  await page.fill(tid('epochs'), '60');
  await trainToEnd(page);
  const acc = parseFloat(await page.textContent(tid('accuracy')));
  assert.ok(acc >= 90, `a network learns the noiseless circle (${acc}%)`);
  await page.waitForSelector('#boundary canvas');
  await screenshot(page, 'ux-1440-generated-circle', '#inspect');
});
