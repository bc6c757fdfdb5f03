#include "core/host/eval/metrics.h"

#include <math.h>

#include <string>

namespace dff {

AccuracyRule accuracy_rule(const DFF& model, const Dataset& data) {
  if (!model.class_names.empty() && data.labels.size() == data.rows) return AccuracyRule::kArgmax;
  for (const float t : data.targets)
    if (t != 0.0f && t != 1.0f) return AccuracyRule::kNone;
  return AccuracyRule::kRoundedAll;
}

Result<Evaluation> evaluate(const DFF& model, const Dataset& data) {
  const Topology& t = model.topology();
  if (data.input_width != t.inputs() || data.target_width != t.outputs())
    return Error{"the data has " + std::to_string(data.input_width) + " inputs and " +
                 std::to_string(data.target_width) + " targets, the model " + std::to_string(t.inputs()) +
                 " inputs and " + std::to_string(t.outputs()) + " outputs"};
  if (data.rows == 0) return Error{"the data set has no rows"};
  Evaluation e;
  e.samples = data.rows;
  e.rule = accuracy_rule(model, data);
  const Status s = evaluate_loss(model.network(), data.view(), model.training.options.loss, &e.loss);
  if (!s.ok()) return error_from(s);
  const uint32_t n = t.outputs();
  for (uint32_t r = 0; r < data.rows; ++r) {
    const float* x = data.inputs.data() + static_cast<size_t>(r) * data.input_width;
    const float* target = data.targets.data() + static_cast<size_t>(r) * n;
    if (e.rule == AccuracyRule::kArgmax) {
      e.correct += model.classify(x) == data.labels[r] ? 1u : 0u;
    } else if (e.rule == AccuracyRule::kRoundedAll) {
      const float* y = model.network().forward(x);
      bool all = true;
      for (uint32_t k = 0; k < n; ++k) all = all && roundf(y[k]) == target[k];
      e.correct += all ? 1u : 0u;
    }
  }
  return e;
}

const char* rule_name(AccuracyRule rule) {
  switch (rule) {
    case AccuracyRule::kArgmax: return "largest output = class label";
    case AccuracyRule::kRoundedAll: return "every rounded output = its target";
    case AccuracyRule::kNone: break;
  }
  return "";
}

}  // namespace dff
