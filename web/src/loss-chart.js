// Live loss chart (uPlot), log-scaled loss against epoch.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export class LossChart {
  constructor(root) {
    this.root = root;
    this.x = [];
    this.y = [];
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
        series: [{}, { label: 'loss', stroke: '#4f46e5', width: 2, points: { show: false } }],
      },
      [[], []],
      root,
    );
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(root.clientWidth, 280), height: 220 })).observe(root);
  }

  set(history) {
    this.x = history.map((p) => p[0]);
    this.y = history.map((p) => Math.max(p[1], 1e-12));
    this.#draw();
  }

  push(epoch, loss) {
    this.x.push(epoch);
    this.y.push(Math.max(loss, 1e-12));
    this.#draw();
  }

  #draw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.x, this.y]);
    });
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
