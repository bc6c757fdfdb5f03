#include "core/host/export/export_c_int8.h"

#include <vector>

#include "core/crc32.h"
#include "core/host/export/export_c_common.h"
#include "core/host/export/exportable.h"
#include "core/host/export/float_text.h"
#include "core/host/text/escape.h"
#include "core/int8_asm.h"
#include "core/int8_network.h"

namespace dff {
namespace {

std::string number(int64_t v) { return std::to_string(v); }

// A signed constant as C text; negatives in parentheses so macros expand safely.
std::string c_int(int64_t v) { return v < 0 ? "(" + number(v) + ")" : number(v); }

std::string row(const std::string& label, const std::string& text) {
  std::string padded = label;
  padded.resize(13, ' ');
  return " * " + padded + text + "\n";
}

// The asm text of core/int8_asm.h as C string literals, one instruction per line.
std::string asm_lines(const char* text, const std::string& indent) {
  std::string out, line;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c == '\n') {
      out += indent + "\"" + line + "\\n\\t\"\n";
      line.clear();
      ++c;  // the '\t' after each '\n'
      continue;
    }
    line += *c;
  }
  return out;
}

// Integer arrays, 20 values a line.
template <class T>
std::string int_array(const std::string& type, const std::string& name, const std::string& flash,
                      const std::vector<T>& values) {
  std::string out = "static const " + type + " " + name + "[" + number(static_cast<int64_t>(values.size())) + "] " +
                    flash + " = {";
  for (size_t i = 0; i < values.size(); ++i) {
    out += i % 20 == 0 ? "\n    " : " ";
    out += number(static_cast<int64_t>(values[i])) + (i + 1 < values.size() ? "," : "");
  }
  return out + "\n};\n";
}

// CRC-32 over integers as their little-endian bytes.
template <class T>
uint32_t crc32_le(const std::vector<T>& values, uint32_t crc) {
  for (const T v : values) {
    uint8_t bytes[sizeof(T)];
    for (size_t k = 0; k < sizeof(T); ++k) bytes[k] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * k));
    crc = crc32(bytes, sizeof bytes, crc);
  }
  return crc;
}

// Builds the constant arrays in CRC order, counting their bytes.
struct Arrays {
  std::string text;
  uint32_t bytes = 0;
  uint32_t crc = 0;
  std::string flash;

  template <class T>
  void ints(const std::string& type, const std::string& name, const std::vector<T>& v) {
    if (v.empty()) return;
    text += int_array(type, name, flash, v);
    crc = crc32_le(v, crc);
    bytes += static_cast<uint32_t>(v.size() * sizeof(T));
  }
};

template <class T>
bool uniform(const std::vector<T>& v) {
  for (const T x : v)
    if (x != v[0]) return false;
  return true;
}

