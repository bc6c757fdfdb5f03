// Predict: type comma-separated inputs, see each output and, for a model with classes,
// the class the core picks (model.classify), live. The inputs are named as the model
// names them (the data's names while there is no model).
import { el, clear } from './dom.js';
import { classColor } from './colors.js';

export class PredictPanel {
  // ctx: { engine, ready(), info() -> { data, snap } }; names: where the input names go.
  constructor(input, output, names, ctx) {
    this.input = input;
    this.output = output;
    this.names = names;
    this.ctx = ctx;
    this.seq = 0;
    input.addEventListener('input', () => this.update());
  }

  async update() {
    const seq = ++this.seq;
    const { data, snap } = this.ctx.info();
    const inputNames = (this.ctx.ready() ? snap.info.inputNames : null) ?? data?.inputNames;
    this.names.textContent = inputNames?.length ? `(${inputNames.join(', ')})` : '';
    const text = this.input.value.trim();
    const show = (msg, tone = 'muted') => {
      clear(this.output).append(el('p', { class: tone, text: msg }));
      delete this.output.dataset.values;
      delete this.output.dataset.class;
    };
    if (!this.ctx.ready()) return show('Train a model (or open one) to predict.');
    const width = snap.info.widths?.[0] ?? data?.inputCount;
    if (!text) return show(`Type ${width} comma-separated input value${width > 1 ? 's' : ''}.`);
    const parts = text.split(/[,;\s]+/).filter(Boolean);
    const values = parts.map(Number);
    const bad = parts.findIndex((p, i) => p === '' || !Number.isFinite(values[i]));
    if (bad >= 0) return show(`'${parts[bad]}' is not a number.`, 'bad');
    if (values.length !== width) return show(`The model takes ${width} input${width > 1 ? 's' : ''}; you typed ${values.length}.`, 'bad');
    let outputs;
    let cls;
    let int8;
    try {
      ({ outputs, classIndex: cls, int8 } = await this.ctx.engine.call('predict', { values }));
    } catch (e) {
      return show(e.message, 'bad');
    }
    if (seq !== this.seq) return;
    const names = snap.info.outputNames ?? data?.outputNames ?? [];
    const classNames = snap.info.classNames ?? [];
    const max = outputs.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    const rows = Array.from(outputs, (v, i) => {
      const bar = el('span', { class: 'bar-fill' });
      bar.style.width = `${Math.max(0, Math.min(1, Math.abs(v) / max)) * 100}%`;
      bar.style.background = outputs.length > 1 ? classColor(i) : '#4f46e5';
      return el('div', { class: `out-row${i === cls ? ' best' : ''}` },
        el('span', { class: 'out-name', text: names[i] ?? `y${i + 1}` }),
        el('span', { class: 'bar' }, bar),
        el('span', { class: 'out-val mono', text: v.toFixed(4) }));
    });
    clear(this.output).append(...rows);
    this.output.dataset.values = Array.from(outputs, (v) => v.toPrecision(6)).join(',');
    this.output.dataset.input = values.join(',');
    this.output.dataset.seq = String(seq);
    if (cls != null && classNames[cls] !== undefined) {
      this.output.dataset.class = classNames[cls];
      this.output.append(el('p', { class: 'out-class' }, 'Class: ', el('strong', { text: classNames[cls] })));
    } else {
      delete this.output.dataset.class;
    }
    if (int8) this.output.append(int8Line(int8, classNames));
  }
}

// What the C header, int8 computes for the same row.
function int8Line(int8, classNames) {
  const cls = int8.classIndex != null ? classNames[int8.classIndex] : undefined;
  return el('p', { class: 'muted small mono', 'data-testid': 'predict-int8' },
    `int8 header: ${Array.from(int8.values).join(' ')}${cls !== undefined ? ` → ${cls}` : ''}`);
}
