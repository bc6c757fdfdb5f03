// The page's layout at a phone's size (390x844) and a computer's (1440x900): header and
// menu, the status, the network editor and form, wide data (64 inputs, 10 classes),
// notes that must not cover Train, words never broken mid-word, contrast, text
// alternatives and axe-core; screenshots of each size in build/e2e-artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlayground, pasteCsv, trainToEnd, screenshot, tid } from './harness.mjs';
import { axeViolations, installAudit, wordsBrokenMidWord } from './page-audit.mjs';

const SIZES = [
  { name: 'phone', width: 390, height: 844, header: 100 },
  { name: 'computer', width: 1440, height: 900, header: 72 },
];

let pg;
let tmp;
before(async () => {
  pg = await startPlayground();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'microdff-layout-'));
});
after(async () => {
  await pg?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pg?.problems ?? [], [], 'no page errors, console errors or CSP violations');
});

// One page load per size, shared by that size's tests (each sets up the data it needs).
let opened = null; // { size, page }
async function open(size) {
  if (opened?.size === size) return opened.page;
  await opened?.page.close();
  const page = await pg.newPage();
  opened = { size, page };
  await page.setViewportSize({ width: size.width, height: size.height });
  // A first visit: nothing kept from the tests before (cleared before the page's scripts run).
  await page.addInitScript(() => localStorage.clear());
  await page.goto(pg.url);
  await page.waitForFunction(() => /Ready/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
  // Lay out every card now (off-screen cards skip rendering until scrolled to).
  await page.evaluate(() => document.querySelectorAll('.card').forEach((c) => c.style.setProperty('content-visibility', 'visible')));
  await installAudit(page);
  return page;
}

const shot = (page, size, what, selector) => screenshot(page, `ux-${size.width}-${what}`, selector);
const headerHeight = (page) => page.evaluate(() => Math.round(document.querySelector('.topbar').getBoundingClientRect().height));
const noSideScroll = async (page, when) => {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `${when}: the page scrolls sideways by ${over}px`);
};

