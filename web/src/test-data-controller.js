// The test data's state: the person's choice (none, hold out N % with a seed, a second CSV)
// goes to the worker, which answers with what it gives for the data set as parsed now
// (test-data-worker.js): row counts, the held-out rows or the file's rows, or the problem.
// settled() resolves once the worker has the latest choice (a pasted text still waiting
// to apply included) and the page its answer, so Train never starts from a choice on its way.
import { NO_TEST_DATA, sanitizeChoice, trainingRowsKey } from './test-data.js';

const TEXT_DELAY_MS = 250; // typing or pasting a second CSV

export class TestDataController {
  #seq = 0;
  #done = Promise.resolve();
  #textTimer = 0;
  #pendingText = null;

  // hooks: { edited() (the person changed the choice), rowsChanged() (the training or test
  // rows may differ now: settings and views follow) }
  constructor(state, engine, hooks) {
    this.state = state;
    this.engine = engine;
    this.hooks = hooks;
    state.testData = { choice: NO_TEST_DATA, summary: null, problem: null };
  }

  get choice() {
    return this.state.testData.choice;
  }

  // A choice the person made in the Data card.
  choose(choice) {
    clearTimeout(this.#textTimer);
    this.#pendingText = null;
    this.hooks.edited();
    return this.#ask(sanitizeChoice(choice), true);
  }

  // A second CSV as it is typed or pasted: applied once the typing pauses (or on settled()).
  textEdited(name, csv) {
    clearTimeout(this.#textTimer);
    this.#pendingText = { name, csv };
    this.#textTimer = setTimeout(() => this.#applyText(), TEXT_DELAY_MS);
  }

  // A second CSV the page would not read (`why`): chosen, with that problem, never sent.
  refuse(choice, why) {
    clearTimeout(this.#textTimer);
    this.#pendingText = null;
    this.#seq++;
    this.hooks.edited();
    this.state.testData = { choice, summary: null, problem: { message: why } };
    this.state.changed();
  }

  // The choice a session kept (no edit of the person's).
  restore(choice) {
    return this.#ask(sanitizeChoice(choice), true);
  }

  // The table was parsed again: the split or the file's reading follows it.
  dataChanged() {
    return this.#ask(this.choice, false);
  }

  async settled() {
    this.#applyText();
    for (;;) {
      const seq = this.#seq;
      await this.#done;
      if (seq === this.#seq) return;
    }
  }

  // The test data's problem that blocks training, or ''.
  problem() {
    return this.choice.mode === 'none' ? '' : this.state.testData.problem?.message ?? '';
  }

  // The part of the model key the test data decides (the rows the network learns from).
  trainingKey() {
    return trainingRowsKey(this.choice);
  }

  #applyText() {
    if (!this.#pendingText) return;
    clearTimeout(this.#textTimer);
    const { name, csv } = this.#pendingText;
    this.#pendingText = null;
    this.hooks.edited();
    this.#ask({ mode: 'file', name, csv }, true);
  }

  #ask(choice, chosen) {
    const seq = ++this.#seq;
    this.state.testData = { ...this.state.testData, choice };
    this.state.changed();
    this.#done = this.engine.call('testData', { choice }).then(
      (summary) => {
        if (seq !== this.#seq) return undefined;
        this.state.testData = { choice, summary, problem: summary.problem };
        this.state.changed();
        return chosen ? this.hooks.rowsChanged() : undefined;
      },
      (e) => {
        if (seq !== this.#seq) return;
        this.state.testData = { choice, summary: null, problem: { message: e.message } };
        this.state.changed();
      },
    );
    return this.settled();
  }
}
