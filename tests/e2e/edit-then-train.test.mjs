// A person edits a field and clicks Train without leaving the field first, right after the
// page loaded, on a fast and on a slow (CPU-throttled) machine. The run must use exactly
// what was typed, and when it ends the page must show that model as current: "Trained",
// its accuracy, "Train more", never "Settings or data changed".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlayground, tid, forgetSessions, typeInto } from './harness.mjs';

let pg;
before(async () => {
  pg = await startPlayground();
});
after(async () => {
  await pg?.close();
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

// What a person edits, and what the trained model must then show.
const EDITS = [
  { what: 'epochs', edit: (page) => typeInto(page, tid('epochs'), '30'), epochs: 30, widths: '3–16–2' },
  { what: 'hidden layers', edit: (page) => typeInto(page, tid('hidden-layers'), '5'), widths: '3–5–2' },
  { what: 'seed', edit: (page) => typeInto(page, tid('seed'), '9'), widths: '3–16–2' },
  { what: 'a layer width in the topology', edit: (page) => typeInto(page, '[aria-label="Width of hidden layer 1"]', '6'), widths: '3–6–2' },
  { what: 'a cell of the table', edit: (page) => typeInto(page, '[data-label="Row 2, i3"]', '0'), widths: '3–16–2', csvHas: '\n0,0,0,0,1\n' },
  { what: 'the CSV text', edit: async (page) => {
    await page.evaluate(() => (document.getElementById('csv-details').open = true));
    await page.click(tid('dataset-csv'));
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('1,1,1,1,0\n');
  }, widths: '3–16–2', rows: 9 },
];

const THROTTLE = [1, 6];

for (const rate of THROTTLE) {
  for (const e of EDITS) {
    test(`${rate > 1 ? `CPU ${rate}x slower, ` : ''}right after load: edit ${e.what}, click Train`, async () => {
      const page = await pg.newPage();
      // A first visit: nothing kept from the tests before (cleared before the page's scripts run).
      await page.addInitScript(forgetSessions);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.goto(pg.url);
      // Seed example with few epochs, so that the run is short.
      if (!e.epochs) await typeInto(page, tid('epochs'), '40');
      await e.edit(page);
      await page.click(tid('train'), { timeout: 60000 });
      const status = () => page.textContent(tid('status'));
      await page.waitForFunction(() => /^(Trained|Training failed|Cannot)/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 60000 })
        .catch(async (err) => assert.fail(`${err.message}; status: ${await status()}`));
      // Let anything the click or the edit left behind land.
      await page.waitForTimeout(500 * rate);
      assert.match(await status(), /^Trained \d+ epochs/);
      assert.match(await page.textContent(tid('accuracy')), /^\d+\.\d%$/, 'the accuracy of the model just trained is shown');
      assert.equal(await page.textContent(tid('train')), 'Train more');
      const note = await page.textContent('#inspect-note');
      assert.equal(note, `${e.widths} network · ${e.epochs ?? 40} epochs`);
      if (e.csvHas) assert.ok((await page.inputValue(tid('dataset-csv'))).includes(e.csvHas), 'the edited cell is in the data');
      if (e.rows) assert.match(await page.textContent('#data-summary'), new RegExp(`^${e.rows} rows`));
      await cdp.detach();
      await page.close();
    });
  }
}
