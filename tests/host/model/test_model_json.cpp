// Tests for core/host/model/model_json.h: round trips (bit-exact) and every validation error.
#include "core/host/model/model_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <cfloat>
#include <string>
#include <vector>

#include "core/prng.h"
#include "tests/host/model/heap_peak.h"

namespace {

using dff::Activation;
using dff::DFF;

uint32_t bits(float f) {
  uint32_t u = 0;
  memcpy(&u, &f, sizeof u);
  return u;
}

float from_bits(uint32_t u) {
  float f = 0.0f;
  memcpy(&f, &u, sizeof f);
  return f;
}

void require_same_floats(const float* a, const float* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    INFO("value " << i << ": " << a[i] << " vs " << b[i]);
    REQUIRE(bits(a[i]) == bits(b[i]));
  }
}

// Everything the model file holds must come back identical, floats bit for bit.
void require_same_model(const DFF& a, const DFF& b) {
  const dff::Topology& ta = a.topology();
  const dff::Topology& tb = b.topology();
  REQUIRE(ta.layer_count == tb.layer_count);
  for (uint32_t i = 0; i <= ta.layer_count; ++i) REQUIRE(ta.widths[i] == tb.widths[i]);
  for (uint32_t i = 0; i < ta.layer_count; ++i) REQUIRE(ta.activations[i] == tb.activations[i]);
  REQUIRE(ta.bias == tb.bias);
  REQUIRE(ta.normalize == tb.normalize);
  for (uint8_t l = 0; l < ta.layer_count; ++l) {
    const size_t cols = ta.widths[l + 1];
    require_same_floats(a.network().weights(l), b.network().weights(l), ta.widths[l] * cols);
    if (ta.bias) require_same_floats(a.network().biases(l), b.network().biases(l), cols);
  }
  if (ta.normalize) {
    require_same_floats(a.network().norm_mean(), b.network().norm_mean(), ta.inputs());
    require_same_floats(a.network().norm_std(), b.network().norm_std(), ta.inputs());
  }
  REQUIRE(a.input_names == b.input_names);
  REQUIRE(a.output_names == b.output_names);
  REQUIRE(a.class_names == b.class_names);
  const dff::TrainSettings& sa = a.training;
  const dff::TrainSettings& sb = b.training;
  REQUIRE(sa.options.loss == sb.options.loss);
  REQUIRE(sa.options.optimizer == sb.options.optimizer);
  REQUIRE(bits(sa.options.learning_rate) == bits(sb.options.learning_rate));
  REQUIRE(bits(sa.options.momentum) == bits(sb.options.momentum));
  REQUIRE(bits(sa.options.beta1) == bits(sb.options.beta1));
  REQUIRE(bits(sa.options.beta2) == bits(sb.options.beta2));
  REQUIRE(bits(sa.options.epsilon) == bits(sb.options.epsilon));
  REQUIRE(bits(sa.options.l2) == bits(sb.options.l2));
  REQUIRE(sa.options.batch_size == sb.options.batch_size);
  REQUIRE(sa.options.shuffle == sb.options.shuffle);
  REQUIRE(sa.init == sb.init);
  REQUIRE(sa.seed == sb.seed);
  REQUIRE(sa.epochs == sb.epochs);
  REQUIRE(bits(sa.final_loss) == bits(sb.final_loss));
}

// Writes, reads back, compares; also checks that writing again gives the same text.
DFF round_trip(const DFF& model) {
  const std::string text = dff::model_to_json(model);
  dff::Result<DFF> back = dff::model_from_json(text, "model.json");
  INFO(text);
  REQUIRE(back.error() == "");
  REQUIRE(back.ok());
  require_same_model(model, back.value());
  REQUIRE(dff::model_to_json(back.value()) == text);
  return std::move(back).value();
}

DFF make_model(std::vector<uint16_t> widths, std::vector<Activation> activations, bool bias, bool normalize) {
  dff::ModelSpec spec;
  spec.widths = std::move(widths);
  spec.activations = std::move(activations);
  spec.bias = bias;
  spec.normalize = normalize;
  dff::Result<DFF> m = dff::DFF::create(spec);
  REQUIRE(m.ok());
  m->initialize(dff::Init::kXavier, 7);
  return std::move(m).value();
}

std::string load_error(const std::string& text) {
  dff::Result<DFF> m = dff::model_from_json(text, "model.json");
  REQUIRE_FALSE(m.ok());
  return m.error();
}

