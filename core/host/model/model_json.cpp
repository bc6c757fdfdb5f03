#include "core/host/model/model_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <cfloat>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/host/model/json_reader.h"

namespace dff {
namespace {

using json = nlohmann::json;

// Limits that keep a hostile file from exhausting memory. The largest sensible
// model (a few million parameters) is far below them.
constexpr JsonLimits kModelLimits{size_t{256} << 20, size_t{1} << 24, 32, "model", 4};
constexpr size_t kMaxQuoted = 60;
constexpr const char* kRootKeys[] = {"format", "version", "topology", "activations", "bias",    "layers",
                                     "normalization", "inputs", "outputs", "classes", "training"};
constexpr const char* kLayerKeys[] = {"weights", "biases"};
constexpr const char* kNormKeys[] = {"mean", "std"};
constexpr const char* kTrainingKeys[] = {"loss", "optimizer", "learning_rate", "momentum", "beta1",
                                         "beta2", "epsilon", "l2", "batch_size", "shuffle",
                                         "init", "seed", "epochs", "final_loss", "early_stop", "best_epoch"};

// ---------------------------------------------------------------- writing

// Shortest decimal that reads back as the same float (nlohmann's Grisu2 for float:
// at most 9 significant digits, locale-independent), checked to read back identical
// both directly (strtof) and through a double (what JSON parsers do); otherwise the
// exact value of the float as a double, which always survives both.
std::string format_float(float f) {
  if (!isfinite(f)) return "null";  // never written by training (it stops on NaN/Inf); the loader rejects it
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf - 1, f);  // -0.0f gives "-0.0", keeping the sign
  *end = '\0';
  if (strtof(buf, nullptr) == f && static_cast<float>(strtod(buf, nullptr)) == f) return std::string(buf, end);
  snprintf(buf, sizeof buf, "%.17g", static_cast<double>(f));
  return buf;
}

std::string quote(const std::string& s) { return json_quote(s); }

void append_floats(std::string& out, const float* values, size_t n) {
  out += '[';
  for (size_t i = 0; i < n; ++i) {
    if (i != 0) out += ", ";
    out += format_float(values[i]);
  }
  out += ']';
}

void append_strings(std::string& out, const std::vector<std::string>& names) {
  out += '[';
  for (size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out += ", ";
    out += quote(names[i]);
  }
  out += ']';
}

// ---------------------------------------------------------------- parsing

// ---------------------------------------------------------------- validation

std::string at(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }
std::string dot(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }

// What a value is, for "expected X, got Y" messages.
std::string describe(const json& v) {
  if (v.is_null()) return "null";
  if (const bool* b = v.get_ptr<const bool*>()) return *b ? "true" : "false";
  if (const std::string* s = v.get_ptr<const std::string*>()) {
    const std::string shown = json_quote_shown(s->substr(0, kMaxQuoted));
    return s->size() > kMaxQuoted ? "the string " + shown + "..." : "the string " + shown;
  }
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  if (const double* d = v.get_ptr<const double*>()) {
    if (!isfinite(*d)) return "a number too large to represent";
    char buf[40];
    // A whole number written with a decimal point is shown with it ("1.0"): where an integer
    // is expected, "got 1" would read as if 1 were refused.
    snprintf(buf, sizeof buf, *d == floor(*d) && fabs(*d) < 1e15 ? "%.1f" : "%.9g", *d);
    return buf;
  }
  return v.dump();  // integers
}

std::string join(const char* const* names, size_t n, const char* last_separator) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i != 0) out += i + 1 == n ? last_separator : ", ";
    out += names[i];
  }
  return out;
}

template <size_t N>
std::string join(const char* const (&names)[N], const char* last_separator = " or ") {
  return join(names, N, last_separator);
}

