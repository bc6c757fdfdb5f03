// microdff in WebAssembly: the JS face of the C++ core (ES module for the browser, a Web
// Worker and node). The Embind layer (wasm/bindings.cpp) returns status objects; this
// wrapper turns a failed one into a thrown MicrodffError carrying the core's message
// (and line/column/field for CSV errors) and owns the C++ handles: a Model frees its
// handle in dispose(), and a FinalizationRegistry frees forgotten ones. API: wasm/README.md.

/** Error from the core: `message` as `dff` prints it; CSV errors also carry 1-based `line`, `column` and `field`. */
export class MicrodffError extends Error {
  constructor(status) {
    super(status.message);
    this.name = 'MicrodffError';
    if (status.line !== undefined) this.line = status.line;
    if (status.column !== undefined) this.column = status.column;
    if (status.field !== undefined) this.field = status.field;
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

// Handles of models that were garbage-collected without dispose().
const finalizer =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((handle) => handle.delete()) : null;

/** A trained or untrained network living in WebAssembly memory. Call dispose() when done. */
export class Model {
  #handle;
  #lastData = null;

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
  }

  get disposed() {
    return this.#handle === null;
  }

  /**
   * Runs `options.epochs` epochs over the whole data set inside WebAssembly (one chunk).
   * Training state persists between calls, so a paused run resumes exactly.
   * @returns {{epoch:number, loss:number|null, samplesPerSecond:number, seconds:number}}
   */
  train(dataset, options = {}) {
    if (!isObject(options)) throw new TypeError('train(dataset, options): options must be an object');
    const same = dataset === this.#lastData;
    const { epoch, loss, samplesPerSecond, seconds } = check(this.#h().train(same ? null : dataset, options));
    this.#lastData = dataset;
    return { epoch, loss, samplesPerSecond, seconds };
  }

  /** Outputs for one row or several rows (rows * inputCount values), as a Float32Array. */
  predict(inputs) {
    return check(this.#h().predict(inputs)).outputs;
  }

  /** Index of the largest output for one input row. */
  classify(input) {
    return check(this.#h().classify(input)).index;
  }

  /** Accuracy (null when there is no accuracy rule, as in `dff evaluate`), mean loss and row count. */
  evaluate(dataset) {
    const { accuracy, loss, samples, correct } = check(this.#h().evaluate(dataset));
    return { accuracy, loss, samples, correct };
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

function activationsFor(spec, widths, settings) {
  if (Array.isArray(spec.activations)) return spec.activations;
  const layers = widths.length - 1;
  const hidden = spec.activation ?? (typeof spec.activations === 'string' ? spec.activations : settings?.activation);
  const output = spec.output ?? settings?.output ?? 'sigmoid';
  return Array.from({ length: layers }, (_, i) => (i === layers - 1 ? output : hidden ?? 'sigmoid'));
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

  return {
    core,
    /** Export format names. */
    formats: core.formats(),

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
     * default all but the last). Throws MicrodffError with line/column on bad CSV.
     */
    parseDataset(text, { inputs, source, header } = {}) {
      if (typeof text !== 'string') throw new TypeError('parseDataset(text): text must be a string');
      return check(core.parseDataset(text, { inputs, source, header })).dataset;
    },

    /** The data-dependent defaults `dff train` uses for this data set. */
    defaults(dataset) {
      const settings = check(core.defaults(dataset)).settings;
      settings.learningRate = shortestFloat(settings.learningRate);
      return settings;
    },

    /**
     * A new, untrained model: spec { widths (input first) | hidden, activations | activation + output,
     * bias, normalize, init, seed }; the data set (optional) gives the normalisation and names.
     */
    createModel(spec, dataset) {
      if (!isObject(spec)) throw new TypeError('createModel(spec, dataset): spec must be an object');
      let widths = spec.widths;
      if (!widths && Array.isArray(spec.hidden) && isObject(dataset))
        widths = [dataset.inputCount, ...spec.hidden, dataset.outputCount];
      const settings = isObject(dataset) && !Array.isArray(spec.activations) ? check(core.defaults(dataset)).settings : null;
      const full = {
        ...spec,
        widths,
        activations: Array.isArray(widths) ? activationsFor(spec, widths, settings) : spec.activations,
      };
      return withModel((h) => h.create(full, isObject(dataset) ? dataset : null));
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