// A valid model (topology 2-3-4-2, every optional field used) written by hand, so
// each error case below is a small textual edit of it.
const std::string kValid = R"({
  "format": "microdff-model",
  "version": 1,
  "topology": [2, 3, 4, 2],
  "activations": ["relu", "tanh", "softmax"],
  "bias": true,
  "layers": [
    {"weights": [[1, 2, 3], [4, 5, 6]], "biases": [0.5, 0.25, 0]},
    {"weights": [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], "biases": [0, 0, 0, 1]},
    {"weights": [[1, 2], [3, 4], [5, 6], [7, 8]], "biases": [-1, 1]}
  ],
  "normalization": {"mean": [0.5, -2], "std": [1, 2.5]},
  "inputs": ["a", "b"],
  "outputs": ["x", "y"],
  "classes": ["cat", "dog"],
  "training": {
    "loss": "cross_entropy", "optimizer": "adam", "learning_rate": 0.01, "momentum": 0.5,
    "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-7, "l2": 0.001, "batch_size": 16, "shuffle": false,
    "init": "he", "seed": 18446744073709551615, "epochs": 300, "final_loss": 0.125
  }
})";

// kValid with `from` replaced by `to` (which must occur exactly once).
std::string edit(const std::string& from, const std::string& to) {
  const size_t at = kValid.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(kValid.find(from, at + 1) == std::string::npos);
  std::string s = kValid;
  s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("the hand-written reference model loads with every field") {
  dff::Result<DFF> m = dff::model_from_json(kValid, "model.json");
  REQUIRE(m.error() == "");
  const DFF& model = m.value();
  const dff::Topology& t = model.topology();
  REQUIRE(t.layer_count == 3);
  REQUIRE(t.widths[0] == 2);
  REQUIRE(t.widths[3] == 2);
  REQUIRE(t.activations[0] == Activation::kRelu);
  REQUIRE(t.activations[1] == Activation::kTanh);
  REQUIRE(t.activations[2] == Activation::kSoftmax);
  REQUIRE(t.bias);
  REQUIRE(t.normalize);
  // Weights are rows of W (inputs x outputs): weights[i][j] connects input i to output j.
  const float* w1 = model.network().weights(1);
  REQUIRE(w1[0 * 4 + 3] == 4.0f);
  REQUIRE(w1[2 * 4 + 0] == 9.0f);
  REQUIRE(model.network().biases(0)[1] == 0.25f);
  REQUIRE(model.network().norm_mean()[1] == -2.0f);
  REQUIRE(model.network().norm_std()[1] == 2.5f);
  REQUIRE(model.input_names == std::vector<std::string>{"a", "b"});
  REQUIRE(model.output_names == std::vector<std::string>{"x", "y"});
  REQUIRE(model.class_names == std::vector<std::string>{"cat", "dog"});
  const dff::TrainSettings& s = model.training;
  REQUIRE(s.options.loss == dff::Loss::kCrossEntropy);
  REQUIRE(s.options.optimizer == dff::Optimizer::kAdam);
  REQUIRE(s.options.learning_rate == 0.01f);
  REQUIRE(s.options.momentum == 0.5f);
  REQUIRE(s.options.beta1 == 0.8f);
  REQUIRE(s.options.beta2 == 0.99f);
  REQUIRE(s.options.epsilon == 1e-7f);
  REQUIRE(s.options.l2 == 0.001f);
  REQUIRE(s.options.batch_size == 16);
  REQUIRE_FALSE(s.options.shuffle);
  REQUIRE(s.init == dff::Init::kHe);
  REQUIRE(s.seed == UINT64_MAX);
  REQUIRE(s.epochs == 300);
  REQUIRE(s.final_loss == 0.125f);
  round_trip(model);
}

TEST_CASE("the loaded model predicts like the original") {
  DFF ann({3, 4, 2});
  const DFF back = round_trip(ann);
  const dff::Matrix a{{0, 0, 1}, {1, 0.5f, 0}};
  REQUIRE(back.predict(a) == ann.predict(a));
}

TEST_CASE("weights are written as rows of W, one row per input") {
  DFF m = make_model({3, 2}, {Activation::kLinear}, true, false);
  float* w = m.network().weights(0);
  for (int i = 0; i < 6; ++i) w[i] = static_cast<float>(i) + 0.5f;
  const std::string text = dff::model_to_json(m);
  REQUIRE(text.find("[0.5, 1.5],") != std::string::npos);
  REQUIRE(text.find("[4.5, 5.5]") != std::string::npos);
}

TEST_CASE("round trip: the seed network, with and without biases") {
  SECTION("bias on (default)") {
    DFF ann({3, 4, 2});
    ann.training.epochs = 1000;
    ann.training.final_loss = 0.0123f;
    round_trip(ann);
  }
  SECTION("bias off") {
    DFF ann({3, 4, 2}, Activation::kSigmoid, Activation::kSigmoid, false, 3);
    const DFF back = round_trip(ann);
    REQUIRE_FALSE(back.topology().bias);
    REQUIRE(dff::model_to_json(ann).find("\"biases\"") == std::string::npos);
  }
  SECTION("deep network (seed's DFF((3,4,5,2)))") { round_trip(DFF({3, 4, 5, 2})); }
}

TEST_CASE("round trip: every activation") {
  for (uint8_t h = 0; h < dff::kActivationCount; ++h) {
    const auto hidden = static_cast<Activation>(h);
    if (hidden == Activation::kSoftmax) continue;
    for (uint8_t o = 0; o < dff::kActivationCount; ++o) {
      const auto output = static_cast<Activation>(o);
      INFO(dff::activation_name(hidden) << " -> " << dff::activation_name(output));
      const DFF back = round_trip(make_model({4, 5, 3}, {hidden, output}, true, false));
      REQUIRE(back.topology().activations[0] == hidden);
      REQUIRE(back.topology().activations[1] == output);
    }
  }
}

TEST_CASE("round trip: normalisation, class names and training settings") {
  DFF m = make_model({3, 8, 3}, {Activation::kTanh, Activation::kSoftmax}, true, true);
  REQUIRE(m.set_normalization({5.8433337f, -3.0573332f, 1e-30f}, {0.82530665f, 1e-20f, 3.0e30f}).ok());
  m.input_names = {"sepal length", "sepal width", "petal length"};
  m.output_names = {"setosa", "versicolor", "virginica"};
  m.class_names = {"setosa", "versicolor", "virginica"};
  dff::TrainSettings& s = m.training;
  s.options.loss = dff::Loss::kCrossEntropy;
  s.options.optimizer = dff::Optimizer::kMomentum;
  s.options.learning_rate = 0.1f;
  s.options.momentum = 0.95f;
  s.options.beta1 = 0.85f;
  s.options.beta2 = 0.9999f;
  s.options.epsilon = 1e-10f;
  s.options.l2 = 1e-4f;
  s.options.batch_size = 32;
  s.options.shuffle = false;
  s.init = dff::Init::kHe;
  s.seed = 0xFEDCBA9876543210ULL;
  s.epochs = UINT32_MAX;
  s.final_loss = 0.0625f;
  round_trip(m);

  for (uint8_t i = 0; i < 3; ++i) {
    s.init = static_cast<dff::Init>(i);
    s.options.optimizer = static_cast<dff::Optimizer>(i);
    s.seed = i;
    round_trip(m);
  }
  s.options.loss = dff::Loss::kMse;
  round_trip(m);
}

TEST_CASE("round trip: floats are bit-exact for random and special values") {
  DFF m = make_model({64, 64}, {Activation::kLinear}, true, false);
  dff::Pcg32 rng(12345);
  const size_t n = 64 * 64 + 64;
  float* p = m.network().parameters();
  const float specials[] = {0.0f,          -0.0f,         1.0f,          -1.0f,   FLT_MAX,    -FLT_MAX,
                            FLT_MIN,       -FLT_MIN,      FLT_TRUE_MIN,  -FLT_TRUE_MIN, 0.1f, 1e-45f,
                            16777216.0f,   16777217.0f,   3.4028235e38f, 1e-38f,  123456789.0f, 0.3f,
                            2.0f / 3.0f,   1e10f,         1e-10f,        nextafterf(1.0f, 2.0f)};
  for (int round = 0; round < 50; ++round) {
    for (size_t i = 0; i < n; ++i) {
      float f = 0.0f;
      do {
        // Random bit patterns cover every exponent, subnormals included; every 4th value is a typical weight.
        f = (i % 4 == 0) ? rng.uniform() * 2.0f - 1.0f : from_bits(rng.next());
      } while (!isfinite(f));
      p[i] = f;
    }
    if (round == 0)
      for (size_t i = 0; i < sizeof specials / sizeof specials[0]; ++i) p[i] = specials[i];
    round_trip(m);
  }
}

TEST_CASE("round trip: names are arbitrary UTF-8, kept exactly") {
  DFF m = make_model({3, 2}, {Activation::kSigmoid}, true, false);
  m.input_names = {"température °C", "日本語 \"quoted\" \\ back\\slash", std::string("nul\0inside\ttab\nline", 19)};
  m.output_names = {"", "emoji 🙂 \x7f \x01"};
  m.class_names = {"😺", "ünïcödé"};
  const DFF back = round_trip(m);
  REQUIRE(back.input_names[2].size() == 19);
}

TEST_CASE("writing replaces bytes that are not UTF-8 (JSON cannot hold them) and stays loadable") {
  DFF m = make_model({1, 1}, {Activation::kLinear}, true, false);
  m.input_names = {"caf\xE9"};  // Latin-1
  const std::string text = dff::model_to_json(m);
  dff::Result<DFF> back = dff::model_from_json(text, "m.json");
  REQUIRE(back.ok());
  REQUIRE(back->input_names[0] == "caf\xEF\xBF\xBD");
}

TEST_CASE("optional fields take defaults") {
  const std::string minimal = R"({"format": "microdff-model", "version": 1, "topology": [1, 1],
    "activations": ["linear"], "bias": false, "layers": [{"weights": [[2]]}]})";
  dff::Result<DFF> m = dff::model_from_json(minimal, "m.json");
  REQUIRE(m.error() == "");
  REQUIRE_FALSE(m->topology().normalize);
  REQUIRE(m->input_names.empty());
  REQUIRE(m->class_names.empty());
  REQUIRE(m->training.options.learning_rate == dff::TrainSettings{}.options.learning_rate);
  REQUIRE(m->training.seed == dff::TrainSettings{}.seed);
  const dff::Matrix out = m->predict(dff::Matrix{{3}});
  REQUIRE(out(0, 0) == 6.0f);
  // "normalization": null and empty name lists are the same as leaving them out.
  const std::string explicit_empty = minimal.substr(0, minimal.size() - 1) +
                                     R"(, "normalization": null, "inputs": [], "classes": [], "training": {}})";
  REQUIRE(dff::model_from_json(explicit_empty, "m.json").ok());
}