// Every name `name_of` gives, in enum order ("mse or cross_entropy"): the core's names end
// where it answers "?".
template <typename E>
std::string names_of(const char* (*name_of)(E)) {
  std::vector<const char*> names;
  for (uint8_t i = 0; strcmp(name_of(static_cast<E>(i)), "?") != 0; ++i) names.push_back(name_of(static_cast<E>(i)));
  return join(names.data(), names.size(), " or ");
}

// Reads a validated DOM into a DFF. Each check stops at the first problem and
// records it with its JSON path; the order of checks is the order of the fields.
class Loader {
 public:
  explicit Loader(const std::string& source) : source_(source) {}

  Result<DFF> load(const json& root);

 private:
  bool fail(const std::string& path, const std::string& message) {
    error_ = path.empty() ? source_ + ": " + message : source_ + ": " + path + ": " + message;
    return false;
  }

  bool expected(const std::string& path, const char* what, const json& got) {
    return fail(path, std::string("expected ") + what + ", got " + describe(got));
  }

  // Field lookup in an object already known to be one; null if absent.
  static const json* find(const json::object_t& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &it->second;
  }

  const json* require(const json::object_t& object, const std::string& path, const char* key) {
    const json* v = find(object, key);
    if (v == nullptr) fail(dot(path, key), "missing (required field)");
    return v;
  }

  template <size_t N>
  bool only_known_keys(const json::object_t& object, const std::string& path, const char* const (&keys)[N]) {
    for (const auto& item : object) {
      bool known = false;
      for (const char* k : keys) known = known || item.first == k;
      if (!known) {
        const std::string shown = item.first.substr(0, kMaxQuoted);
        return fail(path.empty() ? json_quote_shown(shown) : path + "." + json_quote_shown(shown),
                    "unknown field (expected " + join(keys, " and ") + ")");
      }
    }
    return true;
  }

  const json::object_t* object_at(const json& v, const std::string& path) {
    const auto* o = v.get_ptr<const json::object_t*>();
    if (o == nullptr) expected(path, "an object", v);
    return o;
  }

  const json::array_t* array_at(const json& v, const std::string& path) {
    const auto* a = v.get_ptr<const json::array_t*>();
    if (a == nullptr) expected(path, "an array", v);
    return a;
  }

  // An array of exactly n elements; `what` names them in the error ("4 numbers").
  const json::array_t* array_of(const json& v, const std::string& path, size_t n, const char* what,
                                const char* why = "") {
    const json::array_t* a = array_at(v, path);
    if (a != nullptr && a->size() != n) {
      fail(path, "expected " + std::to_string(n) + " " + what + why + ", got " + std::to_string(a->size()));
      return nullptr;
    }
    return a;
  }

  bool read_float(const json& v, const std::string& path, float* out) {
    if (const auto* d = v.get_ptr<const double*>()) {
      const float f = static_cast<float>(*d);
      if (!isfinite(f)) return expected(path, "a finite number within float range (about 3.4e38)", v);
      *out = f;
      return true;
    }
    if (const auto* u = v.get_ptr<const uint64_t*>()) {
      *out = static_cast<float>(*u);
      return true;
    }
    if (const auto* i = v.get_ptr<const int64_t*>()) {
      *out = static_cast<float>(*i);
      return true;
    }
    return expected(path, "a number", v);
  }

  bool read_floats(const json& v, const std::string& path, size_t n, const char* why, float* out) {
    const json::array_t* a = array_of(v, path, n, "numbers", why);
    if (a == nullptr) return false;
    for (size_t i = 0; i < n; ++i) {
      const json& e = (*a)[i];
      if (const auto* d = e.get_ptr<const double*>()) {  // fast path for the common case
        const float f = static_cast<float>(*d);
        if (isfinite(f)) {
          out[i] = f;
          continue;
        }
      }
      if (!read_float(e, at(path, i), &out[i])) return false;
    }
    return true;
  }

  bool read_uint(const json& v, const std::string& path, uint64_t max, uint64_t* out) {
    const auto* u = v.get_ptr<const uint64_t*>();
    if (u == nullptr || *u > max) {
      const std::string what = "an integer from 0 to " + std::to_string(max);
      return expected(path, what.c_str(), v);
    }
    *out = *u;
    return true;
  }

