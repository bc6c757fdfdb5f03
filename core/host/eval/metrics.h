// Accuracy and mean loss of a model on a data set (dff evaluate, dff train's summary).
#pragma once

#include <stdint.h>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// How a row counts as correct.
enum class AccuracyRule : uint8_t {
  kArgmax,       // class models: the largest output is the row's class label
  kRoundedAll,   // 0/1 targets (e.g. one-hot columns): every output rounds to its target
  kNone,         // other numeric targets: no accuracy, only the loss
};

struct Evaluation {
  uint32_t samples = 0;
  uint32_t correct = 0;
  AccuracyRule rule = AccuracyRule::kNone;
  float loss = 0.0f;  // mean per-sample loss, with the loss the model was trained with

  bool has_accuracy() const { return rule != AccuracyRule::kNone; }
  double accuracy() const { return samples ? static_cast<double>(correct) / samples : 0.0; }
};

// The rule used for this model and data: argmax for class models, rounding when every
// target is 0 or 1, none otherwise.
AccuracyRule accuracy_rule(const DFF& model, const Dataset& data);
// Evaluates `model` on every row of `data` (widths must match the model; targets required).
Result<Evaluation> evaluate(const DFF& model, const Dataset& data);
// "argmax" / "rounded outputs" / "" for messages.
const char* rule_name(AccuracyRule rule);

}  // namespace dff