TEST_CASE("syntax errors name line and column") {
  REQUIRE(load_error("{\n  \"format\": x\n}") ==
          "model.json:2:13: syntax error while parsing value - invalid literal; last read: '\"format\": x'");
  REQUIRE(load_error("{\"a\": 1,}") ==
          "model.json:1:9: syntax error while parsing object key - unexpected '}'; expected string literal");
  REQUIRE(load_error("{} extra") ==
          "model.json:1:4: syntax error while parsing value - invalid literal; last read: '{} e'; expected end of input");
  // Columns count characters, not bytes: "é" is one column.
  REQUIRE(load_error("{\"é\": 1 2}").rfind("model.json:1:9: syntax error", 0) == 0);
  REQUIRE(load_error("{\"v\": NaN}").rfind("model.json:1:7: syntax error", 0) == 0);
  REQUIRE(load_error("{\"v\": 1e999}") == "model.json:1:11: number overflow parsing '1e999'");
  REQUIRE(load_error("").rfind("model.json:1:1: syntax error", 0) == 0);
  REQUIRE(load_error("{\"v\": \"\xff\"}").rfind("model.json:1:8: syntax error", 0) == 0);  // not UTF-8
}

TEST_CASE("every truncation of a valid model is an error, never a crash") {
  for (size_t n = 0; n < kValid.size(); ++n) {
    const std::string cut = kValid.substr(0, n);
    const std::string e = load_error(cut);
    INFO(n << ": " << e);
    REQUIRE(e.find("model.json:") == 0);
    REQUIRE(e.find("syntax error") != std::string::npos);
  }
}

