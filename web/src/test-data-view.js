// The Test data part of the Data card: none, "hold out N % of the rows" with a seed, or a
// second CSV (opened or pasted); what it gives (row counts) or its problem; and the early
// stopping field, which watches the test rows and is off without them. A view: it draws
// from the page state on every change and reports the person's edits to the controller.
import { el } from './dom.js';
import { DEFAULT_PERCENT, DEFAULT_SPLIT_SEED, describeTest, tooLong } from './test-data.js';
import { PAGE_LIMITS } from './limits.js';
import './test-data.css';

export class TestDataView {
  #split = { percent: DEFAULT_PERCENT, seed: DEFAULT_SPLIT_SEED }; // kept while another mode is on
  #file = { name: '', csv: '' };

  // root: the part's container; earlyStop: { field, note } of the training form.
  constructor(root, state, controller, { earlyStop, readFile }) {
    this.state = state;
    this.controller = controller;
    this.earlyStop = earlyStop;
    const radio = (mode, label) => {
      const input = el('input', { type: 'radio', name: 'test-mode', value: mode, testid: `test-mode-${mode}`, onchange: () => this.#chosen(mode) });
      return { input, label: el('label', { class: 'check' }, input, ` ${label}`) };
    };
    this.modes = { none: radio('none', 'None'), split: radio('split', 'Hold out'), file: radio('file', 'A second CSV') };
    const number = (testid, label, min) => el('input', { type: 'number', class: 'narrow', step: 1, min, testid, 'aria-label': label });
    this.percent = number('test-percent', 'Percent of the rows held out for testing', 1);
    this.seed = number('test-seed', 'Seed of the split', 0);
    for (const f of [this.percent, this.seed]) f.addEventListener('input', () => this.#splitEdited());
    this.fileInput = el('input', { type: 'file', id: 'test-csv-file', class: 'visually-hidden', accept: '.csv,text/csv,text/plain', testid: 'test-csv-file' });
    this.fileInput.addEventListener('change', async (e) => {
      const f = e.target.files[0];
      e.target.value = '';
      if (!f) return;
      // A file past the page's cap is refused before it is read.
      if (f.size > PAGE_LIMITS.maxCsvChars) return this.controller.refuse({ mode: 'file', name: f.name, csv: '' }, `${f.name}: ${tooLong(f.size, PAGE_LIMITS.maxCsvChars)}`);
      const csv = await readFile(f);
      this.#file = { name: f.name, csv };
      this.text.value = csv;
      this.controller.choose({ mode: 'file', ...this.#file });
    });
    this.text = el('textarea', { id: 'test-csv', rows: 5, spellcheck: 'false', autocomplete: 'off', testid: 'test-csv', 'aria-label': 'Test data as CSV' });
    this.text.addEventListener('input', () => {
      this.#file = { name: '', csv: this.text.value };
      this.controller.textEdited('', this.text.value);
    });
    this.filePart = el('div', { class: 'test-file' },
      el('label', { class: 'button ghost small', for: 'test-csv-file', text: 'Open test CSV…' }), this.fileInput,
      el('span', { class: 'muted small', text: 'or paste it below: the same columns as the table, in the same order.' }),
      this.text);
    this.summary = el('p', { class: 'test-summary small', testid: 'test-data-summary', 'aria-live': 'polite' });
    this.error = el('p', { class: 'error-box test-error', testid: 'test-data-error', role: 'alert', hidden: true });
    root.append(
      el('h3', { class: 'test-title', text: 'Test data ' }, el('span', { class: 'muted', text: '— rows the network never learns from, to see how it does on new readings' })),
      el('div', { class: 'test-modes', role: 'radiogroup', 'aria-label': 'Test data' },
        this.modes.none.label,
        el('span', { class: 'test-split' }, this.modes.split.label, ' ', this.percent, ' % of the rows, seed ', this.seed),
        this.modes.file.label),
      this.filePart, this.summary, this.error);
    state.onChange(() => this.render());
  }

  // The core's limits on the split (rules.limits.validationFraction, .seed) on the fields.
  setRules(rules) {
    const f = rules.limits?.validationFraction;
    if (f) Object.assign(this.percent, { min: +(f.min * 100).toPrecision(6), max: +(f.max * 100).toPrecision(6) });
    const s = rules.limits?.seed;
    if (s) Object.assign(this.seed, { min: s.min, max: s.max });
  }

  render() {
    const { choice, summary, problem } = this.state.testData;
    for (const [mode, r] of Object.entries(this.modes)) r.input.checked = choice.mode === mode;
    if (choice.mode === 'split') this.#split = { percent: choice.percent, seed: choice.seed };
    if (choice.mode === 'file') this.#file = { name: choice.name, csv: choice.csv };
    this.#write(this.percent, this.#split.percent);
    this.#write(this.seed, this.#split.seed);
    if (this.text.value !== this.#file.csv && document.activeElement !== this.text) this.text.value = this.#file.csv;
    this.filePart.hidden = choice.mode !== 'file';
    const shown = choice.mode === 'none' || !problem;
    const text = shown ? describeTest(choice, summary) : '';
    if (this.summary.textContent !== text) this.summary.textContent = text;
    const message = choice.mode !== 'none' && problem ? `Test data: ${problem.message}` : '';
    if (this.error.textContent !== message) this.error.textContent = message;
    this.error.hidden = !message;
    const { field, note } = this.earlyStop;
    field.disabled = choice.mode === 'none';
    note.textContent = choice.mode === 'none' ? 'needs test data (Data card)' : 'epochs; 0: off';
    field.title = choice.mode === 'none' ? 'Early stopping watches the loss on the test data: choose test data in the Data card.' : 'Stop once the test loss has not improved for this many epochs, and keep the best epoch\'s weights.';
  }

  #chosen(mode) {
    if (mode === 'split') this.controller.choose({ mode, ...this.#split });
    else if (mode === 'file') this.controller.choose({ mode, ...this.#file });
    else this.controller.choose({ mode });
  }

  #splitEdited() {
    this.#split = { percent: this.percent.value, seed: this.seed.value };
    this.controller.choose({ mode: 'split', ...this.#split });
  }

  // Never under the caret of the person typing in the field.
  #write(field, value) {
    if (document.activeElement === field) return;
    if (field.value !== String(value)) field.value = String(value);
  }
}
