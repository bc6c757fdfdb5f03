#include "core/host/export/export_micropython_int8.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/host/export/export_micropython.h"
#include "core/host/export/exportable.h"
#include "core/host/export/python_literal.h"
#include "core/host/quantize/int8_blob.h"

namespace dff {
namespace {

template <class T>
std::vector<int64_t> ints(const std::vector<T>& v) {
  return std::vector<int64_t>(v.begin(), v.end());
}

// int8 values + `offset` as bytes.
std::vector<unsigned char> int8_bytes(const std::vector<int8_t>& v, int offset) {
  std::vector<unsigned char> out;
  for (const int8_t x : v) out.push_back(static_cast<unsigned char>(x + offset));
  return out;
}

// The module's helpers: the core's arithmetic (core/fixed_point.h, core/int8_network.h) in
// Python integers. Python's >> is a floor shift like the core's arithmetic shift.
std::string helpers(const std::string& name, uint32_t n_in, bool softmax) {
  const std::string n = std::to_string(n_in);
  std::string s;
  s += "\n\ndef _requantize(acc, m, s):\n";
  s += "    # round(acc * m / 2^s), halves up. floor(acc * m / 2^16) is built from 16- and 8-bit\n";
  s += "    # pieces as the core does, so no long integer is allocated.\n";
  s += "    lo = acc & 0xFFFF\n";
  s += "    t = (acc >> 16) * m + (((lo >> 8) * m + ((lo & 0xFF) * m >> 8)) >> 8)\n";
  s += "    return ((t >> (s - 17)) + 1) >> 1\n";
  s += "\n\ndef _dense(x, n_in, w, b, m, s, mn, sn, table, zero, lo, hi, n_out, y):\n";
  s += "    # y[j] = table[clamp(zero + requantised(b[j] + sum of w * x))]; w holds weight + 128 (bytes\n";
  s += "    # index fastest), so 128 * sum of x comes off once. mn, sn: leaky relu's factors for\n";
  s += "    # negative sums; table None for no lookup.\n";
  s += "    sx = 0\n    for i in range(n_in):\n        sx += x[i]\n    sx *= 128\n";
  s += "    k = 0\n    for j in range(n_out):\n";
  s += "        acc = b[j] - sx\n";
  s += "        for i in range(n_in):\n            acc += w[k + i] * x[i]\n";
  s += "        k += n_in\n";
  s += "        if mn is not None and acc < 0:\n            v = zero + _requantize(acc, mn[j], sn[j])\n";
  s += "        else:\n            v = zero + _requantize(acc, m[j], s[j])\n";
  s += "        if v < lo:\n            v = lo\n        elif v > hi:\n            v = hi\n";
  s += "        y[j] = v if table is None else table[v + 128]\n";
  if (softmax) {
    s += "\n\ndef _softmax(y, n, e):\n";
    s += "    # Probabilities (scale 1/256, zero point -128) from the exp table of the distance to the\n";
    s += "    # largest logit: p = round(e * r / 2^23) - 128 with r = (2^31 - 1) // sum of e.\n";
    s += "    top = y[0]\n    for k in range(1, n):\n        if y[k] > top:\n            top = y[k]\n";
    s += "    total = 0\n    for k in range(n):\n        total += e[top - y[k]]\n";
    s += "    inverse = 0x7FFFFFFF // total\n";
    s += "    for k in range(n):\n        p = (e[top - y[k]] * inverse + 0x400000) >> 23\n";
    s += "        y[k] = 127 if p > 255 else p - 128\n";
  }
  s += "\n\ndef _quantize(inputs, q):\n";
  s += "    # Raw inputs -> int8 levels from their float32 bits, as the core's int8_quantize_input:\n";
  s += "    # u = |x| * K * 2^(8 - X) truncated (limited to 2^30; NaN and infinities at the limit),\n";
  s += "    # q = clamp((sign * u + C + 128) >> 8).\n";
  s += "    if len(inputs) != " + n + ":\n";
  s += "        raise ValueError('" + name + ": expected " + n + " inputs')\n";
  s += "    b = _BITS\n    for i in range(" + n + "):\n";
  s += "        _pack_into('<f', b, 0, inputs[i])\n";
  s += "        top = b[3]\n        e8 = ((top << 1) | (b[2] >> 7)) & 0xFF\n";
  s += "        if e8 == 0xFF:\n            u = _LIMIT\n        else:\n";
  s += "            m = ((b[2] & 0x7F) << 16) | (b[1] << 8) | b[0]\n";
  s += "            if e8:\n                m |= 0x800000\n                sh = 142 + X[i] - e8\n";
  s += "            else:\n                sh = 141 + X[i]\n";
  s += "            if m == 0 or K[i] == 0:\n                u = 0\n";
  s += "            elif sh < 9:\n                u = _LIMIT\n";
  s += "            else:\n                u = min((m * K[i]) >> sh, _LIMIT)\n";
  s += "        r = ((-u if top & 0x80 else u) + C[i] + 128) >> 8\n";
  s += "        q[i] = -128 if r < -128 else (127 if r > 127 else r)\n";
  return s;
}

}  // namespace

Result<ExportedFile> export_micropython_int8(const DFF& model, const Int8Params& q, const ExportOptions& options) {
  const Result<ExportName> named = export_name(options.name, "micropython-int8");
  if (!named.ok()) return Error{named.error()};
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  Result<std::string> blob_bytes = model_to_int8_blob(model, q);
  if (!blob_bytes.ok()) return Error{blob_bytes.error()};
  Result<Int8Blob> blob = Int8Blob::parse(std::move(blob_bytes).value(), "int8 blob");
  if (!blob.ok()) return Error{blob.error()};

  const Topology& t = q.topology;
  const std::string& name = named->identifier;
  const bool classes = !model.class_names.empty();
  const bool softmax = t.activations[t.layer_count - 1] == Activation::kSoftmax;
  const std::string n_in = std::to_string(t.inputs());
  const std::string n_out = std::to_string(t.outputs());
  const Int8LayerParams& last = q.layers.back();
  uint32_t widest = 0;
  for (uint8_t l = 0; l <= t.layer_count; ++l) widest = std::max<uint32_t>(widest, t.widths[l]);

  std::string arrays;
  uint32_t weight_bytes = 0;
  // Weights as bytes of weight + 128, read in place; tables as int8 arrays (a 256-byte copy).
  auto add_bytes = [&](const std::string& array_name, const std::vector<int8_t>& v, bool weights) {
    arrays += weights ? python_bytes_call(array_name, "", int8_bytes(v, 128), 1)
                      : python_bytes_call(array_name, "array('b', ", int8_bytes(v, 0), 1);
    weight_bytes += static_cast<uint32_t>(v.size());
  };
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const Int8LayerParams& L = q.layers[l];
    const std::string k = std::to_string(l);
    const Activation a = t.activations[l];
    arrays += "\n# Layer " + k + ": " + std::to_string(t.widths[l]) + " -> " + std::to_string(t.widths[l + 1]) + ", " +
              activation_name(a) + ". W" + k + "[j * " + std::to_string(t.widths[l]) +
              " + i] - 128 is the weight from input i to neuron j;\n# per neuron the int32 bias B, multiplier M and shift S" +
              (L.neg_multipliers.empty() ? "" : " (MN, SN for negative sums)") +
              (L.table.empty() ? "" : ";\n# T[v + 128]: the output for pre-activation v") +
              (L.exp_table.empty() ? "" : ";\n# E: 2^15 * exp(-logit scale * distance to the largest logit)") + ".\n";
    add_bytes("W" + k, L.weights, true);
    arrays += python_int_tuple("B" + k, ints(L.biases));
    arrays += python_int_tuple("M" + k, ints(L.multipliers));
    arrays += python_int_tuple("S" + k, ints(L.shifts));
    if (!L.neg_multipliers.empty()) {
      arrays += python_int_tuple("MN" + k, ints(L.neg_multipliers));
      arrays += python_int_tuple("SN" + k, ints(L.neg_shifts));
    }
    if (!L.table.empty()) add_bytes("T" + k, L.table, false);
    if (!L.exp_table.empty()) arrays += python_int_tuple("E" + k, ints(L.exp_table));
  }

