#include "core/host/export/export_c_common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/host/export/float_text.h"
#include "core/host/export/identifier.h"
#include "core/host/text/escape.h"

namespace dff {
namespace {

std::string number(uint32_t v) { return std::to_string(v); }

// Names joined with ", " and wrapped onto aligned comment lines.
std::string name_list(const std::vector<std::string>& names, const std::string& indent) {
  std::string out, line;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string item = c_comment_text(names[i]) + (i + 1 < names.size() ? "," : "");
    if (!line.empty() && line.size() + 1 + item.size() > 96) {
      out += line + "\n * " + indent;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + item;
  }
  return out + line;
}

std::string row(const std::string& label, const std::string& text) {
  std::string padded = label;
  padded.resize(13, ' ');
  return " * " + padded + text + "\n";
}

}  // namespace

ScratchPlan plan_scratch(const Topology& t) {
  std::vector<uint32_t> widths;
  if (t.normalize) widths.push_back(t.inputs());
  for (uint8_t l = 0; l < t.layer_count; ++l) widths.push_back(t.widths[l + 1]);
  ScratchPlan plan;
  plan.floats = widths[0];
  for (size_t k = 0; k + 1 < widths.size(); ++k)
    if (widths[k] + widths[k + 1] > plan.floats) plan.floats = widths[k] + widths[k + 1];
  std::vector<uint32_t> offsets;
  for (size_t k = 0; k < widths.size(); ++k) offsets.push_back(k % 2 == 0 ? 0 : plan.floats - widths[k]);
  size_t k = 0;
  if (t.normalize) plan.input_offset = offsets[k++];
  for (uint8_t l = 0; l < t.layer_count; ++l) plan.output_offset.push_back(offsets[k++]);
  return plan;
}


CHeaderNames c_header_names(const std::string& identifier) {
  CHeaderNames names;
  names.prefix = identifier;
  names.macro = c_macro_name(names.prefix);
  return names;
}

std::string c_model_description(const DFF& model, const std::string& prefix) {
  const Topology& t = model.topology();
  std::string shape;
  for (uint32_t i = 0; i <= t.layer_count; ++i) shape += (i ? "-" : "") + number(t.widths[i]);
  std::string out = row("Network", shape + " (" + number(t.layer_count) + (t.layer_count == 1 ? " layer" : " layers") +
                                        "), biases " + (t.bias ? "on" : "off"));
  for (uint8_t l = 0; l < t.layer_count; ++l)
    out += row("Layer " + number(l),
               number(t.widths[l]) + " -> " + number(t.widths[l + 1]) + ", " + activation_name(t.activations[l]));
  const std::string indent(13, ' ');
  if (model.input_names.size() == t.inputs())
    out += row("Inputs", number(t.inputs()) + ": " + name_list(model.input_names, indent));
  else
    out += row("Inputs", number(t.inputs()));
  if (!model.class_names.empty())
    out += row("Classes", number(t.outputs()) + ": " + name_list(model.class_names, indent));
  else if (model.output_names.size() == t.outputs())
    out += row("Outputs", number(t.outputs()) + ": " + name_list(model.output_names, indent));
  else
    out += row("Outputs", number(t.outputs()));
  out += row("Normalise", t.normalize ? "yes: " + prefix + "_predict() z-scores raw inputs, (x - mean) / std"
                                      : std::string("no: inputs go into the first layer as given"));
  const TrainSettings& s = model.training;
  const TrainOptions& o = s.options;
  std::string training = std::string("loss ") + loss_name(o.loss) + ", optimizer " + optimizer_name(o.optimizer) +
                         ", learning rate " + shortest_float_text(o.learning_rate);
  if (o.optimizer == Optimizer::kMomentum) training += ", momentum " + shortest_float_text(o.momentum);
  if (o.optimizer == Optimizer::kAdam)
    training += ", beta1 " + shortest_float_text(o.beta1) + ", beta2 " + shortest_float_text(o.beta2);
  training += ", batch " + number(o.batch_size);
  if (o.l2 != 0.0f) training += ", l2 " + shortest_float_text(o.l2);
  out += row("Training", training);
  std::string run = std::string("init ") + init_name(s.init) + ", seed " + std::to_string(s.seed) + ", " +
                    number(s.epochs) + " epochs, final loss ";
  run += s.final_loss >= 0.0f && isfinite(s.final_loss) ? shortest_float_text(s.final_loss) : std::string("n/a");
  out += row("", run);
  return out;
}

std::string c_float_array(const std::string& name, const std::string& flash_macro, const float* values, size_t n) {
  std::string out = "static const float " + name + "[" + std::to_string(n) + "] " + flash_macro + " = {";
  std::string line;
  for (size_t i = 0; i < n; ++i) {
    const std::string item = c_float_literal(values[i]) + (i + 1 < n ? "," : "");
    if (line.empty() || line.size() + 1 + item.size() > 100) {
      if (!line.empty()) out += line;
      line = "\n    " + item;
    } else {
      line += " " + item;
    }
  }
  return out + line + "\n};\n";
}

std::string c_activation_helpers(const Topology& t, const std::string& prefix) {
  // The formulas of core/activation.{h,cpp}, statement for statement, so that on the same
  // machine the header computes exactly what DFF::predict computes.
  bool used[kActivationCount] = {};
  for (uint8_t l = 0; l < t.layer_count; ++l) used[static_cast<uint8_t>(t.activations[l])] = true;
  const std::string loop = "    uint_fast16_t i;\n    for (i = 0; i < n; ++i) ";
  std::string out;
  auto helper = [&](const char* name, const std::string& body) {
    out += "static inline void " + prefix + "_" + name + "_(float *v, uint_fast16_t n)\n{\n" + body + "}\n\n";
  };
  if (used[static_cast<uint8_t>(Activation::kSigmoid)])
    helper("sigmoid", loop + "v[i] = 1.0f / (1.0f + expf(-v[i]));\n");
  if (used[static_cast<uint8_t>(Activation::kRelu)]) helper("relu", loop + "v[i] = v[i] > 0.0f ? v[i] : 0.0f;\n");
  if (used[static_cast<uint8_t>(Activation::kLeakyRelu)])
    helper("leaky_relu", loop + "v[i] = v[i] > 0.0f ? v[i] : " + c_float_literal(kLeakyReluSlope) + " * v[i];\n");
  if (used[static_cast<uint8_t>(Activation::kTanh)]) helper("tanh", loop + "v[i] = tanhf(v[i]);\n");
  if (used[static_cast<uint8_t>(Activation::kSoftmax)])
    helper("softmax",
           "    /* Subtracting the largest value keeps expf from overflowing. */\n"
           "    float max = v[0], sum = 0.0f, inv;\n"
           "    uint_fast16_t i;\n"
           "    for (i = 1; i < n; ++i) max = v[i] > max ? v[i] : max;\n"
           "    for (i = 0; i < n; ++i) {\n"
           "        v[i] = expf(v[i] - max);\n"
           "        sum += v[i];\n"
           "    }\n"
           "    inv = 1.0f / sum;\n"
           "    for (i = 0; i < n; ++i) v[i] *= inv;\n");
  return out;
}

std::string c_activation_call(const Topology& t, uint8_t layer, const std::string& prefix, const std::string& vector,
                              uint32_t n) {
  const Activation a = t.activations[layer];
  if (a == Activation::kLinear) return "    /* layer " + number(layer) + ": linear, nothing to apply */\n";
  return "    " + prefix + "_" + activation_name(a) + "_(" + vector + ", " + number(n) + ");\n";
}

std::string c_normalize_statements(const Topology& t, const std::string& prefix, const std::string& macro,
                                   uint32_t offset) {
  const std::string read = macro + "_READ_";
  const std::string x = "scratch[" + (offset ? number(offset) + " + i" : std::string("i")) + "]";
  return "    uint_fast16_t i;\n    for (i = 0; i < " + number(t.inputs()) + "; ++i)\n        " + x + " = (input[i] - " +
         read + "(&" + prefix + "_input_mean_[i])) / " + read + "(&" + prefix + "_input_std_[i]);\n";
}

std::string c_scratch_at(uint32_t offset) { return offset == 0 ? "scratch" : "scratch + " + number(offset); }

std::string c_forward_body(const Topology& t, const CHeaderNames& names, const ScratchPlan& scratch,
                           const std::vector<std::string>& arrays, const std::string& tail) {
  const std::string& p = names.prefix;
  std::string body;
  std::string in = "input";
  if (t.normalize) {
    body += c_normalize_statements(t, p, names.macro, scratch.input_offset);
    in = c_scratch_at(scratch.input_offset);
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const std::string out = c_scratch_at(scratch.output_offset[l]);
    const std::string lw = number(l);
    body += "    " + p + "_dense_(" + in + ", " + number(t.widths[l]) + ", ";
    for (const std::string& array : arrays) body += p + "_" + array + lw + "_, ";
    body += t.bias ? p + "_biases" + lw + "_, " : "";
    body += number(t.widths[l + 1]) + ", " + out + tail + ");\n";
    body += c_activation_call(t, l, p, out, t.widths[l + 1]);
    in = out;
  }
  return body + "    return " + in + ";\n";
}

std::string c_uint32_literal(uint32_t value) {
  char text[32];
  snprintf(text, sizeof text, "UINT32_C(0x%08X)", static_cast<unsigned>(value));
  return text;
}

ExportedFile c_header_file(const DFF& model, const std::string& requested_name, const CHeaderNames& names,
                           const CHeaderVariant& v) {
  const Topology& t = model.topology();
  const std::string& p = names.prefix;
  const std::string& m = names.macro;
  const bool classes = !model.class_names.empty();
  auto define = [&](const std::string& name, const std::string& value) {
    return "#define " + m + "_" + name + " " + value + "\n";
  };

  std::string h;
  h += "/* microdff model " + c_comment_text(requested_name) + ", C prefix " + p + ": " + v.kind + " forward pass.\n";
  h += " * Generated by microdff (dff export --format " + v.format + "); do not edit. Valid C99 and C++11;\n";
  h += " * needs only <stdint.h> and <math.h> (and <avr/pgmspace.h> on AVR, where the constants stay in flash).\n *\n";
  h += c_model_description(model, p);
  h += v.scheme;
  h += " *\n";
  h += row("Flash", std::to_string(v.weights.bytes) + " bytes (" + m + "_WEIGHTS_BYTES) of " + v.flash_text + ";");
  h += row("", "on AVR in PROGMEM, elsewhere static const (flash on MCUs).");
  h += row("RAM", std::to_string(v.ram_bytes) + " bytes (" + m + "_RAM_BYTES) on the stack per call of " + p + "_predict()" +
                      (classes ? " or " + p + "_classify()" : std::string()) + ":");
  h += row("", v.ram_text + ",");
  h += row("", "plus a few scalars. No static or heap memory: calls are re-entrant. The caller owns");
  h += row("", "input (" + std::to_string(t.inputs()) + " floats) and output (" + std::to_string(t.outputs()) +
                   " floats); they may be the same array.");
  h += row("CRC32", m + "_WEIGHTS_CRC32: CRC-32 (IEEE 802.3, zlib's crc32()) of the " + m + "_WEIGHTS_BYTES");
  h += row("", "bytes of the arrays below in the order they appear: each float as its 4 little-endian");
  h += row("", std::string("IEEE 754 bytes") + (v.format == "c" ? "" : ", each int8 as one byte") +
                   " (the arrays' memory on a little-endian MCU).");
  h += " *\n";
  h += row("Use", "float out[" + m + "_OUTPUT_COUNT];");
  h += row("", p + "_predict(raw_inputs, out);");
  if (classes) h += row("", "const char *label = " + p + "_class_names[" + p + "_classify(raw_inputs)];");
  h += " */\n";

  const std::string guard = "MICRODFF_" + m + (v.format == "c" ? "" : "_INT8") + "_H";
  const std::string flash = m + "_FLASH_";
  const std::string read = m + "_READ_";
  h += "#ifndef " + guard + "\n#define " + guard + "\n\n#include <math.h>\n#include <stdint.h>\n\n";
  h += "#ifdef __AVR__\n#include <avr/pgmspace.h>\n#define " + flash + " PROGMEM\n#define " + read +
       "(address) pgm_read_float(address)\n" + v.avr_macros + "#else\n#define " + flash + "\n#define " + read +
       "(address) (*(address))\n" + v.other_macros + "#endif\n\n";
  h += define("FORMAT_VERSION", std::to_string(kCHeaderFormatVersion));
  h += define("INPUT_COUNT", std::to_string(t.inputs()));
  h += define("OUTPUT_COUNT", std::to_string(t.outputs()));
  h += define("LAYER_COUNT", std::to_string(t.layer_count));
  h += define("CLASS_COUNT", std::to_string(model.class_names.size()));
  h += define("SCRATCH_FLOATS", std::to_string(v.scratch_floats));
  h += v.constants;
  h += define("RAM_BYTES", std::to_string(v.ram_bytes));
  h += define("WEIGHTS_BYTES", std::to_string(v.weights.bytes));
  h += define("WEIGHTS_CRC32", c_uint32_literal(v.weights.crc));
  h += v.arrays;
  if (classes) {
    h += "\n/* Class names, in output order (on AVR the strings are copied to RAM if used). */\n";
    h += "static const char *const " + p + "_class_names[" + std::to_string(model.class_names.size()) + "] = {\n";
    for (size_t k = 0; k < model.class_names.size(); ++k)
      h += "    " + c_string_literal(model.class_names[k]) + (k + 1 < model.class_names.size() ? ",\n" : "\n");
    h += "};\n";
  }
  h += "\n" + v.helpers;
  h += "/* Runs the network on raw inputs; returns the output layer, which lies inside scratch. */\n";
  h += "static inline const float *" + p + "_forward_(const float *input, " + v.forward_params + ")\n{\n";
  h += v.forward_body + "}\n\n";

  h += "/* Writes the " + m + "_OUTPUT_COUNT outputs for " + m + "_INPUT_COUNT raw inputs. */\n";
  h += "static inline void " + p + "_predict(const float *input, float *output)\n{\n";
  h += v.locals;
  h += "    const float *result = " + p + "_forward_(input, " + v.forward_args + ");\n";
  h += "    uint_fast16_t i;\n    for (i = 0; i < " + m + "_OUTPUT_COUNT; ++i) output[i] = result[i];\n}\n";
  if (classes) {
    h += "\n/* Index into " + p + "_class_names of the largest output for " + m +
         "_INPUT_COUNT raw inputs (the first on a tie). */\n";
    h += "static inline int " + p + "_classify(const float *input)\n{\n";
    h += v.locals;
    h += "    const float *result = " + p + "_forward_(input, " + v.forward_args + ");\n";
    h += "    int best = 0, k;\n    for (k = 1; k < " + m + "_CLASS_COUNT; ++k)\n";
    h += "        if (result[k] > result[best]) best = k;\n    return best;\n}\n";
  }
  h += "\n#endif /* " + guard + " */\n";
  return ExportedFile{std::move(h), Footprint{v.weights.bytes, v.ram_bytes}};
}

}  // namespace dff
