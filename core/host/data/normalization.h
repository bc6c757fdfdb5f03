// Input normalisation (z-score) learned on training data and stored in the model.
#pragma once

#include <string>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"

namespace dff {

struct Normalization {
  std::vector<float> mean;    // per input column
  std::vector<float> stddev;  // per input column; 1 for a constant column
};

// Mean and population standard deviation of each input column (accumulated in
// double). A constant column (std 0, or below the smallest normal float) gets std 1,
// so (x - mean) / std stays finite. With no rows: mean 0, std 1.
Normalization fit_normalization(const Dataset& data);
// True when column scales differ widely (the page turns normalisation on by default then).
// A column's scale is its largest magnitude max|x| (what the first layer sees); all-zero
// columns are ignored; "widely" means the largest scale exceeds 10x the smallest.
bool scales_differ_widely(const Dataset& data);
// Why the inputs of `data` should be normalised, as a clause naming the columns ("input
// scales differ widely: 'a' reaches 1000, 'b' only 0.5", "'x' reaches 120, outside -1..1"),
// or "" when they need not be. default_plan() normalises exactly when this is not empty,
// so the page can say why without a rule of its own.
std::string normalization_reason(const Dataset& data);

}  // namespace dff