  // Self-test: a fixed int8 input touching every first-layer weight, and the core's outputs for it.
  std::vector<int8_t> test_in(t.inputs());
  for (uint32_t i = 0; i < t.inputs(); ++i) test_in[i] = static_cast<int8_t>((i * 73u + 41u) % 256u - 128u);
  const std::vector<int8_t> test_out = blob->run(test_in);

  std::string py;
  py += "# " + name + ".py: a microdff neural network as a full-integer int8 module for MicroPython.\n";
  py += "# Generated by microdff (dff export --format micropython-int8); module format " +
        std::to_string(kMicroPythonInt8FormatVersion) + ". Do not edit.\n#\n";
  py += "# Use: copy this file to the board (e.g. `mpremote cp " + name + ".py :`), then\n";
  py += "#     import " + name + "\n";
  py += "#     " + name + ".predict(raw_inputs)        # " + n_in + " numbers in INPUTS order -> list of " + n_out +
        " floats\n";
  if (classes) {
    py += "#     " + name + ".classify(raw_inputs)       # -> class index (largest int8 output, first on a tie)\n";
    py += "#     " + name + ".label(raw_inputs)          # -> its name, CLASSES[classify(raw_inputs)]\n";
  }
  py += "#     " + name + ".quantize_input(raw_inputs) # -> the " + n_in + " int8 inputs\n";
  py += "#     " + name + ".predict_int8(int8_inputs)  # -> the " + n_out + " int8 outputs\n";
  py += "#     " + name + ".selftest()                 # -> True if this board computes the core's int8 outputs\n#\n";
  py += "# Full-integer: int8 weights and activations, sums in Python integers, each sum requantised\n";
  py += "# with a 15-bit multiplier and a shift, sigmoid and tanh by 256-entry tables, softmax by an\n";
  py += "# exp table. No float from the int8 inputs to the int8 outputs, which are the same integers\n";
  py += "# as the microdff core's (blob-int8, c-int8) on every board; MicroPython allocates every\n";
  py += "# float, so this runs several times faster than the float module (--format micropython).\n";
  py += "# Input: the raw floats are quantised once (quantize_input), in integers from their float32\n";
  py += "# bits, normalisation folded in: int8 = round(x / INPUT_SCALE) + INPUT_ZERO_POINT.\n";
  py += "# Output: real value = OUTPUT_SCALE * (int8 - OUTPUT_ZERO_POINT)" +
        std::string(softmax ? " (probabilities).\n" : ".\n");
  py += "#\n# Network   ";
  for (uint8_t l = 0; l <= t.layer_count; ++l) py += (l ? "-" : "") + std::to_string(t.widths[l]);
  py += ", " + std::to_string(model.network().parameter_count()) + " parameters.\n";
  py += "# Data      " + std::to_string(weight_bytes) +
        " bytes of int8 weights and tables (WEIGHTS_BYTES), read in place from the\n";
  py += "#           weights' bytes literals (each weight + 128), the tables copied into int8 arrays;\n";
  py += "#           biases, multipliers and shifts as tuples of small integers.\n";
  py += "# Calls share module buffers, so they are not re-entrant.\n\n";

