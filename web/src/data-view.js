// What the Data card shows besides the table itself: the summary of the parsed data set,
// the box saying what in the data blocks training, the normalisation hint (the core's
// reason), and Predict's row chips.
import { el, clear } from './dom.js';

export class DataView {
  #renderTimer = 0;
  #errorsShown = null;

  // ui: { summary, error, normalizeHint, predictExamples }; useExample(text)
  constructor(state, tableView, ui, useExample) {
    this.state = state;
    this.tableView = tableView;
    this.ui = ui;
    this.useExample = useExample;
  }

  // Redraws the table after the event that changed it, so that focus has moved (Tab, Enter).
  tableChanged() {
    clearTimeout(this.#renderTimer);
    this.#renderTimer = setTimeout(() => this.renderTable(), 0);
  }

  renderTable() {
    clearTimeout(this.#renderTimer);
    this.tableView.render(this.state.table, this.state.validation);
    if (this.state.dataError) this.tableView.mark({ errors: [this.state.dataError] });
  }

  // The problem box: the first data problem (a link to its cell); the summary goes while
  // the data has a problem. Settings problems show at their fields.
  render() {
    const s = this.state;
    const errors = s.dataError ? [s.dataError] : s.validation?.errors ?? [];
    const key = JSON.stringify([errors.length, errors[0]]);
    if (key === this.#errorsShown) return;
    this.#errorsShown = key;
    if (s.dataError) this.tableView.mark({ errors });
    if (errors.length) clear(this.ui.summary);
    const box = clear(this.ui.error);
    box.hidden = !errors.length;
    if (errors.length) {
      const first = errors[0];
      const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''} marked in the table)` : '';
      box.append(
        el('strong', { text: 'Training is off until the data is fixed. ' }),
        el('button', { type: 'button', class: 'linklike', text: first.message, onclick: () => this.tableView.focusCell(first.row, first.col) }),
        more,
      );
    }
  }

  // After the core parsed the table: the summary pills, the hint, the Predict helpers.
  parsed(d) {
    this.#renderSummary(d);
    this.ui.normalizeHint.textContent = d.normalizationReason ? `Normalising the inputs (on by default) helps training: ${d.normalizationReason}.` : '';
    this.#renderExamples(d);
  }

  #renderSummary(d) {
    const kind = this.state.kind;
    clear(this.ui.summary);
    const oneHot = kind === 'classes' && Array.from({ length: d.rows }, (_, r) => d.targets.subarray(r * d.outputCount, (r + 1) * d.outputCount).reduce((a, b) => a + b, 0)).every((x) => x === 1);
    const what = oneHot ? `${d.outputCount} classes` : kind === 'binary' ? '1 output (0/1)' : kind === 'classes' ? `${d.outputCount} outputs (0/1)` : `${d.outputCount} numeric output${d.outputCount > 1 ? 's' : ''}`;
    this.ui.summary.append(
      el('span', { class: 'pill', text: `${d.rows} rows` }),
      el('span', { class: 'pill input', text: `${d.inputCount} input${d.inputCount > 1 ? 's' : ''}` }),
      el('span', { class: 'pill target', text: what }),
    );
    if (d.classNames?.length) this.ui.summary.append(el('span', { class: 'muted small', text: `one-hot: ${d.classNames.join(', ')}` }));
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
