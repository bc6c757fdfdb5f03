// The one check every code export (C, int8 C, MicroPython) makes before writing anything.
#pragma once

#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// Checks that a model can become code that computes what it computes: valid network, every
// weight, bias and normalisation constant finite, no zero standard deviation, and column and
// class names (when present) one per input or output. The error names the first offending
// value ("cannot export: layer 1 weight [input 2 -> neuron 0] is NaN; retrain the model").
Outcome check_exportable(const DFF& model);

}  // namespace dff
