// Checks on the page as it is drawn, shared by the page's e2e tests: contrast, focus
// indicators, words broken mid-word, elements that do not fit their box, ink on a
// canvas, axe-core, and the core's own answers (loaded in node) to compare the page with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fromRepo } from './harness.mjs';

// The core in node (the same WebAssembly build the page uses), to ask for the messages
// and figures the page must show.
export async function loadCore() {
  const dir = fromRepo(process.env.DFF_WASM_DIR || 'build/wasm/wasm');
  const { loadMicrodff } = await import(fromRepo('wasm/js/microdff.js'));
  const factory = (await import(path.join(dir, 'microdff.mjs'))).default;
  return loadMicrodff({ factory, wasmBinary: readFileSync(path.join(dir, 'microdff.wasm')) });
}

// axe-core on the page: the violations of impact serious or critical, as lines.
export async function axeViolations(page) {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Run in the page's main world through the DevTools protocol (the page's CSP refuses
  // injected script tags, as it should).
  await page.evaluate(source);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ') + (n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim()})` : '')).join('; ')}`);
}

// Makes the in-page checks below callable from other in-page code as window.audit.*
// (evaluated through the DevTools protocol: the page's CSP rightly refuses new Function).
export async function installAudit(page) {
  await page.evaluate(`window.audit = { contrastOf: ${contrastOf}, fitsOwnBox: ${fitsOwnBox} }`);
}

// In the page: the contrast ratio of an element's text against what is painted behind it
// (backgrounds composited up the tree; none of the checked elements sits on an image).
export function contrastOf(selectorOrNode) {
  const node = typeof selectorOrNode === 'string' ? document.querySelector(selectorOrNode) : selectorOrNode;
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((k) => (top[k] * top[3] + bottom[k] * bottom[3] * (1 - top[3])) / a).concat(a);
  };
  const layers = [];
  for (let n = node; n && n.nodeType === 1; n = n.parentElement) layers.push(parse(getComputedStyle(n).backgroundColor));
  let bg = [255, 255, 255, 1];
  for (const layer of layers.reverse()) bg = over(layer, bg);
  const style = getComputedStyle(node);
  const fg = over(parse(style.color), bg);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}

// In the page: words of visible text drawn on two lines (broken mid-word), with where.
export function wordsBrokenMidWord(rootSelector) {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector(rootSelector), NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const parent = t.parentElement;
    if (!parent || parent.closest('[hidden], svg, .visually-hidden, textarea, option, select')) continue;
    if (!parent.getClientRects().length) continue;
    const re = /[A-Za-z]{3,20}/g;
    for (let m = re.exec(t.data); m; m = re.exec(t.data)) {
      const range = document.createRange();
      range.setStart(t, m.index);
      range.setEnd(t, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(`'${m[0]}' in <${parent.tagName.toLowerCase()} class="${parent.className}">`);
    }
  }
  return out;
}

// In the page: the number of pixels on a canvas close to an [r, g, b] colour.
export function inkOf([selector, rgb]) {
  let count = 0;
  for (const canvas of document.querySelectorAll(selector)) {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let k = 0; k < data.length; k += 4) {
      if (data[k + 3] > 128 && Math.abs(data[k] - rgb[0]) < 40 && Math.abs(data[k + 1] - rgb[1]) < 40 && Math.abs(data[k + 2] - rgb[2]) < 40) count++;
    }
  }
  return count;
}

// In the page: the focus indicator of the focused element (for a visually hidden file
// input, of its label): an outline of at least 2 px, or a box shadow.
export function focusIndicator() {
  const a = document.activeElement;
  if (!a || a === document.body) return { what: 'body', shown: false };
  const target = a.matches('input.visually-hidden') ? document.querySelector(`label[for="${a.id}"]`) ?? a : a;
  const cs = getComputedStyle(target);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const what = `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''} "${(a.getAttribute('aria-label') || a.textContent || a.value || '').trim().slice(0, 40)}"`;
  return { what, button: a.tagName === 'BUTTON' || a.matches('input.visually-hidden') || a.tagName === 'SUMMARY', shown: outline || cs.boxShadow !== 'none' };
}

// In the page: whether an element's text is shown whole (not clipped by its own box).
export function fitsOwnBox(node) {
  if (node.tagName === 'SELECT') {
    const cs = getComputedStyle(node);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const text = node.selectedOptions[0]?.textContent ?? '';
    // The text plus the padding and the drop-down arrow (about 20 px).
    const need = ctx.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20;
    return node.clientWidth >= need;
  }
  return node.scrollWidth <= node.clientWidth + 1;
}
