// The Inspect card: takes a snapshot of the model from the worker (weights, outputs on the
// data, the core's evaluation: accuracy, confusion matrix or regression error, row flags,
// or why the model does not fit the data) and draws the diagram, heatmaps, numeric
// weights, confusion matrix, predictions and decision map from it; with test data, for the
// training or the test rows (judged-rows.js).
import { el, clear } from './dom.js';
import { drawDiagram } from './diagram.js';
import { drawHeatmaps, drawNumeric } from './heatmap.js';
import { drawConfusion, drawPredictions } from './inspect.js';
import { rowSets } from './test-data.js';

const $ = (id) => document.getElementById(id);
// The decision map keeps its own controls and canvas in #boundary (it hides on clear()).
const VIEWS = ['diagram', 'heatmaps', 'confusion', 'weights-numeric', 'predictions-table'];

export class InspectPanel {
  #busy = null;

  // onSnapshot(snap, live): called with each new snapshot of the model, and with null on clear().
  // views: { map (a DecisionMap), judged (a JudgedRows) }.
  constructor(state, engine, onSnapshot, views = {}) {
    this.views = views;
    this.state = state;
    this.engine = engine;
    this.onSnapshot = onSnapshot;
    this.lastAt = 0;
    // Live views are refreshed during training only while they are on screen.
    this.visible = false;
    new IntersectionObserver((entries) => (this.visible = entries.some((e) => e.isIntersecting))).observe($('inspect'));
    // The numeric weights and the predictions are drawn when opened (they can be large).
    for (const id of ['weights-numeric', 'predictions-table']) {
      $(id).closest('details').addEventListener('toggle', () => {
        const snap = this.state.model?.snap;
        if (snap) this.#drawDetails(snap, false);
      });
    }
  }

  // A live refresh (during training) is skipped while one is in flight; any other waits
  // for that one and then runs, so that the views end up describing the model as it is.
  async refresh({ live = false } = {}) {
    if (!this.state.model) return;
    if (this.#busy) {
      if (live) return;
      await this.#busy;
    }
    this.#busy = this.#snapshot(live);
    await this.#busy;
    this.#busy = null;
  }

  // Draws the last snapshot again (another choice of rows to judge on).
  redraw() {
    const snap = this.state.model?.snap;
    if (snap) this.#render(snap, false);
  }

  clear() {
    this.views.map?.clear();
    this.views.judged?.render(null);
    for (const id of VIEWS) clear($(id));
    $('inspect-note').textContent = 'Train a model to see its weights.';
    this.#caption(this.state.kind === 'regression');
    this.onSnapshot(null);
  }

  async #snapshot(live) {
    this.lastAt = performance.now();
    const model = this.state.model;
    try {
      const snap = await this.engine.call('snapshot');
      // A model replaced meanwhile (a new run, a file) gets its own snapshot.
      if (this.state.model !== model) return;
      model.snap = snap;
      const t0 = performance.now();
      const drawn = this.#render(snap, live);
      this.onSnapshot(snap, live);
      const mapped = await drawn;
      performance.measure('inspect', { start: t0, end: performance.now() });
      await mapped?.done;
    } catch (e) {
      $('inspect-note').textContent = e.message;
    } finally {
      this.lastAt = performance.now();
    }
  }

  // Draws the views of `snap`, one task each (a new model's first drawing is the largest; in
  // one task it held the page up past 100 ms). Resolves with { done }: the map's drawing.
  async #render(snap, live) {
    const d = this.state.data;
    const names = { inputs: snap.info.inputNames ?? d?.inputNames ?? [], outputs: snap.info.outputNames ?? d?.outputNames ?? [] };
    $('inspect-note').textContent = `${(snap.info.widths ?? []).join('–')} network · ${snap.info.epochs ?? this.state.model.epoch} epochs`;
    drawDiagram($('diagram'), $('diagram-readout'), snap, names, { neuron: (n) => this.views.map?.showNeuron(n) });
    // A model replaced or dropped meanwhile is drawn by its own refresh (or not at all).
    const current = () => this.state.model?.snap === snap;
    await nextTask();
    if (!current()) return {};
    drawHeatmaps($('heatmaps'), $('heatmap-readout'), snap);
    await nextTask();
    if (!current()) return {};
    // The rows the model is judged on: those it learns from (all rows without test data) or
    // the test rows. The worker evaluates the model on them only when the model fits them.
    const sets = rowSets(d, this.state.testData?.summary);
    const { shown } = this.#judged(snap, sets);
    this.#caption(shown ? shown.rule == null : this.state.kind === 'regression');
    drawConfusion($('confusion'), shown);
    this.#drawDetails(snap, live, sets);
    this.views.judged?.render(snap);
    return { done: this.views.map?.update({ snap, data: d, sets, live }) };
  }

  // { part: the snapshot's outputs and evaluation for the judged rows, rows: those rows (of
  // `sets`, test-data.js rowSets), shown: the evaluation, or null when the model does not fit }.
  #judged(snap, sets) {
    const d = this.state.data;
    const which = this.views.judged?.shown(snap) ?? 'train';
    const part = which === 'test' ? snap.test : snap;
    const shown = d && part?.outputs ? part.evaluation : null;
    return { part, rows: sets[which], shown };
  }

  #drawDetails(snap, live, sets = rowSets(this.state.data, this.state.testData?.summary)) {
    const open = (id) => $(id).closest('details').open;
    if (open('weights-numeric')) drawNumeric($('weights-numeric'), snap);
    else clear($('weights-numeric'));
    const { part, rows, shown } = this.#judged(snap, sets);
    if (!shown || !open('predictions-table')) clear($('predictions-table'));
    else if (!live) drawPredictions($('predictions-table'), part, rows);
  }

  // A model with classes is judged by a confusion matrix, one with numeric targets by its error.
  #caption(numeric) {
    const [title, note] = numeric ? ['Error on the data', 'numeric targets: how far the outputs are from them'] : ['Confusion matrix', 'rows: true class, columns: predicted'];
    const node = $('confusion-caption');
    if (node.firstChild?.textContent !== `${title} `) clear(node).append(`${title} `, el('span', { class: 'muted', text: `— ${note}` }));
  }
}

// Lets the page handle input and paint before the next part of a drawing.
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
