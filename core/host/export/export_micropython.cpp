#include "core/host/export/export_micropython.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <algorithm>
#include <vector>

#include "core/crc32.h"

namespace dff {
namespace {

constexpr size_t kBytesLineWidth = 76;  // wrap bytes literals near this many characters

// Length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7: no overlongs,
// no surrogates, nothing above U+10FFFF), or 0 if the bytes there are not one.
size_t utf8_sequence_length(const std::string& s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) { n = 3; lo = 0xA0; }
  else if (c >= 0xE1 && c <= 0xEC) n = 3;
  else if (c == 0xED) { n = 3; hi = 0x9F; }
  else if (c >= 0xEE && c <= 0xEF) n = 3;
  else if (c == 0xF0) { n = 4; lo = 0x90; }
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) { n = 4; hi = 0x8F; }
  else return 0;
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

void append_hex_escape(std::string& out, unsigned char c) {
  static const char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Bytes literal chunks holding `values` as little-endian float32, one chunk per line
// of at most about kBytesLineWidth characters, each line ending on a whole float.
std::vector<std::string> bytes_literal_lines(const std::vector<float>& values) {
  std::vector<unsigned char> bytes;
  for (float v : values) {
    uint32_t bits = 0;
    memcpy(&bits, &v, sizeof bits);
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<unsigned char>((bits >> (8 * k)) & 0xFFu));
  }
  std::vector<std::string> lines;
  std::string line = "b'";
  for (size_t f = 0; f < bytes.size(); f += 4) {
    std::string piece;
    for (size_t i = f; i < f + 4; ++i) {
      const unsigned char c = bytes[i];
      const int next = i + 1 < bytes.size() ? bytes[i + 1] : -1;
      // Printable ASCII as itself (about a third of the bytes), short escapes where Python
      // has them, \xNN (exactly two hex digits) otherwise. \0 is an octal escape of up to
      // three digits, so it is used only when no digit 0-7 follows.
      if (c == '\'' || c == '\\') {
        piece += '\\';
        piece += static_cast<char>(c);
      } else if (c >= 0x20 && c < 0x7F) {
        piece += static_cast<char>(c);
      } else if (c == '\n') {
        piece += "\\n";
      } else if (c == '\r') {
        piece += "\\r";
      } else if (c == '\t') {
        piece += "\\t";
      } else if (c == 0 && !(next >= '0' && next <= '7')) {
        piece += "\\0";
      } else {
        append_hex_escape(piece, c);
      }
    }
    if (line.size() > 2 && line.size() + piece.size() + 1 > kBytesLineWidth) {
      lines.push_back(line + "'");
      line = "b'";
    }
    line += piece;
  }
  lines.push_back(line + "'");
  return lines;
}

// `NAME = CONSTRUCTOR b'...')` at `indent`, CONSTRUCTOR being "array('f', " or "_f32(";
// long data is wrapped over several lines inside the call's parentheses.
std::string float_array(const std::string& name, const std::string& constructor, const std::vector<float>& values,
                        const std::string& indent = "") {
  const std::vector<std::string> lines = bytes_literal_lines(values);
  if (lines.size() == 1) return indent + name + " = " + constructor + lines[0] + ")\n";
  std::string out = indent + name + " = " + constructor + "(\n";
  for (size_t i = 0; i < lines.size(); ++i)
    out += indent + "    " + lines[i] + (i + 1 < lines.size() ? "\n" : "))\n");
  return out;
}

std::string tuple_of_names(const std::vector<std::string>& names) {
  if (names.empty()) return "()";
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + python_string_literal(names[i]);
  return out + (names.size() == 1 ? ",)" : ")");
}

// Short decimal text for comments; independent of the locale's decimal separator.
std::string number_text(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.6g", v);
  std::string s(buf);
  std::replace(s.begin(), s.end(), ',', '.');
  return s;
}

// First non-finite value in `values`, or -1.
long first_non_finite(const float* values, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!isfinite(values[i])) return static_cast<long>(i);
  return -1;
}

