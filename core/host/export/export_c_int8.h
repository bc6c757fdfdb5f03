// Exporter: model -> one self-contained C99 / C++11 header with an int8 forward
// pass (dff export --format c-int8), and the same arithmetic in C++ for
// calibration and test vectors. Scheme and layout: docs/c-header.md.
//
// Quantisation: each neuron's incoming weights are int8, symmetric, with one float
// scale per output neuron (w ~ q * scale, |q| <= 127). At run time each layer's
// input vector is quantised to int8 with one scale (max |x| / 127), products are
// summed in int32, and out[j] = acc * (scale[j] * x_scale) + bias[j] in float.
// Biases, normalisation and activations stay float32.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/export/exporters.h"
#include "core/host/model/matrix.h"
#include "core/host/result.h"

namespace dff {

// Returns the header (same bytes for the same model and name on every platform) and the
// flash and RAM it states, or an error naming what cannot be exported (the name, a NaN/Inf
// weight, a zero std, ...).
Result<ExportedFile> export_c_int8(const DFF& model, const ExportOptions& options);

// One layer as the int8 header stores it.
struct Int8Layer {
  uint32_t inputs = 0;
  uint32_t outputs = 0;
  std::vector<int8_t> weights;  // outputs x inputs: [j * inputs + i] connects input i to neuron j
  std::vector<float> scales;    // per output neuron: weight ~ q * scale
  std::vector<float> biases;    // per output neuron; empty when the network has no biases
};
// A model quantised for the int8 header.
struct Int8Model {
  Topology topology{};
  std::vector<float> mean, stddev;  // input normalisation; empty when off
  std::vector<Int8Layer> layers;
};
// Quantises a model's weights as the int8 header does. Fails like export_c_int8().
Result<Int8Model> quantize_int8(const DFF& model);
// The int8 header's forward pass in C++, bit for bit the same arithmetic: `input` holds
// topology.inputs() raw values, `output` receives topology.outputs() values.
void predict_int8(const Int8Model& model, const float* input, float* output);
// predict_int8 for each row of `inputs` (rows x inputs()). Fails like quantize_int8() or on a width mismatch.
Result<Matrix> predict_int8(const DFF& model, const Matrix& inputs);

// Float vs int8 comparison of a model on a data set (dff export --calibrate).
struct Int8Calibration {
  uint32_t samples = 0;
  float float_accuracy = -1.0f;  // fraction correct; -1 when the model has no classes
  float int8_accuracy = -1.0f;
  float max_abs_difference = 0.0f;  // largest |float output - int8 output| over all outputs
};
// Runs the float network and the int8 arithmetic of the exported header on every row of `data`.
// Accuracy counts rows whose largest output is the row's class (data.labels, or the largest
// target when the data has one-hot targets of the model's width). Fails on a width mismatch.
Result<Int8Calibration> calibrate_int8(const DFF& model, const Dataset& data);

}  // namespace dff
