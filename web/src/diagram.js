// SVG network diagram: neurons by layer, links coloured by sign and sized by magnitude,
// values on hover (a readout line plus native tooltips). Very wide layers are elided.
// hooks.neuron({ layer, index, label }) is called when a neuron is hovered or focused, and
// with null when it is left.
import { svg, clear } from './dom.js';
import { weightColor, fmtNum, largestMagnitude } from './colors.js';

const MAX_SHOWN = 16;

// Redraws only colours, widths and texts when the shape is unchanged (cheap during training).
export function drawDiagram(root, readout, snap, names, hooks = {}) {
  const widths = snap.info.widths ?? [snap.weights[0].rows, ...snap.weights.map((w) => w.cols)];
  const key = JSON.stringify([widths, names, snap.info.activations, !!snap.biases?.length]);
  if (root.dataset.key === key && root.firstChild) return updateDiagram(root, snap);
  root.dataset.key = key;
  const W = 640;
  const H = 300;
  const layers = widths.length;
  const shown = widths.map((w) => Math.min(w, MAX_SHOWN));
  // Room for the input and output names (about 7 units per character at 12 px).
  const longest = (list, n) => Math.max(0, ...Array.from({ length: Math.min(n, MAX_SHOWN) }, (_, i) => clip(list[i] ?? 'x00').length));
  const padL = 30 + 7 * longest(names.inputs, widths[0]);
  const padR = 30 + 7 * longest(names.outputs, widths[layers - 1]);
  const x = (l) => padL + (l * (W - padL - padR)) / Math.max(1, layers - 1);
  const y = (l, i) => {
    const n = shown[l];
    const gap = Math.min(34, (H - 40) / Math.max(1, n));
    return H / 2 + (i - (n - 1) / 2) * gap;
  };
  const max = largestWeight(snap.weights);
  const root$ = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'net', role: 'img', 'aria-label': describe(widths, names, snap.info.activations ?? []) });
  const links = svg('g', { class: 'links', 'stroke-linecap': 'round' });
  const nodes = svg('g', { class: 'nodes' });
  const label = (l, i) => {
    if (l === 0) return names.inputs[i] ?? `x${i + 1}`;
    if (l === layers - 1) return names.outputs[i] ?? `y${i + 1}`;
    return `h${l}.${i + 1}`;
  };
  // Links carry only what a redraw needs (layer and weight index); their text is made when
  // hovered, by one listener for all of them (a new model's first drawing stays short).
  snap.weights.forEach((w, l) => {
    for (let i = 0; i < shown[l]; i++) {
      for (let j = 0; j < shown[l + 1]; j++) {
        const v = w.data[i * w.cols + j];
        links.append(svg('line', {
          'data-l': l, 'data-i': i * w.cols + j, x1: x(l), y1: y(l, i), x2: x(l + 1), y2: y(l + 1, j),
          stroke: lineColor(v, max), 'stroke-width': lineWidth(v, max),
        }));
      }
    }
  });
  links.addEventListener('mouseover', (e) => {
    const line = e.target.closest?.('line[data-l]');
    if (!line) return;
    const l = +line.dataset.l;
    const k = +line.dataset.i;
    const w = snap.weights[l];
    const now = shownSnap.get(root)?.weights[l]?.data[k] ?? w.data[k];
    const text = `${label(l, Math.floor(k / w.cols))} → ${label(l + 1, k % w.cols)}: ${fmtNum(now)}`;
    if (!line.firstChild) line.append(svg('title', {}, text));
    else line.firstChild.textContent = text;
    readout.textContent = text;
  });
  widths.forEach((n, l) => {
    for (let i = 0; i < shown[l]; i++) {
      const b = l > 0 && snap.biases?.[l - 1] ? snap.biases[l - 1][i] : undefined;
      const text = b === undefined ? label(l, i) : `${label(l, i)} bias ${fmtNum(b)}`;
      const g = svg('g', { class: `node ${l === 0 ? 'in' : l === layers - 1 ? 'out' : 'hid'}`, tabindex: 0, 'aria-label': text, 'data-l': l, 'data-i': i, 'data-text': label(l, i) }, svg('title', {}, text));
      g.append(svg('circle', { cx: x(l), cy: y(l, i), r: 9, fill: b === undefined ? '#fff' : weightColor(b, max), stroke: '#334155', 'stroke-width': 1.5 }));
      if (l === 0 || l === layers - 1) {
        g.append(svg('text', { x: l === 0 ? x(l) - 15 : x(l) + 15, y: y(l, i) + 4, 'text-anchor': l === 0 ? 'end' : 'start', class: 'node-label' }, clip(label(l, i))));
      }
      const show = () => {
        readout.textContent = g.getAttribute('aria-label');
        hooks.neuron?.({ layer: l, index: i, label: label(l, i) });
      };
      const leave = () => hooks.neuron?.(null);
      g.addEventListener('mouseenter', show);
      g.addEventListener('focus', show);
      g.addEventListener('mouseleave', leave);
      g.addEventListener('blur', leave);
      nodes.append(g);
    }
    if (n > shown[l]) {
      nodes.append(svg('text', { x: x(l), y: H - 6, 'text-anchor': 'middle', class: 'elided' }, `+${n - shown[l]} more`));
    }
  });
  root$.append(links, nodes);
  clear(root).append(root$);
  shownSnap.set(root, snap);
}

