// Training: the Train, Stop and Reset buttons, the run in the worker and its progress, and
// the model the page holds (trained here, resumed, or opened from a file or a session).
// A click on Train uses the data and the settings as they are at that moment, after every
// edit still on its way (a field's change event, the CSV text, the parse): the model's key
// is taken from the same values its network is built from. The figures (loss, samples/s,
// accuracy, progress, loss chart) describe the current model only: none while the form or
// the table describe another one, or the model does not fit the data.
import { modelKey } from './page-state.js';
import { makeTable } from './table.js';
import { fmtLoss, fmtRate } from './format.js';

const LIVE_VIEW_MS = 700; // live Inspect refreshes during training, at most this often
const STOPPED_AT_ONCE = 'Stopped before the first epoch.';

export class TrainingController {
  #run = null; // the current click's work, from the click until its views are drawn
  #stopAsked = false;
  #progress = '';
  #charted = null; // the model whose history the chart shows

  // parts: { state, engine, data, settings (a SettingsController), testData (a TestDataController),
  //   status, chart, inspect, predict, ui: { train, stop, progress, epochText, loss, speed, accuracy,
  //   accuracyLabel }, modelChanged(), progressed(progress) }
  constructor(parts) {
    Object.assign(this, parts);
    this.startup = Promise.resolve(); // the session being restored; a click waits for it
  }

  stale() {
    const m = this.state.model;
    return !m || m.key !== this.#key() || !!this.misfit();
  }

