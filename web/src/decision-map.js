// The decision map (as in TensorFlow Playground, for the person's own data): the plane of two
// inputs coloured by the model's class at each point (or by its output, for one output), the
// other inputs held at their mean or at a chosen row, with the training and test rows drawn
// on it and the ones the model gets wrong crossed out. Hovering or focusing a neuron in the
// diagram shows that neuron's activation over the same plane. Every value comes from the
// core, one worker call per redraw (decision-map-worker.js); during training the map is
// redrawn at most every MAP_MS, and only while it is on screen.
import { el, clear } from './dom.js';
import { CLASS_COLORS, POS, NEG, fmtNum } from './colors.js';
import { axisSpan, cellAt, inputMeans } from './decision-map-grid.js';
import './decision-map.css';

const MAP_MS = 250;
const GRID_LIVE = 48; // while training: a coarser grid costs the worker about half the time of 64 x 64
const GRID_REST = 100;
const SIZE = 320;
const rgb = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
const PALETTE = CLASS_COLORS.map(rgb);

export class DecisionMap {
  #ctx = null; // the latest { snap, data, sets } to draw
  #busy = false;
  #again = false;
  #wanted = 0; // the finest grid asked for since the last draw began
  #running = Promise.resolve(); // the draws in progress
  #lastAt = 0;
  #neuron = null; // { layer, index, label } while a neuron is hovered or focused
  #axes = [0, 1];
  #others = 'mean';
  #grid = null; // the last grid drawn, for the hover readout
  #draws = 0;
  #cost = { gridMs: 0, drawMs: 0 }; // time spent on the map so far: in the worker, on the page

