#include "core/host/export/export_micropython.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/host/export/exportable.h"
#include "core/host/export/layout.h"
#include "core/host/export/python_literal.h"
#include "core/host/text/escape.h"

namespace dff {
namespace {

// `NAME = CONSTRUCTOR b'...')` at `indent`, CONSTRUCTOR being "array('f', " or "_f32(".
std::string float_array(const std::string& name, const std::string& constructor, const std::vector<float>& values,
                        const std::string& indent = "") {
  return python_bytes_call(name, constructor, float32_bytes(values), 4, indent);
}

// Short decimal text for comments; independent of the locale's decimal separator.
std::string number_text(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.6g", v);
  std::string s(buf);
  std::replace(s.begin(), s.end(), ',', '.');
  return s;
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

// The network's outputs for x computed in double and rounded to float, so the self-test
// values are the same bytes on every platform (float libm tanhf/expf differ by an ulp
// between glibc and the musl of the WebAssembly build; the page and dff must write one file).
std::vector<float> reference_outputs(const Network& net, const std::vector<float>& x) {
  const Topology& t = net.topology();
  std::vector<double> in(x.begin(), x.end());
  if (t.normalize)
    for (uint32_t i = 0; i < t.inputs(); ++i)
      in[i] = (in[i] - double{net.norm_mean()[i]}) / double{net.norm_std()[i]};
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
    const float* w = net.weights(l);
    std::vector<double> out(n_out);
    for (uint32_t j = 0; j < n_out; ++j) {
      double s = t.bias ? double{net.biases(l)[j]} : 0.0;
      for (uint32_t i = 0; i < n_in; ++i) s += double{w[static_cast<size_t>(i) * n_out + j]} * in[i];
      out[j] = s;
    }
    switch (t.activations[l]) {
      case Activation::kSigmoid: for (double& v : out) v = 1.0 / (1.0 + exp(-v)); break;
      case Activation::kRelu: for (double& v : out) v = v > 0.0 ? v : 0.0; break;
      case Activation::kLeakyRelu: for (double& v : out) v = v > 0.0 ? v : double{kLeakyReluSlope} * v; break;
      case Activation::kTanh: for (double& v : out) v = tanh(v); break;
      case Activation::kLinear: break;
      case Activation::kSoftmax: {
        const double max = *std::max_element(out.begin(), out.end());
        double sum = 0.0;
        for (double& v : out) sum += (v = exp(v - max));
        for (double& v : out) v /= sum;
        break;
      }
    }
    in = std::move(out);
  }
  return std::vector<float>(in.begin(), in.end());
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

std::string python_shape_constants(const DFF& model) {
  const Topology& t = model.topology();
  std::string topology = "(" + std::to_string(t.inputs()), activations = "(";
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    topology += ", " + std::to_string(t.widths[l + 1]);
    activations += std::string(l ? ", " : "") + "'" + activation_name(t.activations[l]) + "'";
  }
  topology += t.layer_count == 0 ? ",)" : ")";
  activations += t.layer_count == 1 ? ",)" : ")";
  return "INPUTS = " + python_str_tuple(model.input_names) + "\nOUTPUTS = " + python_str_tuple(model.output_names) +
         "\nCLASSES = " + python_str_tuple(model.class_names) + "\nINPUT_COUNT = " + std::to_string(t.inputs()) +
         "\nOUTPUT_COUNT = " + std::to_string(t.outputs()) + "\nTOPOLOGY = " + topology + "\nACTIVATIONS = " + activations +
         "\n";
}

Result<ExportedFile> export_micropython(const DFF& model, const ExportOptions& options) {
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
  WeightBytes weights;
  auto add_array = [&](const std::string& array_name, const std::vector<float>& values) {
    arrays += float_array(array_name, "_f32(", values);
    weights.add(values);
  };
  if (t.normalize) {
    arrays += "\n# Input normalisation, applied inside predict(): x[i] = (raw[i] - MEAN[i]) / STD[i].\n";
    add_array("MEAN", std::vector<float>(net.norm_mean(), net.norm_mean() + t.inputs()));
    add_array("STD", std::vector<float>(net.norm_std(), net.norm_std() + t.inputs()));
  }
  uint32_t widest = t.inputs();
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t in = t.widths[l], out = t.widths[l + 1];
    widest = std::max<uint32_t>(widest, out);
    arrays += "\n# Layer " + std::to_string(l) + ": " + std::to_string(in) + " -> " + std::to_string(out) + ", " +
              activation_name(t.activations[l]) + ". W" + std::to_string(l) + "[j * " + std::to_string(in) +
              " + i] connects input i to neuron j.\n";
    add_array("W" + std::to_string(l), neuron_major_weights(net, l));
    if (t.bias) add_array("B" + std::to_string(l), std::vector<float>(net.biases(l), net.biases(l) + out));
  }
  const uint32_t scratch_bytes = 2u * widest * static_cast<uint32_t>(sizeof(float));

  const std::vector<float> test_in = selftest_input(net);
  const std::vector<float> test_out = reference_outputs(net, test_in);
  if (std::any_of(test_out.begin(), test_out.end(), [](float v) { return !isfinite(v); }))
    return Error{"cannot export: the model's outputs overflow to a non-finite value on the self-test input"};

  const std::string weight_text = std::to_string(weights.bytes);
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
  const size_t column = std::max(weight_text.size(), scratch.size());
  const auto bytes_column = [&](const std::string& n) { return std::string(column - n.size(), ' ') + n + " bytes  "; };
  const std::string indent(column + 8, ' ');
  py += "# RAM after import (measured on MicroPython 1.27, 32-bit):\n";
  py += "#   " + bytes_column(weight_text) + "float32 weights" + (t.normalize ? " and normalisation" : "") +
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
  py += python_shape_constants(model);
  py += std::string("BIAS = ") + (t.bias ? "True" : "False") + "\n";
  py += std::string("NORMALIZE = ") + (t.normalize ? "True" : "False") + "\n";
  py += "WEIGHTS_BYTES = " + std::to_string(weights.bytes) + "\n";
  py += "SCRATCH_BYTES = " + std::to_string(scratch_bytes) + "\n";
  char crc_text[16];
  snprintf(crc_text, sizeof crc_text, "0x%08lx", static_cast<unsigned long>(weights.crc));
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
  return ExportedFile{std::move(py), std::nullopt};
}

}  // namespace dff
