// The notice shown when the current model does not fit the data set (its inputs, outputs
// or classes): what does not fit, in the core's words, both sides' columns, and a choice:
// keep the model (the table takes its columns) or keep the data (the model goes).
import { el, clear } from './dom.js';

const choice = (text, what, onclick) => el('div', { class: 'fit-choice' }, el('button', { type: 'button', class: 'button small', text, onclick }), el('span', { class: 'small', text: what }));

export class ModelFitNotice {
  #shown = '';

  // actions: { keepModel(), keepData() }
  constructor(node, actions) {
    this.node = node;
    this.actions = actions;
  }

  // misfit: the core's reason ('' when the model fits); info: the model's; data: the parse.
  render(misfit, info, data) {
    const key = misfit ? JSON.stringify([misfit, info?.inputNames, info?.outputNames, data?.inputNames, data?.outputNames]) : '';
    if (key === this.#shown) return;
    this.#shown = key;
    clear(this.node);
    this.node.hidden = !misfit;
    if (!misfit) return;
    const side = (what, inputs, outputs) => el('li', {}, el('strong', { text: `${what}: ` }), `${inputs.join(', ')} → ${outputs.join(', ')}`);
    this.node.append(
      el('p', {}, el('strong', { text: 'This model does not fit the data: ' }), `${misfit}.`),
      el('ul', {}, side('Model', info.inputNames ?? [], info.outputNames ?? []), side('Data', data.inputNames, data.outputNames)),
      choice('Keep the model', 'the table takes its columns; add rows that fit it', () => this.actions.keepModel()),
      choice('Keep the data', 'the model goes; Train makes a new one for this data', () => this.actions.keepData()),
    );
  }
}
