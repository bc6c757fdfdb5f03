// Export: C header (float, int8), MicroPython module, JSON model, binary blob. Each
// can be downloaded or copied; the C headers show their flash and RAM needs first.
import { el, clear } from './dom.js';

export const FORMATS = [
  { id: 'c', testid: 'download-c', title: 'C header', ext: '.h', text: true, about: 'float weights; plain C99, no heap' },
  { id: 'c-int8', testid: 'download-c-int8', title: 'C header, int8', ext: '_int8.h', text: true, about: '8-bit weights, about 4× smaller' },
  { id: 'micropython', testid: 'download-micropython', title: 'MicroPython module', ext: '.py', text: true, about: 'for boards running MicroPython' },
  { id: 'json', testid: 'download-json', title: 'JSON model', ext: '.json', text: true, about: 'readable; opens here and in the dff CLI' },
  { id: 'blob', testid: 'download-blob', title: 'Binary blob', ext: '.bin', text: false, about: 'compact, CRC-checked, for loading at run time' },
];

const kb = (n) => (n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);

export class ExportPanel {
  constructor(root, nameInput, ctx) {
    this.root = root;
    this.nameInput = nameInput;
    this.ctx = ctx;
    this.cache = new Map();
    this.rows = new Map();
    for (const f of FORMATS) {
      const size = el('span', { class: 'size mono', text: '' });
      const fp = el('span', { class: 'footprint mono', text: '' });
      const dl = el('button', { type: 'button', class: 'button primary small', text: 'Download', 'data-testid': f.testid, 'aria-label': `Download ${f.title}`, disabled: true, onclick: () => this.download(f) });
      const cp = f.text ? el('button', { type: 'button', class: 'button ghost small', text: 'Copy', 'aria-label': `Copy ${f.title} to the clipboard`, disabled: true, onclick: () => this.copy(f) }) : null;
      const row = el('div', { class: 'export-row' },
        el('div', { class: 'export-what' }, el('strong', { text: f.title }), el('span', { class: 'muted small', text: f.about })),
        el('div', { class: 'export-figs' }, fp, size),
        el('div', { class: 'export-actions' }, cp, dl));
      this.rows.set(f.id, { row, size, fp, dl, cp });
      root.append(row);
    }
    nameInput.addEventListener('change', () => {
      this.cache.clear();
      if (this.snap) this.refresh(this.snap, this.ctx.version());
      ctx.onName();
    });
  }

  name() {
    const n = this.nameInput.value.trim();
    return n || 'model';
  }

  setEnabled(on) {
    for (const r of this.rows.values()) {
      r.dl.disabled = !on;
      if (r.cp) r.cp.disabled = !on;
    }
  }

  clear() {
    this.cache.clear();
    this.snap = null;
    for (const r of this.rows.values()) {
      r.size.textContent = '';
      r.fp.textContent = '';
    }
  }

  // Shows footprints and sizes of every export for the current model.
  async refresh(snap, version) {
    this.snap = snap;
    for (const f of FORMATS) {
      const r = this.rows.get(f.id);
      const fp = snap.footprint?.[f.id];
      r.fp.textContent = fp && !fp.error ? `flash ${kb(fp.flashBytes)} · RAM ${kb(fp.ramBytes)}` : fp?.error ? fp.error : '';
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
      const bytes = await this.bytes(f);
      const url = URL.createObjectURL(new Blob([bytes], { type: f.text ? 'text/plain' : 'application/octet-stream' }));
      const a = el('a', { href: url, download: `${this.name()}${f.ext}` });
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
      const bytes = await this.bytes(f);
      await navigator.clipboard.writeText(new TextDecoder().decode(bytes));
      this.ctx.toast(`${f.title} copied to the clipboard`);
    } catch (e) {
      this.ctx.toast(`Copy failed: ${e.message}`);
    }
  }
}

export function clearList(root) {
  clear(root);
}