// Boxes of `selector` that stick out of the box of their closest `within` ancestor,
// unless they sit in a scrolling box inside it.
function outside([selector, within]) {
  const out = [];
  for (const n of document.querySelectorAll(selector)) {
    if (!n.getClientRects().length) continue;
    const box = n.closest(within);
    let scroller = n.parentElement;
    while (scroller && scroller !== box && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
    const frame = (scroller && scroller !== box ? scroller : box).getBoundingClientRect();
    const r = n.getBoundingClientRect();
    const inFrame = scroller && scroller !== box ? box.getBoundingClientRect().right >= frame.right - 1 : r.left >= frame.left - 1 && r.right <= frame.right + 1;
    if (!inFrame) out.push(`${n.tagName.toLowerCase()} "${(n.getAttribute('aria-label') ?? n.textContent).slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(frame.left)}..${Math.round(frame.right)}`);
  }
  return out;
}

for (const size of SIZES) {
  test(`${size.name} ${size.width}x${size.height}: the header keeps its height, shows every section and the whole status`, async () => {
    const page = await open(size);
    const heights = [await headerHeight(page)];
    await shot(page, size, 'start');
    const links = await page.$$eval('.sections a', (as) => as.map((a) => {
      const r = a.getBoundingClientRect();
      const nav = a.parentElement.getBoundingClientRect();
      return { text: a.textContent, shown: r.width > 0 && r.left >= nav.left - 1 && r.right <= Math.min(nav.right, window.innerWidth) + 1 };
    }));
    assert.deepEqual(links.filter((l) => !l.shown).map((l) => l.text), [], 'every section link is on screen');
    assert.equal(links.length, 6);

    await page.fill(tid('epochs'), '2000000');
    await page.click(tid('train'));
    await page.waitForFunction(() => /^Training… epoch [1-9]/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
    heights.push(await headerHeight(page));
    await page.click(tid('stop'));
    await page.waitForFunction(() => /^Stopped/.test(document.querySelector('[data-testid="status"]').textContent));
    heights.push(await headerHeight(page));
    // A long status: the file name and the reason do not fit the chip.
    const name = 'a-model-file-from-the-lab-with-a-rather-long-name.bin';
    const file = path.join(tmp, name);
    writeFileSync(file, Buffer.from('not a model at all, just some text that came out of a serial terminal'));
    await page.setInputFiles('#model-file', file);
    await page.waitForFunction((n) => document.querySelector('[data-testid="status"]').textContent.includes(n), name);
    heights.push(await headerHeight(page));
    assert.ok(heights.every((h) => h === heights[0]), `the header keeps one height: ${heights}`);
    assert.ok(heights[0] <= size.header, `the sticky header is ${heights[0]}px (at most ${size.header})`);

    await page.click(tid('status'));
    const chip = await page.evaluate(() => {
      const s = document.querySelector('[data-testid="status"]');
      const r = s.getBoundingClientRect();
      return { whole: s.scrollWidth <= s.clientWidth + 1 && s.scrollHeight <= s.clientHeight + 1, onScreen: r.left >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight };
    });
    assert.deepEqual(chip, { whole: true, onScreen: true }, 'a click on the status shows all of it');
    assert.equal(await headerHeight(page), heights[0], 'and the header does not move');
    await shot(page, size, 'status-open');
    await page.keyboard.press('Escape');
  });

  test(`${size.name}: the network editor and the settings form show every value whole`, async () => {
    const page = await open(size);
    for (const hidden of ['16', '16,16', '16,16,16']) {
      await page.fill(tid('hidden-layers'), hidden);
      await page.locator(tid('hidden-layers')).blur();
      const layers = hidden.split(',').length;
      await page.waitForFunction((n) => document.querySelectorAll('[aria-label^="Width of hidden layer"]').length === n, layers);
      const problems = await page.evaluate(() => {
        const fits = window.audit.fitsOwnBox;
        const out = [];
        const topo = document.getElementById('topology').getBoundingClientRect();
        for (const n of document.querySelectorAll('#topology .layer, #topology .add-layer')) {
          const r = n.getBoundingClientRect();
          if (r.left < topo.left - 1 || r.right > topo.right + 1 || r.right > window.innerWidth) out.push(`${n.textContent.slice(0, 20)} sticks out (${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(topo.left)}..${Math.round(topo.right)})`);
        }
        for (const n of document.querySelectorAll('#topology input, #topology select, .form-grid input:not([type=checkbox]), .form-grid select')) {
          const w = n.getBoundingClientRect().width;
          if (w < 44 || !fits(n)) out.push(`${n.getAttribute('aria-label') ?? n.id} is ${Math.round(w)}px wide and cut`);
          if (n.tagName === 'SELECT') {
            for (const o of n.options) {
              const keep = n.value;
              n.value = o.value;
              if (!fits(n)) out.push(`${n.getAttribute('aria-label') ?? n.id}: '${o.textContent}' is cut`);
              n.value = keep;
            }
          }
        }
        return out;
      });
      assert.deepEqual(problems, [], `${layers} hidden layer(s)`);
      await noSideScroll(page, `${layers} hidden layers`);
      if (layers === 2) await shot(page, size, 'network-two-layers', '#network');
    }
    await page.click('#use-defaults');
  });

  test(`${size.name}: 64 inputs and 10 classes: Predict's rows and the confusion matrix stay reachable`, async () => {
    const page = await open(size);
    const names = [...Array.from({ length: 64 }, (_, i) => `f${i + 1}`), 'digit'];
    const rows = [];
    for (let r = 0; r < 30; r++) rows.push([...Array.from({ length: 64 }, (_, i) => ((r * 7 + i * 3) % 17) / 16), `digit_${r % 10}`]);
    await pasteCsv(page, [names, ...rows].map((r) => r.join(',')).join('\n') + '\n', 64);
    await page.waitForFunction(() => /^30 rows.*64 inputs.*10 classes/.test(document.getElementById('data-summary').textContent), null, { timeout: 20000 });
    await page.fill(tid('epochs'), '30');
    await trainToEnd(page);
    await page.waitForSelector('#confusion table');
    assert.deepEqual(await page.evaluate(outside, ['.predict-examples button', '.card']), [], 'Predict\'s row buttons stay in their card');
    assert.deepEqual(await page.evaluate(outside, ['#confusion td, #confusion th', '.card']), [], 'the confusion matrix fits or scrolls');
    await noSideScroll(page, 'wide data');
    await shot(page, size, 'ten-classes', '#inspect');
  });

  test(`${size.name}: notes never cover Train, and no word is broken mid-word`, async () => {
    const page = await open(size);
    for (const block of ['end', 'start', 'center']) {
      await page.evaluate(() => document.querySelector('[data-preset="xor"]').click());
      await page.waitForSelector('#toast:not([hidden])');
      await page.evaluate((b) => document.querySelector('[data-testid="train"]').scrollIntoView({ block: b }), block);
      const covered = await page.evaluate(() => {
        const t = document.querySelector('[data-testid="train"]').getBoundingClientRect();
        const n = document.getElementById('toast').getBoundingClientRect();
        const overlap = n.left < t.right && n.right > t.left && n.top < t.bottom && n.bottom > t.top;
        const points = [];
        for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.15, 0.5, 0.85]) points.push([t.left + fx * t.width, t.top + fy * t.height]);
        const hidden = points.filter(([x, y]) => !document.elementFromPoint(x, y)?.closest('[data-testid="train"]')).length;
        return { overlap, hidden };
      });
      assert.deepEqual(covered, { overlap: false, hidden: 0 }, `Train scrolled to the ${block} of the screen is not covered by the note or the header`);
    }
    await page.fill(tid('epochs'), '50');
    await trainToEnd(page);
    await page.click('#share');
    await page.waitForFunction(() => /Link ready/.test(document.getElementById('share-note').textContent));
    assert.deepEqual(await page.evaluate(wordsBrokenMidWord, 'body'), [], 'words drawn on two lines');
    await shot(page, size, 'export', '#export');
  });

  test(`${size.name}: contrast, text alternatives and axe-core`, async () => {
    const page = await open(size);
    await page.click('[data-preset="iris"]');
    await page.waitForFunction(() => document.getElementById('data-summary').textContent.startsWith('150 rows'));
    await page.fill(tid('epochs'), '3');
    await trainToEnd(page);
    await page.waitForSelector('#confusion td.zero');
    for (const sel of ['[aria-label^="Remove column"]', '#topology button.icon', '#confusion td.zero', '.foot span', '.muted', '.hint']) {
      const ratios = await page.$$eval(sel, (ns) => ns.filter((n) => n.getClientRects().length).slice(0, 20).map((n) => window.audit.contrastOf(n)));
      assert.ok(ratios.length > 0, `${sel} is on the page`);
      assert.ok(Math.min(...ratios) >= 4.5, `${sel}: contrast ${Math.min(...ratios)}:1 (at least 4.5:1)`);
    }
    const alt = await page.evaluate(() => {
      const name = (n) => [n?.getAttribute('aria-label') ?? '', ...(n?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((i) => document.getElementById(i)?.textContent ?? '')].join(' ');
      return { chart: name(document.getElementById('loss-chart')), diagram: name(document.querySelector('#diagram svg')), loss: document.querySelector('[data-testid="loss-value"]').textContent };
    });
    assert.ok(alt.chart.includes(alt.loss) && /epoch/.test(alt.chart), `the loss chart says what it shows: "${alt.chart}"`);
    for (const w of ['sepal_length', 'petal_width', 'setosa', '4', '16', '3']) assert.ok(alt.diagram.includes(w), `the network diagram's text names ${w}: "${alt.diagram}"`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, size, 'trained-iris');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    assert.deepEqual(await axeViolations(page), [], 'axe-core: serious or critical violations');
  });
}
