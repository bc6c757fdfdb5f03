// microdff in WebAssembly: the JS face of the C++ core (ES module for the browser, a Web
// Worker and node). The Embind layer (wasm/bindings.cpp) returns status objects; this
// wrapper turns a failed one into a thrown MicrodffError carrying the core's message and
// its structured position, and owns the C++ handles: a Model frees its handle in
// dispose(), and a FinalizationRegistry frees forgotten ones. Every rule, default, range
// and message comes from the core; this file only converts. API: wasm/README.md.

/**
 * Error from the core. `message`: the line `dff` prints (without "dff: "); `detail`: the
 * same without the position; `source`, `line`, `column` (1-based; column = CSV field
 * number) and `field` (CSV column name or settings key) where the core knows them.
 */
export class MicrodffError extends Error {
  constructor(status) {
    super(status.message);
    this.name = 'MicrodffError';
    this.detail = status.detail ?? status.message;
    for (const key of ['source', 'line', 'column', 'field']) if (status[key] !== undefined) this[key] = status[key];
  }
}

function check(status) {
  if (!status.ok) throw new MicrodffError(status);
  return status;
}

// Settings are float32 in the core: 0.01 comes back as 0.009999999776482582. Shows them
// as the shortest decimal that is the same float32 (what `dff` prints).
function shortestFloat(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x;
  for (let digits = 1; digits < 9; ++digits) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === Math.fround(x)) return y;
  }
  return x;
}

function isObject(value) {
  return value !== null && typeof value === 'object';
}

