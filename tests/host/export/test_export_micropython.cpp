// The MicroPython module text: names, escaping, structure, exact weight bytes and
// determinism. That the module computes what the model does is shown in real
// MicroPython by tests/micropython (ctest micropython_module).
#include <math.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/host/model/dff.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_micropython.h"
#include "core/host/export/exporters.h"

namespace {

using dff::Activation;
using dff::DFF;

DFF seed_model() {
  DFF ann({3, 4, 2});
  ann.input_names = {"i1", "i2", "i3"};
  ann.output_names = {"s1", "s2"};
  ann.class_names = {"s1", "s2"};
  for (uint8_t l = 0; l < 2; ++l)
    for (uint32_t j = 0; j < ann.topology().widths[l + 1]; ++j)
      ann.network().biases(l)[j] = 0.25f * static_cast<float>(j + 1) - 0.5f;
  return ann;
}

DFF normalized_model() {
  dff::ModelSpec spec;
  spec.widths = {4, 5, 3};
  spec.activations = {Activation::kTanh, Activation::kSoftmax};
  spec.normalize = true;
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF model = std::move(made).value();
  model.initialize(dff::Init::kXavier, 5);
  REQUIRE(model.set_normalization({5.8f, 3.0f, 3.7f, 1.2f}, {0.8f, 0.4f, 1.7f, 0.75f}).ok());
  model.class_names = {"setosa", "versicolor", "virginica"};
  return model;
}

std::string export_text(const DFF& model, const std::string& name = "model") {
  dff::ExportOptions options;
  options.name = name;
  const dff::Result<dff::ExportedFile> py = dff::export_micropython(model, options);
  REQUIRE(py.ok());
  return py->bytes;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// Decodes the escapes the exporter writes in bytes and str literals (the body between the quotes).
std::string decode_escapes(const std::string& body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case 'x': out += static_cast<char>(std::stoi(body.substr(i + 1, 2), nullptr, 16)); i += 2; break;
      default: FAIL("unexpected escape \\" << e);
    }
  }
  return out;
}

// The float32 values of `NAME = _f32(b'...' b'...')` in the module text.
std::vector<float> array_values(const std::string& py, const std::string& name) {
  const size_t start = py.find("\n" + name + " = _f32(");
  REQUIRE(start != std::string::npos);
  const size_t end = py.find(")\n", start);
  const std::string call = py.substr(start, end - start);
  std::string bytes;
  static const std::regex literal(R"(b'((?:[^'\\]|\\.)*)')");
  for (std::sregex_iterator it(call.begin(), call.end(), literal), stop; it != stop; ++it)
    bytes += decode_escapes((*it)[1].str());
  REQUIRE(bytes.size() % 4 == 0);
  std::vector<float> values(bytes.size() / 4);
  memcpy(values.data(), bytes.data(), bytes.size());  // the test host is little-endian like every MCU here
  return values;
}

}  // namespace

