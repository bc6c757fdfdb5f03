// The last seconds of readings as lines (uPlot), one per column; redrawn at most once per frame.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#4f46e5', '#0891b2', '#d97706', '#16a34a', '#db2777', '#7c3aed', '#dc2626', '#475569'];

export class ReadingsChart {
  constructor(root) {
    this.root = root;
    this.plot = null;
    this.names = [];
    this.pending = false;
    this.data = null;
    new ResizeObserver(() => this.plot?.setSize(this.#size())).observe(root);
  }

  #size() {
    return { width: Math.max(this.root.clientWidth, 280), height: 180 };
  }

  // data: [seconds, ...series] (Recorder.chartData()); names: one per series.
  set(data, names) {
    if (data.length !== names.length + 1) throw new RangeError(`ReadingsChart: ${data.length - 1} series for ${names.length} names`);
    const key = names.join('\u0001');
    if (!this.plot || key !== this.names.join('\u0001')) this.#create(names);
    this.data = data;
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      if (!this.plot || this.data.length !== this.names.length + 1) return; // cleared, or renamed since
      // Created while its box had no width (hidden): take the width it has now.
      const { width } = this.#size();
      if (this.root.clientWidth && this.plot.width !== width) this.plot.setSize(this.#size());
      this.plot.setData(this.data);
    });
  }

  clear() {
    this.plot?.destroy();
    this.plot = null;
    this.names = [];
  }

  #create(names) {
    this.plot?.destroy();
    this.names = names.slice();
    this.plot = new uPlot(
      {
        ...this.#size(),
        padding: [8, 16, 0, 0],
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          { stroke: '#64748b', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' }, label: 'seconds', labelSize: 18, font: '11px system-ui', labelFont: '11px system-ui' },
          { stroke: '#64748b', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' }, size: 56, font: '11px system-ui' },
        ],
        series: [{}, ...names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 1.5, points: { show: false } }))],
      },
      [[], ...names.map(() => [])],
      this.root,
    );
  }
}
