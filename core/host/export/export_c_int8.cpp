#include "core/host/export/export_c_int8.h"

#include <math.h>

#include "core/host/export/export_c_common.h"
#include "core/host/export/exportable.h"

namespace dff {
namespace {

// Below this a vector or a neuron's weights count as all zero: 127 / max must stay finite.
constexpr float kTinyMagnitude = 1e-30f;

int8_t round_to_int8(float v) {
  // Round half away from zero, written exactly as in the generated header.
  return static_cast<int8_t>(v >= 0.0f ? v + 0.5f : v - 0.5f);
}

// The generated P_dense_(): same statements in the same order.
void dense_int8(const float* in, const Int8Layer& layer, float* out, int8_t* q) {
  const uint32_t n_in = layer.inputs;
  float max_abs = 0.0f, x_scale = 0.0f, to_int = 0.0f;
  for (uint32_t i = 0; i < n_in; ++i) {
    const float a = fabsf(in[i]);
    if (a > max_abs) max_abs = a;
  }
  if (max_abs > kTinyMagnitude) {
    to_int = 127.0f / max_abs;
    x_scale = max_abs / 127.0f;
  }
  for (uint32_t i = 0; i < n_in; ++i) q[i] = round_to_int8(in[i] * to_int);
  const int8_t* w = layer.weights.data();
  for (uint32_t j = 0; j < layer.outputs; ++j) {
    int32_t acc = 0;
    for (uint32_t i = 0; i < n_in; ++i) acc += w[i] * q[i];
    w += n_in;
    out[j] = layer.biases.empty() ? static_cast<float>(acc) * (layer.scales[j] * x_scale)
                                  : static_cast<float>(acc) * (layer.scales[j] * x_scale) + layer.biases[j];
  }
}

std::string int8_array(const std::string& name, const std::string& flash_macro, const std::vector<int8_t>& values) {
  std::string out = "static const int8_t " + name + "[" + std::to_string(values.size()) + "] " + flash_macro + " = {";
  for (size_t i = 0; i < values.size(); ++i) {
    out += i % 20 == 0 ? "\n    " : " ";
    out += std::to_string(values[i]) + (i + 1 < values.size() ? "," : "");
  }
  return out + "\n};\n";
}

}  // namespace

Result<Int8Model> quantize_int8(const DFF& model) {
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  const Network& net = model.network();
  const Topology& t = net.topology();
  Int8Model q;
  q.topology = t;
  if (t.normalize) {
    q.mean.assign(net.norm_mean(), net.norm_mean() + t.inputs());
    q.stddev.assign(net.norm_std(), net.norm_std() + t.inputs());
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    Int8Layer layer;
    layer.inputs = t.widths[l];
    layer.outputs = t.widths[l + 1];
    const std::vector<float> w = neuron_major_weights(net, l);
    layer.weights.resize(w.size());
    layer.scales.resize(layer.outputs);
    for (uint32_t j = 0; j < layer.outputs; ++j) {
      const float* row = w.data() + static_cast<size_t>(j) * layer.inputs;
      int8_t* qrow = layer.weights.data() + static_cast<size_t>(j) * layer.inputs;
      float max_abs = 0.0f;
      for (uint32_t i = 0; i < layer.inputs; ++i) max_abs = fmaxf(max_abs, fabsf(row[i]));
      const float scale = max_abs > kTinyMagnitude ? max_abs / 127.0f : 0.0f;
      layer.scales[j] = scale;
      for (uint32_t i = 0; i < layer.inputs; ++i) {
        const float v = scale > 0.0f ? row[i] / scale : 0.0f;
        qrow[i] = round_to_int8(fminf(127.0f, fmaxf(-127.0f, v)));
      }
    }
    if (t.bias) layer.biases.assign(net.biases(l), net.biases(l) + layer.outputs);
    q.layers.push_back(std::move(layer));
  }
  return q;
}

void predict_int8(const Int8Model& model, const float* input, float* output) {
  const Topology& t = model.topology;
  uint32_t widest = t.inputs();
  for (uint8_t l = 1; l <= t.layer_count; ++l) widest = widest > t.widths[l] ? widest : t.widths[l];
  std::vector<float> a(widest), b(widest);
  std::vector<int8_t> q(widest);
  const float* in = input;
  if (t.normalize) {
    for (uint32_t i = 0; i < t.inputs(); ++i) a[i] = (input[i] - model.mean[i]) / model.stddev[i];
    in = a.data();
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    float* out = in == a.data() ? b.data() : a.data();
    dense_int8(in, model.layers[l], out, q.data());
    activate_vector(t.activations[l], out, t.widths[l + 1]);
    in = out;
  }
  for (uint32_t k = 0; k < t.outputs(); ++k) output[k] = in[k];
}

Result<Matrix> predict_int8(const DFF& model, const Matrix& inputs) {
  Result<Int8Model> q = quantize_int8(model);
  if (!q.ok()) return Error{q.error()};
  const Topology& t = model.topology();
  if (inputs.cols() != t.inputs())
    return Error{"the data has " + std::to_string(inputs.cols()) + " input columns but the network expects " +
                 std::to_string(t.inputs())};
  Matrix out(inputs.rows(), t.outputs());
  for (uint32_t r = 0; r < inputs.rows(); ++r)
    predict_int8(q.value(), inputs.data() + static_cast<size_t>(r) * inputs.cols(),
                 out.data() + static_cast<size_t>(r) * out.cols());
  return out;
}

Result<Int8Calibration> calibrate_int8(const DFF& model, const Dataset& data) {
  Result<Int8Model> q = quantize_int8(model);
  if (!q.ok()) return Error{q.error()};
  const Topology& t = model.topology();
  if (data.input_width != t.inputs())
    return Error{"the calibration data has " + std::to_string(data.input_width) +
                 " input columns but the network expects " + std::to_string(t.inputs())};
  const bool has_labels = !data.labels.empty() && data.labels.size() == data.rows;
  const bool has_one_hot = data.target_width == t.outputs() && data.targets.size() == size_t{data.rows} * t.outputs();
  const bool score = !model.class_names.empty() && (has_labels || has_one_hot);
  Int8Calibration c;
  c.samples = data.rows;
  uint32_t float_right = 0, int8_right = 0;
  std::vector<float> fo(t.outputs()), qo(t.outputs());
  auto argmax = [](const std::vector<float>& v) {
    uint32_t best = 0;
    for (uint32_t k = 1; k < v.size(); ++k)
      if (v[k] > v[best]) best = k;
    return best;
  };
  for (uint32_t r = 0; r < data.rows; ++r) {
    const float* x = data.inputs.data() + static_cast<size_t>(r) * data.input_width;
    const float* y = model.network().forward(x);
    fo.assign(y, y + t.outputs());
    predict_int8(q.value(), x, qo.data());
    for (uint32_t k = 0; k < t.outputs(); ++k) c.max_abs_difference = fmaxf(c.max_abs_difference, fabsf(fo[k] - qo[k]));
    if (score) {
      uint32_t truth = 0;
      if (has_labels) {
        truth = data.labels[r];
      } else {
        std::vector<float> target(data.targets.begin() + static_cast<std::ptrdiff_t>(r) * t.outputs(),
                                  data.targets.begin() + static_cast<std::ptrdiff_t>(r + 1) * t.outputs());
        truth = argmax(target);
      }
      float_right += argmax(fo) == truth ? 1u : 0u;
      int8_right += argmax(qo) == truth ? 1u : 0u;
    }
  }
  if (score && data.rows > 0) {
    c.float_accuracy = static_cast<float>(float_right) / static_cast<float>(data.rows);
    c.int8_accuracy = static_cast<float>(int8_right) / static_cast<float>(data.rows);
  }
  return c;
}

Result<ExportedFile> export_c_int8(const DFF& model, const ExportOptions& options) {
  const Result<ExportName> named = export_name(options.name, "c-int8");
  if (!named.ok()) return Error{named.error()};
  Result<Int8Model> quantized = quantize_int8(model);
  if (!quantized.ok()) return Error{quantized.error()};
  const Int8Model& qm = quantized.value();
  const Topology& t = qm.topology;
  const CHeaderNames names = c_header_names(named->identifier);
  const std::string& p = names.prefix;
  const std::string& m = names.macro;
  const std::string flash = m + "_FLASH_";
  const std::string read = m + "_READ_";
  const std::string read8 = m + "_READ_INT8_";
  const ScratchPlan scratch = plan_scratch(t);
  uint32_t widest_input = 0;
  for (uint8_t l = 0; l < t.layer_count; ++l) widest_input = widest_input > t.widths[l] ? widest_input : t.widths[l];

  CHeaderVariant v;
  v.kind = "int8";
  v.format = "c-int8";
  v.scheme =
      " * Quantised    weights int8, symmetric, one float scale per output neuron: w = q * scale[j], |q| <= 127.\n"
      " *              Per neuron, not per layer: neurons' weight ranges differ widely and one layer scale\n"
      " *              would leave the small-weight neurons only a few levels, for 4 bytes per neuron.\n"
      " *              Each layer's input is quantised at run time with one scale, x_scale = max|x| / 127;\n"
      " *              int8 products are summed in int32, then out[j] = acc * (scale[j] * x_scale) + bias[j].\n"
      " *              Biases, normalisation and activations stay float32. Inputs must be finite.\n";
  v.flash_text = std::string("int8 weights, float32 scales") + (t.bias ? ", biases" : "") +
                 (t.normalize ? ", normalisation" : "");
  v.scratch_floats = scratch.floats;
  v.ram_bytes = scratch.floats * static_cast<uint32_t>(sizeof(float)) + widest_input;
  v.ram_text = "float scratch[" + m + "_SCRATCH_FLOATS] (" + std::to_string(scratch.floats) + " floats) + int8_t quantized[" +
               m + "_SCRATCH_INT8] (" + std::to_string(widest_input) + " bytes)";
  v.avr_macros = "#define " + read8 + "(address) ((int8_t)pgm_read_byte(address))\n";
  v.other_macros = "#define " + read8 + "(address) (*(address))\n";
  v.constants = "#define " + m + "_SCRATCH_INT8 " + std::to_string(widest_input) + "\n";

  auto add_floats = [&](const std::string& name, const std::vector<float>& values) {
    v.arrays += c_float_array(name, flash, values.data(), values.size());
    v.weights.add(values);
  };
  if (t.normalize) {
    v.arrays += "\n/* Input normalisation: x = (raw - mean) / std. */\n";
    add_floats(p + "_input_mean_", qm.mean);
    add_floats(p + "_input_std_", qm.stddev);
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const Int8Layer& layer = qm.layers[l];
    const std::string lw = std::to_string(l);
    v.arrays += "\n/* Layer " + lw + ": " + std::to_string(layer.inputs) + " -> " + std::to_string(layer.outputs) + ", " +
                activation_name(t.activations[l]) + ". Weights neuron by neuron: [j * " +
                std::to_string(layer.inputs) + " + i] connects input i to neuron j. */\n";
    v.arrays += int8_array(p + "_weights" + lw + "_", flash, layer.weights);
    v.weights.add(layer.weights);
    add_floats(p + "_scales" + lw + "_", layer.scales);
    if (t.bias) add_floats(p + "_biases" + lw + "_", layer.biases);
  }

  v.helpers = "/* Quantises in[] to q[] with one scale, then for each neuron j sums int8 products in int32:\n";
  v.helpers += "   out[j] = acc * (scale[j] * x_scale)" + std::string(t.bias ? " + bias[j]" : "") + ". */\n";
  v.helpers += "static inline void " + p + "_dense_(const float *in, uint_fast16_t n_in, const int8_t *w, const float *scale,";
  v.helpers += t.bias ? "\n    const float *b," : "\n   ";
  v.helpers += " uint_fast16_t n_out, float *out, int8_t *q)\n{\n";
  v.helpers += "    float max_abs = 0.0f, x_scale = 0.0f, to_int = 0.0f;\n    uint_fast16_t i, j;\n";
  v.helpers += "    for (i = 0; i < n_in; ++i) {\n        const float a = fabsf(in[i]);\n        if (a > max_abs) max_abs = a;\n    }\n";
  v.helpers += "    if (max_abs > 1e-30f) { /* else all q are 0; 127 / max_abs must stay finite */\n";
  v.helpers += "        to_int = 127.0f / max_abs;\n        x_scale = max_abs / 127.0f;\n    }\n";
  v.helpers += "    for (i = 0; i < n_in; ++i) {\n        const float x = in[i] * to_int;\n";
  v.helpers += "        q[i] = (int8_t)(x >= 0.0f ? x + 0.5f : x - 0.5f);\n    }\n";
  v.helpers += "    for (j = 0; j < n_out; ++j) {\n        int32_t acc = 0;\n";
  v.helpers += "        for (i = 0; i < n_in; ++i) acc += " + read8 + "(&w[i]) * q[i];\n";
  v.helpers += "        w += n_in;\n        out[j] = (float)acc * (" + read + "(&scale[j]) * x_scale)" +
               (t.bias ? " + " + read + "(&b[j])" : std::string()) + ";\n";
  v.helpers += "    }\n}\n\n";
  v.helpers += c_activation_helpers(t, p);

  v.forward_params = "float *scratch, int8_t *quantized";
  v.forward_args = "scratch, quantized";
  v.locals = "    float scratch[" + m + "_SCRATCH_FLOATS];\n    int8_t quantized[" + m + "_SCRATCH_INT8];\n";
  v.forward_body = c_forward_body(t, names, scratch, {"weights", "scales"}, ", quantized");
  return c_header_file(model, options.name, names, v);
}

}  // namespace dff
