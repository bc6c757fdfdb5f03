// What the Data card shows besides the table itself: the summary of the parsed data set
// (with what the reader found: separator, decimal commas, classes guessed from numbers),
// a note when a text was not read, the box saying what in the data blocks training, the
// normalisation hint (the core's reason), and Predict's row chips.
import { el, clear } from './dom.js';
import { describeFormat } from './table-reader.js';

export class DataView {
  #renderTimer = 0;
  #errorsShown = null;
  #summaryShown = false;

  // ui: { summary, error, normalizeHint, predictExamples }; useExample(text)
  constructor(state, tableView, ui, useExample) {
    this.state = state;
    this.tableView = tableView;
    this.ui = ui;
    this.useExample = useExample;
    this.note = el('p', { class: 'data-note', 'data-testid': 'data-note', role: 'alert', hidden: true });
    ui.summary.after(this.note);
  }

  // A text that was not read, and why; the table keeps what it had.
  refused(message, name) {
    this.note.textContent = `${name ? `${name} was not opened` : 'The text was not read'}: ${message}. The table still holds the data it had.`;
    this.note.hidden = false;
  }

  // Redraws the table after the event that changed it, so that focus has moved (Tab, Enter).
  tableChanged() {
    clearTimeout(this.#renderTimer);
    this.#renderTimer = setTimeout(() => this.renderTable(), 0);
  }

  renderTable() {
    clearTimeout(this.#renderTimer);
    const s = this.state;
    this.tableView.render(s.table, s.dataError ? { errors: [s.dataError] } : s.validation, { readOnly: !!s.loading });
  }

  // The problem box: the first data problem (a link to its cell); the summary goes while
  // the data has a problem. Settings problems show at their fields.
  render() {
    const s = this.state;
    if (s.loading) {
      this.ui.summary.textContent = s.loading.total === null ? 'Reading the data…' : `Loading… ${s.loading.rows.toLocaleString('en-US')} of ${s.loading.total.toLocaleString('en-US')} rows`;
      this.#errorsShown = null;
      this.#summaryShown = false;
      return;
    }
    // A text that was refused leaves the data as it was: so does its summary.
    if (!this.#summaryShown && s.data) this.#renderSummary(s.data);
    const errors = s.dataError ? [s.dataError] : s.validation?.errors ?? [];
    const count = s.dataError ? 1 : s.validation?.count ?? 0;
    const key = JSON.stringify([count, errors[0]]);
    if (key === this.#errorsShown) return;
    this.#errorsShown = key;
    if (s.dataError) this.tableView.mark({ errors });
    else if (s.validation) this.tableView.mark(s.validation);
    if (errors.length) clear(this.ui.summary);
    const box = clear(this.ui.error);
    box.hidden = !errors.length;
    if (errors.length) {
      const first = errors[0];
      const more = count > 1 ? ` (${(count - 1).toLocaleString('en-US')} more problem${count > 2 ? 's' : ''} marked in the table)` : '';
      box.append(
        el('strong', { text: 'Training is off until the data is fixed. ' }),
        el('button', { type: 'button', class: 'linklike', text: first.message, onclick: () => this.tableView.focusCell(first.row, first.col) }),
        more,
      );
    }
  }

  // After the core parsed the table: the summary pills, the hint, the Predict helpers.
  parsed(d) {
    this.note.hidden = true;
    this.#renderSummary(d);
    this.ui.normalizeHint.textContent = d.normalizationReason ? `Normalising the inputs (on by default) helps training: ${d.normalizationReason}.` : '';
    this.#renderExamples(d);
  }

  #renderSummary(d) {
    this.#summaryShown = true;
    const kind = this.state.kind;
    clear(this.ui.summary);
    const oneHot = kind === 'classes' && Array.from({ length: d.rows }, (_, r) => d.targets.subarray(r * d.outputCount, (r + 1) * d.outputCount).reduce((a, b) => a + b, 0)).every((x) => x === 1);
    const what = oneHot ? `${d.outputCount} classes` : kind === 'binary' ? '1 output (0/1)' : kind === 'classes' ? `${d.outputCount} outputs (0/1)` : `${d.outputCount} numeric output${d.outputCount > 1 ? 's' : ''}`;
    this.ui.summary.append(
      el('span', { class: 'pill', text: `${d.rows} rows` }),
      el('span', { class: 'pill input', text: `${d.inputCount} input${d.inputCount > 1 ? 's' : ''}` }),
      el('span', { class: 'pill target', text: what }),
    );
    if (d.classNames?.length) {
      const shown = d.classNames.length > 24 ? [...d.classNames.slice(0, 24), `… (${d.classNames.length} in all)`] : d.classNames;
      this.ui.summary.append(el('span', { class: 'muted small', text: `one-hot: ${shown.join(', ')}` }));
    }
    const found = describeFormat(this.state.format);
    if (found) this.ui.summary.append(el('span', { class: 'small read-as', 'data-testid': 'data-format', text: `Read as ${found}.` }));
    const g = this.state.guess;
    if (g && d.classNames?.length) {
      this.ui.summary.append(el('span', { class: 'small read-as', 'data-testid': 'data-guess', text: `'${g.column}' holds ${g.distinct} distinct whole numbers: read as classes (set its role to "target (number)" to predict a number).` }));
    }
  }

  // A few rows of the data as one-click inputs for Predict.
  #renderExamples(d) {
    const box = clear(this.ui.predictExamples);
    const n = d.inputCount;
    const count = Math.min(d.rows, 8);
    const picks = [...new Set(Array.from({ length: count }, (_, i) => Math.floor((i * d.rows) / count)))];
    if (!picks.length) return;
    box.append(el('span', { class: 'muted small', text: 'Try: ' }));
    for (const r of picks) {
      const text = Array.from(d.inputs.subarray(r * n, (r + 1) * n), (v) => String(+v.toPrecision(6))).join(',');
      box.append(el('button', { type: 'button', class: 'chip small', text, 'aria-label': `Use row ${r + 1}: ${text}`, onclick: () => this.useExample(text) }));
    }
  }
}
