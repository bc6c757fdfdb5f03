#include "wasm/api.h"

#include <emscripten/bind.h>
#include <math.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "core/host/eval/metrics.h"
#include "core/host/data/csv.h"
#include "core/host/data/defaults.h"
#include "core/host/export/exporters.h"
#include "core/host/model/model_io.h"
#include "core/host/data/normalization.h"

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

val error_status(const std::string& message) {
  val v = val::object();
  v.set("ok", false);
  v.set("message", message);
  return v;
}

// CSV errors read "<source>:<line>:<column>: <what> (column '<name>')": the location
// and the column name become fields of the status so the page can mark the cell.
val csv_error_status(const std::string& message, const std::string& source) {
  val v = error_status(message);
  if (message.compare(0, source.size() + 1, source + ":") != 0) return v;
  size_t i = source.size() + 1;
  const auto number = [&](uint32_t* out) {
    const size_t start = i;
    uint64_t n = 0;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9' && i - start < 10)
      n = n * 10 + static_cast<uint64_t>(message[i++] - '0');
    *out = static_cast<uint32_t>(n);
    return i > start;
  };
  uint32_t line = 0, column = 0;
  if (!number(&line) || i >= message.size() || message[i++] != ':' || !number(&column)) return v;
  if (message.compare(i, 2, ": ") != 0) return v;
  v.set("line", line);
  v.set("column", column);
  const std::string open = "(column '";
  const size_t at = message.rfind(open);
  if (at != std::string::npos && message.size() >= at + open.size() + 2 &&
      message.compare(message.size() - 2, 2, "')") == 0)
    v.set("field", message.substr(at + open.size(), message.size() - 2 - at - open.size()));
  return v;
}

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

val floats_to_js(const float* values, size_t n) {
  return val(typed_memory_view(n, values)).call<val>("slice");
}

val bytes_to_js(const std::string& bytes) {
  return val(typed_memory_view(bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()))).call<val>("slice");
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

// A whole number in [lo, hi], or an error naming `what`.
bool whole_number(const val& v, const char* what, double lo, double hi, double* out, std::string* error) {
  const double d = v.isNumber() ? v.as<double>() : static_cast<double>(NAN);
  if (!(d >= lo && d <= hi) || d != floor(d)) {
    *error = std::string(what) + " must be a whole number from " + std::to_string(static_cast<uint64_t>(lo)) +
             " to " + std::to_string(static_cast<uint64_t>(hi));
    return false;
  }
  *out = d;
  return true;
}

// ---- setting names (as `dff train` spells them) ------------------------------------

// Parses a setting name with the core's parser; the error lists the accepted names.
template <typename T>
bool parse_name(bool (*parse)(const char*, T*), const char* expected, const val& v, const char* what, T* out,
                std::string* error) {
  const std::string s = v.isString() ? v.as<std::string>() : std::string();
  if (parse(s.c_str(), out)) return true;
  *error = std::string("unknown ") + what + " '" + s + "' (expected " + expected + ")";
  return false;
}

bool parse_activation_name(const val& v, Activation* out, std::string* error) {
  const std::string s = v.isString() ? v.as<std::string>() : std::string();
  if (parse_activation(s.c_str(), out)) return true;
  *error = "unknown activation '" + s + "' (expected sigmoid|relu|leaky_relu|tanh|linear|softmax)";
  return false;
}

// ---- data sets ---------------------------------------------------------------------

val dataset_to_js(const Dataset& d) {
  val v = val::object();
  v.set("rows", d.rows);
  v.set("inputCount", d.input_width);
  v.set("outputCount", d.target_width);
  v.set("inputNames", strings_to_js(d.input_names));
  v.set("outputNames", strings_to_js(d.target_names));
  v.set("classNames", strings_to_js(d.class_names));
  v.set("inputs", floats_to_js(d.inputs.data(), d.inputs.size()));
  v.set("targets", floats_to_js(d.targets.data(), d.targets.size()));
  v.set("labels", val(typed_memory_view(d.labels.size(), d.labels.data())).call<val>("slice"));
  return v;
}

