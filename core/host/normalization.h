// Input normalisation (z-score) learned on training data and stored in the model.
#pragma once

#include <vector>

#include "core/host/dataset.h"
#include "core/host/dff.h"

namespace dff {

struct Normalization {
  std::vector<float> mean;    // per input column
  std::vector<float> stddev;  // per input column; 1 for a constant column
};

// Mean and population standard deviation of each input column.
Normalization fit_normalization(const Dataset& data);
// True when column scales differ widely (the page turns normalisation on by default then).
bool scales_differ_widely(const Dataset& data);

}  // namespace dff
