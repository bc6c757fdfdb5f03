// The session: data, settings and model kept in this browser (saved after changes),
// restored at start-up (from a share link first), shared as a link, or started over.
import * as S from './session.js';
import { PRESETS } from './presets.js';
import { fmtLoss } from './format.js';

const SAVE_DELAY_MS = 400;

export class SessionController {
  #timer = 0;
  #saving = Promise.resolve();

  // parts: { state, engine, data, settings (a SettingsController), testData (a TestDataController),
  //   training, exportName (input), shareNote, toast }
  constructor(parts) {
    Object.assign(this, parts);
  }

  saveSoon() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  saveNow() {
    clearTimeout(this.#timer);
    this.#saving = this.#saving.then(async () => {
      if (this.state.training) return; // saved when the run ends
      S.saveLocal(localStorage, this.#session(await this.#modelJson()));
    });
    return this.#saving;
  }

  // The session of a share link, else the one kept here, else the seed example.
  async restore() {
    const shared = await S.decodeShare(location.hash);
    const session = shared ?? S.loadLocal(localStorage);
    if (shared) history.replaceState(null, '', location.pathname);
    if (!session?.table) {
      this.data.loadCsvText(PRESETS.seed.csv, PRESETS.seed.inputs, 'seed');
      return;
    }
    await this.apply(session);
    if (shared) await this.saveNow();
  }

  // The data, settings and model of this moment as a session (what Undo brings back).
  async snapshot() {
    return this.#session(await this.#modelJson());
  }

  // Puts a session's data, settings and model in place.
  async apply(session) {
    const { exportName, ...values } = session.settings;
    this.settings.load(Object.fromEntries(session.touched.filter((k) => k in values).map((k) => [k, values[k]])));
    if (typeof exportName === 'string') {
      this.exportName.value = exportName;
      this.exportName.dispatchEvent(new Event('input'));
    }
    this.state.preset = session.preset;
    this.testData.restore(session.testData);
    this.data.setTable(session.table);
    if (!session.model) return;
    await this.data.settled();
    try {
      const info = await this.engine.call('load', { bytes: new TextEncoder().encode(session.model) });
      const meta = { ...session.meta, history: session.history, testHistory: session.testHistory };
      const epoch = meta.epoch ?? info.epochs ?? 0;
      await this.training.adopt(info, meta, `Restored: ${epoch} epochs · loss ${fmtLoss(session.history.at(-1)?.[1])}`);
    } catch (e) {
      this.training.status.tell(`Could not restore the model: ${e.message}`, 'bad');
      this.state.changed();
    }
  }

  async share() {
    await this.saveNow();
    let hash = await S.encodeShare(this.#session(await this.#modelJson()));
    let note = '';
    if (hash.length > S.MAX_SHARE_CHARS) {
      hash = await S.encodeShare(this.#session(null));
      note = ' (without the trained model: too large for a link)';
    }
    if (hash.length > S.MAX_SHARE_CHARS) {
      this.shareNote.textContent = `This session is too large to share as a link (${Math.round(hash.length / 1024)} kB); download the JSON model and the CSV instead.`;
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
  }

  async startOver() {
    localStorage.removeItem(S.STORAGE_KEY);
    history.replaceState(null, '', location.pathname);
    await this.training.reset();
    this.settings.load({});
    this.data.loadCsvText(PRESETS.seed.csv, PRESETS.seed.inputs, 'seed');
    this.toast('Started over with the seed example');
  }

  // modelText: the model as JSON, or null to leave it (and its history) out.
  #session(modelText) {
    const s = this.state;
    const m = s.model;
    const h = modelText && m ? m.history : [];
    const step = Math.ceil(h.length / 400) || 1;
    const th = modelText && m ? m.testHistory ?? [] : [];
    const testStep = Math.ceil(th.length / 400) || 1;
    return {
      v: S.SESSION_VERSION,
      table: s.table,
      settings: { ...this.settings.values, ...this.settings.given, exportName: this.exportName.value },
      touched: Object.keys(this.settings.given),
      model: modelText ?? '',
      history: h.filter((_, i) => i % step === 0 || i === h.length - 1),
      testHistory: th.filter((_, i) => i % testStep === 0 || i === th.length - 1),
      testData: this.testData.choice,
      preset: s.preset,
      meta: m ? { epoch: m.epoch, base: m.base, target: m.target, key: m.key } : { epoch: 0, base: 0, target: 0, key: '' },
    };
  }

  async #modelJson() {
    if (!this.state.model) return '';
    try {
      return new TextDecoder().decode(await this.engine.call('export', { format: 'json', name: 'model' }));
    } catch {
      return '';
    }
  }
}