// A JS dataset object (as parse_dataset returns, or built by hand) -> Dataset.
bool dataset_from(const val& v, Dataset* d, std::string* error) {
  if (v.isUndefined() || v.isNull() || v.typeOf().as<std::string>() != "object") {
    *error = "expected a data set object { rows, inputCount, outputCount, inputs, targets }";
    return false;
  }
  double rows = 0, in = 0, out = 0;
  if (!whole_number(v["rows"], "dataset.rows", 0, 1u << 30, &rows, error) ||
      !whole_number(v["inputCount"], "dataset.inputCount", 1, kMaxWidth, &in, error) ||
      !whole_number(v["outputCount"], "dataset.outputCount", 0, kMaxWidth, &out, error))
    return false;
  if (!is_array_like(v["inputs"]) || !is_array_like(v["targets"])) {
    *error = "dataset.inputs and dataset.targets must be Float32Arrays";
    return false;
  }
  d->rows = static_cast<uint32_t>(rows);
  d->input_width = static_cast<uint32_t>(in);
  d->target_width = static_cast<uint32_t>(out);
  const size_t n_in = static_cast<size_t>(d->rows) * d->input_width;
  const size_t n_out = static_cast<size_t>(d->rows) * d->target_width;
  if (v["inputs"]["length"].as<size_t>() != n_in || v["targets"]["length"].as<size_t>() != n_out) {
    *error = "dataset: inputs must hold rows x inputCount (" + std::to_string(n_in) + ") values and targets rows x " +
             "outputCount (" + std::to_string(n_out) + ")";
    return false;
  }
  d->inputs = floats_from(v["inputs"]);
  d->targets = floats_from(v["targets"]);
  for (const float x : d->inputs)
    if (!isfinite(x)) {
      *error = "dataset: an input value is NaN or infinite";
      return false;
    }
  d->input_names = strings_from(v["inputNames"]);
  d->target_names = strings_from(v["outputNames"]);
  d->class_names = strings_from(v["classNames"]);
  if (!d->class_names.empty() && d->class_names.size() != d->target_width) {
    *error = "dataset: classNames must have one name per output (" + std::to_string(d->target_width) + ")";
    return false;
  }
  if (!d->class_names.empty()) {
    // Class index per row: given, or the largest (one-hot) target.
    std::vector<float> given = has(v, "labels") && is_array_like(v["labels"]) ? floats_from(v["labels"])
                                                                              : std::vector<float>();
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

}  // namespace

// ---- free functions ------------------------------------------------------------------

val parse_dataset(const std::string& text, val options) {
  CsvOptions csv;
  std::string source = "data.csv";
  std::string error;
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
  Result<Dataset> parsed = parse_csv(text, source, csv);
  if (!parsed.ok()) return csv_error_status(parsed.error(), source);
  val v = ok_status();
  v.set("dataset", dataset_to_js(parsed.value()));
  return v;
}

val default_settings(val dataset) {
  Dataset d;
  std::string error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  const TrainPlan plan = default_plan(d);
  val hidden = val::array();
  for (const uint16_t w : plan.hidden) hidden.call<void>("push", w);
  val s = val::object();
  s.set("hidden", hidden);
  s.set("activation", std::string(activation_name(plan.hidden_activation)));
  s.set("output", std::string(activation_name(plan.output_activation)));
  s.set("loss", std::string(loss_name(plan.options.loss)));
  s.set("optimizer", std::string(optimizer_name(plan.options.optimizer)));
  s.set("learningRate", plan.options.learning_rate);
  s.set("epochs", plan.epochs);
  s.set("batchSize", plan.options.batch_size);
  s.set("init", std::string(init_name(plan.init)));
  s.set("normalize", plan.normalize);
  s.set("bias", plan.bias);
  s.set("seed", static_cast<double>(plan.seed));
  s.set("scalesDifferWidely", scales_differ_widely(d));
  val v = ok_status();
  v.set("settings", s);
  return v;
}

val formats() { return strings_to_js(export_formats()); }

val export_name(const std::string& name, const std::string& format) {
  const Result<ExportName> named = dff::export_name(name, format);
  if (!named.ok()) return export_name_error(named.error(), format);
  val v = ok_status();
  v.set("identifier", named->identifier);
  v.set("fileName", named->file_name);
  return v;
}

int live_models() { return g_live_models; }

// ---- Model -------------------------------------------------------------------------

Model::Model() { ++g_live_models; }
Model::~Model() { --g_live_models; }

Dataset* Model::adopt_dataset(val dataset, std::string* error) {
  if (dataset.isUndefined() || dataset.isNull()) {
    if (!data_) *error = "no data set to train on";
    return data_.get();
  }
  auto d = std::make_unique<Dataset>();
  if (!dataset_from(dataset, d.get(), error)) return nullptr;
  // The same rows again (e.g. re-parsed after a pause): keep the trainer, so the shuffle continues.
  if (data_ && same_data(*data_, *d)) return data_.get();
  trainer_.reset();
  data_ = std::move(d);
  return data_.get();
}

val Model::create(val spec, val dataset) {
  std::string error;
  if (spec.typeOf().as<std::string>() != "object" || spec.isNull())
    return error_status("createModel expects a spec { widths, activations, bias, normalize, init, seed }");
  ModelSpec s;
  if (!has(spec, "widths") || !val::global("Array").call<bool>("isArray", spec["widths"]))
    return error_status("widths must be an array of layer widths, input first (e.g. [3, 4, 2])");
  const size_t n = spec["widths"]["length"].as<size_t>();
  if (n < 2 || n > kMaxLayers + 1u)
    return error_status("a network needs 2.." + std::to_string(kMaxLayers + 1) + " layer widths (input first), got " +
                        std::to_string(n));
  for (size_t i = 0; i < n; ++i) {
    double w = 0;
    if (!whole_number(spec["widths"][i], ("widths[" + std::to_string(i) + "]").c_str(), 1, kMaxWidth, &w, &error))
      return error_status(error);
    s.widths.push_back(static_cast<uint16_t>(w));
  }
  if (!has(spec, "activations") || !val::global("Array").call<bool>("isArray", spec["activations"]) ||
      spec["activations"]["length"].as<size_t>() != n - 1)
    return error_status("activations must name one activation per weight layer (" + std::to_string(n - 1) + ")");
  for (size_t i = 0; i < n - 1; ++i) {
    Activation a{};
    if (!parse_activation_name(spec["activations"][i], &a, &error)) return error_status(error);
    s.activations.push_back(a);
  }
  s.bias = !has(spec, "bias") || spec["bias"].as<bool>();
  s.normalize = has(spec, "normalize") && spec["normalize"].as<bool>();
  Init init = default_init(s.activations.front());
  if (has(spec, "init") && !parse_name(parse_init, "uniform|xavier|he", spec["init"], "init", &init, &error))
    return error_status(error);
  double seed = 1;
  if (has(spec, "seed") && !whole_number(spec["seed"], "seed", 0, 9007199254740991.0, &seed, &error))
    return error_status(error);

  Dataset data;
  const bool with_data = has(dataset, "rows");
  if (with_data) {
    if (!dataset_from(dataset, &data, &error)) return error_status(error);
    if (data.input_width != s.widths.front() || data.target_width != s.widths.back())
      return error_status("the data set has " + std::to_string(data.input_width) + " inputs and " +
                          std::to_string(data.target_width) + " outputs, but the network " +
                          std::to_string(s.widths.front()) + " inputs and " + std::to_string(s.widths.back()) +
                          " outputs");
  } else if (s.normalize) {
    return error_status("normalize needs a data set to fit the input means and standard deviations on");
  }

  Result<DFF> made = DFF::create(s);
  if (!made.ok()) return error_status(made.error());
  auto model = std::make_unique<DFF>(std::move(made.value()));
  if (s.normalize) {
    const Normalization norm = fit_normalization(data);
    const Outcome set = model->set_normalization(norm.mean, norm.stddev);
    if (!set.ok()) return error_status(set.error());
  }
  model->initialize(init, static_cast<uint64_t>(seed));
  // Training options until train() sets some: the CLI's defaults for this output.
  TrainOptions options;
  options.optimizer = Optimizer::kAdam;
  options.learning_rate = default_learning_rate(options.optimizer);
  options.loss = default_loss(s.activations.back());
  model->training.options = options;
  if (with_data) {
    model->input_names = data.input_names;
    model->output_names = data.target_names;
    model->class_names = data.class_names;
  }
  trainer_.reset();
  data_.reset();
  model_ = std::move(model);
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
  if (!parsed.ok()) return error_status(parsed.error());
  trainer_.reset();
  data_.reset();
  model_ = std::make_unique<DFF>(std::move(parsed.value()));
  return ok_status();
}

val Model::train(val dataset, val options) {
  if (!model_) return error_status("the model has not been created");
  if (options.typeOf().as<std::string>() != "object" || options.isNull())
    return error_status("train expects options { epochs, optimizer, learningRate, batchSize, loss, l2, momentum }");
  std::string error;
  double epochs = 1;
  if (!whole_number(options["epochs"], "epochs", 0, 100000000, &epochs, &error)) return error_status(error);
  TrainOptions o = model_->training.options;
  if (has(options, "optimizer") &&
      !parse_name(parse_optimizer, "sgd|momentum|adam", options["optimizer"], "optimizer", &o.optimizer, &error))
    return error_status(error);
  if (has(options, "loss") && !parse_name(parse_loss, "mse|cross_entropy", options["loss"], "loss", &o.loss, &error))
    return error_status(error);
  const auto real = [&](const char* key, float* out) {
    if (!has(options, key)) return true;
    const double d = options[key].isNumber() ? options[key].as<double>() : static_cast<double>(NAN);
    if (!isfinite(d)) {
      error = std::string(key) + " must be a finite number";
      return false;
    }
    *out = static_cast<float>(d);
    return true;
  };
  if (!real("learningRate", &o.learning_rate) || !real("l2", &o.l2) || !real("momentum", &o.momentum) ||
      !real("beta1", &o.beta1) || !real("beta2", &o.beta2))
    return error_status(error);
  if (has(options, "batchSize")) {
    double batch = 1;
    if (!whole_number(options["batchSize"], "batchSize", 1, 1u << 24, &batch, &error)) return error_status(error);
    o.batch_size = static_cast<uint32_t>(batch);
  }
  if (has(options, "shuffle")) o.shuffle = options["shuffle"].as<bool>();
  const Outcome prepared = model_->prepare_training();
  if (!prepared.ok()) return error_status(prepared.error());
  const Status fits = check_train_options(model_->network(), o);
  if (!fits.ok()) return error_status(fits.message());

  const Dataset* data = adopt_dataset(dataset, &error);
  if (data == nullptr) return error_status(error);
  if (o.optimizer != model_->training.options.optimizer) model_->network().reset_optimizer();
  model_->training.options = o;
  if (!trainer_) trainer_ = std::make_unique<Trainer>(*model_, *data_);

  const auto start = std::chrono::steady_clock::now();
  const Result<float> loss = trainer_->run(static_cast<uint32_t>(epochs));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!loss.ok()) return error_status(loss.error());
  val v = ok_status();
  v.set("epoch", trainer_->epoch());
  v.set("loss", loss.value() < 0.0f ? val::null() : val(loss.value()));
  v.set("samplesPerSecond", seconds > 0.0 ? epochs * data->rows / seconds : 0.0);
  v.set("seconds", seconds);
  return v;
}