Outcome check_exportable(const DFF& model) {
  const Network& net = model.network();
  if (!net.valid()) return Error{"cannot export: the model has no network"};
  const Topology& t = net.topology();
  if (t.normalize) {
    for (uint32_t i = 0; i < t.inputs(); ++i) {
      if (!isfinite(net.norm_mean()[i])) return Error{"cannot export: normalisation mean of input " + std::to_string(i) + " is not finite"};
      const float sd = net.norm_std()[i];
      if (!isfinite(sd) || sd == 0.0f)
        return Error{"cannot export: normalisation std of input " + std::to_string(i) + " is " +
                     (sd == 0.0f ? "zero" : "not finite") + " (inputs would be divided by it)"};
    }
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
    const long w = first_non_finite(net.weights(l), size_t{n_in} * n_out);
    if (w >= 0)
      return Error{"cannot export: layer " + std::to_string(l) + " weight [input " + std::to_string(static_cast<uint64_t>(w) / n_out) +
                   " -> neuron " + std::to_string(static_cast<uint64_t>(w) % n_out) + "] is not finite (retrain with a lower learning rate)"};
    if (t.bias) {
      const long b = first_non_finite(net.biases(l), n_out);
      if (b >= 0)
        return Error{"cannot export: layer " + std::to_string(l) + " bias of neuron " + std::to_string(b) +
                     " is not finite (retrain with a lower learning rate)"};
    }
  }
  if (!model.class_names.empty() && model.class_names.size() != t.outputs())
    return Error{"cannot export: " + std::to_string(model.class_names.size()) + " class names for " +
                 std::to_string(t.outputs()) + " outputs"};
  if (!model.input_names.empty() && model.input_names.size() != t.inputs())
    return Error{"cannot export: " + std::to_string(model.input_names.size()) + " input names for " +
                 std::to_string(t.inputs()) + " inputs"};
  if (!model.output_names.empty() && model.output_names.size() != t.outputs())
    return Error{"cannot export: " + std::to_string(model.output_names.size()) + " output names for " +
                 std::to_string(t.outputs()) + " outputs"};
  return true;
}

// Weights of `layer` neuron by neuron: [j * n_in + i] connects input i to neuron j.
std::vector<float> neuron_major(const Network& net, uint8_t layer) {
  const uint32_t n_in = net.topology().widths[layer], n_out = net.topology().widths[layer + 1];
  const float* w = net.weights(layer);
  std::vector<float> out(size_t{n_in} * n_out);
  for (uint32_t i = 0; i < n_in; ++i)
    for (uint32_t j = 0; j < n_out; ++j) out[size_t{j} * n_in + i] = w[size_t{i} * n_out + j];
  return out;
}

// A deterministic input that exercises every first-layer weight: raw values whose
// normalised form is a fixed pattern of non-zero numbers.
std::vector<float> selftest_input(const Network& net) {
  static const float kPattern[] = {0.5f, -1.0f, 1.5f, -0.25f, 0.75f, -1.25f, 1.0f};
  const Topology& t = net.topology();
  std::vector<float> x(t.inputs());
  for (uint32_t i = 0; i < t.inputs(); ++i) {
    const float z = kPattern[i % (sizeof kPattern / sizeof kPattern[0])];
    x[i] = t.normalize ? net.norm_mean()[i] + net.norm_std()[i] * z : z;
  }
  return x;
}

bool uses(const Topology& t, Activation a) {
  for (uint8_t l = 0; l < t.layer_count; ++l)
    if (t.activations[l] == a) return true;
  return false;
}