  py += "from array import array\n";
  py += "try:\n    from struct import pack_into as _pack_into\n";
  py += "except ImportError:  # older MicroPython\n    from ustruct import pack_into as _pack_into\n";
  py += "\n\n";
  py += "FORMAT_VERSION = " + std::to_string(kMicroPythonInt8FormatVersion) + "\n";
  py += "QUANTIZATION = 'int8'  # not a float module: the library's load() refuses it\n";
  py += python_shape_constants(model);
  py += "WEIGHTS_BYTES = " + std::to_string(weight_bytes) + "\n";
  py += "INPUT_ZERO_POINT = " + std::to_string(q.input_zero_point) + "\n";
  py += "OUTPUT_ZERO_POINT = " + std::to_string(last.output_zero_point) + "\n";
  py += "# The scales as float32 values (exactly the core's).\n";
  py += python_bytes_call("INPUT_SCALE, OUTPUT_SCALE", "array('f', ", float32_bytes({q.input_scale, last.output_scale}), 4);
  py += "\n# Input step per input: multiplier K and exponent X of the factor K * 2^-X (1 / (std * input\n";
  py += "# scale)), offset C (zero point and normalisation folded in, in 1/256 of a step).\n";
  py += python_int_tuple("K", ints(q.input_multipliers));
  py += python_int_tuple("X", ints(q.input_exponents));
  py += python_int_tuple("C", ints(q.input_offsets));
  py += arrays;

