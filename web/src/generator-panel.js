// The "Generate data" panel: pattern, rows, noise and (for Gaussian clusters) the number
// of clusters; each Generate draws a new sample (the next seed) and hands it over as CSV.
import { generate, toCsvText, KINDS } from './generators.js';

const $ = (id) => document.getElementById(id);

export class GeneratorPanel {
  #seed = 0;

  // onData(csvText, title): the generated table, to load as the data set.
  constructor(panel, toggle, onData) {
    this.panel = panel;
    toggle.addEventListener('click', () => {
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', String(!panel.hidden));
      if (!panel.hidden) $('gen-kind').focus();
    });
    const showClasses = () => ($('gen-classes-field').hidden = $('gen-kind').value !== 'gaussian');
    $('gen-kind').addEventListener('change', showClasses);
    showClasses();
    $('gen-make').addEventListener('click', () => {
      const kind = $('gen-kind').value;
      const rows = clamp($('gen-rows'), 200);
      const noise = clamp($('gen-noise'), 0.1);
      const classes = clamp($('gen-classes'), 3);
      this.#seed += 1;
      const table = generate({ kind, rows, noise, classes, seed: this.#seed });
      const title = `${KINDS[kind]}, ${rows} rows, noise ${noise}`;
      $('gen-note').textContent = `Sample ${this.#seed}: ${title}.`;
      onData(toCsvText(table), title);
    });
  }
}

// The field's number within its min..max (whole for integer steps), else `fallback`.
function clamp(input, fallback) {
  const v = Number(input.value);
  if (input.value === '' || !Number.isFinite(v)) {
    input.value = String(fallback);
    return fallback;
  }
  const step = Number(input.step);
  const n = Math.min(Number(input.max), Math.max(Number(input.min), step >= 1 ? Math.round(v) : v));
  if (n !== v) input.value = String(n);
  return n;
}
