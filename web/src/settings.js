// The network and training form: reads and writes settings, tracks which ones the
// person changed (the others follow the data's defaults), and the topology editor.
import { el, clear } from './dom.js';

export const ACTIVATIONS = [
  ['relu', 'ReLU'], ['leaky_relu', 'Leaky ReLU'], ['tanh', 'tanh'], ['sigmoid', 'sigmoid'], ['linear', 'linear'],
];
export const OUTPUT_ACTIVATIONS = [['softmax', 'softmax'], ['sigmoid', 'sigmoid'], ['linear', 'linear'], ['tanh', 'tanh'], ['relu', 'ReLU'], ['leaky_relu', 'Leaky ReLU']];
export const LOSSES = [['cross_entropy', 'cross-entropy'], ['mse', 'mean squared error']];
export const OPTIMIZERS = [['adam', 'Adam'], ['sgd', 'SGD'], ['momentum', 'SGD + momentum']];
export const INITS = [['he', 'He'], ['xavier', 'Xavier'], ['uniform', 'uniform']];
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_WIDTH = 1024;

export const FALLBACK = {
  hidden: [8], activations: ['relu'], output: 'sigmoid', loss: 'cross_entropy', optimizer: 'adam',
  learningRate: 0.01, epochs: 500, batchSize: 1, seed: 1, init: 'he', normalize: false, bias: true,
};

// Parses "8,8" -> [8, 8]; "" -> []; throws on anything else.
export function parseHidden(text) {
  const t = text.trim();
  if (t === '') return [];
  const parts = t.split(/[\s,;]+/).filter(Boolean);
  const widths = parts.map((p) => {
    if (!/^\d+$/.test(p)) throw new Error(`'${p}' is not a layer width (use whole numbers like 8,8)`);
    const n = Number(p);
    if (n < 1 || n > MAX_WIDTH) throw new Error(`a layer width must be 1..${MAX_WIDTH}, not ${p}`);
    return n;
  });
  if (widths.length > MAX_HIDDEN_LAYERS) throw new Error(`at most ${MAX_HIDDEN_LAYERS} hidden layers`);
  return widths;
}

const fill = (select, options) => select.replaceChildren(...options.map(([v, label]) => el('option', { value: v, text: label })));

export class SettingsForm {
  constructor(root, onChange) {
    this.onChange = onChange;
    this.touched = new Set();
    this.values = { ...FALLBACK };
    this.f = {};
    for (const id of ['hidden-layers', 'activation', 'output-activation', 'loss', 'optimizer', 'learning-rate', 'epochs', 'batch-size', 'seed', 'init', 'normalize', 'bias']) {
      this.f[id] = root.querySelector(`#${id}`);
    }
    this.topology = root.querySelector('#topology');
    fill(this.f.activation, ACTIVATIONS);
    fill(this.f['output-activation'], OUTPUT_ACTIVATIONS);
    fill(this.f.loss, LOSSES);
    fill(this.f.optimizer, OPTIMIZERS);
    fill(this.f.init, INITS);
    this.shape = { inputs: 0, outputs: 0, inputNames: [], outputNames: [] };
    const on = (id, key, read) => {
      const ev = this.f[id].type === 'checkbox' || this.f[id].tagName === 'SELECT' ? 'change' : 'input';
      this.f[id].addEventListener(ev, () => this.#set(key, read(this.f[id]), id));
    };
    const num = (x) => x.value;
    on('activation', 'activation', (x) => x.value);
    on('output-activation', 'output', (x) => x.value);
    on('loss', 'loss', (x) => x.value);
    on('optimizer', 'optimizer', (x) => x.value);
    on('init', 'init', (x) => x.value);
    on('learning-rate', 'learningRate', num);
    on('epochs', 'epochs', num);
    on('batch-size', 'batchSize', num);
    on('seed', 'seed', num);
    on('normalize', 'normalize', (x) => x.checked);
    on('bias', 'bias', (x) => x.checked);
    this.f['hidden-layers'].addEventListener('input', () => this.#setHiddenText(this.f['hidden-layers'].value));
    this.f['hidden-layers'].addEventListener('change', () => this.render());
    this.render();
  }

  #set(key, value, id) {
    if (key === 'activation') {
      this.values.activations = this.values.hidden.map(() => value);
      this.touched.add('activations');
    } else {
      this.values[key] = value;
      this.touched.add(key);
    }
    if (key === 'output' && !this.touched.has('loss')) {
      this.values.loss = value === 'softmax' || value === 'sigmoid' ? 'cross_entropy' : 'mse';
    }
    this.render(id);
    this.onChange(key);
  }

  #setHiddenText(text) {
    try {
      const hidden = parseHidden(text);
      const acts = hidden.map((_, i) => this.values.activations[i] ?? this.values.activations.at(-1) ?? 'relu');
      this.values.hidden = hidden;
      this.values.activations = acts;
      this.touched.add('hidden');
      this.hiddenError = '';
    } catch (e) {
      this.hiddenError = e.message;
    }
    this.render('hidden-layers');
    this.onChange('hidden');
  }

