#include "wasm/api.h"

#include <emscripten/bind.h>
#include <math.h>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <utility>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/data/normalization.h"
#include "core/host/data/split.h"
#include "core/host/eval/class_mapping.h"
#include "core/host/eval/metrics.h"
#include "core/host/export/exporters.h"
#include "core/host/model/model_io.h"
#include "core/host/quantize/int8_blob.h"
#include "core/host/quantize/int8_comparison.h"
#include "core/host/train/settings_json.h"
#include "core/model_view.h"

namespace dff::wasm {
namespace {

using emscripten::typed_memory_view;

int g_live_models = 0;

// ---- status objects --------------------------------------------------------------

val ok_status() {
  val v = val::object();
  v.set("ok", true);
  return v;
}

// The core's Error with its fields; `message` is the line dff prints, `detail` the same
// without the position.
val error_status(const Error& e) {
  val v = val::object();
  v.set("ok", false);
  v.set("message", e.text());
  v.set("detail", e.message);
  if (!e.source.empty()) v.set("source", e.source);
  if (e.line > 0) v.set("line", e.line);
  if (e.column > 0) v.set("column", e.column);
  if (!e.field.empty()) v.set("field", e.field);
  return v;
}

val error_status(const std::string& message) { return error_status(Error{message}); }

// export_name() failed: on the name, or on an unknown format.
val export_name_error(const std::string& message, const std::string& format) {
  const std::vector<std::string>& all = export_formats();
  val v = error_status(message);
  v.set("field", std::string(std::find(all.begin(), all.end(), format) != all.end() ? "name" : "format"));
  return v;
}

// ---- values in and out -----------------------------------------------------------

bool is_array_like(const val& v) {
  return val::global("Array").call<bool>("isArray", v) || val::global("ArrayBuffer").call<bool>("isView", v);
}

// A JS array or typed array of numbers -> floats (copied through one Float32Array.set).
std::vector<float> floats_from(const val& a) {
  const size_t n = a["length"].as<size_t>();
  std::vector<float> out(n);
  if (n > 0) val(typed_memory_view(n, out.data())).call<void>("set", a);
  return out;
}

template <typename T>
val typed_copy(const T* values, size_t n) {
  return val(typed_memory_view(n, values)).call<val>("slice");
}

val bytes_to_js(const std::string& bytes) {
  return typed_copy(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

val strings_to_js(const std::vector<std::string>& strings) {
  val a = val::array();
  for (const std::string& s : strings) a.call<void>("push", s);
  return a;
}

std::vector<std::string> strings_from(const val& a) {
  std::vector<std::string> out;
  if (!val::global("Array").call<bool>("isArray", a)) return out;
  const size_t n = a["length"].as<size_t>();
  for (size_t i = 0; i < n; ++i) {
    const val item = a[i];
    out.push_back(item.isString() ? item.as<std::string>() : std::string());
  }
  return out;
}

bool has(const val& object, const char* key) {
  return !object.isUndefined() && !object.isNull() && !object[key].isUndefined() && !object[key].isNull();
}

val optional_number(const std::optional<double>& v) { return v ? val(*v) : val::null(); }

// ---- data sets ---------------------------------------------------------------------

val dataset_to_js(const Dataset& d) {
  val v = val::object();
  v.set("rows", d.rows);
  v.set("inputCount", d.input_width);
  v.set("outputCount", d.target_width);
  v.set("inputNames", strings_to_js(d.input_names));
  v.set("outputNames", strings_to_js(d.target_names));
  v.set("classNames", strings_to_js(d.class_names));
  v.set("labelColumn", d.label_column);
  v.set("classesFromNumbers", d.classes_from_numbers);
  v.set("inputs", typed_copy(d.inputs.data(), d.inputs.size()));
  v.set("targets", typed_copy(d.targets.data(), d.targets.size()));
  v.set("labels", typed_copy(d.labels.data(), d.labels.size()));
  return v;
}

// A whole number in [lo, hi] read from a JS value, or an error naming `what`.
bool whole_number(const val& v, const char* what, double lo, double hi, double* out, Error* error) {
  const double d = v.isNumber() ? v.as<double>() : static_cast<double>(NAN);
  if (!(d >= lo && d <= hi) || d != floor(d)) {
    *error = Error{std::string(what) + " must be a whole number from " + std::to_string(static_cast<uint64_t>(lo)) +
                   " to " + std::to_string(static_cast<uint64_t>(hi))};
    return false;
  }
  *out = d;
  return true;
}

// A JS dataset object (as parse_dataset returns, or built by hand) -> Dataset.
bool dataset_from(const val& v, Dataset* d, Error* error) {
  if (v.isUndefined() || v.isNull() || v.typeOf().as<std::string>() != "object") {
    *error = Error{"expected a data set object { rows, inputCount, outputCount, inputs, targets }"};
    return false;
  }
  double rows = 0, in = 0, out = 0;
  if (!whole_number(v["rows"], "dataset.rows", 0, 1u << 30, &rows, error) ||
      !whole_number(v["inputCount"], "dataset.inputCount", 1, kMaxWidth, &in, error) ||
      !whole_number(v["outputCount"], "dataset.outputCount", 0, kMaxWidth, &out, error))
    return false;
  if (!is_array_like(v["inputs"]) || !is_array_like(v["targets"])) {
    *error = Error{"dataset.inputs and dataset.targets must be Float32Arrays"};
    return false;
  }
  d->rows = static_cast<uint32_t>(rows);
  d->input_width = static_cast<uint32_t>(in);
  d->target_width = static_cast<uint32_t>(out);
  const size_t n_in = static_cast<size_t>(d->rows) * d->input_width;
  const size_t n_out = static_cast<size_t>(d->rows) * d->target_width;
  if (v["inputs"]["length"].as<size_t>() != n_in || v["targets"]["length"].as<size_t>() != n_out) {
    *error = Error{"dataset: inputs must hold rows x inputCount (" + std::to_string(n_in) +
                   ") values and targets rows x outputCount (" + std::to_string(n_out) + ")"};
    return false;
  }
  d->inputs = floats_from(v["inputs"]);
  d->targets = floats_from(v["targets"]);
  for (const float x : d->inputs)
    if (!isfinite(x)) {
      *error = Error{"dataset: an input value is NaN or infinite"};
      return false;
    }
  d->input_names = strings_from(v["inputNames"]);
  d->target_names = strings_from(v["outputNames"]);
  d->class_names = strings_from(v["classNames"]);
  if (has(v, "labelColumn") && v["labelColumn"].isString()) d->label_column = v["labelColumn"].as<std::string>();
  if (!d->class_names.empty() && d->class_names.size() != d->target_width) {
    *error = Error{"dataset: classNames must have one name per output (" + std::to_string(d->target_width) + ")"};
    return false;
  }
  if (!d->class_names.empty()) {
    // Class index per row: given, or the largest (one-hot) target.
    const std::vector<float> given =
        has(v, "labels") && is_array_like(v["labels"]) ? floats_from(v["labels"]) : std::vector<float>();
    d->labels.assign(d->rows, 0);
    for (uint32_t r = 0; r < d->rows; ++r) {
      uint32_t best = 0;
      if (given.size() == d->rows && given[r] >= 0.0f && given[r] < static_cast<float>(d->target_width)) {
        best = static_cast<uint32_t>(given[r]);
      } else {
        const float* t = d->targets.data() + static_cast<size_t>(r) * d->target_width;
        for (uint32_t k = 1; k < d->target_width; ++k)
          if (t[k] > t[best]) best = k;
      }
      d->labels[r] = best;
    }
  }
  return true;
}

bool same_data(const Dataset& a, const Dataset& b) {
  return a.rows == b.rows && a.input_width == b.input_width && a.target_width == b.target_width &&
         a.inputs == b.inputs && a.targets == b.targets && a.labels == b.labels && a.class_names == b.class_names;
}

val evaluation_to_js(const Evaluation& e) {
  val v = ok_status();
  v.set("samples", e.samples);
  v.set("loss", e.loss);
  v.set("rule", e.has_accuracy() ? val(std::string(rule_name(e.rule))) : val::null());
  v.set("accuracy", e.has_accuracy() ? val(e.accuracy()) : val::null());
  v.set("correct", e.has_accuracy() ? val(e.correct) : val::null());
  v.set("classNames", strings_to_js(e.class_names));
  if (e.has_confusion()) {
    val confusion = val::array();
    val per_class = val::array();
    for (uint32_t t = 0; t < e.class_names.size(); ++t) {
      val row = val::array();
      for (uint32_t p = 0; p < e.confusion_columns; ++p) row.call<void>("push", e.confusion_at(t, p));
      confusion.call<void>("push", row);
      const ClassScore& s = e.per_class[t];
      val c = val::object();
      c.set("name", e.class_names[t]);
      c.set("rows", s.rows);
      c.set("predicted", s.predicted);
      c.set("correct", s.correct);
      c.set("precision", optional_number(s.precision()));
      c.set("recall", optional_number(s.recall()));
      per_class.call<void>("push", c);
    }
    v.set("confusion", confusion);
    v.set("perClass", per_class);
    v.set("predicted", typed_copy(e.predicted.data(), e.predicted.size()));
  } else {
    v.set("confusion", val::null());
    v.set("perClass", val::null());
    v.set("predicted", val::null());
  }
  v.set("rowCorrect", e.has_accuracy() ? typed_copy(e.row_correct.data(), e.row_correct.size()) : val::null());
  v.set("mae", e.has_regression ? val(e.mae) : val::null());
  v.set("rmse", e.has_regression ? val(e.rmse) : val::null());
  v.set("r2", e.has_regression ? optional_number(e.r2) : val::null());
  return v;
}

// The first problem of a settings object, or none.
std::optional<Error> settings_error(const SettingsReading& reading, const DataShape* shape) {
  if (!reading.problems.empty()) return reading.problems.front().error();
  const std::vector<SettingsProblem> problems = check_settings(reading.given, shape);
  if (!problems.empty()) return problems.front().error();
  return std::nullopt;
}

}  // namespace

// ---- free functions ------------------------------------------------------------------

val parse_dataset(const std::string& text, val options) {
  CsvOptions csv;
  std::string source = "data.csv";
  Error error;
  if (has(options, "inputs")) {
    double inputs = 0;
    if (!whole_number(options["inputs"], "inputs", 1, kMaxWidth, &inputs, &error)) return error_status(error);
    csv.input_columns = static_cast<int32_t>(inputs);
  }
  if (has(options, "source") && options["source"].isString()) source = options["source"].as<std::string>();
  if (has(options, "header")) {
    const std::string h = options["header"].isString() ? options["header"].as<std::string>() : std::string();
    if (h == "auto") csv.header = HeaderRow::kAuto;
    else if (h == "present") csv.header = HeaderRow::kPresent;
    else if (h == "absent") csv.header = HeaderRow::kAbsent;
    else return error_status("unknown header option '" + h + "' (expected auto|present|absent)");
  }
  if (has(options, "classNames")) csv.class_names = strings_from(options["classNames"]);
  if (has(options, "targets")) {
    const std::string t = options["targets"].isString() ? options["targets"].as<std::string>() : std::string();
    if (t == "auto") csv.targets = TargetRead::kGuess;
    else if (t == "numbers") csv.targets = TargetRead::kNumbers;
    else if (t == "classes") csv.targets = TargetRead::kClasses;
    else return error_status("unknown targets option '" + t + "' (expected auto|numbers|classes)");
  }
  const Result<Dataset> parsed = parse_csv(text, source, csv);
  if (!parsed.ok()) return error_status(parsed.error_details());
  val v = ok_status();
  v.set("dataset", dataset_to_js(parsed.value()));
  return v;
}

std::string rules_json() { return rules_to_json(); }

val guess_classes(val cells) {
  const ClassGuess g = dff::guess_classes(strings_from(cells));
  val v = val::object();
  v.set("classes", g.classes);
  v.set("fromNumbers", g.from_numbers);
  v.set("distinct", g.distinct);
  return v;
}

val sort_classes(val names) {
  std::vector<std::string> sorted = strings_from(names);
  sort_natural(&sorted);
  return strings_to_js(sorted);
}

std::string check_settings(const std::string& settings_json, const DataShape& shape) {
  return problems_to_json(check_settings_json(settings_json, shape.outputs > 0 ? &shape : nullptr));
}

val resolve_settings(val dataset, const std::string& settings_json) {
  Dataset d;
  Error error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  const SettingsReading reading = read_settings_json(settings_json);
  if (!reading.problems.empty()) return error_status(reading.problems.front().error());
  const Result<TrainPlan> plan = dff::resolve_settings(d, reading.given);
  if (!plan.ok()) return error_status(plan.error_details());
  val v = ok_status();
  v.set("settings", settings_to_json(plan.value()));
  return v;
}

val normalization_reason(val dataset) {
  Dataset d;
  Error error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  val v = ok_status();
  v.set("reason", dff::normalization_reason(d));
  return v;
}

val parse_hidden(const std::string& text) {
  const Result<std::vector<uint16_t>> widths = parse_hidden_text(text);
  if (!widths.ok()) return error_status(widths.error_details());
  val hidden = val::array();
  for (const uint16_t w : widths.value()) hidden.call<void>("push", w);
  val v = ok_status();
  v.set("hidden", hidden);
  return v;
}

val export_name(const std::string& name, const std::string& format) {
  const Result<ExportName> named = dff::export_name(name, format);
  if (!named.ok()) return export_name_error(named.error(), format);
  val v = ok_status();
  v.set("identifier", named->identifier);
  v.set("fileName", named->file_name);
  return v;
}

val split_dataset(val dataset, double fraction, double seed) {
  Dataset d;
  Error error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  if (!(seed >= 0.0 && seed <= 9007199254740991.0) || seed != floor(seed))
    return error_status(invalid_setting("seed").error());
  const Result<DataSplit> split = hold_out(d, fraction, static_cast<uint64_t>(seed));
  if (!split.ok()) return error_status(split.error_details());
  val v = ok_status();
  v.set("train", dataset_to_js(split->train));
  v.set("validation", dataset_to_js(split->validation));
  v.set("validationRows", typed_copy(split->validation_rows.data(), split->validation_rows.size()));
  return v;
}

int live_models() { return g_live_models; }

// ---- Model -------------------------------------------------------------------------

Model::Model() { ++g_live_models; }
Model::~Model() { --g_live_models; }

const Dataset* Model::adopt_dataset(val dataset, Error* error) {
  if (dataset.isUndefined() || dataset.isNull()) {
    if (!data_) *error = Error{"no data set to train on"};
    return data_.get();
  }
  auto d = std::make_unique<Dataset>();
  if (!dataset_from(dataset, d.get(), error)) return nullptr;
  const Outcome mapped = use_model_classes(d.get(), model_->class_names);
  if (!mapped.ok()) {
    *error = mapped.error_details();
    return nullptr;
  }
  // The same rows again (e.g. re-parsed after a pause): keep the trainer, so the shuffle continues.
  if (data_ && same_data(*data_, *d)) return data_.get();
  trainer_.reset();
  data_ = std::move(d);
  return data_.get();
}

val Model::create(const std::string& settings_json, const DataShape& shape, val dataset) {
  const SettingsReading reading = read_settings_json(settings_json);
  Dataset data;
  Error error;
  if (has(dataset, "rows")) {
    if (!dataset_from(dataset, &data, &error)) return error_status(error);
    if ((shape.inputs > 0 && data.input_width != shape.inputs) ||
        (shape.outputs > 0 && data.target_width != shape.outputs))
      return error_status("the data set has " + std::to_string(data.input_width) + " inputs and " +
                          std::to_string(data.target_width) + " outputs, but the network " +
                          std::to_string(shape.inputs) + " inputs and " + std::to_string(shape.outputs) +
                          " outputs");
  } else {
    // No data: only the widths; the defaults are those of an empty table of that shape.
    data.input_width = shape.inputs;
    data.target_width = shape.outputs;
  }
  const DataShape known{data.input_width, data.target_width};
  if (const std::optional<Error> e = settings_error(reading, &known)) return error_status(*e);
  const Result<TrainPlan> plan = dff::resolve_settings(data, reading.given);
  if (!plan.ok()) return error_status(plan.error_details());
  Result<DFF> made = make_model(data, plan.value());
  if (!made.ok()) return error_status(made.error_details());
  trainer_.reset();
  data_.reset();
  model_ = std::make_unique<DFF>(std::move(made.value()));
  return ok_status();
}

val Model::load(val bytes) {
  std::string text;
  if (bytes.isString()) {
    text = bytes.as<std::string>();
  } else if (val::global("ArrayBuffer").call<bool>("isView", bytes)) {
    const size_t n = bytes["byteLength"].as<size_t>();
    text.resize(n);
    const val u8 = val::global("Uint8Array").new_(bytes["buffer"], bytes["byteOffset"], n);
    if (n > 0) val(typed_memory_view(n, reinterpret_cast<uint8_t*>(&text[0]))).call<void>("set", u8);
  } else {
    return error_status("loadModel expects the model's bytes (Uint8Array) or JSON text");
  }
  Result<DFF> parsed = parse_model(text, "model");
  if (!parsed.ok()) return error_status(parsed.error_details());
  trainer_.reset();
  data_.reset();
  model_ = std::make_unique<DFF>(std::move(parsed.value()));
  return ok_status();
}

val Model::train(val dataset, const std::string& options_json, val validation) {
  if (!model_) return error_status("the model has not been created");
  const SettingsReading reading = read_settings_json(options_json);
  if (const std::optional<Error> e = settings_error(reading, nullptr)) return error_status(*e);
  const GivenSettings& g = reading.given;
  if (!g.epochs) return error_status(invalid_setting("epochs").error());
  TrainOptions o = model_->training.options;
  if (g.optimizer) parse_optimizer(g.optimizer->c_str(), &o.optimizer);
  if (g.loss) parse_loss(g.loss->c_str(), &o.loss);
  if (g.learning_rate) o.learning_rate = static_cast<float>(*g.learning_rate);
  if (g.batch_size) o.batch_size = static_cast<uint32_t>(*g.batch_size);
  if (g.l2) o.l2 = static_cast<float>(*g.l2);
  if (g.early_stop) early_stop_ = static_cast<uint32_t>(*g.early_stop);
  // Optimizer constants beyond the settings object; check_train_options() checks them.
  const val options = val::global("JSON").call<val>("parse", options_json);
  for (const auto& [key, slot] : {std::pair<const char*, float*>{"momentum", &o.momentum},
                                  {"beta1", &o.beta1}, {"beta2", &o.beta2}}) {
    if (!has(options, key)) continue;
    if (!options[key].isNumber()) return error_status(std::string(key) + " must be a number");
    *slot = static_cast<float>(options[key].as<double>());
  }
  if (has(options, "shuffle")) o.shuffle = options["shuffle"].as<bool>();
  const Outcome prepared = model_->prepare_training();
  if (!prepared.ok()) return error_status(prepared.error());
  const Status fits = check_train_options(model_->network(), o);
  if (!fits.ok()) return error_status(fits.message());

  Error error;
  const Dataset* data = adopt_dataset(dataset, &error);
  if (data == nullptr) return error_status(error);
  if (!adopt_validation(validation, &error)) return error_status(error);
  if (o.optimizer != model_->training.options.optimizer) model_->network().reset_optimizer();
  model_->training.options = o;
  if (!trainer_) trainer_ = std::make_unique<Trainer>(*model_, *data_, validation_.get());
  const Outcome early = trainer_->set_early_stop(early_stop_);
  if (!early.ok()) return error_status(early.error_details());

  const uint32_t before = trainer_->epoch();
  const auto start = std::chrono::steady_clock::now();
  const Result<float> loss = trainer_->run(static_cast<uint32_t>(*g.epochs));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!loss.ok()) return error_status(loss.error_details());
  const double rows = static_cast<double>(trainer_->epoch() - before) * data->rows;
  val v = ok_status();
  v.set("epoch", trainer_->epoch());
  v.set("loss", loss.value() < 0.0f ? val::null() : val(loss.value()));
  v.set("samplesPerSecond", seconds > 0.0 ? rows / seconds : 0.0);
  v.set("seconds", seconds);
  v.set("validationLoss", trainer_->validation_loss() ? val(*trainer_->validation_loss()) : val::null());
  val accuracy = val::null();
  if (validation_) {
    const Result<Evaluation> held = dff::evaluate(*model_, *validation_);
    if (held.ok() && held->has_accuracy()) accuracy = val(held->accuracy());
  }
  v.set("validationAccuracy", accuracy);
  v.set("bestEpoch", trainer_->best_epoch());
  v.set("stopped", trainer_->stopped());
  return v;
}

val Model::new_run() {
  if (!model_) return error_status("the model has not been created");
  trainer_.reset();
  model_->training.early_stop = 0;
  model_->training.best_epoch = 0;
  return ok_status();
}

bool Model::adopt_validation(val validation, Error* error) {
  if (validation.isUndefined()) return true;  // the previous call's, if any
  if (validation.isNull()) {
    if (validation_) trainer_.reset();
    validation_.reset();
    return true;
  }
  auto d = std::make_unique<Dataset>();
  if (!dataset_from(validation, d.get(), error)) return false;
  const Outcome mapped = use_model_classes(d.get(), model_->class_names);
  if (!mapped.ok()) {
    *error = mapped.error_details();
    return false;
  }
  if (validation_ && same_data(*validation_, *d)) return true;
  trainer_.reset();
  validation_ = std::move(d);
  return true;
}

namespace {

// Rows of raw inputs from a JS array (a whole multiple of the model's inputs), or the
// error that names `what`.
val read_rows(const val& inputs, uint16_t width, const char* what, std::vector<float>* x) {
  if (!is_array_like(inputs)) return error_status(std::string(what) + " expects a Float32Array of inputs");
  *x = floats_from(inputs);
  if (x->empty() || x->size() % width != 0)
    return error_status(std::string(what) + ": expected a multiple of " + std::to_string(width) +
                        " input values, got " + std::to_string(x->size()));
  return ok_status();
}

}  // namespace

val Model::predict(val inputs) const {
  if (!model_) return error_status("the model has not been created");
  const Topology& t = model_->topology();
  std::vector<float> x;
  const val read = read_rows(inputs, t.inputs(), "predict", &x);
  if (!read["ok"].as<bool>()) return read;
  const size_t rows = x.size() / t.inputs();
  std::vector<float> y(rows * t.outputs());
  for (size_t r = 0; r < rows; ++r) {
    const Status s = model_->network().predict(x.data() + r * t.inputs(), t.inputs(), y.data() + r * t.outputs(),
                                               t.outputs());
    if (!s.ok()) return error_status(s.message());
  }
  val v = ok_status();
  v.set("outputs", typed_copy(y.data(), y.size()));
  return v;
}

val Model::classify(val input) const {
  if (!model_) return error_status("the model has not been created");
  if (!is_array_like(input)) return error_status("classify expects a Float32Array of inputs");
  const std::vector<float> x = floats_from(input);
  if (x.size() != model_->topology().inputs())
    return error_status("classify: expected " + std::to_string(model_->topology().inputs()) + " input values, got " +
                        std::to_string(x.size()));
  val v = ok_status();
  v.set("index", model_->classify(x.data()));
  return v;
}

namespace {

// The int8 model of `model` fitted on `calibration` (a dataset; null or undefined: `trained_on`).
Result<Int8Blob> int8_fitted(const DFF& model, const Dataset* trained_on, const val& calibration) {
  Dataset given;
  const Dataset* rows = trained_on;
  if (!calibration.isUndefined() && !calibration.isNull()) {
    Error error;
    if (!dataset_from(calibration, &given, &error)) return error;
    rows = &given;
  }
  if (rows == nullptr)
    return Error{"the int8 model is fitted on data: train the model first or give the calibration rows"};
  return Int8Blob::quantize(model, *rows);
}

}  // namespace

val Model::classify_rows(val inputs) const {
  if (!model_) return error_status("the model has not been created");
  const uint16_t width = model_->topology().inputs();
  std::vector<float> x;
  const val read = read_rows(inputs, width, "classifyRows", &x);
  if (!read["ok"].as<bool>()) return read;
  std::vector<uint32_t> classes(x.size() / width);
  for (size_t r = 0; r < classes.size(); ++r) classes[r] = model_->classify(x.data() + r * width);
  val v = ok_status();
  v.set("classes", typed_copy(classes.data(), classes.size()));
  return v;
}

val Model::predict_int8(val inputs, val calibration) const {
  if (!model_) return error_status("the model has not been created");
  if (!is_array_like(inputs)) return error_status("predictInt8 expects a Float32Array of inputs");
  const Result<Int8Blob> int8 = int8_fitted(*model_, data_.get(), calibration);
  if (!int8.ok()) return error_status(int8.error_details());
  const Topology& t = model_->topology();
  const std::vector<float> x = floats_from(inputs);
  if (x.empty() || x.size() % t.inputs() != 0)
    return error_status("predictInt8: expected a multiple of " + std::to_string(t.inputs()) + " input values, got " +
                        std::to_string(x.size()));
  const size_t n = x.size() / t.inputs();
  std::vector<int8_t> quantised, int8_out;
  std::vector<float> outputs;
  std::vector<uint16_t> classes;
  for (size_t r = 0; r < n; ++r) {
    const float* raw = x.data() + r * t.inputs();
    const std::vector<int8_t> q = int8->quantize_input(raw);
    const std::vector<int8_t> y = int8->run(q);
    const std::vector<float> f = int8->predict(raw);
    quantised.insert(quantised.end(), q.begin(), q.end());
    int8_out.insert(int8_out.end(), y.begin(), y.end());
    outputs.insert(outputs.end(), f.begin(), f.end());
    classes.push_back(int8->classify(raw));
  }
  val v = ok_status();
  v.set("inputs", typed_copy(quantised.data(), quantised.size()));
  v.set("int8", typed_copy(int8_out.data(), int8_out.size()));
  v.set("outputs", typed_copy(outputs.data(), outputs.size()));
  v.set("classes", typed_copy(classes.data(), classes.size()));
  return v;
}

val Model::compare_int8(val dataset, val calibration) const {
  if (!model_) return error_status("the model has not been created");
  Dataset d;
  Error error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  const Result<Int8Blob> int8 = int8_fitted(*model_, data_.get(), calibration);
  if (!int8.ok()) return error_status(int8.error_details());
  const Result<Int8Comparison> c = dff::compare_int8(*model_, int8.value(), d);
  if (!c.ok()) return error_status(c.error_details());
  val v = ok_status();
  v.set("samples", c->samples);
  v.set("rule", c->has_accuracy() ? val(std::string(rule_name(c->rule))) : val::null());
  v.set("floatCorrect", c->float_correct);
  v.set("int8Correct", c->int8_correct);
  v.set("floatAccuracy", c->has_accuracy() ? val(c->float_accuracy()) : val::null());
  v.set("int8Accuracy", c->has_accuracy() ? val(c->int8_accuracy()) : val::null());
  v.set("classDisagreements", c->class_disagreements);
  v.set("maxAbsDifference", c->max_abs_difference);
  return v;
}

val Model::activations(val inputs, int layer) const {
  if (!model_) return error_status("the model has not been created");
  const Topology& t = model_->topology();
  if (layer < 1 || layer > t.layer_count)
    return error_status("activations: layer must be from 1 (the first layer after the inputs) to " +
                        std::to_string(t.layer_count) + " (the outputs), got " + std::to_string(layer));
  std::vector<float> x;
  const val read = read_rows(inputs, t.inputs(), "activations", &x);
  if (!read["ok"].as<bool>()) return read;
  const size_t rows = x.size() / t.inputs();
  const uint16_t width = t.widths[layer];
  const Network& net = model_->network();
  std::vector<float> out(rows * width);
  for (size_t r = 0; r < rows; ++r) {
    net.forward(x.data() + r * t.inputs());
    const float* values = net.layer_output(static_cast<uint8_t>(layer - 1));
    std::copy(values, values + width, out.begin() + static_cast<std::ptrdiff_t>(r * width));
  }
  val v = ok_status();
  v.set("values", typed_copy(out.data(), out.size()));
  return v;
}

val Model::evaluate(val dataset) const {
  if (!model_) return error_status("the model has not been created");
  Dataset d;
  Error error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  const Result<Evaluation> e = dff::evaluate(*model_, d);
  if (!e.ok()) return error_status(e.error_details());
  return evaluation_to_js(e.value());
}

val Model::info() const {
  if (!model_) return error_status("the model has not been created");
  const Topology& t = model_->topology();
  val widths = val::array();
  val activations = val::array();
  for (uint8_t i = 0; i <= t.layer_count; ++i) widths.call<void>("push", t.widths[i]);
  for (uint8_t i = 0; i < t.layer_count; ++i) activations.call<void>("push", std::string(activation_name(t.activations[i])));
  const TrainSettings& tr = model_->training;
  val v = ok_status();
  v.set("widths", widths);
  v.set("activations", activations);
  v.set("bias", t.bias);
  v.set("normalize", t.normalize);
  v.set("parameterCount", parameter_count(t));
  v.set("bytesRequired", static_cast<double>(bytes_required(t, MemoryPlan{false, Optimizer::kSgd})));
  v.set("trainingBytes", static_cast<double>(bytes_required(t, MemoryPlan{true, tr.options.optimizer})));
  v.set("viewWorkBytes", static_cast<double>(view_work_floats(t)) * sizeof(float));  // running from flash
  v.set("inputNames", strings_to_js(model_->input_names));
  v.set("outputNames", strings_to_js(model_->output_names));
  v.set("classNames", strings_to_js(model_->class_names));
  v.set("epochs", tr.epochs);
  v.set("loss", tr.final_loss < 0.0f ? val::null() : val(tr.final_loss));
  v.set("lossFunction", std::string(loss_name(tr.options.loss)));
  v.set("optimizer", std::string(optimizer_name(tr.options.optimizer)));
  v.set("learningRate", tr.options.learning_rate);
  v.set("batchSize", tr.options.batch_size);
  v.set("l2", tr.options.l2);
  v.set("momentum", tr.options.momentum);
  v.set("init", std::string(init_name(tr.init)));
  v.set("seed", static_cast<double>(tr.seed));
  return v;
}

val Model::weights() const {
  val layers = val::array();
  if (!model_) return layers;
  for (const Matrix& m : model_->weights()) {
    val layer = val::object();
    layer.set("rows", m.rows());
    layer.set("cols", m.cols());
    layer.set("data", typed_copy(m.data(), m.size()));
    layers.call<void>("push", layer);
  }
  return layers;
}

val Model::biases() const {
  val layers = val::array();
  if (!model_) return layers;
  for (const Matrix& m : model_->biases()) layers.call<void>("push", typed_copy(m.data(), m.size()));
  return layers;
}

val Model::export_model(const std::string& format, const std::string& name) const {
  if (!model_) return error_status("the model has not been created");
  const Result<ExportName> named = dff::export_name(name, format);
  if (!named.ok()) return export_name_error(named.error(), format);
  ExportOptions options;
  options.name = name;
  options.calibration = data_.get();  // the int8 formats calibrate on the rows the model was trained on
  const Result<ExportedFile> file = dff::export_model(*model_, format, options);
  if (!file.ok()) return error_status(file.error_details());
  val v = ok_status();
  v.set("bytes", bytes_to_js(file->bytes));
  return v;
}

val Model::footprint(const std::string& format) const {
  if (!model_) return error_status("the model has not been created");
  if (format != "c" && format != "c-int8")
    return error_status("footprint: format must be c or c-int8, got '" + format + "'");
  ExportOptions options;
  options.calibration = data_.get();
  const Result<ExportedFile> header = dff::export_model(*model_, format, options);
  if (!header.ok()) return error_status(header.error_details());
  val v = ok_status();
  v.set("flashBytes", header->footprint->flash_bytes);
  v.set("ramBytes", header->footprint->ram_bytes);
  return v;
}

}  // namespace dff::wasm
