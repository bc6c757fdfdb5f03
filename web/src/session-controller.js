// The session: data, settings and model kept in this browser (IndexedDB, written by the
// worker after each change), restored at start-up, shared as a link, or started over. What
// comes from storage or a link is checked first (session-check.js, in the worker), and
// nothing is saved before the session of start-up is in place. A share link opened while
// other work is saved here (at start-up or pasted into this tab) is offered, not applied:
// the person chooses. What could not be kept or restored is said where the note is.
import { el, clear } from './dom.js';
import { LEGACY_STORAGE_KEY, isShareHash } from './session.js';
import { PAGE_LIMITS } from './limits.js';
import { PRESETS } from './presets.js';
import { fmtLoss } from './format.js';

const SAVE_DELAY_MS = 400;
const KEPT_NOTE = 'Your data, settings and model are kept in this browser and survive a reload.';

export class SessionController {
  #timer = 0;
  #saving = Promise.resolve();
  #restored = false; // saving starts once the start-up session is in place
  #legacySaved = false;

  // parts: { state, engine, data, settings (a SettingsController), testData (a TestDataController),
  //   training, exportName (input), shareNote, toast }
  constructor(parts) {
    Object.assign(this, parts);
    this.offer = el('div', { class: 'session-offer', 'data-testid': 'session-offer', role: 'alert', hidden: true });
    document.querySelector('main').prepend(this.offer);
    this.shareNote.textContent = KEPT_NOTE;
    window.addEventListener('hashchange', () => {
      if (isShareHash(location.hash)) this.#openLinkOf(location.hash, { pasted: true });
    });
  }

