// Confusion matrix and the predictions table, from the core's evaluation (the decision
// map is decision-map.js).
import { el, clear } from './dom.js';
import { fmtNum } from './colors.js';

// The core's evaluation (model.evaluate): confusion matrix with the model's class names
// (plus "no class" when some rows matched none), or the regression error.
export function drawConfusion(root, ev) {
  const key = ev?.confusion && ev.rule != null ? JSON.stringify([ev.classNames, ev.confusion.length, ev.confusion[0]?.length]) : '';
  if (key && root.dataset.key === key && updateConfusion(root, ev)) return;
  root.dataset.key = key;
  clear(root);
  if (!ev) return;
  const note = (text) => root.append(el('p', { class: 'muted', text }));
  if (ev.rule == null) {
    const figure = (label, v) => el('div', {}, el('dt', { text: label }), el('dd', { class: 'mono', text: v == null ? '–' : fmtNum(v) }));
    root.append(el('dl', { class: 'error-figures' }, figure('MAE', ev.mae), figure('RMSE', ev.rmse), figure('R²', ev.r2)));
    return note(`Mean absolute error, root-mean-square error and R² of every output over ${ev.samples} rows.`);
  }
  if (!ev.confusion) return note(`${ev.correct} of ${ev.samples} rows have every output right (several targets per row: no single class to tabulate).`);
  const labels = ev.classNames.slice();
  const columns = ev.confusion[0]?.length ?? 0;
  while (labels.length < columns) labels.push('no class');
  const max = confusionMax(ev);
  const head = el('tr', {}, el('th', { class: 'corner', text: 'true \\ predicted' }), ...labels.map((l, i) => el('th', { scope: 'col', text: l, class: 'cls', dataset: { i: String(i) } })));
  const body = ev.confusion.map((row, a) =>
    el('tr', {}, el('th', { scope: 'row', text: labels[a] }), ...row.map((count, p) => {
      const td = el('td', { text: String(count), class: cellClass(a, p, count) });
      td.style.setProperty('--a', String(count / max));
      return td;
    })));
  const table = el('table', { class: `confusion${labels.length > 5 ? ' many' : ''}` }, el('thead', {}, head), el('tbody', {}, body));
  root.append(el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Confusion matrix' }, table),
    el('p', { class: 'muted small', 'data-role': 'confusion-summary', text: confusionSummary(ev) }));
}

const cellClass = (a, p, count) => (a === p ? 'diag' : count ? 'off' : 'zero');
const confusionSummary = (ev) => `${ev.correct} of ${ev.samples} rows classified correctly.`;
const confusionMax = (ev) => ev.confusion.flat().reduce((a, b) => Math.max(a, b), 1);

// New counts in the table already drawn for the same classes (a redraw while training
// changes only what changed). False when the table is not there.
function updateConfusion(root, ev) {
  const rows = root.querySelectorAll('table.confusion tbody tr');
  if (rows.length !== ev.confusion.length) return false;
  const max = confusionMax(ev);
  ev.confusion.forEach((row, a) => {
    const cells = rows[a].querySelectorAll('td');
    row.forEach((count, p) => {
      const td = cells[p];
      if (td.textContent !== String(count)) td.textContent = String(count);
      const cls = cellClass(a, p, count);
      if (td.className !== cls) td.className = cls;
      if (td.style.getPropertyValue('--a') !== String(count / max)) td.style.setProperty('--a', String(count / max));
    });
  });
  const summary = root.querySelector('[data-role="confusion-summary"]');
  if (summary && summary.textContent !== confusionSummary(ev)) summary.textContent = confusionSummary(ev);
  return true;
}

// Every row with its targets, outputs and the core's verdict (rowCorrect), the wrong ones
// highlighted. snap: { outputs, evaluation } of one row set; data: that row set (test-data.js
// rowSets: the rows and their numbers in the table or file they came from). Only the rows in
// view are drawn (the box scrolls over all of them), so a large data set opens at once.
const PREDICTION_ROW_PX = 26;
export function drawPredictions(root, snap, data) {
  clear(root);
  if (!snap?.outputs || !data || snap.outputs.rows !== data.rows) return;
  const { width, rows } = snap.outputs;
  const flags = snap.evaluation?.rowCorrect ?? null;
  if (flags) {
    const wrong = flags.reduce((n, f) => n + (f ? 0 : 1), 0);
    root.append(el('p', { class: 'muted small', testid: 'predictions-mistakes', text: wrong ? `${wrong} of ${rows} rows answered wrong (highlighted).` : `All ${rows} rows answered right.` }));
  }
  const names = data.outputNames;
  const head = el('tr', {}, el('th', { text: '#' }), data.inputNames.map((n) => el('th', { text: n })), names.map((n) => el('th', { text: `${n} (target → output)` })), flags ? el('th', { text: 'ok' }) : null);
  const body = el('tbody');
  const box = el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Predictions on the data' }, el('table', { class: 'num-table mono predictions' }, el('thead', {}, head), body));
  const columns = 1 + data.inputCount + width + (flags ? 1 : 0);
  const tall = (tr, px) => {
    tr.style.height = `${px}px`; // through the CSSOM: the Content-Security-Policy refuses style attributes
    return tr;
  };
  const spacer = (px) => tall(el('tr', { 'aria-hidden': 'true' }, el('td', { colspan: columns })), px);
  const row = (r) => {
    const o = snap.outputs.data.subarray(r * width, (r + 1) * width);
    const t = data.targets.subarray(r * width, (r + 1) * width);
    const ok = flags ? flags[r] === 1 : null;
    return tall(el('tr', { class: ok === null ? '' : ok ? 'ok' : 'bad' },
      el('td', { text: String(data.rowNumbers ? data.rowNumbers[r] : r + 1) }),
      Array.from(data.inputs.subarray(r * data.inputCount, (r + 1) * data.inputCount), (v) => el('td', { text: String(+v.toPrecision(6)) })),
      Array.from(o, (v, i) => el('td', { text: `${+t[i].toPrecision(4)} → ${v.toFixed(3)}` })),
      ok === null ? null : el('td', { text: ok ? '✓' : '✗' })), PREDICTION_ROW_PX);
  };
  let shown = '';
  const draw = () => {
    const r0 = Math.max(0, Math.floor(box.scrollTop / PREDICTION_ROW_PX) - 10);
    const r1 = Math.min(rows, Math.ceil((box.scrollTop + (box.clientHeight || 320)) / PREDICTION_ROW_PX) + 10);
    if (`${r0}:${r1}` === shown) return;
    shown = `${r0}:${r1}`;
    const trs = r0 ? [spacer(r0 * PREDICTION_ROW_PX)] : [];
    for (let r = r0; r < r1; r++) trs.push(row(r));
    if (r1 < rows) trs.push(spacer((rows - r1) * PREDICTION_ROW_PX));
    body.replaceChildren(...trs);
  };
  let frame = 0;
  box.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  }, { passive: true });
  root.append(box, el('p', { class: 'muted small', text: `${rows} rows.` }));
  draw();
}