TEST_CASE("structural limits: duplicate keys and deep nesting") {
  REQUIRE(load_error("{\"format\": \"microdff-model\",\n \"format\": \"x\"}") == "model.json:2:9: duplicate key \"format\"");
  REQUIRE(load_error(edit("\"bias\": true,", "\"bias\": true, \"bias\": false,")) ==
          "model.json:6:22: duplicate key \"bias\"");
  const std::string deep = "{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  REQUIRE(load_error(deep) == "model.json:1:38: nested deeper than 32 levels; a model needs 4");
  REQUIRE(load_error(std::string(1000000, '{')).find("model.json:1:") == 0);
}

TEST_CASE("format and version") {
  REQUIRE(load_error("[1, 2]") == "model.json: expected a JSON object {...} at the top level, got an array");
  REQUIRE(load_error("{}") == "model.json: format: missing; not a microdff model (expected \"format\": \"microdff-model\")");
  REQUIRE(load_error(edit("\"microdff-model\"", "\"other-model\"")) ==
          "model.json: format: expected \"microdff-model\", got the string \"other-model\"");
  REQUIRE(load_error(edit("\"microdff-model\"", "7")) == "model.json: format: expected \"microdff-model\", got 7");
  REQUIRE(load_error(edit("\"version\": 1,", "")) == "model.json: version: missing (required field)");
  REQUIRE(load_error(edit("\"version\": 1", "\"version\": 2")) ==
          "model.json: version: 2 is newer than this microdff reads (1); update microdff");
  REQUIRE(load_error(edit("\"version\": 1", "\"version\": 0")) ==
          "model.json: version: 0 is not a valid version (expected 1)");
  REQUIRE(load_error(edit("\"version\": 1", "\"version\": \"1\"")) ==
          "model.json: version: expected an integer, got the string \"1\"");
  REQUIRE(load_error(edit("\"version\": 1", "\"version\": 1.5")) == "model.json: version: expected an integer, got 1.5");
  // A newer version is reported before fields this version does not know.
  REQUIRE(load_error(edit("\"version\": 1,", "\"version\": 3, \"quantization\": {},")).find("newer") !=
          std::string::npos);
}