std::string helpers(const std::string& p, const std::string& m, bool softmax) {
  const std::string i8 = m + "_READ_I8_", u8 = m + "_READ_U8_", u16 = m + "_READ_U16_", i32 = m + "_READ_I32_";
  std::string h;
  h += "/* acc + sum over i < n of w[i] * x[i] (w in flash). Hand-scheduled on AVR (13 cycles a product)\n";
  h += "   and Cortex-M0 (6 instructions); plain C elsewhere. */\n";
  h += "static inline " + m + "_INLINE_ int32_t " + p + "_dot_(const int8_t *w, const int8_t *x, uint_fast16_t n, int32_t acc)\n{\n";
  h += "#ifdef __AVR__\n";
  h += "    uint16_t count = (uint16_t)n;\n    int8_t wv, xv;\n    uint8_t z;\n    uint16_t t;\n";
  h += "    __asm__ volatile(\n" + asm_lines(DFF_AVR_DOT_ASM, "        ");
  h += "        : [acc] \"+r\"(acc), [w] \"=&a\"(wv), [x] \"=&a\"(xv), [t] \"=&d\"(t), [z] \"=&r\"(z), [n] \"+d\"(count),\n";
  h += "          \"+z\"(w), \"+x\"(x)\n        :\n        : \"r0\", \"r1\", \"cc\", \"memory\");\n";
  h += "#elif defined(__ARM_ARCH_6M__)\n";
  h += "    uint32_t i = (uint32_t)n;\n    int32_t a, b;\n";
  h += "    __asm__ volatile(\n" + asm_lines(DFF_THUMB1_DOT_ASM, "        ");
  h += "        : [acc] \"+l\"(acc), [n] \"+l\"(i), [a] \"=&l\"(a), [b] \"=&l\"(b)\n";
  h += "        : [w] \"l\"(w), [x] \"l\"(x)\n        : \"cc\");\n";
  h += "#else\n";
  h += "    for (; n >= 4u; n -= 4u, w += 4, x += 4)\n";
  h += "        acc += (int32_t)w[0] * x[0] + (int32_t)w[1] * x[1] + (int32_t)w[2] * x[2] + (int32_t)w[3] * x[3];\n";
  h += "    for (; n; --n) acc += (int32_t)*w++ * *x++;\n";
  h += "#endif\n    return acc;\n}\n\n";

  h += "/* floor(a * m / 2^16), in 32-bit arithmetic. */\n";
  h += "static inline " + m + "_INLINE_ int32_t " + p + "_mul_high16_(int32_t a, uint16_t m)\n{\n";
  h += "#ifdef __AVR__\n    int32_t r;\n    uint8_t lo, z;\n";
  h += "    __asm__(\n" + asm_lines(DFF_AVR_MUL_HIGH16_ASM, "        ");
  h += "        : [r] \"=&r\"(r), [lo] \"=&r\"(lo), [z] \"=&r\"(z)\n        : [a] \"a\"(a), [m] \"a\"(m)\n";
  h += "        : \"r0\", \"r1\");\n    return r;\n";
  h += "#else\n";
  h += "    return (int32_t)(int16_t)(a >> 16) * (int32_t)m + (int32_t)(((uint32_t)(uint16_t)a * m) >> 16);\n";
  h += "#endif\n}\n\n";

  h += "/* floor(v / 2^s) for any s (0 from 32 on), whole bytes first. */\n";
  h += "static inline " + m + "_INLINE_ uint32_t " + p + "_shift_right_(uint32_t v, int16_t s)\n{\n";
  h += "    if (s >= 32) return 0;\n";
  h += "    if (s >= 16) {\n        v >>= 16;\n        s = (int16_t)(s - 16);\n    }\n";
  h += "    if (s >= 8) {\n        v >>= 8;\n        s = (int16_t)(s - 8);\n    }\n";
  h += "    return v >> s;\n}\n\n";
  h += "/* floor(floor(m * k / 2^16) / 2^s) for m < 2^31, s >= 0. */\n";
  h += "static inline " + m + "_INLINE_ uint32_t " + p + "_mul_high16_shift_(uint32_t m, uint16_t k, int16_t s)\n{\n";
  h += "#ifdef __AVR__\n    uint32_t r;\n    uint8_t lo, z, bits;\n";
  h += "    if (s >= 32) return 0;\n    bits = (uint8_t)s;\n";
  h += "    __asm__(\n" + asm_lines(DFF_AVR_MUL_HIGH16_SHIFT_ASM, "        ");
  h += "        : [r] \"=&r\"(r), [lo] \"=&r\"(lo), [z] \"=&r\"(z), [s] \"+d\"(bits)\n        : [a] \"a\"(m), [m] \"a\"(k)\n";
  h += "        : \"r0\", \"r1\", \"cc\");\n    return r;\n#else\n";
  h += "    return " + p + "_shift_right_((uint32_t)" + p + "_mul_high16_((int32_t)m, k), s);\n#endif\n}\n\n";
  h += "/* x * k * 2^(8 - e) truncated towards zero, limited to +-2^30, from the bits of x (no float\n";
  h += "   arithmetic; NaN and infinities give the limit of their sign). */\n";
  h += "static inline " + m + "_INLINE_ int32_t " + p + "_float_times_fixed_(float x, uint16_t k, int16_t e)\n{\n";
  h += "    const uint32_t limit = (uint32_t)1 << 30;\n";
  h += "    uint32_t bits, m, u;\n    uint8_t top, exponent;\n";
  h += "    memcpy(&bits, &x, sizeof bits);\n";
  h += "    top = (uint8_t)(bits >> 24); /* bits >> 23 from whole bytes: cheap on 8-bit CPUs */\n";
  h += "    exponent = (uint8_t)((top << 1) | ((uint8_t)(bits >> 16) >> 7));\n    m = bits & 0x7FFFFFu;\n";
  h += "    if (exponent == 0xFFu) {\n        u = limit;\n    } else {\n";
  h += "        const int16_t sh = (int16_t)(142 + e - (exponent ? exponent : 1));\n";
  h += "        if (exponent) m |= 0x800000u;\n";
  h += "        if (m == 0u || k == 0u)\n            u = 0;\n";
  h += "        else if (sh < 9)\n            u = limit;\n";
  h += "        else if (sh < 16)\n";
  h += "            u = (((uint32_t)(uint16_t)(m >> 16) * k) << (16 - sh)) + (((uint32_t)(uint16_t)m * k) >> sh);\n";
  h += "        else\n";
  h += "            u = " + p + "_mul_high16_shift_(m, k, (int16_t)(sh - 16));\n";
  h += "        if (u > limit) u = limit;\n    }\n";
  h += "    return (top & 0x80u) ? -(int32_t)u : (int32_t)u;\n}\n\n";
  h += "/* round(acc * m / 2^shift), halves up: (floor(floor(acc * m / 2^16) / 2^(shift - 17)) + 1) / 2. */\n";
  h += "static inline " + m + "_INLINE_ int32_t " + p + "_requantize_(int32_t acc, uint16_t m, uint8_t shift)\n{\n";
  h += "#ifdef __AVR__\n    int32_t r;\n    uint8_t lo, z, s = (uint8_t)(shift - 17u);\n";
  h += "    __asm__(\n" + asm_lines(DFF_AVR_REQUANTIZE_ASM, "        ");
  h += "        : [r] \"=&r\"(r), [lo] \"=&r\"(lo), [z] \"=&r\"(z), [s] \"+d\"(s)\n        : [a] \"a\"(acc), [m] \"a\"(m)\n";
  h += "        : \"r0\", \"r1\", \"cc\");\n    return r;\n#else\n";
  h += "    int32_t t = " + p + "_mul_high16_(acc, m);\n";
  h += "    uint8_t s = (uint8_t)(shift - 17u);\n";
  h += "    if (s >= 16u) {\n        t >>= 16;\n        s = (uint8_t)(s - 16u);\n    }\n";
  h += "    if (s >= 8u) {\n        t >>= 8;\n        s = (uint8_t)(s - 8u);\n    }\n";
  h += "    return ((t >> s) + 1) >> 1;\n#endif\n}\n\n";

  h += "/* One layer: y[j] = requantised bias[j] + sum of w * x, plus zero, limited to [lo, hi], then\n";
  h += "   looked up in table (sigmoid, tanh) if there is one; m_neg: leaky relu's factor for negative sums. */\n";
  h += "static inline " + m + "_INLINE_ void " + p + "_dense_(const int8_t *x, uint_fast16_t n_in, const int8_t *w, const int32_t *b,\n";
  h += "    const uint16_t *m, const uint8_t *shift, const uint16_t *m_neg, const uint8_t *shift_neg,\n";
  h += "    const int8_t *table, int8_t zero, int8_t lo, int8_t hi, uint_fast16_t n_out, int8_t *y)\n{\n";
  h += "    int8_t *const end = y + n_out;\n";
  h += "    for (; y != end; ++y, ++b, ++m, ++shift, w += n_in) {\n";
  h += "        const int32_t acc = " + p + "_dot_(w, x, n_in, " + i32 + "(b));\n";
  h += "        uint16_t factor = " + u16 + "(m);\n        uint8_t bits = " + u8 + "(shift);\n        int32_t v;\n";
  h += "        if (m_neg) {\n";
  h += "            if (acc < 0) {\n                factor = " + u16 + "(m_neg);\n                bits = " + u8 +
       "(shift_neg);\n            }\n";
  h += "            ++m_neg;\n            ++shift_neg;\n        }\n";
  h += "        v = " + p + "_requantize_(acc, factor, bits) + zero;\n";
  h += "        v = v < lo ? lo : (v > hi ? hi : v);\n";
  h += "        *y = table ? " + i8 + "(&table[v + 128]) : (int8_t)v;\n    }\n}\n\n";

  if (softmax) {
    h += "/* Softmax of n int8 logits in place: probabilities with scale 1/256 and zero point -128,\n";
    h += "   from the table e[d] = 2^15 * exp(-logit scale * d) of the distance to the largest logit:\n";
    h += "   p = round(e * r / 2^23) with r = (2^31 - 1) / sum of e (one division). */\n";
    h += "static inline void " + p + "_softmax_(int8_t *v, uint_fast16_t n, const uint16_t *e)\n{\n";
    h += "    uint32_t sum = 0;\n    uint16_t inverse;\n    int8_t top = v[0];\n    uint_fast16_t k;\n";
    h += "    for (k = 1; k < n; ++k) top = v[k] > top ? v[k] : top;\n";
    h += "    for (k = 0; k < n; ++k) sum += " + u16 + "(&e[(uint8_t)(top - v[k])]);\n";
    h += "    inverse = (uint16_t)(UINT32_C(0x7FFFFFFF) / sum);\n";
    h += "    for (k = 0; k < n; ++k) {\n";
    h += "        const uint32_t q = ((uint32_t)" + u16 + "(&e[(uint8_t)(top - v[k])]) * inverse + (UINT32_C(1) << 22)) >> 23;\n";
    h += "        v[k] = (int8_t)(q > 255u ? 127 : (int32_t)q - 128);\n    }\n}\n\n";
  }
  return h;
}

}  // namespace

