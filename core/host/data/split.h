// Held-out rows: a data set split into training and validation rows by a seed, stratified
// by class for class labels, so that `dff train --validation 0.2` and the page's "hold out
// 20 %" pick the same rows for the same seed.
#pragma once

#include <stdint.h>

#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/result.h"

namespace dff {

struct DataSplit {
  Dataset train;
  Dataset validation;
  std::vector<uint32_t> validation_rows;  // rows of the split data set held out, ascending
};

// Fractions a split may hold out.
constexpr double kMinValidationFraction = 0.01;
constexpr double kMaxValidationFraction = 0.9;

// Holds out round(fraction x rows) rows: for class labels round(fraction x rows of the class)
// from every class, so each class keeps its share on both sides. Rows are drawn with
// Pcg32(seed) (a stream of their own); both parts keep the data's row order, names and
// class list. Fails when the fraction is outside [kMinValidationFraction,
// kMaxValidationFraction] or a part would be empty.
Result<DataSplit> hold_out(const Dataset& data, double fraction, uint64_t seed);
// Rows `rows` (indices into data, in this order) as a data set of their own.
Dataset select_rows(const Dataset& data, const std::vector<uint32_t>& rows);

}  // namespace dff