TEST_CASE("unknown and missing fields") {
  REQUIRE(load_error(edit("\"normalization\":", "\"normalisation\":")) ==
          "model.json: \"normalisation\": unknown field (expected format, version, topology, activations, bias, "
          "layers, normalization, inputs, outputs, classes and training)");
  REQUIRE(load_error(edit("\"biases\": [-1, 1]", "\"biases\": [-1, 1], \"bias\": 1")) ==
          "model.json: layers[2].\"bias\": unknown field (expected weights and biases)");
  REQUIRE(load_error(edit("\"std\"", "\"sd\"")) ==
          "model.json: normalization.\"sd\": unknown field (expected mean and std)");
  REQUIRE(load_error(edit("\"l2\"", "\"L2\"")).find("model.json: training.\"L2\": unknown field (expected loss,") == 0);
  REQUIRE(load_error(edit("\"topology\": [2, 3, 4, 2],", "")) == "model.json: topology: missing (required field)");
  REQUIRE(load_error(edit("\"activations\": [\"relu\", \"tanh\", \"softmax\"],", "")) ==
          "model.json: activations: missing (required field)");
  REQUIRE(load_error(edit("\"bias\": true,", "")) == "model.json: bias: missing (required field)");
  REQUIRE(dff::model_from_json(edit("\"normalization\": {\"mean\": [0.5, -2], \"std\": [1, 2.5]},", ""), "m")
              .ok());  // optional
  REQUIRE(load_error(edit("{\"mean\": [0.5, -2], ", "{")) == "model.json: normalization.mean: missing (required field)");
  REQUIRE(load_error(edit("{\"weights\": [[1, 2, 3], [4, 5, 6]], ", "{")) ==
          "model.json: layers[0].weights: missing (required field)");
  REQUIRE(load_error(edit(", \"biases\": [0, 0, 0, 1]", "")) ==
          "model.json: layers[1].biases: missing (required when \"bias\" is true)");
}

TEST_CASE("topology and activations") {
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "\"2-3-4-2\"")) ==
          "model.json: topology: expected an array, got the string \"2-3-4-2\"");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2]")) == "model.json: topology: expected at least 2 widths (inputs and outputs), got 1");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2]")) ==
          "model.json: topology: at most 16 layers (17 widths) are supported, got 18 widths");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 3, 4097, 2]")) ==
          "model.json: topology[2]: expected an integer width from 1 to 4096, got 4097");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 0, 4, 2]")) == "model.json: topology[1]: expected an integer width from 1 to 4096, got 0");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, -3, 4, 2]")) == "model.json: topology[1]: expected an integer width from 1 to 4096, got -3");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 3.0, 4, 2]")) == "model.json: topology[1]: expected an integer width from 1 to 4096, got 3.0");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 3, 4, 99999999999999999999999]")) ==
          "model.json: topology[3]: expected an integer width from 1 to 4096, got 1e+23");
  REQUIRE(load_error(edit("\"tanh\", \"softmax\"", "\"tanh\"")) ==
          "model.json: activations: expected 3 names (one per layer), got 2");
  REQUIRE(load_error(edit("\"tanh\"", "\"gelu\"")) ==
          "model.json: activations[1]: unknown activation \"gelu\" (expected sigmoid, relu, leaky_relu, tanh, linear or softmax)");
  REQUIRE(load_error(edit("\"tanh\"", "\"tanh\\u0000\"")).find("unknown activation") != std::string::npos);
  REQUIRE(load_error(edit("\"tanh\"", "null")) == "model.json: activations[1]: expected an activation name, got null");
  REQUIRE(load_error(edit("\"tanh\"", "\"softmax\"")) == "model.json: activations[1]: softmax is only allowed on the output layer");
  const std::string one_output = R"({"format": "microdff-model", "version": 1, "topology": [1, 1],
    "activations": ["softmax"], "bias": false, "layers": [{"weights": [[2]]}]})";
  REQUIRE(load_error(one_output) == "model.json: activations[0]: softmax needs at least 2 outputs");
  REQUIRE(load_error(edit("\"bias\": true", "\"bias\": 1")) == "model.json: bias: expected true or false, got 1");
}

TEST_CASE("a whole number written with a decimal point is refused as not an integer, shown as written") {
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 1.0, 4, 2]")) ==
          "model.json: topology[1]: expected an integer width from 1 to 4096, got 1.0");
  REQUIRE(load_error(edit("\"batch_size\": 16", "\"batch_size\": 16.0")) ==
          "model.json: training.batch_size: expected an integer from 0 to 4294967295, got 16.0");
  REQUIRE(load_error(edit("\"version\": 1", "\"version\": 1.0")) == "model.json: version: expected an integer, got 1.0");
  REQUIRE(load_error(edit("[2, 3, 4, 2]", "[2, 2.5, 4, 2]")) ==
          "model.json: topology[1]: expected an integer width from 1 to 4096, got 2.5");
}

