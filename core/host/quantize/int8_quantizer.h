// Quantiser: a trained float model plus calibration data (its training rows) -> the
// parameters of the full-integer int8 network (core/int8_network.h). Scheme, as in
// docs/model-format.md ("int8 parameters"):
//   - activations (the input and every layer's output) are int8 with one scale and zero
//     point per vector (asymmetric), fitted to the range the float network reaches on the
//     calibration rows;
//   - weights are int8, symmetric, one scale per output neuron;
//   - biases are int32 in units of input scale x weight scale, with the input zero point
//     folded in; each neuron's factor (input scale x weight scale / output scale) becomes
//     a 15-bit multiplier and a shift (core/fixed_point.h);
//   - sigmoid and tanh layers requantise to an int8 pre-activation and look the output up
//     in a 256-entry table (output scale 1/256, zero point -128 for sigmoid; 1/128, 0 for
//     tanh); softmax layers requantise to int8 logits and turn them into probabilities
//     (scale 1/256, zero point -128) with a 256-entry exp table.
#pragma once

#include <stdint.h>

#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// One layer as the int8 section stores it (see Int8LayerLayout in core/int8_network.h).
struct Int8LayerParams {
  int8_t requant_zero_point = 0;   // added to each requantised accumulator
  int8_t clamp_min = -128;         // then limited to [clamp_min, clamp_max]
  int8_t clamp_max = 127;
  int8_t output_zero_point = 0;    // the layer's output vector: real = scale * (q - zero point)
  float output_scale = 1.0f;
  std::vector<int8_t> weights;             // outputs x inputs, neuron by neuron
  std::vector<int32_t> biases;             // per neuron, zero point folded in
  std::vector<uint16_t> multipliers;       // per neuron
  std::vector<uint8_t> shifts;             // per neuron
  std::vector<uint16_t> neg_multipliers;   // leaky relu only: for negative accumulators
  std::vector<uint8_t> neg_shifts;
  std::vector<int8_t> table;               // sigmoid/tanh: output for pre-activation q (index q + 128)
  std::vector<uint16_t> exp_table;         // softmax: 2^15 * exp(-logit scale * d), d = max logit - logit
  // Not stored in the blob; for reports and the generated header's comments.
  std::vector<float> weight_scales;        // per neuron
  float requant_scale = 1.0f;              // scale of the requantised value (pre-activation for tables)
};

// The whole int8 network.
struct Int8Params {
  Topology topology{};  // normalize is false: normalisation is folded into the input step
  int8_t input_zero_point = 0;
  float input_scale = 1.0f;
  // Input step (core/fixed_point.h float_times_fixed): per input the factor 1 / (std * input
  // scale) = multiplier * 2^-exponent, and the offset 256 * (zero point - mean * factor).
  std::vector<int32_t> input_offsets;
  std::vector<uint16_t> input_multipliers;
  std::vector<int16_t> input_exponents;
  std::vector<Int8LayerParams> layers;
};

// Fits the int8 network to `calibration` (use the training rows; at least one row, the
// model's input width). Fails on a model that cannot be exported (NaN weights, ...), an
// empty or mismatched data set, or a row that drives the float network to NaN/Inf.
Result<Int8Params> quantize_int8(const DFF& model, const Dataset& calibration);

// The real factor multiplier / 2^shift as the nearest representable pair (core/fixed_point.h);
// factors below 2^-32 become multiplier 0. Requires 0 <= factor < 1/4.
void quantize_multiplier(double factor, uint16_t* multiplier, uint8_t* shift);
// An input step's factor (> 0, finite) as multiplier * 2^-exponent, multiplier in [2^15, 2^16).
void quantize_input_factor(double factor, uint16_t* multiplier, int16_t* exponent);

}  // namespace dff
