#include "core/host/export/export_c.h"

#include <vector>

#include "core/host/export/export_c_common.h"
#include "core/host/export/exportable.h"

namespace dff {

Result<ExportedFile> export_c(const DFF& model, const ExportOptions& options) {
  const Result<ExportName> named = export_name(options.name, "c");
  if (!named.ok()) return Error{named.error()};
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  const Network& net = model.network();
  const Topology& t = net.topology();
  const CHeaderNames names = c_header_names(named->identifier);
  const std::string& p = names.prefix;
  const std::string flash = names.macro + "_FLASH_";
  const std::string read = names.macro + "_READ_";
  const ScratchPlan scratch = plan_scratch(t);

  CHeaderVariant v;
  v.kind = "float32";
  v.format = "c";
  v.flash_text = std::string("float32 weights") + (t.bias ? ", biases" : "") + (t.normalize ? ", normalisation" : "");
  v.scratch_floats = scratch.floats;
  v.ram_bytes = scratch.floats * static_cast<uint32_t>(sizeof(float));
  v.ram_text = "float scratch[" + names.macro + "_SCRATCH_FLOATS] (" + std::to_string(scratch.floats) + " floats)";

  auto add_array = [&](const std::string& name, const std::vector<float>& values) {
    v.arrays += c_float_array(name, flash, values.data(), values.size());
    v.weights.add(values);
  };
  if (t.normalize) {
    v.arrays += "\n/* Input normalisation: x = (raw - mean) / std. */\n";
    add_array(p + "_input_mean_", std::vector<float>(net.norm_mean(), net.norm_mean() + t.inputs()));
    add_array(p + "_input_std_", std::vector<float>(net.norm_std(), net.norm_std() + t.inputs()));
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
    const std::string lw = std::to_string(l);
    v.arrays += "\n/* Layer " + lw + ": " + std::to_string(n_in) + " -> " + std::to_string(n_out) + ", " +
                activation_name(t.activations[l]) + ". Weights neuron by neuron: [j * " + std::to_string(n_in) +
                " + i] connects input i to neuron j. */\n";
    add_array(p + "_weights" + lw + "_", neuron_major_weights(net, l));
    if (t.bias) add_array(p + "_biases" + lw + "_", std::vector<float>(net.biases(l), net.biases(l) + n_out));
  }

  v.helpers = "/* out[j] = bias[j] + sum over i of in[i] * w[j * n_in + i], summed in input order like microdff's core. */\n";
  v.helpers += "static inline void " + p + "_dense_(const float *in, uint_fast16_t n_in, const float *w,";
  v.helpers += t.bias ? " const float *b," : "";
  v.helpers += "\n    uint_fast16_t n_out, float *out)\n{\n    uint_fast16_t i, j;\n    for (j = 0; j < n_out; ++j) {\n";
  v.helpers += t.bias ? "        float sum = " + read + "(&b[j]);\n" : "        float sum = 0.0f;\n";
  v.helpers += "        for (i = 0; i < n_in; ++i) sum += in[i] * " + read + "(&w[i]);\n";
  v.helpers += "        w += n_in;\n        out[j] = sum;\n    }\n}\n\n";
  v.helpers += c_activation_helpers(t, p);

  v.forward_params = "float *scratch";
  v.forward_args = "scratch";
  v.locals = "    float scratch[" + names.macro + "_SCRATCH_FLOATS];\n";
  v.forward_body = c_forward_body(t, names, scratch, {"weights"}, "");
  return c_header_file(model, options.name, names, v);
}

}  // namespace dff