std::string activation_helpers(const Topology& t) {
  std::string s;
  if (uses(t, Activation::kSigmoid))
    s += "\n\ndef _sigmoid(y, n):\n"
         "    for j in range(n):\n"
         "        v = y[j]\n"
         "        # 0 below -88 (the core gives < 1e-38 there): exp(-v) would overflow float32 ports.\n"
         "        y[j] = 1.0 / (1.0 + exp(-v)) if v > -88.0 else 0.0\n";
  if (uses(t, Activation::kRelu))
    s += "\n\ndef _relu(y, n):\n"
         "    for j in range(n):\n"
         "        if not y[j] > 0.0:\n"
         "            y[j] = 0.0\n";
  if (uses(t, Activation::kLeakyRelu))
    s += "\n\ndef _leaky_relu(y, n):\n"
         "    for j in range(n):\n"
         "        v = y[j]\n"
         "        if not v > 0.0:\n"
         "            y[j] = 0.01 * v\n";
  if (uses(t, Activation::kTanh))
    s += "\n\ndef _tanh(y, n):\n"
         "    for j in range(n):\n"
         "        y[j] = tanh(y[j])\n";
  if (uses(t, Activation::kSoftmax))
    s += "\n\ndef _softmax(y, n):\n"
         "    # Subtracting the largest value keeps exp() from overflowing, as in the core.\n"
         "    m = y[0]\n"
         "    for j in range(1, n):\n"
         "        if y[j] > m:\n"
         "            m = y[j]\n"
         "    total = 0.0\n"
         "    for j in range(n):\n"
         "        e = exp(y[j] - m)\n"
         "        y[j] = e\n"
         "        total += e\n"
         "    for j in range(n):\n"
         "        y[j] = y[j] / total\n";
  return s;
}

std::string training_text(const DFF& model) {
  const TrainSettings& tr = model.training;
  if (tr.epochs == 0) return "not trained (initial weights: " + std::string(init_name(tr.init)) + ")";
  const TrainOptions& o = tr.options;
  std::string s = std::to_string(tr.epochs) + " epochs, " + loss_name(o.loss) + " loss, " +
                  optimizer_name(o.optimizer) + ", learning rate " +
                  number_text(static_cast<double>(o.learning_rate)) + ", batch " + std::to_string(o.batch_size);
  if (o.l2 > 0.0f) s += ", l2 " + number_text(static_cast<double>(o.l2));
  if (tr.final_loss >= 0.0f) s += ", final loss " + number_text(static_cast<double>(tr.final_loss));
  return s;
}

}  // namespace

