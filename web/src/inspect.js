// Confusion matrix, decision map and the predictions table, from the core's evaluation.
import { el, clear } from './dom.js';
import { classColor, CLASS_COLORS, POS, NEG, fmtNum } from './colors.js';

// The core's evaluation (model.evaluate): confusion matrix with the model's class names
// (plus "no class" when some rows matched none), or the regression error.
export function drawConfusion(root, ev) {
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
  const max = ev.confusion.flat().reduce((a, b) => Math.max(a, b), 1);
  const head = el('tr', {}, el('th', { class: 'corner', text: 'true \\ predicted' }), ...labels.map((l, i) => el('th', { scope: 'col', text: l, class: 'cls', dataset: { i: String(i) } })));
  const body = ev.confusion.map((row, a) =>
    el('tr', {}, el('th', { scope: 'row', text: labels[a] }), ...row.map((count, p) => {
      const td = el('td', { text: String(count), class: a === p ? 'diag' : count ? 'off' : 'zero' });
      td.style.setProperty('--a', String(count / max));
      return td;
    })));
  const table = el('table', { class: `confusion${labels.length > 5 ? ' many' : ''}` }, el('thead', {}, head), el('tbody', {}, body));
  root.append(el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Confusion matrix' }, table),
    el('p', { class: 'muted small', text: `${ev.correct} of ${ev.samples} rows classified correctly.` }));
}

// Decision map for two inputs: each pixel coloured by the class the core picks for it
// (model.classify; several outputs) or by the output value (one output; `numeric`: scaled
// to the targets' range, else read as 0..1).
export function drawBoundary(root, grid, range, data, names, numeric) {
  clear(root);
  const n = Math.round(Math.sqrt(grid.rows));
  const small = document.createElement('canvas');
  small.width = n;
  small.height = n;
  const sctx = small.getContext('2d');
  const img = sctx.createImageData(n, n);
  const rgb = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const palette = CLASS_COLORS.map(rgb);
  for (let k = 0; k < n * n; k++) {
    const o = grid.data.subarray(k * grid.width, (k + 1) * grid.width);
    let c;
    let t;
    if (grid.width === 1) {
      const v = numeric ? (o[0] - range.ymin) / Math.max(1e-9, range.ymax - range.ymin) : o[0];
      const s = Math.min(1, Math.max(0, v));
      c = s >= 0.5 ? POS : NEG;
      t = Math.abs(s - 0.5) * 2;
    } else {
      const cls = grid.classes[k];
      c = palette[cls % palette.length];
      let sum = 0;
      for (const v of o) sum += Math.max(0, v);
      t = sum > 0 ? Math.max(0, (o[cls] / sum - 1 / grid.width) / (1 - 1 / grid.width)) : 0;
    }
    const a = 0.18 + 0.55 * t;
    img.data[k * 4] = 255 + (c[0] - 255) * a;
    img.data[k * 4 + 1] = 255 + (c[1] - 255) * a;
    img.data[k * 4 + 2] = 255 + (c[2] - 255) * a;
    img.data[k * 4 + 3] = 255;
  }
  sctx.putImageData(img, 0, 0);
  const size = 320;
  const canvas = el('canvas', { width: size, height: size, class: 'boundary-canvas', role: 'img', 'aria-label': `Decision map over ${names[0]} and ${names[1]}` });
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, size, size);
  const px = (v) => ((v - range.x0) / (range.x1 - range.x0)) * size;
  const py = (v) => size - ((v - range.y0) / (range.y1 - range.y0)) * size;
  const w = data.outputCount;
  for (let r = 0; r < data.rows; r++) {
    const cls = pointClass(data, r);
    ctx.beginPath();
    ctx.arc(px(data.inputs[r * 2]), py(data.inputs[r * 2 + 1]), data.rows > 200 ? 3.5 : 6, 0, Math.PI * 2);
    ctx.fillStyle = w === 1 ? `rgb(${(cls ? POS : NEG).join(',')})` : classColor(cls);
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#0f172a';
    ctx.stroke();
  }
  const axis = (text, cls) => el('div', { class: `axis ${cls}`, text });
  root.append(el('div', { class: 'boundary-box' }, canvas, axis(`${names[0]} →`, 'x'), axis(`${names[1]} →`, 'y')));
}

// A data row's colour: its class label, else the target column holding 1 (one output: 0/1).
function pointClass(data, r) {
  if (data.labels?.length) return data.labels[r];
  const w = data.outputCount;
  const t = data.targets.subarray(r * w, (r + 1) * w);
  return w === 1 ? (t[0] >= 0.5 ? 1 : 0) : Math.max(0, t.indexOf(1));
}

// Data range of the two inputs, padded, for the decision map.
export function inputRange(data) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (let r = 0; r < data.rows; r++) {
    const a = data.inputs[r * 2];
    const b = data.inputs[r * 2 + 1];
    x0 = Math.min(x0, a); x1 = Math.max(x1, a); y0 = Math.min(y0, b); y1 = Math.max(y1, b);
  }
  for (const t of data.targets) { ymin = Math.min(ymin, t); ymax = Math.max(ymax, t); }
  const px = (x1 - x0 || 1) * 0.15;
  const py = (y1 - y0 || 1) * 0.15;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py, ymin, ymax };
}

// The first rows with their targets, outputs and the core's verdict (rowCorrect).
export function drawPredictions(root, snap, data) {
  clear(root);
  if (!snap.outputs || !data) return;
  const { width, rows } = snap.outputs;
  const flags = snap.evaluation?.rowCorrect ?? null;
  const names = data.outputNames;
  const limit = Math.min(rows, 500);
  const head = el('tr', {}, el('th', { text: '#' }), ...data.inputNames.map((n) => el('th', { text: n })), ...names.map((n) => el('th', { text: `${n} (target → output)` })), flags ? el('th', { text: 'ok' }) : null);
  const body = [];
  for (let r = 0; r < limit; r++) {
    const o = snap.outputs.data.subarray(r * width, (r + 1) * width);
    const t = data.targets.subarray(r * width, (r + 1) * width);
    const ok = flags ? flags[r] === 1 : null;
    body.push(el('tr', { class: ok === null ? '' : ok ? 'ok' : 'bad' },
      el('td', { text: String(r + 1) }),
      ...Array.from(data.inputs.subarray(r * data.inputCount, (r + 1) * data.inputCount), (v) => el('td', { text: String(+v.toPrecision(6)) })),
      ...Array.from(o, (v, i) => el('td', { text: `${+t[i].toPrecision(4)} → ${v.toFixed(3)}` })),
      ok === null ? null : el('td', { text: ok ? '✓' : '✗' })));
  }
  root.append(el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Predictions on the data' }, el('table', { class: 'num-table mono predictions' }, el('thead', {}, head), el('tbody', {}, body))));
  if (rows > limit) root.append(el('p', { class: 'muted small', text: `First ${limit} of ${rows} rows.` }));
}