  // panel: the map's figure (hidden while there is nothing to map); body: where it draws.
  constructor(panel, body, engine) {
    this.panel = panel;
    this.body = body;
    this.engine = engine;
    this.visible = false;
    new IntersectionObserver((entries) => (this.visible = entries.some((e) => e.isIntersecting))).observe(panel);
    const select = (testid, label) => el('select', { testid, 'aria-label': label, onchange: () => this.#controlsChanged() });
    this.xSelect = select('map-x', 'Input across the map');
    this.ySelect = select('map-y', 'Input up the map');
    this.othersSelect = select('map-others', 'Where the other inputs are held');
    this.rowInput = el('input', { type: 'number', min: 1, step: 1, value: 1, class: 'narrow', testid: 'map-row', 'aria-label': 'Row whose other inputs the map holds', oninput: () => this.#controlsChanged() });
    this.controls = el('div', { class: 'dm-controls' },
      el('label', {}, 'across ', this.xSelect), el('label', {}, 'up ', this.ySelect),
      el('label', {}, 'other inputs at ', this.othersSelect), this.rowInput);
    this.canvas = el('canvas', { width: SIZE, height: SIZE, class: 'dm-canvas', role: 'img', testid: 'decision-map', 'aria-label': 'Decision map' });
    this.xLabel = el('div', { class: 'dm-axis x' });
    this.yLabel = el('div', { class: 'dm-axis y' });
    this.title = el('p', { class: 'dm-title small', 'aria-live': 'polite' });
    this.legend = el('div', { class: 'dm-legend small' });
    this.readout = el('div', { class: 'hover-readout mono', text: '\u00a0' });
    this.canvas.addEventListener('mousemove', (e) => this.#hover(e));
    clear(this.body).append(this.controls, this.title, el('div', { class: 'dm-box' }, this.canvas, this.xLabel, this.yLabel), this.legend, this.readout);
  }

  // A new snapshot of the model (Inspect): { snap, data (the table's parse), sets
  // (test-data.js rowSets) }; live during training. Unless live, resolves once the map
  // shows this snapshot (so that what the page says next describes a drawn map).
  update({ snap, data, sets, live }) {
    const ev = snap?.evaluation;
    const ok = !!(data && sets?.train && snap?.outputs && ev && !ev.error && data.inputCount >= 2);
    this.panel.hidden = !ok;
    if (!ok) {
      this.#ctx = null;
      return Promise.resolve();
    }
    this.#ctx = { snap, data, sets };
    this.#fillControls(data);
    if (!live) return this.#request(GRID_REST);
    if (this.visible) this.#request(GRID_LIVE);
    return Promise.resolve();
  }

  // Training made progress: a redraw with the newest weights, at most every MAP_MS on screen.
  progress() {
    if (this.#ctx && this.visible && performance.now() - this.#lastAt > MAP_MS) this.#request(GRID_LIVE);
  }

  // A neuron in the diagram is hovered or focused (layer >= 1), or left (null).
  showNeuron(neuron) {
    const next = neuron && neuron.layer >= 1 ? neuron : null;
    if (JSON.stringify(next) === JSON.stringify(this.#neuron)) return;
    this.#neuron = next;
    if (this.#ctx) this.#request(GRID_REST);
  }

  clear() {
    this.#ctx = null;
    this.panel.hidden = true;
  }

  #fillControls(data) {
    const names = data.inputNames;
    const key = JSON.stringify(names);
    if (this.xSelect.dataset.key !== key) {
      for (const s of [this.xSelect, this.ySelect]) {
        s.dataset.key = key;
        s.replaceChildren(...names.map((n, i) => el('option', { value: String(i), text: n })));
      }
      this.#axes = [0, 1];
      this.othersSelect.replaceChildren(el('option', { value: 'mean', text: 'their mean' }), el('option', { value: 'row', text: 'a row of the table:' }));
    }
    this.xSelect.value = String(this.#axes[0]);
    this.ySelect.value = String(this.#axes[1]);
    this.othersSelect.value = this.#others;
    this.rowInput.max = String(data.rows);
    const many = data.inputCount > 2;
    this.controls.hidden = !many;
    this.rowInput.hidden = !many || this.#others !== 'row';
  }

  #controlsChanged() {
    let x = Number(this.xSelect.value);
    let y = Number(this.ySelect.value);
    // The two axes are two different inputs: picking the other's input swaps them.
    if (x === y) [x, y] = x === this.#axes[0] ? [this.#axes[1], y] : [x, this.#axes[0]];
    this.#axes = [x, y];
    this.#others = this.othersSelect.value;
    if (this.#ctx) {
      this.#fillControls(this.#ctx.data);
      this.#request(GRID_REST);
    }
  }

  // The plane: the axes' spans over every row drawn, and the row the other inputs come from.
  #plane(n) {
    const { data, sets } = this.#ctx;
    const [ax, ay] = this.#axes;
    const xs = axisSpan([sets.train, sets.test], ax);
    const ys = axisSpan([sets.train, sets.test], ay);
    let base = inputMeans(sets.train);
    let held = 'their mean over the training rows';
    if (this.#others === 'row' && data.inputCount > 2) {
      const r = Math.min(data.rows, Math.max(1, Math.round(Number(this.rowInput.value)) || 1));
      base = data.inputs.slice((r - 1) * data.inputCount, r * data.inputCount);
      held = `their values in row ${r}`;
    }
    return { base: Array.from(base), axes: [ax, ay], x0: xs.lo, x1: xs.hi, y0: ys.lo, y1: ys.hi, n, held };
  }

  // A redraw on an n x n grid; while one is in progress, it draws once more when done (on the
  // finest grid asked for meanwhile). Resolves when the map shows the newest request.
  #request(n) {
    this.#wanted = Math.max(this.#wanted, n);
    if (this.#busy) {
      this.#again = true;
      return this.#running;
    }
    this.#busy = true;
    this.#running = this.#drawWhileAsked();
    return this.#running;
  }

  async #drawWhileAsked() {
    this.#lastAt = performance.now();
    try {
      do {
        this.#again = false;
        const n = this.#wanted;
        this.#wanted = 0;
        if (!this.#ctx) break;
        try {
          const neuron = this.#neuron;
          const plane = this.#plane(n);
          const { held, ...ask } = plane;
          const grid = await this.engine.call('mapGrid', { ...ask, layer: neuron?.layer ?? 0 });
          if (this.#ctx === null) break;
          // The newest snapshot's rows and flags, over the weights the grid was computed with.
          const t0 = performance.now();
          this.#draw(this.#ctx, grid, { ...plane, n: grid.n }, held, neuron);
          this.#cost.gridMs += grid.ms;
          this.#cost.drawMs += performance.now() - t0;
          Object.assign(this.canvas.dataset, { gridMs: this.#cost.gridMs.toFixed(1), drawMs: this.#cost.drawMs.toFixed(1) });
        } catch {
          // A model replaced or disposed meanwhile: a request made since draws the new one.
        }
        this.#lastAt = performance.now();
      } while (this.#again);
    } finally {
      this.#busy = false;
    }
  }

  #draw(ctx, grid, plane, held, neuron) {
    const { snap, data, sets } = ctx;
    const names = data.inputNames;
    const [ax, ay] = plane.axes;
    const mode = neuron ? 'neuron' : grid.width > 1 ? 'classes' : 'value';
    const numeric = snap.evaluation.rule == null;
    const scale = mode === 'neuron' ? neuronScale(grid, neuron.index) : mode === 'value' ? valueScale(numeric, sets.train) : null;
    const classNames = snap.info.classNames?.length ? snap.info.classNames : data.outputNames;

    const small = document.createElement('canvas');
    small.width = grid.n;
    small.height = grid.n;
    const sctx = small.getContext('2d');
    const img = sctx.createImageData(grid.n, grid.n);
    const cells = grid.n * grid.n;
    for (let k = 0; k < cells; k++) {
      let c;
      let t;
      if (mode === 'classes') {
        const cls = grid.classes[k];
        c = PALETTE[cls % PALETTE.length];
        const o = grid.values.subarray(k * grid.width, (k + 1) * grid.width);
        let sum = 0;
        for (const v of o) sum += Math.max(0, v);
        t = sum > 0 ? Math.max(0, (o[cls] / sum - 1 / grid.width) / (1 - 1 / grid.width)) : 0;
      } else {
        const v = mode === 'neuron' ? grid.values[k * grid.width + neuron.index] : grid.values[k];
        [c, t] = scale.color(v);
      }
      const a = mode === 'classes' ? 0.18 + 0.55 * t : 0.08 + 0.8 * t;
      img.data[k * 4] = 255 + (c[0] - 255) * a;
      img.data[k * 4 + 1] = 255 + (c[1] - 255) * a;
      img.data[k * 4 + 2] = 255 + (c[2] - 255) * a;
      img.data[k * 4 + 3] = 255;
    }
    sctx.putImageData(img, 0, 0);
    const g = this.canvas.getContext('2d');
    g.imageSmoothingEnabled = true;
    g.clearRect(0, 0, SIZE, SIZE);
    g.drawImage(small, 0, 0, SIZE, SIZE);

    // The rows: training rows filled, test rows as rings; a cross on each row it gets wrong.
    const px = (v) => ((v - plane.x0) / (plane.x1 - plane.x0)) * SIZE;
    const py = (v) => SIZE - ((v - plane.y0) / (plane.y1 - plane.y0)) * SIZE;
    const rowColor = (set, r) => pointColor(set, r, mode === 'value' ? scale : null, numeric);
    let mistakes = 0;
    // One path per colour and one for the crosses: a few fills and strokes, not one per row.
    const points = (set, flags, test) => {
      if (!set) return 0;
      const radius = set.rows > 300 ? 3.5 : 5.5;
      const byColor = new Map();
      const crosses = new Path2D();
      for (let r = 0; r < set.rows; r++) {
        const x = px(set.inputs[r * set.inputCount + ax]);
        const y = py(set.inputs[r * set.inputCount + ay]);
        const color = rowColor(set, r);
        let path = byColor.get(color);
        if (!path) byColor.set(color, (path = new Path2D()));
        path.moveTo(x + radius, y);
        path.arc(x, y, radius, 0, Math.PI * 2);
        if (flags && flags[r] === 0) {
          mistakes++;
          const d = radius + 2.5;
          crosses.moveTo(x - d, y - d);
          crosses.lineTo(x + d, y + d);
          crosses.moveTo(x + d, y - d);
          crosses.lineTo(x - d, y + d);
        }
      }
      for (const [color, path] of byColor) {
        g.fillStyle = test ? '#ffffff' : color;
        g.fill(path);
        g.lineWidth = test ? 3 : 1.5;
        g.strokeStyle = test ? color : '#0f172a';
        g.stroke(path);
      }
      g.lineWidth = 2;
      g.strokeStyle = '#0f172a';
      g.stroke(crosses);
      return set.rows;
    };
    const fits = (set, part) => set && part?.outputs?.rows === set.rows;
    const trainFlags = fits(sets.train, snap) ? snap.evaluation.rowCorrect : null;
    const testFlags = fits(sets.test, snap.test) ? snap.test.evaluation?.rowCorrect : null;
    const trained = points(sets.train, trainFlags, false);
    const tested = points(sets.test, testFlags, true);

    this.#grid = { grid, plane, mode, neuron, classNames, numeric };
    this.#draws += 1;
    const what = mode === 'neuron' ? `${neuron.label}'s activation` : mode === 'classes' ? "the model's class" : "the model's output";
    const others = data.inputCount > 2 ? `, other inputs at ${held}` : '';
    this.xLabel.textContent = `${names[ax]} →`;
    this.yLabel.textContent = `${names[ay]} →`;
    this.title.textContent = mode === 'neuron' ? `${neuron.label}: its activation over ${names[ax]} and ${names[ay]}${others}.` : data.inputCount > 2 ? `Over ${names[ax]} and ${names[ay]}${others}; each row is drawn at its own ${names[ax]} and ${names[ay]}.` : '';
    this.canvas.setAttribute('aria-label', `Decision map: ${what} over ${names[ax]} and ${names[ay]}${others}; ${trained} training rows${tested ? `, ${tested} test rows` : ''}${trainFlags || testFlags ? `, ${mistakes} answered wrong (crossed)` : ''}.`);
    Object.assign(this.canvas.dataset, {
      mode, axes: `${names[ax]},${names[ay]}`, neuron: neuron?.label ?? '', draws: String(this.#draws),
      trainPoints: String(trained), testPoints: String(tested), mistakes: String(mistakes),
      plane: JSON.stringify({ x0: plane.x0, x1: plane.x1, y0: plane.y0, y1: plane.y1, n: grid.n, size: SIZE }),
    });
    this.#drawLegend(mode, scale, classNames, tested > 0, !!(trainFlags || testFlags));
  }

  #drawLegend(mode, scale, classNames, withTest, withFlags) {
    const items = [];
    if (mode === 'classes') {
      classNames.forEach((name, i) => {
        const swatch = el('span', { class: 'dm-swatch' });
        swatch.style.background = CLASS_COLORS[i % CLASS_COLORS.length];
        items.push(el('span', { class: 'dm-item' }, swatch, name));
      });
    } else {
      const bar = el('span', { class: `dm-ramp ${scale.diverging ? 'diverging' : 'positive'}` });
      items.push(el('span', { class: 'dm-item' }, fmtNum(scale.lo), ' ', bar, ' ', fmtNum(scale.hi)));
    }
    items.push(el('span', { class: 'dm-item' }, el('span', { class: 'dm-dot train' }), 'training row'));
    if (withTest) items.push(el('span', { class: 'dm-item' }, el('span', { class: 'dm-dot test' }), 'test row'));
    if (withFlags) items.push(el('span', { class: 'dm-item' }, el('span', { class: 'dm-cross', text: '×' }), 'answered wrong'));
    clear(this.legend).append(...items);
  }

  // The value under the pointer, from the last grid drawn.
  #hover(e) {
    const last = this.#grid;
    if (!last) return;
    // The plane fills the canvas's content box, inside its border.
    const rect = this.canvas.getBoundingClientRect();
    const c = this.canvas;
    const { plane, grid, mode, neuron, classNames } = last;
    const x = plane.x0 + ((e.clientX - rect.left - c.clientLeft) / c.clientWidth) * (plane.x1 - plane.x0);
    const y = plane.y1 - ((e.clientY - rect.top - c.clientTop) / c.clientHeight) * (plane.y1 - plane.y0);
    const cell = cellAt(plane, x, y);
    if (!cell) return;
    const names = this.#ctx?.data.inputNames ?? [];
    const where = `${names[plane.axes[0]]} ${fmtNum(x)}, ${names[plane.axes[1]]} ${fmtNum(y)}`;
    const value =
      mode === 'neuron' ? `${neuron.label} ${fmtNum(grid.values[cell.k * grid.width + neuron.index])}`
      : mode === 'classes' ? classNames[grid.classes[cell.k]] ?? `class ${grid.classes[cell.k] + 1}`
      : fmtNum(grid.values[cell.k]);
    this.readout.textContent = `${where} → ${value}`;
  }
}

// One output: read as 0..1 (0/1 targets), or over the training targets' range (numbers).
function valueScale(numeric, train) {
  let lo = 0;
  let hi = 1;
  if (numeric) {
    lo = Infinity;
    hi = -Infinity;
    for (const t of train.targets) {
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
    if (!(hi > lo)) hi = lo + 1;
  }
  return {
    lo, hi, diverging: true,
    color: (v) => {
      const s = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
      return [s >= 0.5 ? POS : NEG, Math.abs(s - 0.5) * 2];
    },
  };
}

// A neuron's activation over the plane: white to blue when it never goes below 0 (ReLU,
// sigmoid), else orange through white to blue, scaled by the largest magnitude on the plane.
function neuronScale(grid, index) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < grid.n * grid.n; k++) {
    const v = grid.values[k * grid.width + index];
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const diverging = lo < 0;
  const max = Math.max(Math.abs(lo), Math.abs(hi), 1e-9);
  return {
    lo, hi, diverging,
    color: (v) => [v >= 0 ? POS : NEG, Math.min(1, Math.abs(v) / max)],
  };
}

// A row's colour: its class (label, or the target output holding the largest value); one
// output: 0/1 as the map's two ends, a number on the map's scale.
function pointColor(set, r, scale, numeric) {
  const w = set.outputCount;
  if (set.labels) return CLASS_COLORS[set.labels[r] % CLASS_COLORS.length];
  const t = set.targets.subarray(r * w, (r + 1) * w);
  if (w === 1) {
    if (numeric && scale) {
      const [c, a] = scale.color(t[0]);
      return `rgb(${c.map((x) => Math.round(255 + (x - 255) * (0.35 + 0.65 * a))).join(',')})`;
    }
    return `rgb(${(t[0] >= 0.5 ? POS : NEG).join(',')})`;
  }
  let best = 0;
  for (let k = 1; k < w; k++) if (t[k] > t[best]) best = k;
  return CLASS_COLORS[best % CLASS_COLORS.length];
}