TEST_CASE("the seed model's module has the documented API and nothing but array, math and uctypes") {
  const DFF ann = seed_model();
  const std::string py = export_text(ann, "seed");
  for (const char* needed :
       {"def predict(inputs):", "def classify(inputs):", "def label(inputs):", "def selftest(tolerance=1e-4):",
        "\nINPUTS = ('i1', 'i2', 'i3')\n", "\nOUTPUTS = ('s1', 's2')\n", "\nCLASSES = ('s1', 's2')\n",
        "\nINPUT_COUNT = 3\n", "\nOUTPUT_COUNT = 2\n", "\nTOPOLOGY = (3, 4, 2)\n",
        "\nACTIVATIONS = ('sigmoid', 'sigmoid')\n", "\nBIAS = True\n", "\nNORMALIZE = False\n",
        "\nFORMAT_VERSION = 1\n", "\nWEIGHTS_BYTES = 104\n", "\nSCRATCH_BYTES = 32\n", "\nW0 = _f32(", "\nB0 = _f32(",
        "\nW1 = _f32(", "\nB1 = _f32(", "import seed\n", "seed.predict(raw_inputs)", "mpy-cross seed.py",
        "104 bytes  float32 weights", "32 bytes  float32 scratch (SCRATCH_BYTES: 2 x 4 floats",
        "raise ValueError('seed.predict: expected 3 inputs')"}) {
    INFO(needed);
    CHECK(contains(py, needed));
  }
  // Only the helpers the topology needs; no normalisation arrays.
  CHECK(contains(py, "def _sigmoid("));
  for (const char* absent : {"def _relu(", "def _leaky_relu(", "def _tanh(", "def _softmax(", "tanh", "MEAN", "STD"}) {
    INFO(absent);
    CHECK_FALSE(contains(py, absent));
  }
  for (const std::string& line : lines_of(py)) {
    INFO(line);
    if (line.rfind("import ", 0) == 0 || line.rfind("from ", 0) == 0 || contains(line, " import ")) {
      if (line[0] == '#') continue;
      const bool allowed = line == "from array import array" || line == "from math import exp" ||
                           line == "    import uctypes as _uctypes" || contains(line, "from math import tanh");
      CHECK(allowed);
    }
    CHECK(line.find('\t') == std::string::npos);
    CHECK(line.size() <= 110);
    if (line.empty()) continue;
    CHECK(line.back() != ' ');
    // Conservative Python: no f-strings (some MicroPython builds lack them).
    CHECK_FALSE(std::regex_search(line, std::regex(R"((^|[^A-Za-z0-9_'"])[fF]['"])")));
  }
  for (char c : py) CHECK(static_cast<unsigned char>(c) < 0x80);
}

TEST_CASE("weights, biases and normalisation are stored bit-exactly, neuron by neuron") {
  const DFF model = normalized_model();
  const dff::Network& net = model.network();
  const std::string py = export_text(model, "iris");
  std::vector<float> all;
  const auto expect_equal = [&](const std::string& name, const std::vector<float>& expected) {
    const std::vector<float> got = array_values(py, name);
    INFO(name);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(memcmp(&got[i], &expected[i], 4) == 0);
    all.insert(all.end(), got.begin(), got.end());
  };
  expect_equal("MEAN", {5.8f, 3.0f, 3.7f, 1.2f});
  expect_equal("STD", {0.8f, 0.4f, 1.7f, 0.75f});
  for (uint8_t l = 0; l < 2; ++l) {
    const uint32_t n_in = model.topology().widths[l], n_out = model.topology().widths[l + 1];
    std::vector<float> neuron_major(size_t{n_in} * n_out);
    for (uint32_t i = 0; i < n_in; ++i)
      for (uint32_t j = 0; j < n_out; ++j) neuron_major[j * n_in + i] = net.weights(l)[i * n_out + j];
    expect_equal("W" + std::to_string(l), neuron_major);
    expect_equal("B" + std::to_string(l), std::vector<float>(net.biases(l), net.biases(l) + n_out));
  }
  CHECK(contains(py, "\nWEIGHTS_BYTES = " + std::to_string(all.size() * 4) + "\n"));
  char crc[32];
  snprintf(crc, sizeof crc, "\nWEIGHTS_CRC32 = 0x%08lx\n",
           static_cast<unsigned long>(dff::crc32(reinterpret_cast<const uint8_t*>(all.data()), all.size() * 4)));
  CHECK(contains(py, crc));
  CHECK(contains(py, "        x[i] = (inputs[i] - MEAN[i]) / STD[i]\n"));
  CHECK(contains(py, "def _tanh("));
  CHECK(contains(py, "def _softmax("));
  CHECK(contains(py, "except ImportError:  # ports built without MICROPY_PY_MATH_SPECIAL_FUNCTIONS"));
}

TEST_CASE("WEIGHTS_CRC32 equals the C header's, as the module header says") {
  for (const DFF& model : {seed_model(), normalized_model()}) {
    dff::ExportOptions options;
    options.name = "same";
    const dff::Result<dff::ExportedFile> c = dff::export_c(model, options);
    REQUIRE(c.ok());
    const std::string py = export_text(model, "same");
    std::smatch py_crc;
    REQUIRE(std::regex_search(py, py_crc, std::regex("\nWEIGHTS_CRC32 = 0x([0-9a-f]{8})\n")));
    std::smatch c_crc;
    REQUIRE(std::regex_search(c->bytes, c_crc, std::regex("#define SAME_WEIGHTS_CRC32 UINT32_C\\(0x([0-9A-F]{8})\\)")));
    CHECK(std::stoul(py_crc[1].str(), nullptr, 16) == std::stoul(c_crc[1].str(), nullptr, 16));
  }
}

TEST_CASE("the bytes literals use the short escapes correctly") {
  DFF ann({2, 3}, Activation::kLinear, Activation::kLinear, true, 3);
  float* w = ann.network().weights(0);
  // Bytes that exercise every escape: 0x00 before an octal digit, quote, backslash, \n \r \t.
  const uint8_t tricky[6][4] = {{0x00, '0', 0x00, 0x40}, {'\'', '\\', 0x00, 0x3f}, {'\n', '\r', '\t', 0x3e},
                                {0x00, '7', '8', 0x3d},   {0x00, 0x00, 0x80, 0x3f}, {'a', 0x7f, 0x00, 0xbf}};
  for (int k = 0; k < 6; ++k) memcpy(&w[k], tricky[k], 4);
  const std::string py = export_text(ann);
  CHECK(contains(py, "\\x000"));   // \0 followed by '0' would read as one octal escape
  CHECK(contains(py, "\\x007"));
  CHECK(contains(py, "\\'\\\\\\0?"));
  CHECK(contains(py, "\\n\\r\\t>"));
  CHECK(contains(py, "\\0\\0\\x80?"));
  const std::vector<float> got = array_values(py, "W0");
  for (uint32_t i = 0; i < 2; ++i)
    for (uint32_t j = 0; j < 3; ++j) CHECK(memcmp(&got[j * 2 + i], &w[i * 3 + j], 4) == 0);
}

TEST_CASE("names are escaped into single-line literals; --name is sanitised everywhere it appears") {
  DFF model = seed_model();
  model.input_names = {"it's", "back\\slash", "new\nline"};
  model.output_names = {"'''", "\"\"\" #"};
  model.class_names = {"*/ \\x41", "caf\xC3\xA9\r"};
  const std::string py = export_text(model, "1 bad-name; import os");
  CHECK(contains(py, "\nINPUTS = ('it\\'s', 'back\\\\slash', 'new\\nline')\n"));
  CHECK(contains(py, "\nOUTPUTS = ('\\'\\'\\'', '\"\"\" #')\n"));
  CHECK(contains(py, "\nCLASSES = ('*/ \\\\x41', 'caf\xC3\xA9\\r')\n"));
  CHECK(contains(py, "import m_1_bad_name_import_os\n"));
  CHECK(contains(py, "raise ValueError('m_1_bad_name_import_os.predict: expected 3 inputs')"));
  CHECK_FALSE(contains(py, "bad-name"));
  CHECK_FALSE(contains(py, "import os\n"));
}

TEST_CASE("a regression model without biases has no classify and sums from zero") {
  DFF model({2, 3, 1}, Activation::kRelu, Activation::kLinear, false, 9);
  const std::string py = export_text(model);
  CHECK(contains(py, "\nCLASSES = ()\n"));
  CHECK(contains(py, "\nINPUTS = ()\n"));
  CHECK(contains(py, "\nBIAS = False\n"));
  CHECK(contains(py, "        s = 0.0\n"));
  CHECK(contains(py, "_dense(_A, 2, W0, None, 3, _B)"));
  CHECK(contains(py, "_dense(_B, 3, W1, None, 1, _A)"));
  CHECK_FALSE(contains(py, "def classify("));
  CHECK_FALSE(contains(py, "def label("));
  CHECK_FALSE(contains(py, "\nB0 = "));
  CHECK_FALSE(contains(py, "from math import exp"));  // relu and linear need no exp
  CHECK_FALSE(contains(py, "_linear("));
}

TEST_CASE("the export is deterministic and identical through export_model") {
  const DFF model = normalized_model();
  const std::string a = export_text(model, "iris");
  const DFF copy = model;
  CHECK(export_text(copy, "iris") == a);
  dff::ExportOptions options;
  options.name = "iris";
  const dff::Result<dff::ExportedFile> dispatched = dff::export_model(model, "micropython", options);
  REQUIRE(dispatched.ok());
  CHECK(dispatched->bytes == a);
  CHECK(export_text(model, "other") != a);
}

TEST_CASE("the module stays compact: a 64-32-10 network") {
  dff::ModelSpec spec;
  spec.widths = {64, 32, 10};
  spec.activations = {Activation::kSigmoid, Activation::kSoftmax};
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF model = std::move(made).value();
  model.initialize(dff::Init::kXavier, 21);
  const std::string py = export_text(model, "wide");
  const size_t weight_bytes = 4u * (64u * 32u + 32u + 32u * 10u + 10u);
  CHECK(contains(py, "\nWEIGHTS_BYTES = " + std::to_string(weight_bytes) + "\n"));
  CHECK(contains(py, "\nSCRATCH_BYTES = 512\n"));
  // \xNN for every byte would take 4 characters per weight byte; printable bytes and short escapes do better.
  CHECK(py.size() < 4 * weight_bytes);
}

TEST_CASE("models that cannot run are refused with the reason check_exportable gives") {
  dff::ExportOptions options;
  SECTION("a NaN weight") {
    DFF ann = seed_model();
    ann.network().weights(1)[5] = NAN;
    const dff::Result<dff::ExportedFile> py = dff::export_micropython(ann, options);
    REQUIRE_FALSE(py.ok());
    CHECK(py.error() == "cannot export: layer 1 weight [input 2 -> neuron 1] is NaN; retrain the model");
  }
  SECTION("an infinite bias") {
    DFF ann = seed_model();
    ann.network().biases(0)[3] = INFINITY;
    const dff::Result<dff::ExportedFile> py = dff::export_micropython(ann, options);
    REQUIRE_FALSE(py.ok());
    CHECK(py.error() == "cannot export: layer 0 bias of neuron 3 is infinite; retrain the model");
  }
  SECTION("a zero standard deviation") {
    DFF model = normalized_model();
    model.network().norm_std()[2] = 0.0f;
    const dff::Result<dff::ExportedFile> py = dff::export_micropython(model, options);
    REQUIRE_FALSE(py.ok());
    CHECK(py.error() == "cannot export: normalisation std of input 2 is 0 (inputs would divide by zero)");
  }
  SECTION("class names that do not match the outputs") {
    DFF ann = seed_model();
    ann.class_names = {"only one"};
    const dff::Result<dff::ExportedFile> py = dff::export_micropython(ann, options);
    REQUIRE_FALSE(py.ok());
    CHECK(py.error() == "cannot export: the model has 1 class names but 2 outputs");
  }
}