std::string python_string_literal(const std::string& text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\'' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == 0x7F) {
        append_hex_escape(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // Raw UTF-8 rather than \u escapes: MicroPython builds without unicode support
    // reject \u escapes above 0xff but keep UTF-8 bytes in literals as they are.
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out + "'";
}

Result<std::string> export_micropython(const DFF& model, const ExportOptions& options) {
  const Result<ExportName> named = export_name(options.name, "micropython");
  if (!named.ok()) return Error{named.error()};
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  const Network& net = model.network();
  const Topology& t = net.topology();
  const std::string& name = named->identifier;
  const bool classes = !model.class_names.empty();
  const std::string n_in = std::to_string(t.inputs());
  const std::string n_out = std::to_string(t.outputs());

  // Numeric data in module order; WEIGHTS_BYTES and WEIGHTS_CRC32 cover exactly these
  // bytes, in the same order and layout as the C header's arrays.
  std::string arrays;
  uint32_t crc = 0;
  uint32_t weight_bytes = 0;
  auto add_array = [&](const std::string& array_name, const std::vector<float>& values) {
    arrays += float_array(array_name, "_f32(", values);
    for (float v : values) {
      uint8_t le[4];
      uint32_t bits = 0;
      memcpy(&bits, &v, sizeof bits);
      for (int k = 0; k < 4; ++k) le[k] = static_cast<uint8_t>((bits >> (8 * k)) & 0xFFu);
      crc = crc32(le, sizeof le, crc);
    }
    weight_bytes += static_cast<uint32_t>(values.size() * sizeof(float));
  };
  if (t.normalize) {
    arrays += "\n# Input normalisation, applied inside predict(): x[i] = (raw[i] - MEAN[i]) / STD[i].\n";
    add_array("MEAN", std::vector<float>(net.norm_mean(), net.norm_mean() + t.inputs()));
    add_array("STD", std::vector<float>(net.norm_std(), net.norm_std() + t.inputs()));
  }
  uint32_t widest = t.inputs();
  std::string topology = "(" + n_in;
  std::string activations = "(";
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t in = t.widths[l], out = t.widths[l + 1];
    widest = std::max<uint32_t>(widest, out);
    topology += ", " + std::to_string(out);
    activations += std::string(l ? ", " : "") + "'" + activation_name(t.activations[l]) + "'";
    arrays += "\n# Layer " + std::to_string(l) + ": " + std::to_string(in) + " -> " + std::to_string(out) + ", " +
              activation_name(t.activations[l]) + ". W" + std::to_string(l) + "[j * " + std::to_string(in) +
              " + i] connects input i to neuron j.\n";
    add_array("W" + std::to_string(l), neuron_major(net, l));
    if (t.bias) add_array("B" + std::to_string(l), std::vector<float>(net.biases(l), net.biases(l) + out));
  }
  topology += t.layer_count == 0 ? ",)" : ")";
  activations += t.layer_count == 1 ? ",)" : ")";
  const uint32_t scratch_bytes = 2u * widest * static_cast<uint32_t>(sizeof(float));

  const std::vector<float> test_in = selftest_input(net);
  std::vector<float> test_out(t.outputs());
  const Status predicted = net.predict(test_in.data(), t.inputs(), test_out.data(), t.outputs());
  if (!predicted.ok()) return error_from(predicted, "cannot export");
  if (first_non_finite(test_out.data(), test_out.size()) >= 0)
    return Error{"cannot export: the model's outputs overflow to a non-finite value on the self-test input"};

  const std::string weights = std::to_string(weight_bytes);
  const std::string scratch = std::to_string(scratch_bytes);
  std::string py;
  py += "# " + name + ".py: a microdff neural network as a pure-Python module for MicroPython.\n";
  py += "# Generated by microdff (dff export --format micropython); module format " +
        std::to_string(kMicroPythonFormatVersion) + ". Do not edit.\n#\n";
  py += "# Use: copy this file to the board (e.g. `mpremote cp " + name + ".py :`), then\n";
  py += "#     import " + name + "\n";
  py += "#     " + name + ".predict(raw_inputs)   # " + n_in + " numbers in INPUTS order -> list of " + n_out +
        " floats\n";
  if (classes) {
    py += "#     " + name + ".classify(raw_inputs)  # -> class index, the largest output (first on a tie)\n";
    py += "#     " + name + ".label(raw_inputs)     # -> its name, CLASSES[classify(raw_inputs)]\n";
  }
  py += "#     " + name + ".selftest()            # -> True if this board reproduces the exporter's result\n";
  py += "# Raw readings go in: " +
        std::string(t.normalize ? "the input normalisation is applied inside." : "the model uses no input normalisation.") +
        "\n";
  py += "# Uses only the built-in array, math and (if present) uctypes modules; runs on CPython 3 too.\n#\n";
  py += "# Network   ";
  for (uint8_t l = 0; l <= t.layer_count; ++l) py += (l ? "-" : "") + std::to_string(t.widths[l]);
  py += ", " + std::to_string(net.parameter_count()) + " parameters, biases " + (t.bias ? "on" : "off") +
        (t.normalize ? ", input normalisation" : "") + ".\n";
  for (uint8_t l = 0; l < t.layer_count; ++l)
    py += "#   layer " + std::to_string(l) + ": " + std::to_string(t.widths[l]) + " -> " +
          std::to_string(t.widths[l + 1]) + ", " + activation_name(t.activations[l]) + "\n";
  py += "# Training  " + training_text(model) + ".\n#\n";
  const size_t column = std::max(weights.size(), scratch.size());
  const auto bytes_column = [&](const std::string& n) { return std::string(column - n.size(), ' ') + n + " bytes  "; };
  const std::string indent(column + 8, ' ');
  py += "# RAM after import (measured on MicroPython 1.27, 32-bit):\n";
  py += "#   " + bytes_column(weights) + "float32 weights" + (t.normalize ? " and normalisation" : "") +
        " (WEIGHTS_BYTES), read in place from the\n";
  py += "#   " + indent + "bytes literals below through uctypes; without uctypes (and on\n";
  py += "#   " + indent + "CPython) they are copied into arrays, which takes twice as much;\n";
  py += "#   " + bytes_column(scratch) + "float32 scratch (SCRATCH_BYTES: 2 x " + std::to_string(widest) +
        " floats, shared by all\n";
  py += "#   " + indent + "calls, so not re-entrant);\n";
  py += "#   plus 4 to 7 KB for the module's code and names.\n";
  py += "# Each call allocates a few short-lived float objects. Importing the .py compiles it on the\n";
  py += "# board, which briefly needs more; if that fails with MemoryError, precompile it\n";
  py += "# (`mpy-cross " + name + ".py`, then copy " + name + ".mpy instead) or freeze it into the firmware.\n";
  py += "# Data: little-endian IEEE 754 float32 (as on every MicroPython port). WEIGHTS_CRC32 is the\n";
  py += "# CRC-32 (zlib) of those bytes in file order, equal to the C header's for the same model.\n\n";

  py += "from array import array\n";
  const bool need_exp = uses(t, Activation::kSigmoid) || uses(t, Activation::kSoftmax) || uses(t, Activation::kTanh);
  if (need_exp) py += "from math import exp\n";
  if (uses(t, Activation::kTanh)) {
    py += "\ntry:\n    from math import tanh\n";
    py += "except ImportError:  # ports built without MICROPY_PY_MATH_SPECIAL_FUNCTIONS\n";
    py += "    def tanh(x):\n";
    py += "        if x > 20.0:\n            return 1.0\n";
    py += "        if x < -20.0:\n            return -1.0\n";
    py += "        e = exp(2.0 * x)\n        return (e - 1.0) / (e + 1.0)\n";
  }
  py += "\ntry:\n    import uctypes as _uctypes\n";
  py += "except ImportError:  # CPython, or a port without uctypes\n    _uctypes = None\n";
  py += "\nif array('f', b'\\x00\\x00\\x80?')[0] != 1.0:\n";
  py += "    raise ImportError('" + name + ": needs little-endian IEEE 754 float32 arrays')\n";
  py += "\n_KEEP = []\n\n\ndef _f32(data):\n";
  py += "    # The float32 values in `data` as a read-only sequence. MicroPython keeps a module's bytes\n";
  py += "    # literals in RAM anyway, so a uctypes view avoids a second copy; it needs 4-byte alignment.\n";
  py += "    if _uctypes is None or _uctypes.addressof(data) & 3:\n        return array('f', data)\n";
  py += "    _KEEP.append(data)  # the view holds only the address: keep the bytes alive\n";
  py += "    layout = {'v': (_uctypes.ARRAY, _uctypes.FLOAT32 | (len(data) // 4))}\n";
  py += "    return _uctypes.struct(_uctypes.addressof(data), layout).v\n\n\n";

  py += "FORMAT_VERSION = " + std::to_string(kMicroPythonFormatVersion) + "\n";
  py += "INPUTS = " + tuple_of_names(model.input_names) + "\n";
  py += "OUTPUTS = " + tuple_of_names(model.output_names) + "\n";
  py += "CLASSES = " + tuple_of_names(model.class_names) + "\n";
  py += "INPUT_COUNT = " + n_in + "\n";
  py += "OUTPUT_COUNT = " + n_out + "\n";
  py += "TOPOLOGY = " + topology + "\n";
  py += "ACTIVATIONS = " + activations + "\n";
  py += std::string("BIAS = ") + (t.bias ? "True" : "False") + "\n";
  py += std::string("NORMALIZE = ") + (t.normalize ? "True" : "False") + "\n";
  py += "WEIGHTS_BYTES = " + std::to_string(weight_bytes) + "\n";
  py += "SCRATCH_BYTES = " + std::to_string(scratch_bytes) + "\n";
  char crc_text[16];
  snprintf(crc_text, sizeof crc_text, "0x%08lx", static_cast<unsigned long>(crc));
  py += "WEIGHTS_CRC32 = " + std::string(crc_text) + "\n";
  py += arrays;

  py += "\n_A = array('f', bytes(" + std::to_string(4 * widest) + "))\n";
  py += "_B = array('f', bytes(" + std::to_string(4 * widest) + "))\n";
  py += "\n\ndef _dense(x, n_in, w, b, n_out, y):\n";
  py += "    # y[j] = b[j] + sum of x[i] * w[j * n_in + i], summed in input order as the core does.\n";
  py += "    k = 0\n    for j in range(n_out):\n";
  py += t.bias ? "        s = b[j]\n" : "        s = 0.0\n";
  py += "        for i in range(n_in):\n            s += x[i] * w[k + i]\n";
  py += "        k += n_in\n        y[j] = s\n";
  py += activation_helpers(t);

  py += "\n\ndef predict(inputs):\n";
  py += "    \"\"\"Returns the " + n_out + " outputs (list of floats) for " + n_in +
        " raw inputs in INPUTS order.\"\"\"\n";
  py += "    if len(inputs) != " + n_in + ":\n";
  py += "        raise ValueError('" + name + ".predict: expected " + n_in + " inputs')\n";
  py += "    x = _A\n    for i in range(" + n_in + "):\n";
  py += t.normalize ? "        x[i] = (inputs[i] - MEAN[i]) / STD[i]\n" : "        x[i] = inputs[i]\n";
  const char* bufs[2] = {"_A", "_B"};
  int cur = 0;
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const std::string lw = std::to_string(l);
    const std::string w_out = std::to_string(t.widths[l + 1]);
    const std::string dst = bufs[1 - cur];
    py += "    _dense(" + std::string(bufs[cur]) + ", " + std::to_string(t.widths[l]) + ", W" + lw + ", " +
          (t.bias ? "B" + lw : "None") + ", " + w_out + ", " + dst + ")\n";
    if (t.activations[l] != Activation::kLinear)
      py += "    _" + std::string(activation_name(t.activations[l])) + "(" + dst + ", " + w_out + ")\n";
    cur = 1 - cur;
  }
  py += "    y = " + std::string(bufs[cur]) + "\n";
  py += "    return [y[j] for j in range(" + n_out + ")]\n";

  if (classes) {
    py += "\n\ndef classify(inputs):\n";
    py += "    \"\"\"Returns the index of the largest output (the first on a tie); CLASSES[index] names it.\"\"\"\n";
    py += "    y = predict(inputs)\n    best = 0\n";
    py += "    for j in range(1, " + n_out + "):\n        if y[j] > y[best]:\n            best = j\n";
    py += "    return best\n";
    py += "\n\ndef label(inputs):\n";
    py += "    \"\"\"Returns the name of the most likely class for raw inputs.\"\"\"\n";
    py += "    return CLASSES[classify(inputs)]\n";
  }

  py += "\n\ndef selftest(tolerance=1e-4):\n";
  py += "    \"\"\"True if predict() on a stored input reproduces the exporter's outputs within tolerance.\"\"\"\n";
  py += float_array("x", "array('f', ", test_in, "    ");
  py += float_array("expected", "array('f', ", test_out, "    ");
  py += "    y = predict(x)\n";
  py += "    for j in range(" + n_out + "):\n";
  py += "        if not abs(y[j] - expected[j]) <= tolerance:\n            return False\n";
  py += "    return True\n";
  return py;
}

}  // namespace dff
