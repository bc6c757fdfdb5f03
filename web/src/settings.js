// The network and training form and its topology editor. A view: it offers what the
// core's rules allow, shows the settings in force (the person's own text in the fields
// they changed), shows each problem the core found at its field (the message names the
// allowed range) or, for a problem of no one field, above the Train button, and reports edits.
import { el, clear } from './dom.js';

// How the core's names read in the menus; a name missing here shows as the core spells it.
const LABELS = {
  relu: 'ReLU', leaky_relu: 'Leaky ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear', softmax: 'softmax',
  cross_entropy: 'cross-entropy', mse: 'mean squared error', adam: 'Adam', sgd: 'SGD', momentum: 'SGD + momentum',
  he: 'He', xavier: 'Xavier', uniform: 'uniform',
};

// Form field id -> settings key, and the event that reports an edit.
const FIELDS = [
  ['hidden-layers', 'hidden', 'input'], ['activation', 'activations', 'change'], ['output-activation', 'output', 'change'],
  ['loss', 'loss', 'change'], ['optimizer', 'optimizer', 'change'], ['learning-rate', 'learningRate', 'input'],
  ['epochs', 'epochs', 'input'], ['early-stop', 'earlyStop', 'input'], ['batch-size', 'batchSize', 'input'], ['seed', 'seed', 'input'], ['init', 'init', 'change'],
  ['normalize', 'normalize', 'change'], ['bias', 'bias', 'change'],
];

const fill = (select, names) => select.replaceChildren(...names.map((n) => el('option', { value: n, text: LABELS[n] ?? n })));

export class SettingsForm {
  // onEdit(key, value): value as the field holds it (text for numbers and hidden widths).
  constructor(root, onEdit) {
    this.onEdit = onEdit;
    this.rules = null;
    this.shown = { values: {}, given: {}, shape: {} };
    this.f = {};
    for (const [id, key, event] of FIELDS) {
      const field = root.querySelector(`#${id}`);
      this.f[key] = field;
      field.addEventListener(event, () => this.#edited(key, field));
    }
    // Leaving the hidden-layers field shows the widths as the core read them.
    this.f.hidden.addEventListener('change', () => this.#write(this.f.hidden, this.#text('hidden'), true));
    this.topology = root.querySelector('#topology');
    this.general = root.querySelector('#settings-problem');
    this.notes = {};
    for (const [id, key] of FIELDS) {
      const note = el('span', { class: 'field-problem', id: `${id}-problem`, 'aria-live': 'polite', hidden: true });
      (this.f[key].closest('.field') ?? this.f[key].parentElement).append(note);
      this.notes[key] = note;
    }
  }

  // The core's rules: names offered in the menus, limits on the number fields.
  setRules(rules) {
    this.rules = rules;
    fill(this.f.activations, rules.hiddenActivations);
    fill(this.f.output, rules.outputActivations);
    fill(this.f.loss, rules.losses);
    fill(this.f.optimizer, rules.optimizers);
    fill(this.f.init, rules.inits);
    const limits = rules.limits ?? {};
    for (const [key, limit] of [['learningRate', limits.learningRate], ['epochs', limits.epochs], ['earlyStop', limits.earlyStop], ['batchSize', limits.batchSize], ['seed', limits.seed]]) {
      if (limit) Object.assign(this.f[key], { min: limit.min, max: limit.max });
    }
    this.show(this.shown);
  }

  // values: the settings in force; given: the person's own values (shown as they typed them);
  // shape: { inputs, outputs } of the data; problems: [{ field, message }] from the core.
  show({ values, given, shape = this.shown.shape, problems = [] }) {
    this.shown = { values, given, shape, problems };
    for (const [, key] of FIELDS) {
      const field = this.f[key];
      const text = this.#text(key);
      if (field.type === 'checkbox') field.checked = !!text;
      else this.#write(field, text, false);
      const problem = problems.find((p) => p.field === key);
      field.setAttribute('aria-invalid', problem ? 'true' : 'false');
      const note = this.notes[key];
      if (note.textContent !== (problem?.message ?? '')) note.textContent = problem?.message ?? '';
      note.hidden = !problem;
      const described = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((i) => i && i !== note.id);
      field.setAttribute('aria-describedby', [problem ? note.id : '', ...described].filter(Boolean).join(' '));
    }
    const keys = new Set(FIELDS.map(([, key]) => key));
    const general = problems.filter((p) => !keys.has(p.field));
    this.general.textContent = general.map((p) => p.message).join(' ');
    this.general.hidden = !general.length;
    this.#renderTopology();
  }

  #text(key) {
    const { values, given, problems = [] } = this.shown;
    // Widths typed as text show as the core read them, unless it could not.
    const typed = key === 'hidden' && typeof given.hidden === 'string' && !problems.some((p) => p.field === 'hidden');
    const v = key in given && !typed ? given[key] : values[key];
    if (key === 'hidden') return typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : '';
    if (key === 'activations') return Array.isArray(v) ? v[0] ?? '' : v ?? '';
    return v ?? '';
  }

  // Writes a field's text, but never under the caret of the person typing in it.
  #write(field, text, force) {
    if (!force && document.activeElement === field && field.tagName === 'INPUT') return;
    if (field.value !== String(text)) field.value = String(text);
  }

