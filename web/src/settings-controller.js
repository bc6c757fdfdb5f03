// The settings: what the person changed (`given`) and the settings in force (`values`),
// which the core resolves in the worker: every given field wins, every other one takes
// the data's default (dff.resolveSettings), and dff.checkSettings says what is wrong and
// where. settled() resolves once the settings in force follow the latest edit and data.
export class SettingsController {
  #seq = 0; // the latest resolution asked for
  #done = Promise.resolve();

  // form: a SettingsForm; hooks: { edited() }
  constructor(state, engine, form, hooks) {
    this.state = state;
    this.engine = engine;
    this.form = form;
    this.hooks = hooks;
    this.given = {};
    this.values = {};
    this.problems = [];
    this.shape = {};
  }

  // A field the person changed (value as the form holds it).
  edit(key, value) {
    this.given = { ...this.given, [key]: value };
    this.hooks.edited();
    this.resolve();
  }

  // Replaces what the person changed (a session, a model's own settings, "Defaults").
  load(given) {
    this.given = { ...given };
    return this.resolve();
  }

  // Settings of a model now current: its shape-defining fields become given.
  follow(model) {
    return this.load({ ...this.given, ...model });
  }

  // Asks the core again (after an edit, or when the data changed); returns settled().
  resolve() {
    const seq = ++this.#seq;
    const given = this.given;
    const data = this.state.data;
    this.#done = this.engine.call('settings', { given, withData: !!data }).then(
      (r) => {
        if (seq !== this.#seq) return;
        // Without parsed data (an edit being parsed) the fields given win over the values
        // of the last data; the parse resolves them all again.
        this.values = r.settings ?? { ...this.values, ...r.given };
        this.problems = r.problems;
        if (data) this.shape = { inputs: data.inputCount, outputs: data.outputCount };
        this.form.show({ values: this.values, given: this.given, shape: this.shape, problems: this.problems });
        this.state.changed();
      },
      (e) => {
        if (seq !== this.#seq) return;
        this.problems = [{ field: e.field ?? '', message: e.detail ?? e.message }];
        this.state.changed();
      },
    );
    return this.settled();
  }

  async settled() {
    for (;;) {
      const seq = this.#seq;
      await this.#done;
      if (seq === this.#seq) return;
    }
  }

  // The first problem that blocks training, or ''.
  problem() {
    return this.problems[0]?.message ?? '';
  }

  // The training fields of the settings in force (what model.train takes).
  trainOptions() {
    const { optimizer, learningRate, batchSize, loss, l2, earlyStop } = this.values;
    return { optimizer, learningRate, batchSize, loss, l2, earlyStop };
  }
}
