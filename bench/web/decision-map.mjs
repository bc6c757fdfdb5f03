// Training throughput in the page with the decision map on screen (redrawn as the weights
// change), with Inspect on screen but no map, and scrolled off, on the same data, settings
// and seed, in real Chromium:
//   node bench/web/decision-map.mjs [--epochs N] [--repeats N]
// Throughput is wall-clock: the samples of a fixed number of epochs over the time from the
// click on Train to "Trained", so the worker's time spent on the map's grids (and the page's
// time drawing them) counts against it. Runs are interleaved, so that other load on the
// machine hits each alike; the median of each is printed. Because a loaded machine
// moves whole runs by 2x, it also prints the map's own time per redraw (worker and page, from
// the canvas's data-grid-ms and data-draw-ms) and its share of the runs. Needs what the browser
// tests need (the wasm build, Chromium; see tests/e2e/harness.mjs).
import { parseArgs } from 'node:util';
import { startPlayground, openFresh, pasteCsv, waitTrainable, tid } from '../../tests/e2e/harness.mjs';

const { values: opts } = parseArgs({ options: { epochs: { type: 'string', default: '400' }, repeats: { type: 'string', default: '5' } } });
const EPOCHS = Number(opts.epochs);
const REPEATS = Number(opts.repeats);
const ROWS_PER_CLASS = 200;
const ROWS = ROWS_PER_CLASS * 3;
const HIDDEN = '16,16';

// Three interleaved spiral arms: a map with real boundaries to draw.
function spirals() {
  let state = 777;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['x,y,arm'];
  for (let i = 0; i < ROWS_PER_CLASS; i++) {
    for (let arm = 0; arm < 3; arm++) {
      const r = i / ROWS_PER_CLASS;
      const t = arm * 2.094 + r * 4 + (rand() - 0.5) * 0.3;
      lines.push(`${(r * Math.cos(t)).toFixed(4)},${(r * Math.sin(t)).toFixed(4)},arm${arm}`);
    }
  }
  return lines.join('\n') + '\n';
}

// The map's counters: redraws, and its time so far in the worker (the core's grid) and on the page (drawing).
const counters = (page) => page.evaluate(() => {
  const d = document.querySelector('[data-testid="decision-map"]')?.dataset ?? {};
  return { draws: Number(d.draws ?? 0), gridMs: Number(d.gridMs ?? 0), drawMs: Number(d.drawMs ?? 0) };
});
const trained = (page) => page.waitForFunction(() => /^Trained/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 600000 });

// Where the page is during a run: 'map' (Inspect on screen, the map redrawn live), 'inspect'
// (Inspect on screen, the map's panel taken out of the layout: what the map alone costs),
// 'off' (the top of the page, the Data card: at 1440 x 900 the page's end still shows Inspect).
const VIEWS = ['map', 'inspect', 'off'];

// One run from a new model (Reset; the same seed, the same work) in one of the VIEWS.
async function run(page, view) {
  await waitTrainable(page);
  await page.click(tid('reset'));
  await page.waitForFunction(() => /^Reset/.test(document.querySelector('[data-testid="status"]').textContent));
  await page.evaluate((gone) => {
    const panel = document.getElementById('boundary-panel');
    if (gone) panel.style.setProperty('display', 'none', 'important');
    else panel.style.removeProperty('display');
  }, view === 'inspect');
  if (view === 'off') await page.evaluate(() => window.scrollTo(0, 0));
  else await page.locator('#inspect').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const before = await counters(page);
  const t0 = performance.now();
  // Clicked from the script: Playwright's click would first scroll the Train button into view.
  await page.evaluate(() => document.getElementById('train').click());
  // The map's counters once the status says Trained.
  const handle = await page.waitForFunction(() => {
    if (!/^Trained/.test(document.querySelector('[data-testid="status"]').textContent)) return false;
    const d = document.querySelector('[data-testid="decision-map"]')?.dataset ?? {};
    return { draws: Number(d.draws ?? 0), gridMs: Number(d.gridMs ?? 0), drawMs: Number(d.drawMs ?? 0) };
  }, null, { timeout: 600000, polling: 50 });
  const seconds = (performance.now() - t0) / 1000;
  const after = await handle.jsonValue();
  return {
    samplesPerSecond: (EPOCHS * ROWS) / seconds, seconds, redraws: after.draws - before.draws,
    gridMs: after.gridMs - before.gridMs, drawMs: after.drawMs - before.drawMs,
  };
}

const pg = await startPlayground();
try {
  const page = await pg.newPage();
  await openFresh(pg, page);
  await pasteCsv(page, spirals(), 2);
  await page.waitForFunction((n) => document.getElementById('data-summary').textContent.includes(`${n} rows`), ROWS);
  await page.fill(tid('hidden-layers'), HIDDEN);
  await page.selectOption(tid('activation'), 'tanh');
  await page.fill(tid('epochs'), String(EPOCHS));
  // A first run so that there is a map to draw (the panel shows once a model exists).
  await waitTrainable(page);
  await page.click(tid('train'));
  await trained(page);
  const runs = Object.fromEntries(VIEWS.map((v) => [v, []]));
  for (let i = 0; i < REPEATS; i++) for (const v of VIEWS) runs[v].push(await run(page, v));
  const median = (list) => list.map((r) => r.samplesPerSecond).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const k = (v) => `${Math.round(v / 1000)}k`;
  const label = { map: 'map on screen', inspect: 'Inspect, no map', off: 'scrolled off' };
  console.log(`decision map: ${ROWS} rows (3 spiral arms), 2-${HIDDEN.replace(',', '-')}-3 tanh, ${EPOCHS} epochs per run, ${REPEATS} runs each, interleaved`);
  for (const v of VIEWS) {
    const list = runs[v];
    console.log(`${label[v].padEnd(16)} ${k(median(list)).padStart(5)} samples/s median (runs ${list.map((r) => k(r.samplesPerSecond)).join(', ')}; map drawn ${list.map((r) => r.redraws).join(', ')} times)`);
  }
  console.log(`map on screen / Inspect without it: ${(median(runs.map) / median(runs.inspect)).toFixed(3)}; map on screen / scrolled off: ${(median(runs.map) / median(runs.off)).toFixed(3)}`);
  const total = (key) => runs.map.reduce((a, r) => a + r[key], 0);
  const redraws = total('redraws');
  const ms = total('seconds') * 1000;
  console.log(`map on screen, per redraw: ${(total('gridMs') / redraws).toFixed(1)} ms in the worker (the core's grid), ${(total('drawMs') / redraws).toFixed(1)} ms drawing on the page; over the runs ${((100 * total('gridMs')) / ms).toFixed(1)} % of the worker's time and ${((100 * total('drawMs')) / ms).toFixed(1)} % of the page's`);
  // Figures from runs where the map did not do what is being measured would mislead. Off
  // screen, only the finished model's map is drawn (once, when training ends).
  if (runs.map.some((r) => r.redraws < 1)) throw new Error('the map was not redrawn during an on-screen run');
  if ([...runs.inspect, ...runs.off].some((r) => r.redraws > 1)) throw new Error('the map was redrawn while not on screen');
  if (pg.problems.length) throw new Error(`page problems: ${pg.problems.join('; ')}`);
} finally {
  await pg.close();
}