TEST_CASE("layers: counts, shapes and numbers") {
  REQUIRE(load_error(edit(",\n    {\"weights\": [[1, 2], [3, 4], [5, 6], [7, 8]], \"biases\": [-1, 1]}", "")) ==
          "model.json: layers: expected 3 layers (one per weight layer of topology), got 2");
  REQUIRE(load_error(edit("[[1, 2, 3], [4, 5, 6]]", "{}")) == "model.json: layers[0].weights: expected an array, got an object");
  REQUIRE(load_error(edit("{\"weights\": [[1, 2, 3], [4, 5, 6]], \"biases\": [0.5, 0.25, 0]}", "[]")) ==
          "model.json: layers[0]: expected an object, got an array");
  REQUIRE(load_error(edit("[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]", "[[1, 2, 3, 4], [5, 6, 7, 8]]")) ==
          "model.json: layers[1].weights: expected 3 rows (one per input of the layer), got 2");
  // The example from the issue: a short row.
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, 11]")) == "model.json: layers[1].weights[2]: expected 4 numbers, got 3");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, 11, 12, 13]")) ==
          "model.json: layers[1].weights[2]: expected 4 numbers, got 5");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, \"10\", 11, 12]")) ==
          "model.json: layers[1].weights[2][1]: expected a number, got the string \"10\"");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, null, 12]")) ==
          "model.json: layers[1].weights[2][2]: expected a number, got null");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, 11, true]")) ==
          "model.json: layers[1].weights[2][3]: expected a number, got true");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, 11, [12]]")) ==
          "model.json: layers[1].weights[2][3]: expected a number, got an array");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "9")) == "model.json: layers[1].weights[2]: expected an array, got 9");
  // Numbers beyond float range (but valid JSON doubles) are rejected rather than turned into infinity.
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, 11, 1e39]")) ==
          "model.json: layers[1].weights[2][3]: expected a finite number within float range (about 3.4e38), got 1e+39");
  REQUIRE(load_error(edit("[9, 10, 11, 12]", "[9, 10, 11, -3.5e38]")) ==
          "model.json: layers[1].weights[2][3]: expected a finite number within float range (about 3.4e38), got -3.5e+38");
  REQUIRE(dff::model_from_json(edit("[9, 10, 11, 12]", "[9, 10, 11, 3.4028235e38]"), "m").ok());  // FLT_MAX
  REQUIRE(load_error(edit("\"biases\": [-1, 1]", "\"biases\": [-1]")) ==
          "model.json: layers[2].biases: expected 2 numbers (one per output of the layer), got 1");
  REQUIRE(load_error(edit("\"bias\": true", "\"bias\": false")) ==
          "model.json: layers[0].biases: the model has \"bias\": false; remove the biases or set \"bias\" to true");
}

TEST_CASE("a huge array where a small one is expected is an error") {
  std::string rows = "[";
  for (int i = 0; i < 100000; ++i) rows += i ? ", [1, 2, 3]" : "[1, 2, 3]";
  rows += "]";
  REQUIRE(load_error(edit("[[1, 2, 3], [4, 5, 6]]", rows)) ==
          "model.json: layers[0].weights: expected 2 rows (one per input of the layer), got 100000");
}

TEST_CASE("a topology is checked against the numbers present before anything is allocated for it") {
  // About 330 bytes declaring 16 layers of 4096 x 4096 (268 million weights) and holding none:
  // the network (4.3 GB with training state) used to be laid out before the layers were read.
  std::string widths = "4096", relus = "\"relu\"", empty_layers = "{\"weights\": []}";
  for (int i = 0; i < 16; ++i) widths += ", 4096";
  for (int i = 0; i < 15; ++i) relus += ", \"relu\"";
  for (int i = 0; i < 15; ++i) empty_layers += ", {\"weights\": []}";
  const auto with_layers = [&](const std::string& layers) {
    return "{\"format\": \"microdff-model\", \"version\": 1, \"topology\": [" + widths + "], \"activations\": [" +
           relus + "], \"bias\": true, \"layers\": [" + layers + "]}";
  };
  const std::string cases[][2] = {
      {with_layers(""), "model.json: layers: expected 16 layers (one per weight layer of topology), got 0"},
      {with_layers("{\"weights\": [[1]]}"), "model.json: layers: expected 16 layers (one per weight layer of topology), got 1"},
      {with_layers(empty_layers), "model.json: layers[0].weights: expected 4096 rows (one per input of the layer), got 0"},
  };
  for (const auto& c : cases) {
    INFO(c[0].size() << " bytes: " << c[0]);
    const heap_peak::Measure heap;
    REQUIRE(load_error(c[0]) == c[1]);
    CHECK(heap.peak_bytes() < (size_t{1} << 20));
  }
  // Memory follows the text, not the declaration: 12288 numbers present cost a small multiple of their text.
  std::string rows;
  for (int r = 0; r < 3; ++r) {
    rows += r ? ", [" : "[";
    for (int c = 0; c < 4096; ++c) rows += c ? ", 0.5" : "0.5";
    rows += "]";
  }
  const std::string partial = with_layers("{\"weights\": [" + rows + "]}" + empty_layers.substr(empty_layers.find(',')));
  const heap_peak::Measure heap;
  REQUIRE(load_error(partial) == "model.json: layers[0].weights: expected 4096 rows (one per input of the layer), got 3");
  CHECK(heap.peak_bytes() < 64 * partial.size());
}

TEST_CASE("a loaded model holds what inference needs until it trains") {
  const dff::Result<DFF> m = dff::model_from_json(kValid, "model.json");
  REQUIRE(m.ok());
  CHECK_FALSE(m->ready_to_train());
  CHECK(m->network().plan().training == false);
}