// The model each diagram shows (for the link titles, filled when hovered).
const shownSnap = new WeakMap();

// A link's colour and width, in steps fine enough to see the weights move and coarse enough
// that a redraw while training leaves most links as they were (no restyle of every link).
const lineColor = (v, max) => weightColor(Math.round((v / max) * 48) / 48 * max, max);
const lineWidth = (v, max) => (0.5 + 4.5 * Math.abs(v) / max).toFixed(1);
const setIfChanged = (node, name, value) => {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
};

// The largest weight magnitude (a loop: a layer may hold millions of weights).
const largestWeight = (weights) => weights.reduce((m, w) => largestMagnitude(w.data, m), 1e-9);

// The diagram in words: the layers, their widths, names and activations.
function describe(widths, names, activations) {
  const list = (items, n) => {
    const shown = Array.from({ length: Math.min(n, 8) }, (_, i) => items[i] ?? `#${i + 1}`).join(', ');
    return n > 8 ? `${shown} and ${n - 8} more` : shown;
  };
  const act = (l) => (activations[l] ? ` (${activations[l]})` : '');
  const hidden = widths.slice(1, -1).map((w, l) => `hidden layer ${l + 1} of ${w}${act(l)}`);
  const last = widths.length - 1;
  return [
    `Network ${widths.join('–')}: ${widths[0]} inputs ${list(names.inputs, widths[0])}`,
    ...hidden,
    `${widths[last]} outputs ${list(names.outputs, widths[last])}${act(last - 1)}.`,
  ].join('; ') + ' Every weight is listed under Numeric weights.';
}

const clip = (s) => (s.length > 14 ? s.slice(0, 13) + '…' : s);

function updateDiagram(root, snap) {
  shownSnap.set(root, snap);
  const max = largestWeight(snap.weights);
  for (const line of root.querySelectorAll('line[data-l]')) {
    const v = snap.weights[+line.dataset.l].data[+line.dataset.i];
    setIfChanged(line, 'stroke', lineColor(v, max));
    setIfChanged(line, 'stroke-width', lineWidth(v, max));
  }
  for (const g of root.querySelectorAll('g.node[data-l]')) {
    const l = +g.dataset.l;
    const b = l > 0 ? snap.biases?.[l - 1]?.[+g.dataset.i] : undefined;
    if (b === undefined) continue;
    const text = `${g.dataset.text} bias ${fmtNum(b)}`;
    setIfChanged(g, 'aria-label', text);
    if (g.firstChild.textContent !== text) g.firstChild.textContent = text;
    setIfChanged(g.querySelector('circle'), 'fill', weightColor(b, max));
  }
}