Result<ExportedFile> export_c_int8(const DFF& model, const Int8Params& q, const ExportOptions& options) {
  const Result<ExportName> named = export_name(options.name, "c-int8");
  if (!named.ok()) return Error{named.error()};
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  const Topology& t = q.topology;
  const CHeaderNames names = c_header_names(named->identifier);
  const std::string& p = names.prefix;
  const std::string& m = names.macro;
  const bool classes = !model.class_names.empty();
  const bool softmax = t.activations[t.layer_count - 1] == Activation::kSoftmax;
  const size_t span = int8_scratch_bytes(t);
  const size_t out_at = int8_scratch_offset(t, t.layer_count, span);
  const bool per_input = !uniform(q.input_offsets) || !uniform(q.input_multipliers) || !uniform(q.input_exponents);
  const Int8LayerParams& last = q.layers.back();

  Arrays a;
  a.flash = m + "_FLASH_";
  if (per_input) {
    a.text += "\n/* Input step, per input: offset (1/256 steps, zero point and normalisation folded in),\n"
              "   multiplier and exponent of the factor multiplier * 2^-exponent. */\n";
    a.ints("int32_t", p + "_input_offset_", q.input_offsets);
    a.ints("uint16_t", p + "_input_multiplier_", q.input_multipliers);
    a.ints("int16_t", p + "_input_exponent_", q.input_exponents);
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const Int8LayerParams& L = q.layers[l];
    const std::string n = number(l);
    a.text += "\n/* Layer " + n + ": " + number(t.widths[l]) + " -> " + number(t.widths[l + 1]) + ", " +
              activation_name(t.activations[l]) + ". Weights neuron by neuron: [j * " + number(t.widths[l]) +
              " + i] connects input i to neuron j. */\n";
    a.ints("int8_t", p + "_weights" + n + "_", L.weights);
    a.ints("int32_t", p + "_biases" + n + "_", L.biases);
    a.ints("uint16_t", p + "_multipliers" + n + "_", L.multipliers);
    a.ints("uint8_t", p + "_shifts" + n + "_", L.shifts);
    a.ints("uint16_t", p + "_neg_multipliers" + n + "_", L.neg_multipliers);
    a.ints("uint8_t", p + "_neg_shifts" + n + "_", L.neg_shifts);
    a.ints("int8_t", p + "_table" + n + "_", L.table);
    a.ints("uint16_t", p + "_exp" + n + "_", L.exp_table);
  }

  std::string h;
  h += "/* microdff model " + c_comment_text(options.name) + ", C prefix " + p + ": full-integer int8 forward pass.\n";
  h += " * Generated by microdff (dff export --format c-int8); do not edit. Valid C99 and C++11;\n";
  h += " * needs only <stdint.h> and <string.h> (and <avr/pgmspace.h> on AVR, where the constants stay in flash).\n *\n";
  h += c_model_description(model, p);
  h += row("Quantised", "int8 weights (symmetric, one scale per neuron) and int8 activations (one scale and");
  h += row("", "zero point per vector, fitted on calibration data); int32 sums; each sum is requantised");
  h += row("", "with a 15-bit multiplier and a shift; sigmoid and tanh by 256-entry tables, softmax by");
  h += row("", "an exp table. No float arithmetic from raw inputs to int8 outputs, and the same bits");
  h += row("", "as the microdff core (blob format version 2) on every target.");
  h += row("Input", p + "_quantize_input() turns raw floats into int8 once, in integers from their bits:");
  h += row("", "q = round(x / " + m + "_INPUT_SCALE) + " + m + "_INPUT_ZERO_POINT after the model's normalisation");
  h += row("", "(multiplier and offset folded in, truncated to 1/256 of a step). Or pass int8 inputs");
  h += row("", "directly: real value = " + m + "_INPUT_SCALE * (q - " + m + "_INPUT_ZERO_POINT).");
  h += row("Output", "int8, real value = " + m + "_OUTPUT_SCALE * (q - " + m + "_OUTPUT_ZERO_POINT)" +
                         (softmax ? " (probabilities)." : "."));
  h += " *\n";
  h += row("Flash", number(a.bytes) + " bytes (" + m + "_WEIGHTS_BYTES) of constants; on AVR in PROGMEM, elsewhere");
  h += row("", "static const (flash on MCUs).");
  h += row("RAM", number(static_cast<int64_t>(span)) + " bytes (" + m + "_RAM_BYTES) on the stack per call: int8_t scratch[" + m +
                      "_SCRATCH_BYTES],");
  h += row("", "plus a few scalars. No static or heap memory: calls are re-entrant.");
  h += row("CRC32", m + "_WEIGHTS_CRC32: CRC-32 (IEEE 802.3, zlib's crc32()) of the " + m + "_WEIGHTS_BYTES");
  h += row("", "bytes of the arrays below in the order they appear, each value as its little-endian bytes");
  h += row("", "(the arrays' memory on a little-endian MCU).");
  h += " *\n";
  h += row("Use", "float out[" + m + "_OUTPUT_COUNT];");
  h += row("", p + "_predict(raw_inputs, out);     (raw floats in, floats out)");
  h += row("", "int8_t q_out[" + m + "_OUTPUT_COUNT];");
  h += row("", p + "_predict_int8(q_in, q_out);    (int8 in, int8 out: no float at all)");
  if (classes) h += row("", "const char *label = " + p + "_class_names[" + p + "_classify(raw_inputs)];");
  h += " */\n";

  const std::string guard = "MICRODFF_" + m + "_INT8_H";
  const std::string flash = m + "_FLASH_";
  h += "#ifndef " + guard + "\n#define " + guard + "\n\n#include <stdint.h>\n#include <string.h>\n\n";
  h += "#ifdef __AVR__\n#include <avr/pgmspace.h>\n#define " + flash + " PROGMEM\n";
  h += "#define " + m + "_READ_I8_(address) ((int8_t)pgm_read_byte(address))\n";
  h += "#define " + m + "_READ_U8_(address) pgm_read_byte(address)\n";
  h += "#define " + m + "_READ_U16_(address) pgm_read_word(address)\n";
  h += "#define " + m + "_READ_I16_(address) ((int16_t)pgm_read_word(address))\n";
  h += "#define " + m + "_READ_I32_(address) ((int32_t)pgm_read_dword(address))\n";
  h += "#else\n#define " + flash + "\n";
  for (const char* r : {"I8", "U8", "U16", "I16", "I32"}) h += "#define " + m + "_READ_" + r + "_(address) (*(address))\n";
  h += "#endif\n";
  h += "#ifdef __GNUC__ /* one copy of the layer loop per layer, specialised for its constants */\n";
  h += "#define " + m + "_INLINE_ __attribute__((always_inline))\n#else\n#define " + m + "_INLINE_\n#endif\n\n";
  auto define = [&](const std::string& name, const std::string& value) {
    h += "#define " + m + "_" + name + " " + value + "\n";
  };
  define("FORMAT_VERSION", number(kCHeaderInt8FormatVersion));
  define("INPUT_COUNT", number(t.inputs()));
  define("OUTPUT_COUNT", number(t.outputs()));
  define("LAYER_COUNT", number(t.layer_count));
  define("CLASS_COUNT", number(static_cast<int64_t>(model.class_names.size())));
  define("SCRATCH_BYTES", number(static_cast<int64_t>(span)));
  define("RAM_BYTES", number(static_cast<int64_t>(span)));
  define("INPUT_SCALE", c_float_literal(q.input_scale));
  define("INPUT_ZERO_POINT", c_int(q.input_zero_point));
  define("OUTPUT_SCALE", c_float_literal(last.output_scale));
  define("OUTPUT_ZERO_POINT", c_int(last.output_zero_point));
  if (!per_input) {
    define("INPUT_OFFSET_", c_int(q.input_offsets[0]));
    define("INPUT_MULTIPLIER_", number(q.input_multipliers[0]) + "u");
    define("INPUT_EXPONENT_", c_int(q.input_exponents[0]));
  }
  define("WEIGHTS_BYTES", number(a.bytes));
  define("WEIGHTS_CRC32", c_uint32_literal(a.crc));
  h += a.text;
  if (classes) {
    h += "\n/* Class names, in output order (on AVR the strings are copied to RAM if used). */\n";
    h += "static const char *const " + p + "_class_names[" + number(static_cast<int64_t>(model.class_names.size())) +
         "] = {\n";
    for (size_t k = 0; k < model.class_names.size(); ++k)
      h += "    " + c_string_literal(model.class_names[k]) + (k + 1 < model.class_names.size() ? ",\n" : "\n");
    h += "};\n";
  }
  h += "\n" + helpers(p, m, softmax);

  h += "/* The layers on int8 inputs; the last writes to out (the logits of a softmax layer). */\n";
  h += "static inline void " + p + "_forward_(const int8_t *input, int8_t *out, int8_t *scratch)\n{\n";
  if (t.layer_count == 1) h += "    (void)scratch; /* one layer: input straight to output */\n";
  std::string in = "input";
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const Int8LayerParams& L = q.layers[l];
    const std::string n = number(l);
    const size_t at = int8_scratch_offset(t, static_cast<uint8_t>(l + 1), span);
    const std::string dst = l + 1 == t.layer_count ? "out" : (at == 0 ? "scratch" : "scratch + " + number(static_cast<int64_t>(at)));
    h += "    " + p + "_dense_(" + in + ", " + number(t.widths[l]) + ", " + p + "_weights" + n + "_, " + p + "_biases" + n +
         "_, " + p + "_multipliers" + n + "_, " + p + "_shifts" + n + "_,\n        ";
    h += L.neg_multipliers.empty() ? "0, 0, " : p + "_neg_multipliers" + n + "_, " + p + "_neg_shifts" + n + "_, ";
    h += L.table.empty() ? "0, " : p + "_table" + n + "_, ";
    h += c_int(L.requant_zero_point) + ", " + c_int(L.clamp_min) + ", " + c_int(L.clamp_max) + ", " +
         number(t.widths[l + 1]) + ", " + dst + ");\n";
    in = dst;
  }
  h += "}\n\n";

  const std::string run_softmax =
      softmax ? "    " + p + "_softmax_(%OUT%, " + m + "_OUTPUT_COUNT, " + p + "_exp" + number(t.layer_count - 1) + "_);\n"
              : std::string();
  auto with_out = [&](const std::string& out) {
    std::string s = run_softmax;
    const size_t at = s.find("%OUT%");
    if (at != std::string::npos) s.replace(at, 5, out);
    return s;
  };
  const std::string out_ptr = out_at == 0 ? "scratch" : "scratch + " + number(static_cast<int64_t>(out_at));

  h += "/* Raw inputs -> int8 inputs: clamp(floor((x * factor * 256 + offset + 128) / 256)), in integers. */\n";
  h += "static inline void " + p + "_quantize_input(const float *input, int8_t *q)\n{\n";
  h += "    uint_fast16_t i;\n    for (i = 0; i < " + m + "_INPUT_COUNT; ++i) {\n";
  if (per_input) {
    h += "        const int32_t t = " + p + "_float_times_fixed_(input[i], " + m + "_READ_U16_(&" + p +
         "_input_multiplier_[i]),\n";
    h += "            " + m + "_READ_I16_(&" + p + "_input_exponent_[i])) + " + m + "_READ_I32_(&" + p +
         "_input_offset_[i]);\n";
  } else {
    h += "        const int32_t t = " + p + "_float_times_fixed_(input[i], " + m + "_INPUT_MULTIPLIER_, " + m +
         "_INPUT_EXPONENT_) + " + m + "_INPUT_OFFSET_;\n";
  }
  h += "        const int32_t r = (t + 128) >> 8;\n";
  h += "        q[i] = (int8_t)(r < -128 ? -128 : (r > 127 ? 127 : r));\n    }\n}\n\n";

  h += "/* int8 outputs for int8 inputs (" + m + "_INPUT_COUNT values each way" +
       std::string(softmax ? "; probabilities" : "") + "). */\n";
  h += "static inline void " + p + "_predict_int8(const int8_t *input, int8_t *output)\n{\n";
  h += "    int8_t scratch[" + m + "_SCRATCH_BYTES];\n";
  h += "    " + p + "_forward_(input, output, scratch);\n" + with_out("output") + "}\n\n";

  h += "/* int8 outputs -> floats: (q - " + m + "_OUTPUT_ZERO_POINT) * " + m + "_OUTPUT_SCALE. */\n";
  h += "static inline void " + p + "_dequantize_output(const int8_t *q, float *output)\n{\n";
  h += "    uint_fast16_t k;\n    for (k = 0; k < " + m + "_OUTPUT_COUNT; ++k)\n";
  h += "        output[k] = (float)(q[k] - " + m + "_OUTPUT_ZERO_POINT) * " + m + "_OUTPUT_SCALE;\n}\n\n";

  h += "/* Writes the " + m + "_OUTPUT_COUNT outputs for " + m +
       "_INPUT_COUNT raw inputs (input and output may be the same array). */\n";
  h += "static inline void " + p + "_predict(const float *input, float *output)\n{\n";
  h += "    int8_t scratch[" + m + "_SCRATCH_BYTES];\n";
  h += "    " + p + "_quantize_input(input, scratch);\n";
  h += "    " + p + "_forward_(scratch, " + out_ptr + ", scratch);\n" + with_out(out_ptr);
  h += "    " + p + "_dequantize_output(" + out_ptr + ", output);\n}\n";

  if (classes) {
    const std::string argmax = "    int best = 0, k;\n    for (k = 1; k < " + m + "_CLASS_COUNT; ++k)\n        if (" +
                               out_ptr + "[k] > " + out_ptr + "[best]) best = k;\n    return best;\n}\n";
    h += "\n/* Index into " + p + "_class_names of the largest output for int8 inputs (the first on a tie;\n";
    h += "   for softmax the largest logit, so no softmax is computed). */\n";
    h += "static inline int " + p + "_classify_int8(const int8_t *input)\n{\n";
    h += "    int8_t scratch[" + m + "_SCRATCH_BYTES];\n";
    h += "    " + p + "_forward_(input, " + out_ptr + ", scratch);\n" + argmax;
    h += "\n/* " + p + "_classify_int8() for " + m + "_INPUT_COUNT raw inputs. */\n";
    h += "static inline int " + p + "_classify(const float *input)\n{\n";
    h += "    int8_t scratch[" + m + "_SCRATCH_BYTES];\n";
    h += "    " + p + "_quantize_input(input, scratch);\n";
    h += "    " + p + "_forward_(scratch, " + out_ptr + ", scratch);\n" + argmax;
  }
  h += "\n#endif /* " + guard + " */\n";
  return ExportedFile{h, Footprint{a.bytes, static_cast<uint32_t>(span)}};
}

}  // namespace dff