TEST_CASE("normalisation") {
  REQUIRE(load_error(edit("{\"mean\": [0.5, -2], \"std\": [1, 2.5]}", "[0.5, -2]")) ==
          "model.json: normalization: expected an object, got an array");
  REQUIRE(load_error(edit("\"mean\": [0.5, -2]", "\"mean\": [0.5]")) ==
          "model.json: normalization.mean: expected 2 numbers (one per input), got 1");
  REQUIRE(load_error(edit("[1, 2.5]", "[1, 0]")) == "model.json: normalization.std[1]: expected a standard deviation > 0, got 0");
  REQUIRE(load_error(edit("[1, 2.5]", "[-1, 2]")) == "model.json: normalization.std[0]: expected a standard deviation > 0, got -1");
  REQUIRE(load_error(edit("[1, 2.5]", "[1e-50, 2]")) ==
          "model.json: normalization.std[0]: 1e-50 is too small for a 32-bit float (must be > 0)");
  REQUIRE(load_error(edit("[0.5, -2]", "[0.5, \"x\"]")) == "model.json: normalization.mean[1]: expected a number, got the string \"x\"");
}

TEST_CASE("names and classes") {
  REQUIRE(load_error(edit("[\"a\", \"b\"]", "[\"a\"]")) == "model.json: inputs: expected 2 names (one per input) or none, got 1");
  REQUIRE(load_error(edit("[\"a\", \"b\"]", "[\"a\", 2]")) == "model.json: inputs[1]: expected a string, got 2");
  REQUIRE(load_error(edit("[\"a\", \"b\"]", "\"a,b\"")) == "model.json: inputs: expected an array, got the string \"a,b\"");
  REQUIRE(load_error(edit("[\"x\", \"y\"]", "[\"x\", \"y\", \"z\"]")) ==
          "model.json: outputs: expected 2 names (one per output) or none, got 3");
  // The class count must equal the output count.
  REQUIRE(load_error(edit("[\"cat\", \"dog\"]", "[\"cat\", \"dog\", \"bird\"]")) ==
          "model.json: classes: expected 2 class names (one per output) or none, got 3");
  REQUIRE(load_error(edit("[\"cat\", \"dog\"]", "[\"cat\"]")) ==
          "model.json: classes: expected 2 class names (one per output) or none, got 1");
  REQUIRE(load_error(edit("[\"cat\", \"dog\"]", "[\"cat\", \"cat\"]")) ==
          "model.json: classes[1]: duplicate class name \"cat\" (also classes[0])");
  const std::string one_output = R"({"format": "microdff-model", "version": 1, "topology": [1, 1],
    "activations": ["sigmoid"], "bias": false, "layers": [{"weights": [[2]]}], "classes": ["yes"]})";
  REQUIRE(load_error(one_output) == "model.json: classes: a model with one output cannot be a class model; use []");
  const std::string long_name(500, 'n');
  REQUIRE(load_error(edit("[\"cat\", \"dog\"]", "[\"" + long_name + "\", \"" + long_name + "\"]")) ==
          "model.json: classes[1]: duplicate class name \"" + long_name.substr(0, 60) + "\" (also classes[0])");
}

TEST_CASE("training settings") {
  const std::string no_training = kValid.substr(0, kValid.find("\"training\": {"));
  REQUIRE(load_error(no_training + "\"training\": 5}") == "model.json: training: expected an object, got 5");
  REQUIRE(load_error(edit("\"cross_entropy\"", "\"hinge\"")) ==
          "model.json: training.loss: unknown loss \"hinge\" (expected mse or cross_entropy)");
  REQUIRE(load_error(edit("\"adam\"", "\"rmsprop\"")) ==
          "model.json: training.optimizer: unknown optimizer \"rmsprop\" (expected sgd, momentum or adam)");
  REQUIRE(load_error(edit("\"he\"", "\"lecun\"")) == "model.json: training.init: unknown init \"lecun\" (expected uniform, xavier or he)");
  REQUIRE(load_error(edit("\"adam\"", "2")) == "model.json: training.optimizer: expected an optimizer name, got 2");
  REQUIRE(load_error(edit("\"learning_rate\": 0.01", "\"learning_rate\": 0")) ==
          "model.json: training.learning_rate: expected a number > 0, got 0");
  REQUIRE(load_error(edit("\"learning_rate\": 0.01", "\"learning_rate\": \"fast\"")) ==
          "model.json: training.learning_rate: expected a number, got the string \"fast\"");
  REQUIRE(load_error(edit("\"momentum\": 0.5", "\"momentum\": 1")) == "model.json: training.momentum: expected a number in [0, 1), got 1");
  REQUIRE(load_error(edit("\"beta1\": 0.8", "\"beta1\": -0.1")) == "model.json: training.beta1: expected a number in [0, 1), got -0.1");
  REQUIRE(load_error(edit("\"beta2\": 0.99", "\"beta2\": 1.5")) == "model.json: training.beta2: expected a number in [0, 1), got 1.5");
  REQUIRE(load_error(edit("\"epsilon\": 1e-7", "\"epsilon\": 0")) == "model.json: training.epsilon: expected a number > 0, got 0");
  REQUIRE(load_error(edit("\"l2\": 0.001", "\"l2\": -1")) == "model.json: training.l2: expected a number >= 0, got -1");
  REQUIRE(load_error(edit("\"batch_size\": 16", "\"batch_size\": 0")) ==
          "model.json: training.batch_size: expected an integer >= 1, got 0");
  REQUIRE(load_error(edit("\"batch_size\": 16", "\"batch_size\": 4294967296")) ==
          "model.json: training.batch_size: expected an integer from 0 to 4294967295, got 4294967296");
  REQUIRE(load_error(edit("\"shuffle\": false", "\"shuffle\": \"no\"")) ==
          "model.json: training.shuffle: expected true or false, got the string \"no\"");
  REQUIRE(load_error(edit("\"seed\": 18446744073709551615", "\"seed\": 18446744073709551616")) ==
          "model.json: training.seed: expected an integer from 0 to 18446744073709551615, got 1.84467441e+19");
  REQUIRE(load_error(edit("\"seed\": 18446744073709551615", "\"seed\": -1")) ==
          "model.json: training.seed: expected an integer from 0 to 18446744073709551615, got -1");
  REQUIRE(load_error(edit("\"epochs\": 300", "\"epochs\": 1.5")) ==
          "model.json: training.epochs: expected an integer from 0 to 4294967295, got 1.5");
  REQUIRE(load_error(edit("\"final_loss\": 0.125", "\"final_loss\": null")) ==
          "model.json: training.final_loss: expected a number, got null");
  // Cross-entropy is only defined for softmax or sigmoid outputs.
  REQUIRE(load_error(edit("\"softmax\"]", "\"linear\"]")) ==
          "model.json: training.loss: cross_entropy needs a softmax or sigmoid output layer");
}

