// Pieces shared by the float ("c") and int8 ("c-int8") header exporters: what a
// model must satisfy to be exported, where each layer's values live in the
// generated scratch array, and the text both headers have in common.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/host/export/exporters.h"
#include "core/host/export/layout.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// Version of the generated header's layout and API (P_FORMAT_VERSION); bumped when either changes.
constexpr uint32_t kCHeaderFormatVersion = 1;

// Where the forward pass keeps its vectors inside one float scratch array. The normalised
// input (if any) and each layer's output alternate between the start and the end of the
// array, so the vector a layer reads never overlaps the one it writes: the array needs
// max(width[k] + width[k + 1]) floats over consecutive vectors (never more than twice the widest).
struct ScratchPlan {
  uint32_t floats = 0;                  // size of the scratch array
  uint32_t input_offset = 0;            // normalised input (only with normalisation)
  std::vector<uint32_t> output_offset;  // output of each layer
};
// Plans the scratch for a valid topology.
ScratchPlan plan_scratch(const Topology& t);

// Identifier prefix of a generated header: P for functions and data, upper-case P for macros.
struct CHeaderNames {
  std::string prefix;  // the export's identifier (export_name())
  std::string macro;   // c_macro_name(prefix)
};
CHeaderNames c_header_names(const std::string& identifier);

// " * " comment lines describing topology, activations, columns, classes, normalisation
// and training settings (names escaped for a comment).
std::string c_model_description(const DFF& model, const std::string& prefix);
// `static const float NAME[n] FLASH = {...};` with every value as an exact float literal.
std::string c_float_array(const std::string& name, const std::string& flash_macro, const float* values, size_t n);
// Static inline helpers for every activation the topology uses (sigmoid, tanh, ..., softmax),
// written with the same formulas as core/activation.cpp so results match the core.
std::string c_activation_helpers(const Topology& t, const std::string& prefix);
// One statement applying layer `layer`'s activation in place to `n` values at `vector`.
std::string c_activation_call(const Topology& t, uint8_t layer, const std::string& prefix,
                              const std::string& vector, uint32_t n);
// Statements of the forward pass that z-score `input` into the scratch at `offset`.
std::string c_normalize_statements(const Topology& t, const std::string& prefix, const std::string& macro,
                                   uint32_t offset);
// "scratch" or "scratch + N".
std::string c_scratch_at(uint32_t offset);
// The statements of P_forward_: the normalisation (if any), then for each layer l
// `P_dense_(in, n_in, P_<array>l_, ..., [P_biasesl_,] n_out, out<tail>);` with the arrays
// named in `arrays` ("weights", "scales"), and its activation; vectors alternate through the
// scratch as `scratch` plans; the last statement returns the output layer.
std::string c_forward_body(const Topology& t, const CHeaderNames& names, const ScratchPlan& scratch,
                           const std::vector<std::string>& arrays, const std::string& tail);
// "UINT32_C(0x0123ABCD)".
std::string c_uint32_literal(uint32_t value);

// What differs between the float and the int8 header; c_header_text() adds the rest
// (description comment, include guard, AVR flash macros, constants, class names,
// predict and classify around the variant's forward pass).
struct CHeaderVariant {
  std::string kind;           // "float32" or "int8", for the first line
  std::string format;         // export format name: "c" or "c-int8"
  std::string scheme;         // extra " * " comment lines (the int8 quantisation scheme)
  std::string flash_text;     // what the constant bytes are, for the Flash comment line
  std::string ram_text;       // the local arrays of predict/classify, for the RAM comment line
  std::string avr_macros;     // extra lines inside #ifdef __AVR__ (after the float reader)
  std::string other_macros;   // extra lines in the #else branch
  std::string constants;      // extra #define lines (after the common ones)
  std::string arrays;         // the numeric arrays, in CRC order
  WeightBytes weights;        // their bytes and CRC-32 (P_WEIGHTS_BYTES, P_WEIGHTS_CRC32)
  uint32_t ram_bytes = 0;     // P_RAM_BYTES
  uint32_t scratch_floats = 0;
  std::string helpers;        // dense layer and activation helpers
  std::string forward_params; // parameters of P_forward_ after `const float *input`
  std::string locals;         // declarations in predict/classify (the scratch arrays)
  std::string forward_args;   // arguments of P_forward_ after `input`
  std::string forward_body;   // statements of P_forward_, ending with a return
};
// Assembles a complete header for `model` from a variant, with its footprint.
ExportedFile c_header_file(const DFF& model, const std::string& requested_name, const CHeaderNames& names,
                           const CHeaderVariant& variant);

}  // namespace dff