val Model::predict(val inputs) const {
  if (!model_) return error_status("the model has not been created");
  if (!is_array_like(inputs)) return error_status("predict expects a Float32Array of inputs");
  const Topology& t = model_->topology();
  const std::vector<float> x = floats_from(inputs);
  if (x.empty() || x.size() % t.inputs() != 0)
    return error_status("predict: expected a multiple of " + std::to_string(t.inputs()) + " input values, got " +
                        std::to_string(x.size()));
  const size_t rows = x.size() / t.inputs();
  std::vector<float> y(rows * t.outputs());
  for (size_t r = 0; r < rows; ++r) {
    const Status s = model_->network().predict(x.data() + r * t.inputs(), t.inputs(), y.data() + r * t.outputs(),
                                               t.outputs());
    if (!s.ok()) return error_status(s.message());
  }
  val v = ok_status();
  v.set("outputs", floats_to_js(y.data(), y.size()));
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

val Model::evaluate(val dataset) const {
  if (!model_) return error_status("the model has not been created");
  Dataset d;
  std::string error;
  if (!dataset_from(dataset, &d, &error)) return error_status(error);
  const Result<Evaluation> e = dff::evaluate(*model_, d);
  if (!e.ok()) return error_status(e.error());
  val v = ok_status();
  v.set("accuracy", e->has_accuracy() ? val(e->accuracy()) : val::null());
  v.set("loss", e->loss);
  v.set("samples", e->samples);
  v.set("correct", e->correct);
  return v;
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
    layer.set("data", floats_to_js(m.data(), m.size()));
    layers.call<void>("push", layer);
  }
  return layers;
}

val Model::biases() const {
  val layers = val::array();
  if (!model_) return layers;
  for (const Matrix& m : model_->biases()) layers.call<void>("push", floats_to_js(m.data(), m.size()));
  return layers;
}

val Model::export_model(const std::string& format, const std::string& name) const {
  if (!model_) return error_status("the model has not been created");
  const Result<ExportName> named = dff::export_name(name, format);
  if (!named.ok()) return export_name_error(named.error(), format);
  ExportOptions options;
  options.name = name;
  const Result<ExportedFile> file = dff::export_model(*model_, format, options);
  if (!file.ok()) return error_status(file.error());
  val v = ok_status();
  v.set("bytes", bytes_to_js(file->bytes));
  return v;
}

val Model::footprint(const std::string& format) const {
  if (!model_) return error_status("the model has not been created");
  if (format != "c" && format != "c-int8")
    return error_status("footprint: format must be c or c-int8, got '" + format + "'");
  const Result<ExportedFile> header = dff::export_model(*model_, format, ExportOptions{});
  if (!header.ok()) return error_status(header.error());
  val v = ok_status();
  v.set("flashBytes", header->footprint->flash_bytes);
  v.set("ramBytes", header->footprint->ram_bytes);
  return v;
}

}  // namespace dff::wasm
