// Weight heatmaps: one canvas per layer, rows = from-neurons (+ bias row), columns = to-neurons.
import { el, clear } from './dom.js';
import { weightRgb, fmtNum } from './colors.js';

export function drawHeatmaps(root, readout, snap) {
  clear(root);
  snap.weights.forEach((w, l) => {
    const bias = snap.biases?.[l];
    const rows = w.rows + (bias ? 1 : 0);
    const cell = Math.max(3, Math.min(22, Math.floor(300 / w.cols), Math.floor(260 / rows)));
    const canvas = el('canvas', { width: w.cols * cell, height: rows * cell, class: 'heatmap', tabindex: 0, 'aria-label': `Layer ${l + 1} weights, ${w.rows} by ${w.cols}` });
    const max = Math.max(1e-9, ...Array.from(w.data, Math.abs), ...(bias ? Array.from(bias, Math.abs) : []));
    const ctx = canvas.getContext('2d');
    const value = (r, c) => (r < w.rows ? w.data[r * w.cols + c] : bias[c]);
    // One pixel per weight, scaled up by CSS (image-rendering: pixelated): cheap to redraw.
    canvas.width = w.cols;
    canvas.height = rows;
    canvas.style.width = `${w.cols * cell}px`;
    canvas.style.height = `${rows * cell}px`;
    const img = ctx.createImageData(w.cols, rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < w.cols; c++) {
        const [R, G, B] = weightRgb(value(r, c), max);
        const k = (r * w.cols + c) * 4;
        img.data[k] = R;
        img.data[k + 1] = G;
        img.data[k + 2] = B;
        img.data[k + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    canvas.addEventListener('mousemove', (e) => {
      const rect = canvas.getBoundingClientRect();
      const c = Math.floor(((e.clientX - rect.left) / rect.width) * w.cols);
      const r = Math.floor(((e.clientY - rect.top) / rect.height) * rows);
      if (r < 0 || c < 0 || r >= rows || c >= w.cols) return;
      readout.textContent = `layer ${l + 1} ${r < w.rows ? `w[${r + 1}][${c + 1}]` : `bias[${c + 1}]`} = ${fmtNum(value(r, c))}`;
    });
    root.append(el('div', { class: 'heatmap-box' }, el('div', { class: 'heatmap-title', text: `Layer ${l + 1}: ${w.rows}→${w.cols}` }), canvas));
  });
}

// All weights as numbers, one table per layer (text only).
export function drawNumeric(root, snap) {
  clear(root);
  snap.weights.forEach((w, l) => {
    const bias = snap.biases?.[l];
    const head = el('tr', {}, el('th', { text: '' }), ...Array.from({ length: w.cols }, (_, c) => el('th', { text: `→${c + 1}` })));
    const body = [];
    for (let r = 0; r < w.rows; r++) {
      body.push(el('tr', {}, el('th', { text: `${r + 1}` }), ...Array.from({ length: w.cols }, (_, c) => el('td', { text: fmtNum(w.data[r * w.cols + c]) }))));
    }
    if (bias) body.push(el('tr', { class: 'bias' }, el('th', { text: 'bias' }), ...Array.from(bias, (b) => el('td', { text: fmtNum(b) }))));
    root.append(el('h4', { text: `Layer ${l + 1} (${w.rows}×${w.cols})` }), el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': `Layer ${l + 1} weights` }, el('table', { class: 'num-table mono' }, el('thead', {}, head), el('tbody', {}, body))));
  });
}
