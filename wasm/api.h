// The C++ side of the WebAssembly API: thin functions over core/host that take and
// return JS values (emscripten::val). Nothing here throws; every fallible call returns a
// status object { ok: true, ... } or { ok: false, message, line?, column?, field? } and
// wasm/js/microdff.js turns a failed one into a thrown Error. Tensors cross as copies
// (Float32Array in, Float32Array out). The bindings are declared in bindings.cpp.
#pragma once

#include <emscripten/val.h>
#include <stdint.h>

#include <memory>
#include <string>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/train/trainer.h"

namespace dff::wasm {

using emscripten::val;

// Parses CSV text with the loader `dff train` uses. options: { inputs?: number, source?: string }.
// -> { ok, dataset: { rows, inputCount, outputCount, inputNames, outputNames, classNames,
//      inputs: Float32Array, targets: Float32Array, labels: Uint32Array } }
val parse_dataset(const std::string& text, val options);
// The data-dependent defaults of `dff train` for a data set (a JS dataset object).
val default_settings(val dataset);
// Export format names ("c", "c-int8", "micropython", "blob", "json").
val formats();
// The core's export name rule (dff::export_name): -> { ok, identifier, fileName }, or a
// failed status with field "name" (a name that cannot be used) or "format".
val export_name(const std::string& name, const std::string& format);
// Models alive (created and not yet deleted): lets tests check that handles are freed.
int live_models();

// One model with its training state. A JS handle owns it: call delete() (the wrapper's dispose()).
class Model {
 public:
  Model();
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // Builds an untrained model. spec: { widths, activations, bias, normalize, init, seed };
  // dataset (or null): normalisation fit and column/class names; must match the widths.
  val create(val spec, val dataset);
  // Replaces this model with one parsed from JSON or blob bytes (Uint8Array or string).
  val load(val bytes);
  // Runs `options.epochs` epochs over `dataset`, inside WASM. The training state (Adam
  // moments, shuffle generator) persists across calls while the data stays the same.
  // -> { ok, epoch, loss, samplesPerSecond, seconds }
  val train(val dataset, val options);
  // rows * inputs raw values -> rows * outputs values (Float32Array).
  val predict(val inputs) const;
  // Index of the largest output for one input row.
  val classify(val input) const;
  // -> { ok, accuracy (null without a rule), loss, samples, correct }
  val evaluate(val dataset) const;
  val info() const;
  // [{ rows, cols, data: Float32Array }] per layer (inputs x outputs, row-major).
  val weights() const;
  // [Float32Array] per layer; empty when the network has no biases.
  val biases() const;
  // -> { ok, bytes: Uint8Array }: exactly what `dff export --format F --name N` writes.
  val export_model(const std::string& format, const std::string& name) const;
  // -> { ok, flashBytes, ramBytes }: the footprint the "c" or "c-int8" exporter states in the header.
  val footprint(const std::string& format) const;

 private:
  Dataset* adopt_dataset(val dataset, std::string* error);

  std::unique_ptr<DFF> model_;
  std::unique_ptr<Dataset> data_;     // copy of the data being trained on
  std::unique_ptr<Trainer> trainer_;  // refers to *model_ and *data_
};

}  // namespace dff::wasm