  bool read_bool(const json& v, const std::string& path, bool* out) {
    const auto* b = v.get_ptr<const bool*>();
    if (b == nullptr) return expected(path, "true or false", v);
    *out = *b;
    return true;
  }

  // A name the core parses (parse_loss, ...); the error lists every name the core has.
  template <typename E>
  bool read_name(const json& v, const std::string& path, bool (*parse)(const char*, E*), const char* (*name_of)(E),
                 const char* kind, E* out) {
    const auto* s = v.get_ptr<const std::string*>();
    const char* article = strchr("aeiou", kind[0]) != nullptr ? "an " : "a ";
    if (s == nullptr) return expected(path, (article + std::string(kind) + " name").c_str(), v);
    if (parse(s->c_str(), out) && s->size() == strlen(s->c_str())) return true;
    return fail(path, "unknown " + std::string(kind) + " " + json_quote_shown(s->substr(0, kMaxQuoted)) + " (expected " +
                          names_of(name_of) + ")");
  }

  bool read_strings(const json& v, const std::string& path, std::vector<std::string>* out) {
    const json::array_t* a = array_at(v, path);
    if (a == nullptr) return false;
    out->clear();
    out->reserve(a->size());
    for (size_t i = 0; i < a->size(); ++i) {
      const auto* s = (*a)[i].get_ptr<const std::string*>();
      if (s == nullptr) return expected(at(path, i), "a string", (*a)[i]);
      out->push_back(*s);
    }
    return true;
  }

  // Optional list of names: absent or empty means none, otherwise exactly n.
  bool read_names(const json::object_t& root, const char* key, size_t n, const char* per,
                  std::vector<std::string>* out) {
    const json* v = find(root, key);
    if (v == nullptr) return true;
    if (!read_strings(*v, key, out)) return false;
    if (!out->empty() && out->size() != n)
      return fail(key, "expected " + std::to_string(n) + " names (one per " + per + ") or none, got " +
                           std::to_string(out->size()));
    return true;
  }

  bool read_topology(const json::object_t& root, ModelSpec* spec);
  bool read_normalization(const json::object_t& root, size_t inputs, std::vector<float>* mean,
                          std::vector<float>* stddev);
  bool read_layers(const json::object_t& root, const ModelSpec& spec, std::vector<std::vector<float>>* weights,
                   std::vector<std::vector<float>>* biases);
  bool read_classes(const json::object_t& root, DFF* model);
  bool read_training(const json::object_t& root, const Topology& t, TrainSettings* out);

  const std::string& source_;
  std::string error_;
};

bool Loader::read_topology(const json::object_t& root, ModelSpec* spec) {
  const json* v = require(root, "", "topology");
  if (v == nullptr) return false;
  const json::array_t* widths = array_at(*v, "topology");
  if (widths == nullptr) return false;
  if (widths->size() < 2)
    return fail("topology", "expected at least 2 widths (inputs and outputs), got " + std::to_string(widths->size()));
  if (widths->size() > kMaxLayers + 1u)
    return fail("topology", "at most " + std::to_string(kMaxLayers) + " layers (" + std::to_string(kMaxLayers + 1) +
                                " widths) are supported, got " + std::to_string(widths->size()) + " widths");
  for (size_t i = 0; i < widths->size(); ++i) {
    const auto* u = (*widths)[i].get_ptr<const uint64_t*>();
    if (u == nullptr || *u < 1 || *u > kMaxWidth) {
      const std::string what = "an integer width from 1 to " + std::to_string(kMaxWidth);
      return expected(at("topology", i), what.c_str(), (*widths)[i]);
    }
    spec->widths.push_back(static_cast<uint16_t>(*u));
  }
  const size_t layers = widths->size() - 1;

  v = require(root, "", "activations");
  if (v == nullptr) return false;
  const json::array_t* names = array_of(*v, "activations", layers, "names", " (one per layer)");
  if (names == nullptr) return false;
  for (size_t i = 0; i < layers; ++i) {
    const std::string path = at("activations", i);
    Activation a{};
    if (!read_name((*names)[i], path, parse_activation, activation_name, "activation", &a)) return false;
    if (a == Activation::kSoftmax && i + 1 != layers) return fail(path, "softmax is only allowed on the output layer");
    if (a == Activation::kSoftmax && spec->widths.back() < 2) return fail(path, "softmax needs at least 2 outputs");
    spec->activations.push_back(a);
  }

  v = require(root, "", "bias");
  return v != nullptr && read_bool(*v, "bias", &spec->bias);
}

