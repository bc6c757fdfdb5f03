// The status chip, computed from the page's state each time it changes: what blocks the
// next step first, then what the last action did (until the next edit), then whether the
// model is still the one the form and the table describe.
export class StatusLine {
  #outcome = null;
  #modelNote = null;

  // node: the chip; live (optional): a live region that announces each new status.
  constructor(node, live = null) {
    this.node = node;
    this.live = live;
  }

  // The result of an action (trained, stopped, opened, failed): shown until the next edit.
  tell(text, tone = '') {
    this.#outcome = { text, tone };
  }

  // What the current model is ("Trained 40 epochs · ..."): shown while it is current.
  describeModel(text) {
    this.#modelNote = text;
  }

  edited() {
    this.#outcome = null;
  }

  // facts: { engine, engineError, progress, dataProblem, testProblem, settingsProblem, misfit, hasModel, stale }
  render(f) {
    const [text, tone] =
      f.engine === 'failed' ? [`The engine failed to load: ${f.engineError}`, 'bad']
      : f.progress ? [f.progress, 'busy']
      : this.#outcome ? [this.#outcome.text, this.#outcome.tone]
      : f.dataProblem ? ['Fix the marked cells to train.', 'bad']
      : f.testProblem ? ['Fix the test data (in the Data card) to train.', 'bad']
      : f.settingsProblem ? ['Fix the settings to train.', 'bad']
      : f.misfit ? ['The model does not fit the data: keep the model or the data (under Network).', 'bad']
      : f.engine === 'loading' ? ['Loading the engine…', '']
      : f.hasModel && f.stale ? ['Settings or data changed: Train starts a new model.', '']
      : f.hasModel && this.#modelNote ? [this.#modelNote, 'good']
      : ['Ready: press Train.', ''];
    if (this.node.textContent !== text) {
      this.node.textContent = text;
      if (this.live) this.live.textContent = text;
    }
    this.node.dataset.tone = tone;
  }
}
