// Float vs int8 on a data set: what `dff export --calibrate DATA.csv` prints, what the
// accuracy test and the page's int8 preview report.
#pragma once

#include <stdint.h>

#include "core/host/data/dataset.h"
#include "core/host/eval/metrics.h"
#include "core/host/model/dff.h"
#include "core/host/quantize/int8_blob.h"
#include "core/host/result.h"

namespace dff {

struct Int8Comparison {
  uint32_t samples = 0;
  AccuracyRule rule = AccuracyRule::kNone;  // accuracy_rule(model, data), as dff evaluate
  uint32_t float_correct = 0;
  uint32_t int8_correct = 0;
  uint32_t class_disagreements = 0;  // rows where float and int8 pick different classes (class models)
  float max_abs_difference = 0.0f;   // largest |float output - int8 output|

  bool has_accuracy() const { return rule != AccuracyRule::kNone; }
  double float_accuracy() const { return samples ? static_cast<double>(float_correct) / samples : 0.0; }
  double int8_accuracy() const { return samples ? static_cast<double>(int8_correct) / samples : 0.0; }
};

// Runs the float model and the int8 blob on every row of `data` (the model's input and
// output widths; targets required; class labels are matched onto the model's by name) and
// counts, by the rule of dff evaluate, the rows each gets right. Fails on a width mismatch,
// an unknown class or an empty data set.
Result<Int8Comparison> compare_int8(const DFF& model, const Int8Blob& int8, const Dataset& data);

}  // namespace dff