  #edited(key, field) {
    const value = field.type === 'checkbox' ? field.checked : key === 'activations' ? [field.value] : field.value;
    this.onEdit(key, value);
  }

  #renderTopology() {
    const { values, given, shape } = this.shown;
    const hidden = Array.isArray(values.hidden) ? values.hidden : [];
    const acts = Array.isArray(values.activations) ? values.activations : [];
    const limits = this.rules?.limits ?? {};
    const setLayers = (h, a) => {
      this.onEdit('hidden', h);
      if (Array.isArray(given.activations) && given.activations.length > 1) this.onEdit('activations', a);
    };
    const layer = (title, sub, body, cls) => el('div', { class: `layer ${cls}` }, el('div', { class: 'layer-title', text: title }), el('div', { class: 'layer-sub', text: sub }), body);
    const items = [layer('Inputs', `${shape.inputs || '–'}`, null, 'io')];
    hidden.forEach((w, i) => {
      const width = el('input', {
        type: 'number', min: 1, max: limits.maxWidth, value: w, class: 'narrow', 'aria-label': `Width of hidden layer ${i + 1}`,
        onchange: (e) => this.onEdit('hidden', hidden.map((x, j) => (j === i ? e.target.value : x))),
      });
      const act = el('select', {
        'aria-label': `Activation of hidden layer ${i + 1}`,
        onchange: (e) => this.onEdit('activations', hidden.map((_, j) => (j === i ? e.target.value : acts[j] ?? acts.at(-1)))),
      });
      fill(act, this.rules?.hiddenActivations ?? []);
      act.value = acts[i] ?? acts.at(-1) ?? '';
      const rm = el('button', {
        type: 'button', class: 'icon', text: '×', 'aria-label': `Remove hidden layer ${i + 1}`,
        onclick: () => setLayers(hidden.filter((_, j) => j !== i), acts.filter((_, j) => j !== i)),
      });
      items.push(layer(`Hidden ${i + 1}`, '', el('div', { class: 'layer-edit' }, width, act, rm), 'hidden'));
    });
    if (!(hidden.length >= limits.maxHiddenLayers)) {
      items.push(el('button', {
        type: 'button', class: 'add-layer', text: '+ layer', 'aria-label': 'Add a hidden layer',
        onclick: () => setLayers([...hidden, hidden.at(-1) ?? 8], [...acts, acts.at(-1) ?? this.rules?.hiddenActivations[0]]),
      }));
    }
    items.push(layer('Outputs', `${shape.outputs || '–'} · ${values.output ?? ''}`, null, 'io'));
    // Keep keyboard focus on the same control across the re-render.
    const active = this.topology.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    clear(this.topology).append(...items);
    if (active) [...this.topology.querySelectorAll('[aria-label]')].find((x) => x.getAttribute('aria-label') === active)?.focus();
  }
}
