// Live loss chart (uPlot), log-scaled loss against epoch: the training loss and, with test
// data, the test loss (dashed), and the epoch whose weights early stopping kept.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './loss-chart.css';

export class LossChart {
  constructor(root) {
    this.root = root;
    this.x = [];
    this.y = [];
    this.t = []; // test loss per point of x, null where there was none
    this.best = null;
    this.pending = false;
    this.plot = new uPlot(
      {
        width: Math.max(root.clientWidth, 280),
        height: 220,
        padding: [8, 20, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { stroke: '#64748b', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' }, label: 'epoch', labelSize: 18, font: '11px system-ui', labelFont: '11px system-ui' },
          {
            // Grid lines, ticks and labels at whole decades only.
            stroke: '#64748b', grid: { stroke: '#e2e8f0', width: 1, filter: decades }, ticks: { stroke: '#e2e8f0', filter: decades }, size: 52, font: '11px system-ui',
            filter: decades,
            values: (u, v) => v.map(fmt),
          },
        ],
        series: [{}, { label: 'loss', stroke: '#4f46e5', width: 2, points: { show: false } }, { label: 'test loss', stroke: '#c2410c', width: 2, dash: [6, 4], points: { show: false } }],
        hooks: { draw: [(u) => this.#drawBest(u)] },
      },
      [[], [], []],
      root,
    );
    this.legend = document.createElement('div');
    this.legend.className = 'loss-legend small';
    this.legend.hidden = true;
    this.legend.append(legendItem('training', 'train'), legendItem('test', 'test'));
    root.append(this.legend);
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(root.clientWidth, 280), height: 220 })).observe(root);
  }

  // history: [[epoch, loss]]; test: [[epoch, test loss]] (matched to history by epoch).
  set(history, test = []) {
    const byEpoch = new Map(test.map((p) => [p[0], p[1]]));
    this.x = history.map((p) => p[0]);
    this.y = history.map((p) => Math.max(p[1], 1e-12));
    this.t = history.map((p) => (byEpoch.has(p[0]) ? Math.max(byEpoch.get(p[0]), 1e-12) : null));
    this.best = null;
    this.#draw();
  }

  push(epoch, loss, testLoss = null) {
    this.x.push(epoch);
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
    ctx.font = `${11 * devicePixelRatio}px system-ui`;
    const text = `kept epoch ${this.best}`;
    const w = ctx.measureText(text).width;
    ctx.fillText(text, x + w + 8 > u.bbox.left + u.bbox.width ? x - w - 4 : x + 4, top + 12 * devicePixelRatio);
    ctx.restore();
  }
}

function decades(u, splits) {
  return splits.map((v) => (v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
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
