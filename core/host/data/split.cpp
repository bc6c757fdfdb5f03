#include "core/host/data/split.h"

#include <math.h>
#include <stdio.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/prng.h"

namespace dff {
namespace {

// Fisher-Yates with the core's generator: the same draws on every compiler and CPU.
void shuffle(std::vector<uint32_t>* rows, Pcg32* rng) {
  for (size_t i = rows->size(); i > 1; --i) std::swap((*rows)[i - 1], (*rows)[rng->bounded(static_cast<uint32_t>(i))]);
}

std::string percent(double fraction) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%g", fraction);
  return buffer;
}

}  // namespace

Dataset select_rows(const Dataset& data, const std::vector<uint32_t>& rows) {
  Dataset out;
  out.rows = static_cast<uint32_t>(rows.size());
  out.input_width = data.input_width;
  out.target_width = data.target_width;
  out.input_names = data.input_names;
  out.target_names = data.target_names;
  out.class_names = data.class_names;
  out.label_column = data.label_column;
  out.inputs.reserve(rows.size() * data.input_width);
  out.targets.reserve(rows.size() * data.target_width);
  for (const uint32_t r : rows) {
    const float* in = data.inputs.data() + static_cast<size_t>(r) * data.input_width;
    const float* target = data.targets.data() + static_cast<size_t>(r) * data.target_width;
    out.inputs.insert(out.inputs.end(), in, in + data.input_width);
    out.targets.insert(out.targets.end(), target, target + data.target_width);
    if (data.labels.size() == data.rows) out.labels.push_back(data.labels[r]);
  }
  return out;
}

Result<DataSplit> hold_out(const Dataset& data, double fraction, uint64_t seed) {
  if (!(fraction >= kMinValidationFraction && fraction <= kMaxValidationFraction))
    return Error{"the validation fraction must be a number from " + percent(kMinValidationFraction) + " to " +
                 percent(kMaxValidationFraction) + ", got " + percent(fraction)};
  // Groups of rows drawn from separately: one per class, or all rows.
  std::vector<std::vector<uint32_t>> groups(data.class_names.empty() ? 1 : data.class_names.size());
  const bool by_class = !data.class_names.empty() && data.labels.size() == data.rows;
  if (!by_class) groups.resize(1);
  for (uint32_t r = 0; r < data.rows; ++r) groups[by_class ? data.labels[r] : 0].push_back(r);
  Pcg32 rng(seed, 0x5b117ULL);
  std::vector<uint32_t> train, validation;
  for (std::vector<uint32_t>& group : groups) {
    shuffle(&group, &rng);
    const size_t held = static_cast<size_t>(lround(fraction * static_cast<double>(group.size())));
    validation.insert(validation.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(held));
    train.insert(train.end(), group.begin() + static_cast<std::ptrdiff_t>(held), group.end());
  }
  if (validation.empty() || train.empty())
    return Error{"holding out " + percent(fraction) + " of " + std::to_string(data.rows) + " rows leaves " +
                 (validation.empty() ? "no validation rows" : "no training rows") +
                 "; use a larger data set or another fraction"};
  std::sort(train.begin(), train.end());
  std::sort(validation.begin(), validation.end());
  return DataSplit{select_rows(data, train), select_rows(data, validation), validation};
}

}  // namespace dff
