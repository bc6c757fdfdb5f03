// The C++ side of the WebAssembly API: thin functions over core/host that take and
// return JS values. Rules, defaults and checks are the core's; this layer only converts.
// Nothing here throws; every fallible call returns a status object { ok: true, ... } or
// { ok: false, message, detail, source?, line?, column?, field? } (the core's Error), and
// wasm/js/microdff.js turns a failed one into a thrown MicrodffError. Settings cross as
// JSON text read by the core (core/host/train/settings_json.h); tensors as copies
// (Float32Array in, Float32Array out). The bindings are declared in bindings.cpp.
#pragma once

#include <emscripten/val.h>
#include <stdint.h>

#include <memory>
#include <string>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/train/settings.h"
#include "core/host/train/trainer.h"

namespace dff::wasm {

using emscripten::val;

// Parses CSV text with the loader `dff train` uses. options: { inputs?, source?, header?,
// classNames?, targets? } (classNames: a model's classes, read as `dff evaluate` reads data
// for it; targets: "auto" | "numbers" | "classes", as dff train's --classes/--no-classes).
// -> { ok, dataset: { rows, inputCount, outputCount, inputNames, outputNames, classNames,
//      labelColumn, classesFromNumbers, inputs: Float32Array, targets: Float32Array, labels: Uint32Array } }
val parse_dataset(const std::string& text, val options);
// The guess for a single target column's cells (core/host/data/class_rules.h):
// -> { classes, fromNumbers, distinct }.
val guess_classes(val cells);
// Class names in the order of a model's outputs (class_rules.h sort_natural).
val sort_classes(val names);
// The core's export name rule (dff::export_name): -> { ok, identifier, fileName }, or a
// failed status with field "name" (a name that cannot be used) or "format".
val export_name(const std::string& name, const std::string& format);
// The rules as JSON text (core/host/train/settings_json.h rules_to_json()).
std::string rules_json();
// Problems of a JSON settings object, as JSON text [{ field, message }]; shape.outputs 0: unknown shape.
std::string check_settings(const std::string& settings_json, const DataShape& shape);
// Given settings (JSON text) over the data's defaults -> { ok, settings: JSON text }.
val resolve_settings(val dataset, const std::string& settings_json);
// Why the data's inputs are normalised by default -> { ok, reason } ("" when they are not).
val normalization_reason(val dataset);
// Rows held out by the core's split (core/host/data/split.h) -> { ok, train, validation,
// validationRows: Uint32Array (the held-out rows' indices, ascending) }.
val split_dataset(val dataset, double fraction, double seed);
// "8,8" -> { ok, hidden: [8, 8] }.
val parse_hidden(const std::string& text);
// Models alive (created and not yet deleted): lets tests check that handles are freed.
int live_models();

// One model with its training state. A JS handle owns it: call delete() (the wrapper's dispose()).
class Model {
 public:
  Model();
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // Builds an untrained model from a settings object (JSON text; missing fields take the
  // data's defaults) for `shape` inputs and outputs; dataset (or null) gives the defaults,
  // the normalisation fit and the column and class names, and must match the shape.
  val create(const std::string& settings_json, const DataShape& shape, val dataset);
  // Replaces this model with one parsed from JSON or blob bytes (Uint8Array or string).
  val load(val bytes);
  // Runs `epochs` epochs over `dataset` (null: the data of the previous call), inside WASM,
  // after applying the training fields of `options_json` (optimizer, learningRate,
  // batchSize, loss, l2, earlyStop; momentum, beta1, beta2, shuffle). `validation`: rows to
  // measure after every chunk (and every epoch with earlyStop); undefined keeps the previous
  // call's, null drops them. The training state (Adam moments, shuffle generator, early
  // stopping) persists across calls while the data and validation rows stay the same.
  // -> { ok, epoch, loss, samplesPerSecond, seconds, validationLoss, validationAccuracy,
  //      bestEpoch, stopped }
  val train(val dataset, const std::string& options_json, val validation);
  // Starts a new run of train() calls: drops what they keep between calls (shuffle position,
  // early stopping's watch) and the model's record of an early stop; weights, optimizer
  // state and the epoch count stay. -> { ok }
  val new_run();
  // rows * inputs raw values -> rows * outputs values (Float32Array).
  val predict(val inputs) const;
  // Index of the largest output for one input row.
  val classify(val input) const;
  // The same for rows * inputs raw values -> { ok, classes: Uint32Array }.
  val classify_rows(val inputs) const;
  // Outputs of weight layer `layer` (1: the first after the inputs .. layer_count: the
  // outputs) from the core's forward pass, for rows * inputs raw values
  // -> { ok, values: Float32Array } (rows * widths[layer]).
  val activations(val inputs, int layer) const;
  // The int8 model's preview: quantised (dff::Int8Blob::quantize) on `calibration` (a
  // dataset; null or undefined: the rows the model was trained on), run on rows * inputs raw
  // values by the core's int8 functions, as the firmware and the c-int8 header run it.
  // -> { ok, inputs: Int8Array (quantised inputs), int8: Int8Array (int8 outputs),
  //      outputs: Float32Array (dequantised), classes: Uint16Array (largest logit per row) }
  val predict_int8(val inputs, val calibration) const;
  // Float vs int8 on `dataset` (dff::compare_int8: what `dff export --calibrate` prints), the
  // int8 model fitted on `calibration` as predict_int8 fits it.
  // -> { ok, samples, rule ("argmax", "rounded" or null), floatCorrect, int8Correct,
  //      floatAccuracy, int8Accuracy (null without a rule), classDisagreements, maxAbsDifference }
  val compare_int8(val dataset, val calibration) const;
  // The core's evaluation (core/host/eval/metrics.h) -> { ok, samples, loss, rule, accuracy,
  // correct, classNames, confusion, perClass, rowCorrect, predicted, mae, rmse, r2 }.
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
  const Dataset* adopt_dataset(val dataset, Error* error);
  bool adopt_validation(val validation, Error* error);

  std::unique_ptr<DFF> model_;
  std::unique_ptr<Dataset> data_;        // copy of the data being trained on
  std::unique_ptr<Dataset> validation_;  // copy of the validation rows, if any
  std::unique_ptr<Trainer> trainer_;     // refers to *model_, *data_ and *validation_
  uint32_t early_stop_ = 0;
};

}  // namespace dff::wasm
