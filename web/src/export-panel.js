// Export: C header (float, int8), MicroPython module, JSON model, binary blob, Arduino library.
// Each can be downloaded or copied; the C headers show their flash and RAM needs first (and the
// int8 one how it compares with the float one, for the model at hand). The name in
// the code and each file's name come from the core (dff.exportName), which also refuses
// a name a format cannot use (a Python keyword, a module the board has).
import { el, clear } from './dom.js';

export const FORMATS = [
  { id: 'c', testid: 'download-c', title: 'C header', text: true, about: 'float weights; plain C99, no heap' },
  { id: 'c-int8', testid: 'download-c-int8', title: 'C header, int8', text: true, about: 'all-integer: int8 weights and activations, no floating point on the chip' },
  { id: 'micropython', testid: 'download-micropython', title: 'MicroPython module', text: true, about: 'for boards running MicroPython' },
  { id: 'json', testid: 'download-json', title: 'JSON model', text: true, about: 'readable; opens here and in the dff CLI' },
  { id: 'blob', testid: 'download-blob', title: 'Binary blob', text: false, about: 'compact, CRC-checked, for loading at run time', help: 'blob' },
  { id: 'arduino', testid: 'download-arduino', title: 'Arduino library (.zip)', text: false, about: 'a class and an example sketch; Sketch › Include Library › Add .ZIP Library' },
];

export const kb = (n) => (n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);

export class ExportPanel {
  #seq = 0;
  #names = null; // promise of { format: { identifier, fileName } | { error } } for the name typed

  // ctx: { engine, toast(text), version(), onName() }
  constructor(root, nameInput, note, ctx) {
    this.root = root;
    this.nameInput = nameInput;
    this.note = note;
    this.ctx = ctx;
    this.cache = new Map();
    this.rows = new Map();
    this.enabled = false;
    this.names = {};
    for (const f of FORMATS) {
      const size = el('span', { class: 'size mono', text: '' });
      const fp = el('span', { class: 'footprint mono', text: '' });
      const problem = el('span', { class: 'bad small', 'data-testid': `export-problem-${f.id}`, hidden: true });
      const dl = el('button', { type: 'button', class: 'button primary small', text: 'Download', 'data-testid': f.testid, 'aria-label': `Download ${f.title}`, disabled: true, onclick: () => this.download(f) });
      const cp = f.text ? el('button', { type: 'button', class: 'button ghost small', text: 'Copy', 'aria-label': `Copy ${f.title} to the clipboard`, disabled: true, onclick: () => this.copy(f) }) : null;
      const about = el('span', { class: 'muted small', text: f.about });
      const row = el('div', { class: 'export-row' },
        el('div', { class: 'export-what' }, el('span', { class: 'export-title' }, el('strong', { text: f.title, 'data-help': f.help })), about, problem),
        el('div', { class: 'export-figs' }, fp, size),
        el('div', { class: 'export-actions' }, cp, dl));
      this.rows.set(f.id, { row, size, fp, dl, cp, problem, about });
      root.append(row);
    }
    nameInput.addEventListener('input', () => this.nameChanged());
    nameInput.addEventListener('change', () => ctx.onName());
  }

  // The name as typed; the core makes the identifier of it.
  name() {
    return this.nameInput.value;
  }

