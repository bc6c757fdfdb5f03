// "Undo" after a destructive action (Reset, Start over): a line next to the button that
// was pressed, with an Undo button, until the next edit, run or destructive action.
import { el, clear } from './dom.js';

export class UndoOffer {
  static #all = [];

  constructor(node) {
    this.node = node;
    UndoOffer.#all.push(this);
  }

  // Withdraws every offer on the page.
  static dismissAll() {
    for (const offer of UndoOffer.#all) offer.dismiss();
  }

  offer(text, undo) {
    UndoOffer.dismissAll();
    const button = el('button', {
      type: 'button', class: 'button small', text: 'Undo', 'aria-label': `Undo: ${text}`,
      onclick: async () => {
        button.disabled = true;
        await undo();
        this.dismiss();
      },
    });
    clear(this.node).append(el('span', { text }), button);
    this.node.hidden = false;
  }

  dismiss() {
    clear(this.node);
    this.node.hidden = true;
  }
}
