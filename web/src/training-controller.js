// Training: the Train, Stop and Reset buttons, the run in the worker and its progress, and
// the model the page holds (trained here, resumed, or opened from a file or a session).
// A click on Train uses the data and the settings as they are at that moment, after every
// edit still on its way (a field's change event, the CSV text, the parse): the model's key
// is taken from the same values its network is built from.
import { modelKey } from './page-state.js';
import { fmtLoss, fmtRate } from './format.js';

const LIVE_VIEW_MS = 700; // live Inspect refreshes during training, at most this often

export class TrainingController {
  #run = null; // the current click's work, from the click until its views are drawn
  #stopAsked = false;
  #progress = '';

  // parts: { state, engine, data, settings (a SettingsController), testData (a TestDataController),
  //   status, chart, inspect, predict, ui, modelChanged(), progressed(progress) }
  constructor(parts) {
    Object.assign(this, parts);
    this.startup = Promise.resolve(); // the session being restored; a click waits for it
  }

  stale() {
    const m = this.state.model;
    return !m || m.key !== this.#key();
  }

  // What a model is built from now: the settings, the table and the rows it learns from.
  #key() {
    return modelKey(this.settings.values, this.state.table, this.testData?.trainingKey() ?? '');
  }

  train() {
    if (this.#run) return this.#run;
    this.state.training = true;
    this.#stopAsked = false;
    this.#progress = 'Training…';
    this.state.changed();
    this.#run = this.#train().finally(() => {
      this.state.training = false;
      this.#run = null;
      this.state.changed();
      this.modelChanged();
    });
    return this.#run;
  }

  async stop() {
    this.#stopAsked = true;
    const run = this.#run;
    await this.engine.call('stop');
    await run;
  }

  async reset() {
    if (this.#run) await this.stop();
    await this.engine.call('dispose');
    this.state.model = null;
    this.state.version += 1;
    this.chart.set([]);
    this.#showProgress(0, 0, 0);
    for (const k of ['loss', 'speed']) this.ui[k].textContent = '–';
    this.inspect.clear();
    this.status.describeModel(null);
    this.status.tell('Reset: Train starts a new model.');
    this.state.changed();
    await this.predict.update();
    this.modelChanged();
  }

  // Opens a model file (JSON or blob); the form follows its topology.
  async openModel(bytes, name) {
    if (this.#run) await this.stop();
    try {
      const info = await this.engine.call('load', { bytes });
      this.adopt(info, { epoch: info.epochs ?? 0 }, `Model ${name}: ${(info.widths ?? []).join('–')}`);
      return true;
    } catch (e) {
      this.status.tell(`Cannot open ${name}: ${e.message}`, 'bad');
      this.state.changed();
      return false;
    }
  }

  // Takes a model the worker has just loaded as the current one. meta: { key, epoch, base,
  // target, history } as a session kept them (the key says what it was trained from).
  async adopt(info, meta, note) {
    if (info.widths) {
      const acts = info.activations ?? [];
      const own = { hidden: info.widths.slice(1, -1), activations: acts.slice(0, -1), output: acts.at(-1), bias: info.bias, normalize: info.normalize, init: info.init, seed: info.seed };
      await this.settings.follow(Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)));
    }
    const epoch = meta.epoch ?? info.epochs ?? 0;
    const history = meta.history ?? [];
    const testHistory = meta.testHistory ?? [];
    this.state.model = {
      key: meta.key || this.#key(),
      epoch, base: meta.base ?? 0, target: meta.target || epoch, loss: history.at(-1)?.[1] ?? null, history, testHistory, snap: null,
    };
    this.state.version += 1;
    this.chart.set(history, testHistory);
    this.ui.loss.textContent = fmtLoss(this.state.model.loss);
    this.#showProgress(epoch, this.state.model.base, this.state.model.target);
    this.status.describeModel(note);
    this.status.tell(note, 'good');
    this.state.changed();
    await this.inspect.refresh();
    await this.predict.update();
  }

  onProgress(p) {
    const m = this.state.model;
    if (!m || !this.state.training) return;
    m.epoch = p.epoch;
    m.loss = p.loss;
    m.history.push([p.epoch, p.loss]);
    if (p.testLoss != null) m.testHistory.push([p.epoch, p.testLoss]);
    this.chart.push(p.epoch, p.loss, p.testLoss ?? null);
    this.#showProgress(p.epoch, m.base, m.target);
    this.ui.loss.textContent = fmtLoss(p.loss);
    this.ui.speed.textContent = fmtRate(p.samplesPerSecond);
    this.#progress = `Training… epoch ${p.epoch} of ${m.target}`;
    this.state.changed();
    if (this.inspect.visible && performance.now() - this.inspect.lastAt > LIVE_VIEW_MS) this.inspect.refresh({ live: true });
    this.progressed?.(p);
  }

  // The buttons and the status line, from the state.
  render() {
    const s = this.state;
    const settingsProblem = this.settings.problem();
    const dataProblem = s.dataProblem();
    const testProblem = this.testData?.problem() ?? '';
    const current = !!s.model && !this.stale();
    this.ui.train.disabled = s.training || s.engine === 'failed' || !!dataProblem || !!testProblem || !!settingsProblem;
    this.ui.stop.disabled = !s.training;
    this.ui.train.textContent = s.training || !current ? 'Train' : s.model.epoch < s.model.target ? 'Resume' : 'Train more';
    this.status.render({
      engine: s.engine, engineError: s.engineError, progress: s.training ? this.#progress : '',
      dataProblem, testProblem, settingsProblem, hasModel: !!s.model, stale: !current,
    });
  }

  async #train() {
    await this.startup;
    const { data, problem } = await this.data.settled();
    await this.testData?.settled();
    await this.settings.settled();
    if (!data || problem || this.testData?.problem() || this.settings.problem() || this.#stopAsked) return;
    const s = this.state;
    const epochs = Number(this.settings.values.epochs);
    if (this.stale()) {
      const key = this.#key();
      try {
        await this.engine.call('create', { settings: this.settings.values });
      } catch (e) {
        this.status.tell(`Cannot build this network: ${e.message}`, 'bad');
        return;
      }
      s.model = { key, epoch: 0, base: 0, target: epochs, loss: null, history: [], testHistory: [], snap: null };
      this.status.describeModel(null);
      this.chart.set([]);
    } else if (s.model.epoch >= s.model.target) {
      s.model.base = s.model.epoch;
      s.model.target = s.model.epoch + epochs;
    } else {
      s.model.target = Math.max(s.model.target, s.model.base + epochs);
    }
    if (this.#stopAsked) return;
    const m = s.model;
    m.testHistory ??= [];
    this.chart.markBest(null);
    s.version += 1;
    this.#progress = `Training… epoch ${m.epoch} of ${m.target}`;
    s.changed();
    let outcome;
    try {
      const r = await this.engine.call('train', { target: m.target, options: this.settings.trainOptions() });
      m.epoch = r.epoch;
      if (Number.isFinite(r.loss)) m.loss = r.loss;
      if (r.early) {
        // Early stopping ended the run: it is complete, with the weights of its best epoch.
        m.target = m.epoch;
        this.chart.markBest(r.early.bestEpoch);
        const patience = Number(this.settings.values.earlyStop);
        outcome = [`Stopped early at epoch ${r.epoch}: the test loss had not improved for ${patience} epochs, so the model keeps the weights of epoch ${r.early.bestEpoch} (test loss ${fmtLoss(r.early.testLoss)}).`, 'good'];
      } else {
        outcome = r.stopped ? [`Stopped at epoch ${r.epoch}: Resume goes on to ${m.target}.`, ''] : [`Trained ${r.epoch} epochs · loss ${fmtLoss(m.loss)}`, 'good'];
      }
    } catch (e) {
      outcome = [`Training failed: ${e.message}`, 'bad'];
    }
    s.version += 1;
    this.#showProgress(m.epoch, m.base, m.target);
    // The views describe the model and the data as they are now, before the status says so.
    await this.data.settled();
    await this.inspect.refresh();
    await this.predict.update();
    if (outcome[1] !== 'bad') this.status.describeModel(outcome[0]);
    if (this.stale()) outcome[0] += '; settings or data changed meanwhile: Train starts a new model.';
    this.status.tell(...outcome);
  }

  #showProgress(epoch, base, target) {
    this.ui.progress.value = target > base ? Math.min(1, (epoch - base) / (target - base)) : 0;
    this.ui.epochText.textContent = target ? `epoch ${epoch} / ${target}` : 'epoch 0';
  }
}
