// Live loss chart (uPlot), log-scaled loss against epoch: the training loss and, with test
// data, the test loss (dashed), and the epoch whose weights early stopping kept. The y axis is
// labelled at whole decades, thinned so that labels stay at least MIN_LABEL_GAP px apart; the
// chart's text alternative says where the loss went. data-y-labels lists the labels drawn (text, y).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmtLoss } from './format.js';
import './loss-chart.css';

const HEIGHT = 220;
const MIN_LABEL_GAP = 28;
const FONT = '12px system-ui';
const EPOCH_STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p)).sort((a, b) => a - b); // whole epochs

export class LossChart {
  constructor(root) {
    this.root = root;
    this.x = [];
    this.y = [];
    this.losses = [];
    this.t = []; // test loss per point of x, null where there was none
    this.best = null;
    this.pending = false;
    root.classList.add('empty');
    this.plot = new uPlot(
      {
        width: Math.max(root.clientWidth, 280),
        height: HEIGHT,
        padding: [10, 20, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { stroke: '#475569', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' }, label: 'epoch', labelSize: 18, font: FONT, labelFont: FONT, incrs: EPOCH_STEPS },
          {
            stroke: '#475569', size: 56, font: FONT,
            filter: (u, splits) => this.#decades(u, splits),
            grid: { stroke: '#e2e8f0', width: 1, filter: (u, splits) => this.#decades(u, splits) },
            ticks: { stroke: '#e2e8f0', filter: (u, splits) => this.#decades(u, splits) },
            values: (u, v) => v.map(fmt),
          },
        ],
        hooks: { draw: [(u) => this.#recordLabels(u), (u) => this.#drawBest(u)] },
        series: [{}, { label: 'loss', stroke: '#4f46e5', width: 2, points: { show: false } }, { label: 'test loss', stroke: '#c2410c', width: 2, dash: [6, 4], points: { show: false } }],
      },
      [[], [], []],
      root,
    );
    this.legend = document.createElement('div');
    this.legend.className = 'loss-legend small';
    this.legend.hidden = true;
    this.legend.append(legendItem('training', 'train'), legendItem('test', 'test'));
    root.append(this.legend);
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(root.clientWidth, 280), height: HEIGHT })).observe(root);
  }

  // history: [[epoch, loss]]; test: [[epoch, test loss]] (matched to history by epoch).
  set(history, test = []) {
    const byEpoch = new Map(test.map((p) => [p[0], p[1]]));
    this.x = history.map((p) => p[0]);
    this.losses = history.map((p) => p[1]);
    this.y = this.losses.map((v) => Math.max(v, 1e-12));
    this.t = history.map((p) => (byEpoch.has(p[0]) ? Math.max(byEpoch.get(p[0]), 1e-12) : null));
    this.best = null;
    this.#draw();
  }

  push(epoch, loss, testLoss = null) {
    this.x.push(epoch);
    this.losses.push(loss);
    this.y.push(Math.max(loss, 1e-12));
    this.t.push(testLoss == null ? null : Math.max(testLoss, 1e-12));
    this.#draw();
  }

  // The epoch whose weights early stopping kept (a line on the chart), or null.
  markBest(epoch) {
    this.best = epoch;
    this.#draw();
  }

  #draw() {
    this.#describe();
    this.root.classList.toggle('empty', this.x.length === 0);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.x, this.y, this.t]);
      const tested = this.t.filter((v) => v != null).length;
      this.legend.hidden = !tested;
      Object.assign(this.root.dataset, { trainPoints: String(this.x.length), testPoints: String(tested), bestEpoch: this.best ?? '' });
    });
  }

  #describe() {
    const n = this.x.length;
    const tested = this.t.map((v, i) => [v, i]).filter(([v]) => v != null);
    const test = tested.length ? `; test loss ${fmtLoss(tested.at(-1)[0])} at epoch ${this.x[tested.at(-1)[1]]}` : '';
    const kept = this.best != null ? `; early stopping kept epoch ${this.best}` : '';
    this.root.setAttribute('aria-label', n
      ? `Loss per epoch, log scale: ${fmtLoss(this.losses[0])} at epoch ${this.x[0]}, ${fmtLoss(this.losses[n - 1])} at epoch ${this.x[n - 1]}${test}${kept}.`
      : 'Loss per epoch: no training yet.');
  }

  // Whole decades only, every k-th one when they would be closer than MIN_LABEL_GAP.
  #decades(u, splits) {
    const whole = splits.map((v) => (v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
    const kept = whole.filter((v) => v !== null);
    if (kept.length < 2) return whole;
    const gap = Math.abs(u.valToPos(kept[0], 'y') - u.valToPos(kept[1], 'y'));
    const step = Math.max(1, Math.ceil(MIN_LABEL_GAP / Math.max(gap, 1)));
    return whole.map((v) => (v !== null && Math.round(Math.log10(v)) % step === 0 ? v : null));
  }

  #recordLabels(u) {
    const splits = u.axes[1]._splits ?? [];
    const shown = this.#decades(u, splits).filter((v) => v !== null && v >= u.scales.y.min && v <= u.scales.y.max);
    this.root.dataset.yLabels = JSON.stringify(shown.map((v) => ({ text: fmt(v), y: Math.round(u.valToPos(v, 'y')) })));
  }

  #drawBest(u) {
    if (this.best == null || !this.x.length) return;
    const x = u.valToPos(this.best, 'x', true);
    const { top, height } = u.bbox;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#15803d';
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillStyle = '#15803d';
    ctx.font = `${12 * devicePixelRatio}px system-ui`;
    const text = `kept epoch ${this.best}`;
    const w = ctx.measureText(text).width;
    ctx.fillText(text, x + w + 8 > u.bbox.left + u.bbox.width ? x - w - 4 : x + 4, top + 12 * devicePixelRatio);
    ctx.restore();
  }
}

function fmt(v) {
  if (v == null) return '';
  if (v >= 1000 || v < 0.001) return v.toExponential(0);
  return String(+v.toPrecision(2));
}

function legendItem(text, kind) {
  const item = document.createElement('span');
  const line = document.createElement('span');
  line.className = `loss-key ${kind}`;
  item.append(line, ` ${text} loss`);
  return item;
}