bool Loader::read_normalization(const json::object_t& root, size_t inputs, std::vector<float>* mean,
                                std::vector<float>* stddev) {
  const json* v = find(root, "normalization");
  if (v == nullptr || v->is_null()) return true;
  const json::object_t* norm = object_at(*v, "normalization");
  if (norm == nullptr || !only_known_keys(*norm, "normalization", kNormKeys)) return false;
  const json* m = require(*norm, "normalization", "mean");
  if (m == nullptr) return false;
  mean->resize(inputs);
  if (!read_floats(*m, "normalization.mean", inputs, " (one per input)", mean->data())) return false;
  const json* s = require(*norm, "normalization", "std");
  if (s == nullptr) return false;
  stddev->resize(inputs);
  if (!read_floats(*s, "normalization.std", inputs, " (one per input)", stddev->data())) return false;
  for (size_t i = 0; i < inputs; ++i)
    if (!((*stddev)[i] > 0.0f)) {
      const json& e = (*s->get_ptr<const json::array_t*>())[i];
      const double* d = e.get_ptr<const double*>();
      if (d != nullptr && *d > 0.0)
        return fail(at("normalization.std", i), describe(e) + " is too small for a 32-bit float (must be > 0)");
      return expected(at("normalization.std", i), "a standard deviation > 0", e);
    }
  return true;
}

// Reads the layers into `weights` and `biases` (one vector per layer), so the shape the
// topology declares is checked against the numbers present before any network is allocated:
// what is allocated is never more than the text holds.
bool Loader::read_layers(const json::object_t& root, const ModelSpec& spec, std::vector<std::vector<float>>* weights,
                         std::vector<std::vector<float>>* biases) {
  const size_t layer_count = spec.widths.size() - 1;
  const json* v = require(root, "", "layers");
  if (v == nullptr) return false;
  const json::array_t* layers = array_of(*v, "layers", layer_count, "layers", " (one per weight layer of topology)");
  if (layers == nullptr) return false;
  weights->resize(layer_count);
  biases->resize(layer_count);
  for (size_t l = 0; l < layer_count; ++l) {
    const std::string path = at("layers", l);
    const json::object_t* layer = object_at((*layers)[l], path);
    if (layer == nullptr || !only_known_keys(*layer, path, kLayerKeys)) return false;

    const uint32_t rows = spec.widths[l];
    const uint32_t cols = spec.widths[l + 1];
    const json* w = require(*layer, path, "weights");
    if (w == nullptr) return false;
    const std::string wpath = path + ".weights";
    const json::array_t* matrix = array_of(*w, wpath, rows, "rows", " (one per input of the layer)");
    if (matrix == nullptr) return false;
    std::vector<float>& values = (*weights)[l];
    for (uint32_t r = 0; r < rows; ++r) {
      values.resize(static_cast<size_t>(r + 1) * cols);
      if (!read_floats((*matrix)[r], at(wpath, r), cols, "", values.data() + static_cast<size_t>(r) * cols))
        return false;
    }

    const json* b = find(*layer, "biases");
    if (spec.bias) {
      if (b == nullptr) return fail(path + ".biases", "missing (required when \"bias\" is true)");
      (*biases)[l].resize(cols);
      if (!read_floats(*b, path + ".biases", cols, " (one per output of the layer)", (*biases)[l].data())) return false;
    } else if (b != nullptr) {
      return fail(path + ".biases", "the model has \"bias\": false; remove the biases or set \"bias\" to true");
    }
  }
  return true;
}