  py += "\n_LIMIT = 1 << 30\n_BITS = bytearray(4)\n";
  py += "_A = [0] * " + std::to_string(widest) + "  # int8 activations (lists index fastest)\n";
  py += "_B = [0] * " + std::to_string(widest) + "\n";
  py += "_Y = array('f', bytes(" + std::to_string(4 * t.outputs()) + "))\n";
  py += helpers(name, t.inputs(), softmax);

  // The layers from _A, alternating buffers; returns the buffer holding the last layer's output.
  std::string forward = "\n\ndef _forward():\n    # The layers on the int8 inputs in _A; returns the buffer holding the last outputs" +
                        std::string(softmax ? " (logits)" : "") + ".\n";
  const char* bufs[2] = {"_A", "_B"};
  int cur = 0;
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const Int8LayerParams& L = q.layers[l];
    const std::string k = std::to_string(l);
    forward += "    _dense(" + std::string(bufs[cur]) + ", " + std::to_string(t.widths[l]) + ", W" + k + ", B" + k + ", M" + k +
               ", S" + k + ", " + (L.neg_multipliers.empty() ? "None, None" : "MN" + k + ", SN" + k) + ", " +
               (L.table.empty() ? "None" : "T" + k) + ", " + std::to_string(L.requant_zero_point) + ", " +
               std::to_string(L.clamp_min) + ", " + std::to_string(L.clamp_max) + ", " +
               std::to_string(t.widths[l + 1]) + ", " + bufs[1 - cur] + ")\n";
    cur = 1 - cur;
  }
  forward += "    return " + std::string(bufs[cur]) + "\n";
  py += forward;
  const std::string run_softmax =
      softmax ? "    _softmax(y, " + n_out + ", E" + std::to_string(t.layer_count - 1) + ")\n" : std::string();

  py += "\n\ndef quantize_input(inputs):\n";
  py += "    \"\"\"Returns the " + n_in + " int8 inputs (list) for " + n_in + " raw inputs in INPUTS order.\"\"\"\n";
  py += "    _quantize(inputs, _A)\n    return [_A[i] for i in range(" + n_in + ")]\n";

  py += "\n\ndef predict_int8(inputs):\n";
  py += "    \"\"\"Returns the " + n_out + " int8 outputs (list) for " + n_in + " int8 inputs.\"\"\"\n";
  py += "    if len(inputs) != " + n_in + ":\n";
  py += "        raise ValueError('" + name + ": expected " + n_in + " inputs')\n";
  py += "    for i in range(" + n_in + "):\n        _A[i] = inputs[i]\n";
  py += "    y = _forward()\n" + run_softmax;
  py += "    return [y[k] for k in range(" + n_out + ")]\n";

  py += "\n\ndef predict(inputs):\n";
  py += "    \"\"\"Returns the " + n_out + " outputs (list of floats) for " + n_in +
        " raw inputs in INPUTS order.\"\"\"\n";
  py += "    _quantize(inputs, _A)\n    y = _forward()\n" + run_softmax;
  py += "    for k in range(" + n_out + "):\n        _Y[k] = (y[k] - OUTPUT_ZERO_POINT) * OUTPUT_SCALE\n";
  py += "    return [_Y[k] for k in range(" + n_out + ")]\n";

  if (classes) {
    py += "\n\ndef classify(inputs):\n";
    py += "    \"\"\"Returns the index of the largest int8 output" + std::string(softmax ? " (logit)" : "") +
          " (the first on a tie); CLASSES[index] names it.\"\"\"\n";
    py += "    _quantize(inputs, _A)\n    y = _forward()\n    best = 0\n";
    py += "    for k in range(1, " + n_out + "):\n        if y[k] > y[best]:\n            best = k\n";
    py += "    return best\n";
    py += "\n\ndef label(inputs):\n";
    py += "    \"\"\"Returns the name of the most likely class for raw inputs.\"\"\"\n";
    py += "    return CLASSES[classify(inputs)]\n";
  }

  py += "\n\ndef selftest():\n";
  py += "    \"\"\"True if predict_int8() on a stored input gives the microdff core's int8 outputs.\"\"\"\n";
  py += "    " + python_int_tuple("x", ints(test_in));
  py += "    return predict_int8(x) == [" ;
  for (size_t k = 0; k < test_out.size(); ++k) py += (k ? ", " : "") + std::to_string(test_out[k]);
  py += "]\n";
  return ExportedFile{std::move(py), std::nullopt};
}

}  // namespace dff