function deepFreeze(value) {
  if (isObject(value)) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

// A shape for the core: { inputs, outputs }, 0 for unknown.
function shapeOf(shape) {
  return { inputs: Number(shape?.inputs ?? shape?.inputCount) || 0, outputs: Number(shape?.outputs ?? shape?.outputCount) || 0 };
}

// createModel's spec in the settings form: `widths` (input first) with one activation per
// weight layer, or `hidden` with `activations` per hidden layer (or `activation` for all)
// and `output`. Only reshapes; the core checks and fills in the rest.
function settingsOf(spec) {
  const { widths, activation, activations, ...rest } = spec;
  const settings = { ...rest };
  let shape = { inputs: 0, outputs: 0 };
  if (Array.isArray(widths)) {
    if (widths.length < 2)
      throw new MicrodffError({ message: 'widths must list the input width, any hidden widths and the output width, e.g. [3, 4, 2]', field: 'hidden' });
    shape = { inputs: widths[0], outputs: widths.at(-1) };
    settings.hidden = widths.slice(1, -1);
    if (Array.isArray(activations)) {
      if (activations.length !== widths.length - 1)
        throw new MicrodffError({ message: `activations must name one activation per weight layer (${widths.length - 1})`, field: 'activations' });
      settings.activations = activations.slice(0, -1);
      settings.output = activations.at(-1);
    }
  } else if (Array.isArray(activations)) {
    settings.activations = activations;
  }
  if (typeof activation === 'string' && settings.activations === undefined) settings.activations = [activation];
  return { settings, shape };
}

// Handles of models that were garbage-collected without dispose().
const finalizer =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((handle) => handle.delete()) : null;

/** A trained or untrained network living in WebAssembly memory. Call dispose() when done. */
export class Model {
  #handle;
  #lastData = null;
  #lastValidation = null;

  constructor(handle) {
    this.#handle = handle;
    finalizer?.register(this, handle, this);
  }

  #h() {
    if (!this.#handle) throw new Error('this model has been disposed');
    return this.#handle;
  }

  /** Frees the C++ model (safe to call twice). */
  dispose() {
    if (!this.#handle) return;
    finalizer?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
    this.#lastData = null;
    this.#lastValidation = null;
  }

  get disposed() {
    return this.#handle === null;
  }

  /**
   * Runs `options.epochs` epochs over the whole data set inside WebAssembly (one chunk),
   * with the training fields of a settings object (optimizer, learningRate, batchSize,
   * loss, l2, earlyStop) and momentum, beta1, beta2, shuffle. `options.validation`: a data
   * set measured after every chunk (every epoch with earlyStop > 0, which stops training
   * and restores the best epoch's weights once the validation loss has not improved for
   * earlyStop epochs). Training state persists between calls, so a paused run resumes exactly.
   * @returns {{epoch:number, loss:number|null, samplesPerSecond:number, seconds:number,
   *   validationLoss:number|null, validationAccuracy:number|null, bestEpoch:number, stopped:boolean}}
   */
  train(dataset, options = {}) {
    if (!isObject(options)) throw new TypeError('train(dataset, options): options must be an object');
    const { validation, ...settings } = options;
    const same = dataset === this.#lastData;
    // The C++ side keeps copies: pass each data set only when it is a new object
    // (validation: undefined keeps the previous rows, null drops them).
    const held = validation === this.#lastValidation ? undefined : validation;
    const { ok, ...report } = check(this.#h().train(same ? null : dataset, JSON.stringify(settings), held));
    this.#lastData = dataset;
    if (validation !== undefined) this.#lastValidation = validation;
    return report;
  }

  /** Outputs for one row or several rows (rows * inputCount values), as a Float32Array. */
  predict(inputs) {
    return check(this.#h().predict(inputs)).outputs;
  }

  /** Index of the largest output for one input row. */
  classify(input) {
    return check(this.#h().classify(input)).index;
  }

  /** classify() for several rows (rows * inputCount values): a Uint32Array, one index per row. */
  classifyRows(inputs) {
    return check(this.#h().classifyRows(inputs)).classes;
  }

  /**
   * What layer `layer` of the network puts out (1: the first layer after the inputs, up to
   * the output layer) for rows * inputCount raw values, from the core's forward pass: a
   * Float32Array of rows * width of that layer, row by row.
   */
  activations(inputs, layer) {
    return check(this.#h().activations(inputs, Number(layer))).values;
  }

  /**
   * Starts a new run of train() calls: what they keep between calls (the shuffle position,
   * early stopping's watch) and the model's record of an early stop are dropped; weights,
   * optimizer state and the epoch count stay. After early stopping, train() runs again.
   */
  newRun() {
    check(this.#h().newRun());
  }

  /**
   * The int8 model's outputs for one row or several rows, computed by the core's int8
   * functions exactly as the c-int8 header, the blob-int8 firmware and the boards compute
   * them: { inputs: Int8Array (quantised), int8: Int8Array, outputs: Float32Array,
   * classes: Uint16Array }. Its scales are fitted on `calibration` (a dataset), by default
   * on the rows the model was trained on.
   */
  predictInt8(inputs, { calibration = null } = {}) {
    const { ok, ...result } = check(this.#h().predictInt8(inputs, calibration));
    return result;
  }

  /**
   * Float vs int8 on `dataset`, as `dff export --calibrate` prints it: { samples, rule,
   * floatCorrect, int8Correct, floatAccuracy, int8Accuracy (null without a rule),
   * classDisagreements, maxAbsDifference }. The int8 model is fitted as predictInt8 fits it.
   */
  compareInt8(dataset, { calibration = null } = {}) {
    const { ok, ...result } = check(this.#h().compareInt8(dataset, calibration));
    return result;
  }

  /**
   * The core's evaluation, as `dff evaluate` computes it: { samples, loss, rule, accuracy,
   * correct, classNames, confusion, perClass, rowCorrect, predicted, mae, rmse, r2 }. The
   * data set's classes are matched onto the model's by name.
   */
  evaluate(dataset) {
    const { ok, ...evaluation } = check(this.#h().evaluate(dataset));
    return evaluation;
  }

  info() {
    const { ok, ...info } = check(this.#h().info());
    for (const key of ['learningRate', 'l2', 'momentum']) info[key] = shortestFloat(info[key]);
    return info;
  }

  /** Weight matrices per layer: { rows: inputs, cols: outputs, data: Float32Array row-major }. */
  weights() {
    return this.#h().weights();
  }

  /** Bias vectors per layer (empty when the network has no biases). */
  biases() {
    return this.#h().biases();
  }

  /** The file `dff export --format <format> --name <name>` writes, byte for byte. */
  export(format, { name = 'model' } = {}) {
    return check(this.#h().exportModel(String(format), String(name))).bytes;
  }

  /** Flash and RAM bytes the "c" or "c-int8" header states, as the core's exporter reports them. */
  footprint(format = 'c') {
    const { flashBytes, ramBytes } = check(this.#h().footprint(String(format)));
    return { flashBytes, ramBytes };
  }

  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
    this.dispose();
  }
}

/** Wraps an instantiated Emscripten module (from createMicrodffCore) in the API. */
export function wrapCore(core) {
  const withModel = (fill) => {
    const handle = new core.Model();
    try {
      check(fill(handle));
    } catch (error) {
      handle.delete();
      throw error;
    }
    return new Model(handle);
  };
  const rules = deepFreeze(JSON.parse(core.rulesJson()));

  const resolveSettings = (dataset, given = {}) => {
    if (!isObject(given)) throw new TypeError('resolveSettings(dataset, given): given must be an object');
    return JSON.parse(check(core.resolveSettings(dataset, JSON.stringify(given))).settings);
  };

  return {
    core,
    /** Allowed names (in menu order) and limits of every setting: the core's rules. */
    rules,
    /** Export format names. */
    formats: rules.formats,

    /**
     * The identifier the exporter uses for `name` in `format` (C prefix or Python module name)
     * and the file name to suggest ('model.h', 'model.py', ...), by the core's rule. Throws
     * MicrodffError with field 'name' for a name that cannot be used (nothing left after
     * cleaning, a Python keyword, a module the board or Python has: main, boot, os, array, ...).
     */
    exportName(name, format) {
      if (typeof name !== 'string') throw new TypeError('exportName(name, format): name must be a string');
      const { identifier, fileName } = check(core.exportName(name, String(format)));
      return { identifier, fileName };
    },

    /**
     * Parses CSV text with the loader `dff train` uses (inputs: first N columns are inputs,
     * default all but the last; classNames: a model's classes, read as `dff evaluate` does).
     * Throws MicrodffError with source/line/column/field on bad CSV.
     */
    parseDataset(text, { inputs, source, header, classNames, targets } = {}) {
      if (typeof text !== 'string') throw new TypeError('parseDataset(text): text must be a string');
      return check(core.parseDataset(text, { inputs, source, header, classNames, targets })).dataset;
    },

    /** The core's guess for a single target column's cells: { classes, fromNumbers, distinct } (class_rules.h). */
    guessClasses(cells) {
      return core.guessClasses(Array.from(cells, String));
    },

    /** Class names in the order a model's outputs take (class_rules.h sort_natural). */
    sortClasses(names) {
      return core.sortClasses(Array.from(names, String));
    },

    /** Problems of a settings object, [{ field, message }] ([] when fine); shape: { inputs, outputs } or a data set. */
    checkSettings(settings, shape) {
      return JSON.parse(core.checkSettings(JSON.stringify(settings ?? {}), shapeOf(shape)));
    },

    /** Every field given wins, the others take the data's defaults. Throws MicrodffError with `field`. */
    resolveSettings,

    /** The data-dependent defaults `dff train` uses for this data set: resolveSettings(dataset, {}). */
    defaults(dataset) {
      return resolveSettings(dataset, {});
    },

    /**
     * Why the inputs of this data set are normalised by default, naming the columns ("input
     * scales differ widely: 'a' reaches 1000, 'b' only 0.5"), or '' when they are not:
     * the rule that sets defaults(dataset).normalize.
     */
    normalizationReason(dataset) {
      return check(core.normalizationReason(dataset)).reason;
    },

    /**
     * Training and validation rows held out by the core's split: `fraction` of the rows
     * (of each class, for class labels), drawn with `seed` (as `dff train --validation`);
     * `validationRows`: the indices of the held-out rows in `dataset`, ascending.
     * @returns {{train: object, validation: object, validationRows: Uint32Array}}
     */
    splitDataset(dataset, { fraction, seed = 1 } = {}) {
      const { train, validation, validationRows } = check(core.splitDataset(dataset, Number(fraction), Number(seed)));
      return { train, validation, validationRows };
    },

    /** Hidden layer widths from text as typed ("8,8", "8 8", "none"); throws MicrodffError { field: 'hidden' }. */
    parseHidden(text) {
      return check(core.parseHidden(String(text))).hidden;
    },

    /**
     * A new, untrained model from a settings object ({ hidden, activations, output, init,
     * seed, bias, normalize, ... }; what is missing takes the data set's defaults) or from
     * { widths (input first), activations (one per weight layer), ... }. The data set
     * (optional with widths) gives the defaults, the normalisation and the names.
     */
    createModel(spec, dataset) {
      if (!isObject(spec)) throw new TypeError('createModel(spec, dataset): spec must be an object');
      const { settings, shape } = settingsOf(spec);
      return withModel((h) => h.create(JSON.stringify(settings), shape, isObject(dataset) ? dataset : null));
    },

    /** A model from JSON text or model bytes (JSON or blob, told apart by content). */
    loadModel(bytes) {
      return withModel((h) => h.load(bytes));
    },

    /** C++ models alive (created and not yet disposed); for leak tests. */
    liveModels() {
      return core.liveModels();
    },
  };
}

/**
 * Loads the WebAssembly module and returns the API.
 * options.factory: the Emscripten module factory (default: the preset build, build/wasm/wasm/microdff.mjs);
 * options.wasmBinary: the .wasm bytes (required under node); options.locateFile: where the page serves the .wasm.
 */
export async function loadMicrodff({ factory, wasmBinary, locateFile } = {}) {
  const create = factory ?? (await import('../../build/wasm/wasm/microdff.mjs')).default;
  const moduleOptions = {};
  if (wasmBinary) moduleOptions.wasmBinary = wasmBinary;
  if (locateFile) moduleOptions.locateFile = locateFile;
  return wrapCore(await create(moduleOptions));
}