bool Loader::read_classes(const json::object_t& root, DFF* model) {
  const json* v = find(root, "classes");
  if (v == nullptr) return true;
  if (!read_strings(*v, "classes", &model->class_names)) return false;
  const std::vector<std::string>& classes = model->class_names;
  if (classes.empty()) return true;
  const size_t outputs = model->topology().outputs();
  if (outputs < 2) return fail("classes", "a model with one output cannot be a class model; use []");
  if (classes.size() != outputs)
    return fail("classes", "expected " + std::to_string(outputs) + " class names (one per output) or none, got " +
                               std::to_string(classes.size()));
  for (size_t i = 1; i < classes.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (classes[i] == classes[j])
        return fail(at("classes", i), "duplicate class name " + json_quote_shown(classes[i].substr(0, kMaxQuoted)) +
                                          " (also " + at("classes", j) + ")");
  return true;
}

bool Loader::read_training(const json::object_t& root, const Topology& t, TrainSettings* out) {
  const json* v = find(root, "training");
  if (v == nullptr) return true;
  const json::object_t* tr = object_at(*v, "training");
  if (tr == nullptr || !only_known_keys(*tr, "training", kTrainingKeys)) return false;
  TrainSettings s;
  TrainOptions& o = s.options;
  const json* f = nullptr;
  uint64_t u = 0;

  if ((f = find(*tr, "loss")) != nullptr) {
    if (!read_name(*f, "training.loss", parse_loss, loss_name, "loss", &o.loss)) return false;
    const Activation output = t.activations[t.layer_count - 1];
    if (o.loss == Loss::kCrossEntropy && output != Activation::kSoftmax && output != Activation::kSigmoid)
      return fail("training.loss", "cross_entropy needs a softmax or sigmoid output layer");
  }
  if ((f = find(*tr, "optimizer")) != nullptr) {
    if (!read_name(*f, "training.optimizer", parse_optimizer, optimizer_name, "optimizer", &o.optimizer)) return false;
  }
  struct Range {
    const char* key;
    float* value;
    float min;
    bool min_inclusive;
    float max;  // exclusive; infinity for none
    const char* what;
  };
  const float inf = std::numeric_limits<float>::infinity();
  const Range ranges[] = {
      {"learning_rate", &o.learning_rate, 0.0f, false, inf, "a number > 0"},
      {"momentum", &o.momentum, 0.0f, true, 1.0f, "a number in [0, 1)"},
      {"beta1", &o.beta1, 0.0f, true, 1.0f, "a number in [0, 1)"},
      {"beta2", &o.beta2, 0.0f, true, 1.0f, "a number in [0, 1)"},
      {"epsilon", &o.epsilon, 0.0f, false, inf, "a number > 0"},
      {"l2", &o.l2, 0.0f, true, inf, "a number >= 0"},
  };
  for (const Range& r : ranges) {
    if ((f = find(*tr, r.key)) == nullptr) continue;
    const std::string path = std::string("training.") + r.key;
    if (!read_float(*f, path, r.value)) return false;
    const float x = *r.value;
    if (!(r.min_inclusive ? x >= r.min : x > r.min) || !(x < r.max)) return expected(path, r.what, *f);
  }
  if ((f = find(*tr, "batch_size")) != nullptr) {
    if (!read_uint(*f, "training.batch_size", UINT32_MAX, &u)) return false;
    if (u == 0) return expected("training.batch_size", "an integer >= 1", *f);
    o.batch_size = static_cast<uint32_t>(u);
  }
  if ((f = find(*tr, "shuffle")) != nullptr && !read_bool(*f, "training.shuffle", &o.shuffle)) return false;
  if ((f = find(*tr, "init")) != nullptr) {
    if (!read_name(*f, "training.init", parse_init, init_name, "init", &s.init)) return false;
  }
  if ((f = find(*tr, "seed")) != nullptr && !read_uint(*f, "training.seed", UINT64_MAX, &s.seed)) return false;
  if ((f = find(*tr, "epochs")) != nullptr) {
    if (!read_uint(*f, "training.epochs", UINT32_MAX, &u)) return false;
    s.epochs = static_cast<uint32_t>(u);
  }
  if ((f = find(*tr, "final_loss")) != nullptr && !read_float(*f, "training.final_loss", &s.final_loss)) return false;
  if ((f = find(*tr, "early_stop")) != nullptr) {
    if (!read_uint(*f, "training.early_stop", UINT32_MAX, &u)) return false;
    s.early_stop = static_cast<uint32_t>(u);
  }
  if ((f = find(*tr, "best_epoch")) != nullptr) {
    if (!read_uint(*f, "training.best_epoch", s.epochs, &u)) return false;
    s.best_epoch = static_cast<uint32_t>(u);
  }
  *out = s;
  return true;
}

Result<DFF> Loader::load(const json& root) {
  const json::object_t* r = root.get_ptr<const json::object_t*>();
  if (r == nullptr) {
    expected("", "a JSON object {...} at the top level", root);
    return Error{error_};
  }
  const json* v = find(*r, "format");
  const auto* format = v != nullptr ? v->get_ptr<const std::string*>() : nullptr;
  if (v == nullptr) return Error{source_ + ": format: missing; not a microdff model (expected \"format\": \"" +
                                 kJsonFormatName + "\")"};
  if (format == nullptr || *format != kJsonFormatName) {
    expected("format", (std::string("\"") + kJsonFormatName + "\"").c_str(), *v);
    return Error{error_};
  }
  v = find(*r, "version");
  if (v == nullptr) return Error{source_ + ": version: missing (required field)"};
  const auto* version = v->get_ptr<const uint64_t*>();
  if (version == nullptr) {
    expected("version", "an integer", *v);
    return Error{error_};
  }
  if (*version > static_cast<uint64_t>(kJsonFormatVersion))
    return Error{source_ + ": version: " + std::to_string(*version) + " is newer than this microdff reads (" +
                 std::to_string(kJsonFormatVersion) + "); update microdff"};
  if (*version < 1) return Error{source_ + ": version: 0 is not a valid version (expected 1)"};
  if (!only_known_keys(*r, "", kRootKeys)) return Error{error_};

  ModelSpec spec;
  if (!read_topology(*r, &spec)) return Error{error_};
  const json* norm = find(*r, "normalization");
  spec.normalize = norm != nullptr && !norm->is_null();

  std::vector<std::vector<float>> weights;
  std::vector<std::vector<float>> biases;
  if (!read_layers(*r, spec, &weights, &biases)) return Error{error_};
  Result<DFF> created = DFF::create(spec);
  if (!created.ok()) return Error{source_ + ": topology: " + created.error()};
  DFF model = std::move(created).value();
  Network& net = model.network();
  for (uint8_t l = 0; l < model.topology().layer_count; ++l) {
    std::copy(weights[l].begin(), weights[l].end(), net.weights(l));
    if (spec.bias) std::copy(biases[l].begin(), biases[l].end(), net.biases(l));
  }
  std::vector<float> mean;
  std::vector<float> stddev;
  if (!read_normalization(*r, spec.widths[0], &mean, &stddev)) return Error{error_};
  if (spec.normalize) {
    const Outcome set = model.set_normalization(mean, stddev);
    if (!set.ok()) return Error{source_ + ": normalization: " + set.error()};
  }
  if (!read_names(*r, "inputs", spec.widths.front(), "input", &model.input_names)) return Error{error_};
  if (!read_names(*r, "outputs", spec.widths.back(), "output", &model.output_names)) return Error{error_};
  if (!read_classes(*r, &model)) return Error{error_};
  if (!read_training(*r, model.topology(), &model.training)) return Error{error_};
  return model;
}

}  // namespace

