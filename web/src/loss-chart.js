// Live loss chart (uPlot), log-scaled loss against epoch. The y axis is labelled at whole
// decades, thinned so that labels stay at least MIN_LABEL_GAP px apart; the chart's text
// alternative says where the loss went. data-y-labels lists the labels drawn (text, y).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmtLoss } from './format.js';

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
        hooks: { draw: [(u) => this.#recordLabels(u)] },
        series: [{}, { label: 'loss', stroke: '#4f46e5', width: 2, points: { show: false } }],
      },
      [[], []],
      root,
    );
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(root.clientWidth, 280), height: HEIGHT })).observe(root);
  }

  set(history) {
    this.x = history.map((p) => p[0]);
    this.losses = history.map((p) => p[1]);
    this.y = this.losses.map((v) => Math.max(v, 1e-12));
    this.#draw();
  }

  push(epoch, loss) {
    this.x.push(epoch);
    this.losses.push(loss);
    this.y.push(Math.max(loss, 1e-12));
    this.#draw();
  }

  #draw() {
    this.#describe();
    this.root.classList.toggle('empty', this.x.length === 0);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.x, this.y]);
    });
  }

  #describe() {
    const n = this.x.length;
    this.root.setAttribute('aria-label', n
      ? `Loss per epoch, log scale: ${fmtLoss(this.losses[0])} at epoch ${this.x[0]}, ${fmtLoss(this.losses[n - 1])} at epoch ${this.x[n - 1]}.`
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
}

function fmt(v) {
  if (v == null) return '';
  if (v >= 1000 || v < 0.001) return v.toExponential(0);
  return String(+v.toPrecision(2));
}
