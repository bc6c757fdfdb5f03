// The caps on a data set, checked while a CSV text is read so that the cost of any text
// is bounded by its size: the reader stops at the first cell past a cap and says which.
// The page reads them from dff.rules.limits; docs/limits.md lists every reader's caps.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/network.h"

namespace dff {

// Most columns in a row: a network has at most kMaxWidth inputs and kMaxWidth outputs.
constexpr uint32_t kMaxColumns = 2u * kMaxWidth;
// Most distinct class labels in a label column: one output neuron per class.
constexpr uint32_t kMaxClasses = kMaxWidth;
// Longest column name or class label, in bytes (UTF-8): names end up in every export.
constexpr uint32_t kMaxNameBytes = 256;
// Largest CSV text: offsets, counts and line numbers of the reader fit in 32 bits.
constexpr size_t kMaxCsvBytes = (size_t{1} << 31) - 1;

}  // namespace dff