std::string model_to_json(const DFF& model) {
  const Topology& t = model.topology();
  const Network& net = model.network();
  const TrainSettings& s = model.training;
  const TrainOptions& o = s.options;
  std::string out;
  out += "{\n  \"format\": " + quote(kJsonFormatName) + ",\n";
  out += "  \"version\": " + std::to_string(kJsonFormatVersion) + ",\n";
  out += "  \"topology\": [";
  for (uint32_t i = 0; i <= t.layer_count; ++i) out += (i != 0 ? ", " : "") + std::to_string(t.widths[i]);
  out += "],\n  \"activations\": [";
  for (uint32_t i = 0; i < t.layer_count; ++i) out += (i != 0 ? ", " : "") + quote(activation_name(t.activations[i]));
  out += "],\n  \"bias\": ";
  out += t.bias ? "true" : "false";
  out += ",\n  \"layers\": [";
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const size_t rows = t.widths[l];
    const size_t cols = t.widths[l + 1];
    out += l != 0 ? ",\n    {\n      \"weights\": [" : "\n    {\n      \"weights\": [";
    for (size_t r = 0; r < rows; ++r) {
      out += r != 0 ? ",\n        " : "\n        ";
      append_floats(out, net.weights(l) + r * cols, cols);
    }
    out += "\n      ]";
    if (t.bias) {
      out += ",\n      \"biases\": ";
      append_floats(out, net.biases(l), cols);
    }
    out += "\n    }";
  }
  out += "\n  ],\n  \"normalization\": ";
  if (t.normalize) {
    out += "{\n    \"mean\": ";
    append_floats(out, net.norm_mean(), t.inputs());
    out += ",\n    \"std\": ";
    append_floats(out, net.norm_std(), t.inputs());
    out += "\n  }";
  } else {
    out += "null";
  }
  out += ",\n  \"inputs\": ";
  append_strings(out, model.input_names);
  out += ",\n  \"outputs\": ";
  append_strings(out, model.output_names);
  out += ",\n  \"classes\": ";
  append_strings(out, model.class_names);
  out += ",\n  \"training\": {\n";
  out += "    \"loss\": " + quote(loss_name(o.loss)) + ",\n";
  out += "    \"optimizer\": " + quote(optimizer_name(o.optimizer)) + ",\n";
  out += "    \"learning_rate\": " + format_float(o.learning_rate) + ",\n";
  out += "    \"momentum\": " + format_float(o.momentum) + ",\n";
  out += "    \"beta1\": " + format_float(o.beta1) + ",\n";
  out += "    \"beta2\": " + format_float(o.beta2) + ",\n";
  out += "    \"epsilon\": " + format_float(o.epsilon) + ",\n";
  out += "    \"l2\": " + format_float(o.l2) + ",\n";
  out += "    \"batch_size\": " + std::to_string(o.batch_size) + ",\n";
  out += std::string("    \"shuffle\": ") + (o.shuffle ? "true" : "false") + ",\n";
  out += "    \"init\": " + quote(init_name(s.init)) + ",\n";
  out += "    \"seed\": " + std::to_string(s.seed) + ",\n";
  out += "    \"epochs\": " + std::to_string(s.epochs) + ",\n";
  out += "    \"final_loss\": " + format_float(s.final_loss);
  // Only models whose training early stopping ended carry these, so other files stay as they were.
  if (s.early_stop > 0) {
    out += ",\n    \"early_stop\": " + std::to_string(s.early_stop);
    out += ",\n    \"best_epoch\": " + std::to_string(s.best_epoch);
  }
  out += "\n  }\n}\n";
  return out;
}

Result<DFF> model_from_json(const std::string& text, const std::string& source) {
  Result<json> root = read_json(text, source, kModelLimits);
  if (!root.ok()) return Error{root.error()};
  return Loader(source).load(root.value());
}

}  // namespace dff
