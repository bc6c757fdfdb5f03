// One-line explanations for newcomers, where the words appear: each element marked
// data-help="key" gets a small "?" button that shows (and the field it labels is
// described by) the line for that key.
import { el } from './dom.js';

export const HELP = {
  'one-hot': ['one-hot', 'A column of class names becomes one output per class: 1 for the row\'s class, 0 for the others; the largest output is the answer.'],
  'seed-example': ['Seed example', 'Seed example: 3-bit parity (s2 is 1 when an odd number of inputs are 1), the 8-row example of the MicroPython DFF library microdff grew from.'],
  optimizer: ['Optimizer', 'How each step changes the weights: Adam adapts the step for each weight (a safe default), SGD steps by the learning rate, momentum keeps part of the last step.'],
  'learning-rate': ['Learning rate', 'How big each step is: too large and training jumps around, too small and it barely moves.'],
  epochs: ['Epochs', 'One epoch is one pass over every row of the data; more epochs train longer.'],
  'batch-size': ['Batch size', 'How many rows are averaged before each weight update: 1 updates after every row, larger batches take fewer, smoother steps.'],
  seed: ['Seed', 'The number the random starting weights and the row order come from: the same seed trains the same model. Not the Seed example data set.'],
  init: ['Weight init', 'The random starting weights: He suits ReLU layers, Xavier suits tanh and sigmoid, uniform is a plain small range.'],
  normalize: ['Normalise inputs', 'Rescales each input column to mean 0 and spread 1; the model keeps the scaling and applies it on the board too.'],
  bias: ['Bias', 'A learned offset added to each neuron\'s sum, so that it can respond even when all its inputs are 0.'],
  'flash-ram': ['flash and RAM', 'Flash holds the program and the weights on the board; RAM holds the values computed while it predicts.'],
  blob: ['Binary blob', 'The model as compact bytes with a CRC check, for a board that loads models at run time (the microdff firmware) instead of compiling them in.'],
};

// Adds the "?" buttons and their lines under `root` (once per marked element).
export function attachHelp(root) {
  for (const anchor of root.querySelectorAll('[data-help]:not([data-help-done])')) {
    const key = anchor.dataset.help;
    const [term, text] = HELP[key];
    anchor.dataset.helpDone = '';
    const id = `help-${key}`;
    const line = el('span', { class: 'help-text', id, text, hidden: true });
    const button = el('button', {
      type: 'button', class: 'help', text: '?', 'aria-label': `About ${term}`, 'aria-expanded': 'false', 'aria-controls': id,
      onclick: () => {
        line.hidden = !line.hidden;
        button.setAttribute('aria-expanded', String(!line.hidden));
      },
    });
    // A field's label and a checkbox keep their button on their line.
    const field = anchor.closest('.field');
    if (field && anchor.tagName === 'LABEL') {
      const head = el('span', { class: anchor.classList.contains('check') ? 'check-head' : 'field-head' });
      anchor.replaceWith(head);
      head.append(anchor, button);
    } else {
      anchor.after(button);
    }
    if (field) field.append(line);
    else button.after(line);
    // The control the word labels is described by its line, for screen readers.
    const control = anchor.htmlFor ? document.getElementById(anchor.htmlFor) : anchor.querySelector('input, select');
    if (control) control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  }
}