  // { identifier, fileName } of the name in `format`; throws with the core's reason.
  async exportFile(format) {
    const n = (await this.#currentNames())[format];
    if (!n || n.error) throw Object.assign(new Error(n?.error ?? `no ${format} export`), { field: 'name' });
    return n;
  }

  nameChanged() {
    this.cache.clear();
    this.#names = null;
    return this.#currentNames().then(() => this.snap && this.refresh(this.snap, this.ctx.version()));
  }

  setEnabled(on) {
    this.enabled = on;
    this.#applyEnabled();
  }

  clear() {
    this.cache.clear();
    this.snap = null;
    for (const r of this.rows.values()) {
      r.size.textContent = '';
      r.fp.textContent = '';
    }
    this.#compareInt8(null);
  }

  // Shows footprints and sizes of every export for the current model.
  async refresh(snap, version) {
    this.snap = snap;
    this.#compareInt8(snap.footprint);
    const names = await this.#currentNames();
    for (const f of FORMATS) {
      const r = this.rows.get(f.id);
      const fp = snap.footprint?.[f.id];
      r.fp.textContent = fp && !fp.error ? `flash ${kb(fp.flashBytes)} · RAM ${kb(fp.ramBytes)}` : fp?.error ? fp.error : '';
      if (names[f.id]?.error) {
        r.size.textContent = '';
        continue;
      }
      try {
        const bytes = await this.bytes(f, version);
        r.size.textContent = `${kb(bytes.length)} file`;
      } catch (e) {
        r.size.textContent = e.message;
      }
    }
  }

  async bytes(f, version = this.ctx.version()) {
    const key = `${f.id}|${this.name()}|${version}`;
    if (!this.cache.has(key)) {
      this.cache.set(key, this.ctx.engine.call('export', { format: f.id, name: this.name() }));
    }
    try {
      return await this.cache.get(key);
    } catch (e) {
      this.cache.delete(key);
      throw e;
    }
  }

  async download(f) {
    try {
      const { fileName } = await this.exportFile(f.id);
      const bytes = await this.bytes(f);
      const url = URL.createObjectURL(new Blob([bytes], { type: f.text ? 'text/plain' : 'application/octet-stream' }));
      const a = el('a', { href: url, download: fileName });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      this.ctx.toast(`Export failed: ${e.message}`);
    }
  }

  async copy(f) {
    try {
      await this.exportFile(f.id);
      const bytes = await this.bytes(f);
      await navigator.clipboard.writeText(new TextDecoder().decode(bytes));
      this.ctx.toast(`${f.title} copied to the clipboard`);
    } catch (e) {
      this.ctx.toast(`Copy failed: ${e.message}`);
    }
  }

  // The int8 header against the float one, from the exporters' figures for this model.
  #compareInt8(footprint) {
    const about = this.rows.get('c-int8').about;
    const [float, int8] = [footprint?.c, footprint?.['c-int8']];
    if (!float?.flashBytes || !int8?.flashBytes) {
      about.textContent = 'all-integer int8; how it compares with the float header shows once there is a model';
      return;
    }
    const ratio = float.flashBytes / int8.flashBytes;
    const flash = ratio >= 1 ? `flash ${ratio.toFixed(1)}× smaller` : `flash ${(1 / ratio).toFixed(1)}× larger`;
    const ramDiff = int8.ramBytes - float.ramBytes;
    const ram = ramDiff > 0 ? `RAM ${kb(ramDiff)} more` : ramDiff < 0 ? `RAM ${kb(-ramDiff)} less` : 'same RAM';
    about.textContent = `all-integer int8: ${flash}, ${ram} than the float header for this model`;
  }

  // Asks the core once per name typed; shows the identifier and what a format refuses.
  #currentNames() {
    if (this.#names) return this.#names;
    const seq = ++this.#seq;
    this.#names = this.ctx.engine.call('exportNames', { name: this.name() }).then((names) => {
      if (seq === this.#seq) this.#show(names);
      return names;
    });
    return this.#names;
  }

  #show(names) {
    this.names = names;
    const ids = [...new Set(Object.values(names).filter((n) => !n.error).map((n) => n.identifier))];
    const refused = FORMATS.filter((f) => names[f.id]?.error);
    clear(this.note).append(
      ids.length ? el('span', {}, 'In the code: ', el('code', { text: ids.join(', ') })) : '',
      ...refused.map((f) => el('span', { class: 'bad', text: ` ${f.title}: ${names[f.id].error}` })),
    );
    this.nameInput.setAttribute('aria-invalid', refused.length ? 'true' : 'false');
    for (const f of FORMATS) {
      const r = this.rows.get(f.id);
      r.problem.hidden = !names[f.id]?.error;
      r.problem.textContent = names[f.id]?.error ?? '';
    }
    this.#applyEnabled();
  }

  #applyEnabled() {
    for (const f of FORMATS) {
      const r = this.rows.get(f.id);
      const on = this.enabled && !!this.names[f.id] && !this.names[f.id].error;
      r.dl.disabled = !on;
      if (r.cp) r.cp.disabled = !on;
    }
  }
}