  saveSoon() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  saveNow() {
    clearTimeout(this.#timer);
    this.#saving = this.#saving.then(async () => {
      if (!this.#restored || this.state.training || this.state.loading) return; // saved when that is over
      const r = await this.engine.call('saveSession', { parts: this.#parts() }).catch((e) => ({ ok: false, reason: e.message }));
      this.#noteSaved(r);
    });
    return this.#saving;
  }

  // The session of a share link (asked first when other work is saved here), else the one
  // kept here, else the seed example.
  async restore() {
    try {
      const hash = isShareHash(location.hash) ? location.hash : '';
      if (hash) history.replaceState(null, '', location.pathname + location.search);
      const link = hash ? await this.engine.call('readLink', { hash }) : null;
      if (link && !link.problem && (!link.saved || link.same)) {
        await this.#openChecked();
        return;
      }
      await this.#restoreStored();
      this.#restored = true;
      if (link?.problem) this.#say(`The share link was not opened: ${link.problem}.`, 'bad');
      else if (link) this.#offerLink(link);
    } catch (e) {
      this.#say(`The session could not be restored: ${e.message}. Start over begins anew.`, 'bad');
      if (!this.state.table.names.length) await this.data.loadCsvText(PRESETS.seed.csv, { inputs: PRESETS.seed.inputs, preset: 'seed' });
    } finally {
      this.#restored = true;
    }
  }

  // The data, settings and model of this moment as a session (what Undo brings back).
  snapshot() {
    return this.engine.call('snapshotSession', { parts: this.#parts() });
  }

  // Puts a session from snapshot() back in place (checked again, as every session is).
  async apply(record) {
    const version = this.data.nextVersion();
    await this.#apply(await this.engine.call('applySnapshot', { record, version }), 'undo', version);
  }

  async share() {
    await this.saveNow();
    const parts = this.#parts();
    let hash = await this.engine.call('shareLink', { parts, withModel: true });
    let note = '';
    if (hash.length > PAGE_LIMITS.maxShareChars) {
      hash = await this.engine.call('shareLink', { parts, withModel: false });
      note = ' (without the trained model: too large for a link)';
    }
    if (hash.length > PAGE_LIMITS.maxShareChars) {
      const note = clear(this.shareNote);
      note.append(
        `This session is too large to share as a link (${Math.round(hash.length / 1024)} kB; links hold ${Math.round(PAGE_LIMITS.maxShareChars / 1024)} kB): `,
        el('button', { type: 'button', class: 'linklike', 'data-testid': 'download-csv', text: 'download the data as CSV', onclick: () => this.downloadCsv() }),
        ' and the JSON model (Export) instead.',
      );
      note.dataset.tone = 'bad';
      return;
    }
    const url = `${location.origin}${location.pathname}#${hash}`;
    try {
      await navigator.clipboard.writeText(url);
      this.toast(`Share link copied${note}`);
    } catch {
      this.toast('Copy the link from the address bar');
    }
    history.replaceState(null, '', `#${hash}`);
    this.shareNote.textContent = `Link ready${note}: ${url.length} characters.`;
    delete this.shareNote.dataset.tone;
  }

  // The table as a CSV file (named after the file or preset it came from).
  async downloadCsv() {
    const text = await this.data.csvText();
    const base = (this.state.dataName || 'data').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'data';
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: `${base}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // Forgets what is kept here and starts from the seed example. Storage is cleared from the
  // page itself first, so a reload starts clean whatever state the page is in.
  async startOver() {
    clearTimeout(this.#timer);
    try {
      localStorage.removeItem(LEGACY_STORAGE_KEY);
    } catch {
      // storage may be unavailable (private mode); nothing is kept then
    }
    await deleteDatabase();
    history.replaceState(null, '', location.pathname + location.search);
    this.offer.hidden = true;
    this.#restored = true;
    await this.training.reset();
    this.settings.load({});
    await this.data.loadCsvText(PRESETS.seed.csv, { inputs: PRESETS.seed.inputs, preset: 'seed' });
    this.toast('Started over with the seed example');
  }

  async #restoreStored() {
    let legacy = null;
    try {
      legacy = localStorage.getItem(LEGACY_STORAGE_KEY);
    } catch {
      legacy = null;
    }
    const version = this.data.nextVersion();
    const r = await this.engine.call('restoreSession', { version, legacy });
    if (r.none || r.problem) {
      await this.data.loadCsvText(PRESETS.seed.csv, { inputs: PRESETS.seed.inputs, preset: 'seed' });
      if (r.problem) this.#say(`The session kept in this browser was not restored: ${r.problem}. It stays stored until this page saves over it; Start over forgets it.`, 'bad');
      else if (r.storageError) this.#noteSaved({ ok: false, reason: r.storageError });
      return;
    }
    await this.#apply(r, 'stored', version);
  }

  // Shows a checked link and lets the person open it or keep the work saved here.
  #offerLink(link) {
    const what = `${link.rows.toLocaleString('en-US')} rows × ${link.columns} columns${link.model ? ' and a trained model' : ''}`;
    const box = clear(this.offer);
    box.append(
      el('p', { text: `This share link holds a session: ${what}. Opening it replaces the work kept in this browser.` }),
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', class: 'button primary', 'data-testid': 'open-link', text: 'Open the shared session', onclick: () => this.#acceptLink() }),
        el('button', { type: 'button', class: 'button ghost', 'data-testid': 'keep-work', text: 'Keep my work', onclick: () => this.#dropLink() })),
    );
    box.hidden = false;
  }

  async #acceptLink() {
    this.offer.hidden = true;
    if (this.state.training) await this.training.stop();
    await this.#openChecked();
  }

  // Opens the link the worker has checked, then keeps it here.
  async #openChecked() {
    const version = this.data.nextVersion();
    await this.#apply(await this.engine.call('openLink', { version }), 'link', version);
    this.#restored = true;
    await this.saveNow();
  }

  async #dropLink() {
    this.offer.hidden = true;
    await this.engine.call('dropLink');
  }

  async #openLinkOf(hash, { pasted }) {
    history.replaceState(null, '', location.pathname + location.search);
    await this.training.startup;
    const link = await this.engine.call('readLink', { hash });
    if (link.problem) return this.#say(`The share link was not opened: ${link.problem}.`, 'bad');
    if (pasted || link.saved) this.#offerLink(link);
    else await this.#acceptLink();
  }

  // Makes a checked session (from the worker) the page's.
  // `version`: the table version the worker gave the session's table; a change made on the
  // page meanwhile (a preset clicked during start-up) wins over it.
  async #apply(r, from, version) {
    const { parts, notes, modelInfo } = r;
    const loaded = this.data.adoptWorkerTable(r, version);
    if (!loaded) return;
    const { exportName, ...values } = parts.settings;
    this.settings.load(Object.fromEntries(parts.touched.filter((k) => k in values).map((k) => [k, values[k]])));
    if (typeof exportName === 'string') {
      this.exportName.value = exportName;
      this.exportName.dispatchEvent(new Event('input'));
    }
    this.state.preset = parts.preset;
    this.state.format = null;
    this.state.guess = null;
    this.testData.restore(parts.testData);
    await loaded;
    if (notes.length) this.#say(`${from === 'link' ? 'Opened the shared session' : 'Restored your session'}, but ${notes.join('; ')}.`, 'bad');
    else if (from === 'link') this.#say('Opened the shared session.', 'good');
    else if (from === 'stored') this.offer.hidden = true;
    if (!modelInfo) return;
    await this.data.settled();
    const meta = { ...parts.meta, history: parts.history, testHistory: parts.testHistory };
    const epoch = meta.epoch || modelInfo.epochs || 0;
    await this.training.adopt(modelInfo, meta, `Restored: ${epoch} epochs · loss ${fmtLoss(parts.history.at(-1)?.[1])}`);
  }

  #say(text, tone) {
    const box = clear(this.offer);
    box.append(el('p', { text }), el('button', { type: 'button', class: 'button ghost small', text: 'Dismiss', onclick: () => (box.hidden = true) }));
    box.dataset.tone = tone;
    box.hidden = false;
  }

  #noteSaved(r) {
    const note = this.shareNote;
    // How many saves have ended and how many rows the last one kept (tests wait on them).
    note.dataset.saves = String(Number(note.dataset.saves ?? 0) + 1);
    note.dataset.savedRows = String(r.ok ? r.rows : -1);
    if (r.ok) {
      if (note.dataset.tone === 'bad' || note.textContent !== KEPT_NOTE) note.textContent = KEPT_NOTE;
      delete note.dataset.tone;
      if (!this.#legacySaved) {
        this.#legacySaved = true;
        try {
          localStorage.removeItem(LEGACY_STORAGE_KEY);
        } catch {
          // nothing to remove
        }
      }
      return;
    }
    clear(note).append(
      `This session could not be kept in this browser (${r.reason}): a reload would lose it. Keep it yourself: `,
      el('button', { type: 'button', class: 'linklike', 'data-testid': 'download-csv', text: 'download the data as CSV', onclick: () => this.downloadCsv() }),
      ' and the JSON model (Export).',
    );
    note.dataset.tone = 'bad';
  }

  // What the page adds to the worker's table and model to make the session.
  #parts() {
    const s = this.state;
    const m = s.model;
    const h = m ? m.history : [];
    const step = Math.ceil(h.length / 400) || 1;
    const th = m ? m.testHistory ?? [] : [];
    const testStep = Math.ceil(th.length / 400) || 1;
    return {
      settings: { ...this.settings.values, ...this.settings.given, exportName: this.exportName.value },
      touched: Object.keys(this.settings.given),
      history: h.filter((_, i) => i % step === 0 || i === h.length - 1),
      testHistory: th.filter((_, i) => i % testStep === 0 || i === th.length - 1),
      testData: this.testData.choice,
      preset: s.preset,
      meta: m ? { epoch: m.epoch, base: m.base, target: m.target, key: m.key } : { epoch: 0, base: 0, target: 0, key: '' },
    };
  }
}

function deleteDatabase() {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('microdff');
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}