  // What a model is built from now: the settings, the table and the rows it learns from.
  #key() {
    return modelKey(this.settings.values, this.state.table, this.testData?.trainingKey() ?? '');
  }

  // Why the current model does not fit the data set (the core's words), or ''.
  misfit() {
    return (this.state.data && this.state.model?.snap?.misfit) || '';
  }

  // The same for a model opened from a file: one trained here on other data is simply
  // not current ("Settings or data changed"); one opened over the data asks for a choice.
  openedMisfit() {
    return this.state.model?.opened ? this.misfit() : '';
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

  // Drops the model (Reset, or "keep the data" when a model does not fit it).
  async reset(note = 'Reset: Train starts a new model.') {
    if (this.#run) await this.stop();
    await this.engine.call('dispose');
    this.state.model = null;
    this.state.version += 1;
    this.inspect.clear();
    this.status.describeModel(null);
    this.status.tell(note);
    this.state.changed();
    await this.predict.update();
    this.modelChanged();
  }

  // Opens a model file (JSON or blob); the form follows its topology.
  async openModel(bytes, name) {
    if (this.#run) await this.stop();
    try {
      const info = await this.engine.call('load', { bytes });
      await this.adopt(info, { epoch: info.epochs ?? 0, opened: name }, `Model ${name}: ${(info.widths ?? []).join('–')}`);
      return true;
    } catch (e) {
      this.status.tell(`Cannot open ${name}${e.line ? ` (line ${e.line})` : ''}: ${e.detail ?? e.message}`, 'bad');
      this.state.changed();
      return false;
    }
  }

  // Takes a model the worker has just loaded as the current one. meta: { key, epoch, base, opened (file name),
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
      epoch, base: meta.base ?? 0, target: meta.target || epoch, loss: history.at(-1)?.[1] ?? null, history, testHistory, snap: null, opened: meta.opened ?? '',
    };
    this.state.version += 1;
    this.status.describeModel(null);
    this.status.edited();
    this.state.changed();
    // The outcome once the core has evaluated the model on the data (or found it does not fit).
    await this.inspect.refresh();
    await this.predict.update();
    this.status.describeModel(note);
    if (this.openedMisfit()) this.status.tell(`${note}: it does not fit the data; keep the model or the data (under Network).`, 'bad');
    else this.status.tell(note, 'good');
    this.state.changed();
  }

  // Keeps the current model and gives the table the model's own columns (no rows yet), for
  // a model that does not fit the data.
  async keepModel() {
    const info = this.state.model?.snap?.info;
    if (!info) return;
    const outputs = info.classNames?.length ? ['class'] : info.outputNames;
    this.data.setTable(makeTable([...info.inputNames, ...outputs], [], info.inputNames.length));
    await this.data.settled();
    await this.settings.settled();
    this.state.model.key = this.#key();
    this.status.tell(`Kept the model: the table has its columns (${info.inputNames.join(', ')} → ${outputs.join(', ')}); add rows to use it.`, 'good');
    this.state.changed();
  }

  onProgress(p) {
    const m = this.state.model;
    if (!m || !this.state.training) return;
    m.epoch = p.epoch;
    m.loss = p.loss;
    m.speed = p.samplesPerSecond;
    m.history.push([p.epoch, p.loss]);
    if (p.testLoss != null) m.testHistory.push([p.epoch, p.testLoss]);
    if (this.#charted === m) this.chart.push(p.epoch, p.loss, p.testLoss ?? null);
    this.#progress = `Training… epoch ${p.epoch} of ${m.target}`;
    this.state.changed();
    if (this.inspect.visible && performance.now() - this.inspect.lastAt > LIVE_VIEW_MS) this.inspect.refresh({ live: true });
    this.progressed?.(p);
  }

  // The buttons and the status line, from the state.
  render() {
    const s = this.state;
    const { train, stop } = this.ui;
    const settingsProblem = this.settings.problem();
    const dataProblem = s.dataProblem();
    const testProblem = this.testData?.problem() ?? '';
    // Data that cannot train describes no model: the figures go until it is fixed.
    const current = !!s.model && !this.stale() && !dataProblem;
    const focused = document.activeElement;
    train.disabled = s.training || s.engine === 'failed' || !!dataProblem || !!testProblem || !!settingsProblem;
    stop.disabled = !s.training;
    // The keyboard focus stays on a control: Train hands it to Stop for the run, Stop back to Train.
    if (focused === train && train.disabled && !stop.disabled) stop.focus();
    else if (focused === stop && stop.disabled && !train.disabled) train.focus();
    setText(train, s.training || !current ? 'Train' : s.model.epoch < s.model.target ? 'Resume' : 'Train more');
    this.#renderFigures(s.training || current ? s.model : null);
    this.status.render({
      engine: s.engine, engineError: s.engineError, progress: s.training ? this.#progress : '',
      dataProblem, testProblem, settingsProblem, misfit: this.openedMisfit(), hasModel: !!s.model, stale: !current,
    });
  }

  // Loss, samples/s, accuracy (R² for numeric targets), progress and the loss chart of `m`,
  // or none (null: no model, or not the one the form and the table describe).
  #renderFigures(m) {
    const { ui } = this;
    const ev = this.state.data ? m?.snap?.evaluation : null;
    const numeric = !!ev && ev.rule == null;
    setText(ui.loss, fmtLoss(m?.loss));
    setText(ui.speed, fmtRate(m?.speed));
    setText(ui.accuracyLabel, numeric ? 'R²' : 'Accuracy');
    setText(ui.accuracy, numeric ? (ev.r2 == null ? '–' : ev.r2.toFixed(3)) : typeof ev?.accuracy === 'number' ? `${(ev.accuracy * 100).toFixed(1)}%` : '–');
    ui.progress.value = m && m.target > m.base ? Math.min(1, (m.epoch - m.base) / (m.target - m.base)) : 0;
    setText(ui.epochText, m?.target ? `epoch ${m.epoch} / ${m.target}` : 'epoch 0');
    if (this.#charted !== m) {
      this.#charted = m;
      this.chart.set(m?.history ?? [], m?.testHistory ?? []);
    }
  }

  async #train() {
    await this.startup;
    const { data, problem } = await this.data.settled();
    await this.testData?.settled();
    await this.settings.settled();
    if (this.#stopAsked) {
      this.status.tell(STOPPED_AT_ONCE);
      return;
    }
    if (!data || problem || this.testData?.problem() || this.settings.problem()) return;
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
    } else if (s.model.epoch >= s.model.target) {
      s.model.base = s.model.epoch;
      s.model.target = s.model.epoch + epochs;
    } else {
      s.model.target = Math.max(s.model.target, s.model.base + epochs);
    }
    if (this.#stopAsked) {
      this.status.tell(STOPPED_AT_ONCE);
      return;
    }
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
    // The views describe the model and the data as they are now, before the status says so.
    await this.data.settled();
    await this.inspect.refresh();
    await this.predict.update();
    if (outcome[1] !== 'bad') this.status.describeModel(outcome[0]);
    if (this.stale()) outcome[0] += '; settings or data changed meanwhile: Train starts a new model.';
    this.status.tell(...outcome);
  }
}

// Writes a text only when it changed (the figures are rendered on every progress event).
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
