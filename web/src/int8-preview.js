// The int8 preview under the exports: float vs int8 side by side for the trained model,
// fitted on the rows it was trained on as the c-int8 download is. Every figure is the
// core's: the comparison is model.compareInt8 (what `dff export --calibrate` prints), the
// footprints those the headers state, and the per-row int8 values model.predictInt8 (the
// bits the c-int8 header computes on every target).
import { el, clear } from './dom.js';
import { kb } from './export-panel.js';

const ROWS_SHOWN = 500;
const percent = (v) => `${(v * 100).toFixed(1)}%`;

export class Int8Preview {
  #seq = 0;

  // ctx: { engine, data() (the page's data set: names and classes) }
  constructor(ctx) {
    this.ctx = ctx;
    this.root = el('div', { class: 'int8-preview', 'data-testid': 'int8-preview', hidden: true });
  }

  clear() {
    ++this.#seq;
    this.root.hidden = true;
    clear(this.root);
  }

  // Shows the preview of the model in `snap` (the Inspect snapshot: footprints).
  async refresh(snap) {
    const seq = ++this.#seq;
    let preview;
    try {
      preview = await this.ctx.engine.call('int8Preview');
    } catch (e) {
      preview = { error: e.message };
    }
    if (seq !== this.#seq) return;
    const wasOpen = !!this.root.querySelector('details')?.open;
    clear(this.root);
    this.root.hidden = false;
    const title = el('h3', { text: 'Float vs int8' });
    if (!preview) return this.root.append(title, el('p', { class: 'muted small', text: 'Enter data to compare float and int8 on it.' }));
    if (preview.error) return this.root.append(title, el('p', { class: 'muted small', 'data-testid': 'int8-problem', text: preview.error }));
    const rows = this.#rows(preview);
    this.root.append(title, this.#figures(preview.comparison, snap.footprint ?? {}), rows);
    rows.open = wasOpen;
  }

  #figures(c, footprint) {
    const line = (label, testid, floatText, int8Text) => el('tr', { 'data-testid': testid },
      el('th', { text: label }), el('td', { text: floatText }), el('td', { text: int8Text }));
    const fp = (f, key) => (footprint[f] && !footprint[f].error ? kb(footprint[f][key]) : '–');
    const body = [];
    if (c.rule) {
      body.push(line('accuracy', 'int8-accuracy', percent(c.floatAccuracy), percent(c.int8Accuracy)));
      body.push(line('rows whose class differs', 'int8-class-differs', '', String(c.classDisagreements)));
    }
    body.push(line('largest output difference', 'int8-max-difference', '', c.maxAbsDifference.toPrecision(3)));
    body.push(line('flash', 'int8-flash', fp('c', 'flashBytes'), fp('c-int8', 'flashBytes')));
    body.push(line('RAM', 'int8-ram', fp('c', 'ramBytes'), fp('c-int8', 'ramBytes')));
    return el('div', {},
      el('p', { class: 'muted small', text: `The C header and the C header, int8, on the ${c.samples} training row${c.samples === 1 ? '' : 's'} (int8 fitted on them, as the download is).` }),
      el('table', { class: 'num-table mono int8-figures' },
        el('thead', {}, el('tr', {}, el('th', { text: 'measure' }), el('th', { text: 'float' }), el('th', { text: 'int8' }))),
        el('tbody', {}, body)));
  }

  // Each training row as the int8 header sees it: quantised inputs, int8 outputs and, for
  // one-hot classes, the class of the largest output. Drawn when first opened (up to
  // ROWS_SHOWN rows, so that the end of a run does not hold the page up).
  #rows(p) {
    const box = el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'int8 values of each training row' });
    const details = el('details', {},
      el('summary', { text: 'int8 values of each training row (as the C header, int8 computes them)' }), box);
    details.addEventListener('toggle', () => {
      if (details.open && !box.firstChild) box.append(this.#table(p));
    });
    return details;
  }

  #table(p) {
    const classNames = this.ctx.data()?.classNames ?? [];
    const classes = p.comparison.rule === 'argmax';
    const limit = Math.min(p.rows, ROWS_SHOWN);
    const body = [];
    for (let r = 0; r < limit; r++) {
      const cls = p.classes[r];
      body.push(el('tr', {},
        el('td', { text: String(r + 1) }),
        el('td', { class: 'int8-in', text: Array.from(p.inputs.subarray(r * p.inputWidth, (r + 1) * p.inputWidth)).join(' ') }),
        el('td', { class: 'int8-out', text: Array.from(p.int8.subarray(r * p.outputWidth, (r + 1) * p.outputWidth)).join(' ') }),
        classes ? el('td', { text: classNames[cls] ?? String(cls) }) : null));
    }
    const table = el('table', { class: 'num-table mono', 'data-testid': 'int8-rows' },
      el('thead', {}, el('tr', {}, el('th', { text: '#' }), el('th', { text: 'int8 inputs' }), el('th', { text: 'int8 outputs' }), classes ? el('th', { text: 'int8 class' }) : null)),
      el('tbody', {}, body));
    return el('div', {}, table,
      p.rows > limit ? el('p', { class: 'muted small', text: `First ${limit} of ${p.rows} rows.` }) : '');
  }
}