TEST_CASE("the first problem is the one reported") {
  // Both the short row and the bad std are wrong: fields are checked in the order the format lists them.
  std::string text = edit("[9, 10, 11, 12]", "[9, 10, 11]");
  text.replace(text.find("[1, 2.5]"), 8, "[0, 0]");
  REQUIRE(load_error(text) == "model.json: layers[1].weights[2]: expected 4 numbers, got 3");
  text = edit("[1, 2.5]", "[0, 0]");
  text.replace(text.find("\"adam\""), 6, "\"adamw\"");
  REQUIRE(load_error(text) == "model.json: normalization.std[0]: expected a standard deviation > 0, got 0");
}

TEST_CASE("the example in docs/model-format.md is a real model file, written exactly so") {
  FILE* f = fopen(DFF_SOURCE_DIR "/docs/model-format.md", "rb");
  REQUIRE(f != nullptr);
  std::string doc;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) doc.append(buf, n);
  fclose(f);
  const size_t section = doc.find("## JSON model");
  REQUIRE(section != std::string::npos);
  const size_t start = doc.find("```json\n", section);
  REQUIRE(start != std::string::npos);
  const size_t end = doc.find("```\n", start + 8);
  const std::string example = doc.substr(start + 8, end - start - 8);
  dff::Result<DFF> m = dff::model_from_json(example, "docs example");
  REQUIRE(m.error() == "");
  REQUIRE(dff::model_to_json(m.value()) == example);
  // It is the trained seed example: every rounded prediction is right.
  const dff::Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  REQUIRE(m->predict(a).map(round) == s);

  const size_t minimal = doc.find("`{\"format\"", section);
  REQUIRE(minimal != std::string::npos);
  const std::string hand_written = doc.substr(minimal + 1, doc.find('`', minimal + 1) - minimal - 1);
  dff::Result<DFF> y = dff::model_from_json(hand_written, "docs minimal");
  REQUIRE(y.error() == "");
  REQUIRE(y->predict(dff::Matrix{{1.5f}})(0, 0) == 3.0f);
}

TEST_CASE("early stopping is recorded only when it ended training") {
  DFF m = make_model({3, 4, 2}, {Activation::kRelu, Activation::kSigmoid}, true, false);
  const std::string plain = dff::model_to_json(m);
  CHECK(plain.find("early_stop") == std::string::npos);
  m.training.epochs = 57;
  m.training.early_stop = 20;
  m.training.best_epoch = 37;
  const std::string text = dff::model_to_json(m);
  CHECK(text.find("\"early_stop\": 20,\n    \"best_epoch\": 37\n  }") != std::string::npos);
  dff::Result<DFF> back = dff::model_from_json(text, "model.json");
  REQUIRE(back.ok());
  CHECK(back->training.early_stop == 20u);
  CHECK(back->training.best_epoch == 37u);
  CHECK(dff::model_to_json(back.value()) == text);
  std::string later = text;
  later.replace(later.find("\"best_epoch\": 37"), 16, "\"best_epoch\": 58");
  CHECK(dff::model_from_json(later, "model.json").error() ==
        "model.json: training.best_epoch: expected an integer from 0 to 57, got 58");
}
