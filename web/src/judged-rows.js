// With test data, which rows Inspect judges the model on: the rows it learns from or the
// test rows (the confusion matrix and the predictions follow), and the test accuracy next to
// the training accuracy (the core's figures: model.evaluate after each snapshot, the
// validation accuracy model.train reports while training).
import { el } from './dom.js';

export class JudgedRows {
  #which = 'test';

  // root: where the switch goes; stat: { box, value } of the test accuracy figure;
  // onChange(): redraw Inspect from the last snapshot.
  constructor(root, stat, onChange) {
    this.stat = stat;
    this.onChange = onChange;
    const button = (which, text) => el('button', { type: 'button', class: 'button small', text, testid: `judged-${which}`, 'aria-pressed': 'false', onclick: () => this.#pick(which) });
    this.buttons = { train: button('train', 'Training rows'), test: button('test', 'Test rows') };
    this.group = el('div', { class: 'judged-rows', role: 'group', 'aria-label': 'Rows the model is judged on' }, el('span', { class: 'muted small', text: 'Judged on ' }), this.buttons.train, this.buttons.test);
    root.append(this.group);
    this.render(null);
  }

  // 'train' or 'test': the rows the views show for this snapshot.
  shown(snap) {
    return this.#which === 'test' && snap?.test ? 'test' : 'train';
  }

  render(snap) {
    this.group.hidden = !snap?.test;
    const shown = this.shown(snap);
    for (const [which, b] of Object.entries(this.buttons)) b.setAttribute('aria-pressed', String(which === shown));
    const accuracy = snap?.test?.evaluation?.accuracy;
    this.#showAccuracy(snap?.test ? accuracy : undefined);
  }

  // Live during training: the accuracy on the test rows after the last chunk.
  progress(p) {
    if (p.testLoss != null) this.#showAccuracy(p.testAccuracy);
  }

  #showAccuracy(accuracy) {
    this.stat.box.hidden = accuracy === undefined;
    this.stat.value.textContent = typeof accuracy === 'number' ? `${(accuracy * 100).toFixed(1)}%` : '–';
  }

  #pick(which) {
    this.#which = which;
    this.onChange();
  }
}