  // Applies data-dependent defaults to every setting the person has not changed.
  applyDefaults(d, force = false) {
    if (force) this.touched.clear();
    const map = {
      hidden: d.hidden, output: d.output, loss: d.loss, optimizer: d.optimizer, learningRate: d.learningRate,
      epochs: d.epochs, batchSize: d.batchSize, seed: d.seed, init: d.init, normalize: d.normalize, bias: d.bias,
    };
    for (const [k, v] of Object.entries(map)) if (v !== undefined && !this.touched.has(k)) this.values[k] = v;
    if (!this.touched.has('activations') && d.activation) this.values.activations = this.values.hidden.map(() => d.activation);
    this.values.activations = this.values.hidden.map((_, i) => this.values.activations[i] ?? d.activation ?? 'relu');
    this.render();
  }

  setShape(shape) {
    this.shape = shape;
    this.render();
  }

  load(values, touched = []) {
    this.values = { ...FALLBACK, ...values };
    this.touched = new Set(touched);
    this.render();
  }

  // Problems that block training, or '' when the form is usable.
  problem() {
    if (this.hiddenError) return `Hidden layers: ${this.hiddenError}.`;
    const v = this.values;
    const lr = Number(v.learningRate);
    if (!(lr > 0 && lr <= 10)) return 'Learning rate: use a number above 0 (e.g. 0.01).';
    if (!Number.isInteger(Number(v.epochs)) || Number(v.epochs) < 1) return 'Epochs: use a whole number of at least 1.';
    if (!Number.isInteger(Number(v.batchSize)) || Number(v.batchSize) < 1) return 'Batch size: use a whole number of at least 1.';
    if (!Number.isInteger(Number(v.seed)) || Number(v.seed) < 0) return 'Seed: use a whole number of at least 0.';
    return '';
  }

  // Settings in the form the engine takes.
  modelConfig(inputs, outputs) {
    const v = this.values;
    return {
      widths: [inputs, ...v.hidden, outputs],
      activations: [...v.activations, v.output],
      bias: !!v.bias, normalize: !!v.normalize, init: v.init, seed: Number(v.seed),
    };
  }

  trainOptions() {
    const v = this.values;
    return { optimizer: v.optimizer, learningRate: Number(v.learningRate), batchSize: Number(v.batchSize), loss: v.loss, l2: 0 };
  }

  render(skipId) {
    const v = this.values;
    const set = (id, fn) => { if (id !== skipId) fn(this.f[id]); };
    set('hidden-layers', (x) => (x.value = v.hidden.join(',')));
    this.f['hidden-layers'].setAttribute('aria-invalid', this.hiddenError ? 'true' : 'false');
    this.f['hidden-layers'].title = this.hiddenError || '';
    set('activation', (x) => (x.value = v.activations[0] ?? 'relu'));
    set('output-activation', (x) => (x.value = v.output));
    set('loss', (x) => (x.value = v.loss));
    set('optimizer', (x) => (x.value = v.optimizer));
    set('init', (x) => (x.value = v.init));
    set('learning-rate', (x) => (x.value = v.learningRate));
    set('epochs', (x) => (x.value = v.epochs));
    set('batch-size', (x) => (x.value = v.batchSize));
    set('seed', (x) => (x.value = v.seed));
    set('normalize', (x) => (x.checked = !!v.normalize));
    set('bias', (x) => (x.checked = !!v.bias));
    this.#renderTopology();
  }

  #renderTopology() {
    const v = this.values;
    const s = this.shape;
    const layer = (title, sub, body, cls) => el('div', { class: `layer ${cls}` }, el('div', { class: 'layer-title', text: title }), el('div', { class: 'layer-sub', text: sub }), body);
    const items = [layer('Inputs', `${s.inputs || '–'}`, null, 'io')];
    v.hidden.forEach((w, i) => {
      const width = el('input', {
        type: 'number', min: 1, max: MAX_WIDTH, value: w, class: 'narrow', 'aria-label': `Width of hidden layer ${i + 1}`,
        onchange: (e) => {
          const n = Math.round(Number(e.target.value));
          if (n >= 1 && n <= MAX_WIDTH) { v.hidden[i] = n; this.touched.add('hidden'); this.render(); this.onChange('hidden'); }
        },
      });
      const act = el('select', {
        'aria-label': `Activation of hidden layer ${i + 1}`,
        onchange: (e) => { v.activations[i] = e.target.value; this.touched.add('activations'); this.render(); this.onChange('activations'); },
      });
      fill(act, ACTIVATIONS);
      act.value = v.activations[i];
      const rm = el('button', {
        type: 'button', class: 'icon', text: '×', 'aria-label': `Remove hidden layer ${i + 1}`,
        onclick: () => { v.hidden.splice(i, 1); v.activations.splice(i, 1); this.touched.add('hidden'); this.render(); this.onChange('hidden'); },
      });
      items.push(layer(`Hidden ${i + 1}`, '', el('div', { class: 'layer-edit' }, width, act, rm), 'hidden'));
    });
    if (v.hidden.length < MAX_HIDDEN_LAYERS) {
      items.push(el('button', {
        type: 'button', class: 'add-layer', text: '+ layer', 'aria-label': 'Add a hidden layer',
        onclick: () => {
          v.hidden.push(v.hidden.at(-1) ?? 8);
          v.activations.push(v.activations.at(-1) ?? 'relu');
          this.touched.add('hidden');
          this.render();
          this.onChange('hidden');
        },
      }));
    }
    items.push(layer('Outputs', `${s.outputs || '–'} · ${v.output}`, null, 'io'));
    // Keep keyboard focus on the same control across the re-render.
    const active = this.topology.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    clear(this.topology).append(...items);
    if (active) [...this.topology.querySelectorAll('[aria-label]')].find((x) => x.getAttribute('aria-label') === active)?.focus();
  }
}
