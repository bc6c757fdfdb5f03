// The versioned JSON model file: format name and version, topology, activations,
// weights, biases, normalisation, column and class names, training settings.
#pragma once

#include <string>

#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

constexpr const char* kJsonFormatName = "microdff-model";
constexpr int kJsonFormatVersion = 1;

// Serialises a model; floats are written so that they read back bit-identical.
std::string model_to_json(const DFF& model);
// Parses and validates a model; the first problem is reported with its JSON path
// ("model.json: layers[1].weights[2]: expected 4 numbers, got 3"). Never crashes on hostile input.
Result<DFF> model_from_json(const std::string& text, const std::string& source);

}  // namespace dff
