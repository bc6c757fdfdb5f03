#include "core/host/eval/metrics.h"

#include <math.h>

#include <algorithm>
#include <string>

#include "core/host/eval/class_mapping.h"

namespace dff {
namespace {

const float* row_of(const std::vector<float>& v, uint32_t r, uint32_t width) {
  return v.data() + static_cast<size_t>(r) * width;
}

uint32_t argmax(const float* v, uint32_t n) {
  uint32_t best = 0;
  for (uint32_t k = 1; k < n; ++k)
    if (v[k] > v[best]) best = k;
  return best;
}

// Index of the single 1 in a 0/1 row, or -1 when it has none or several.
int32_t one_hot_index(const float* v, uint32_t n) {
  int32_t found = -1;
  for (uint32_t k = 0; k < n; ++k) {
    if (v[k] == 1.0f) {
      if (found >= 0) return -1;
      found = static_cast<int32_t>(k);
    } else if (v[k] != 0.0f) {
      return -1;
    }
  }
  return found;
}

bool targets_are_binary(const Dataset& data) {
  for (const float t : data.targets)
    if (t != 0.0f && t != 1.0f) return false;
  return true;
}

// Class names of the confusion matrix for the rounded rule; empty when the targets are
// several outputs that are not all one-hot.
std::vector<std::string> rounded_classes(const Dataset& data, const std::vector<std::string>& output_names) {
  const uint32_t n = data.target_width;
  const auto name = [&](uint32_t k) {
    if (k < output_names.size() && !output_names[k].empty()) return output_names[k];
    if (k < data.target_names.size() && !data.target_names[k].empty()) return data.target_names[k];
    return n == 1 ? std::string("y") : "y" + std::to_string(k + 1);
  };
  if (n == 1) return {name(0) + " = 0", name(0) + " = 1"};
  for (uint32_t r = 0; r < data.rows; ++r)
    if (one_hot_index(row_of(data.targets, r, n), n) < 0) return {};
  std::vector<std::string> names;
  for (uint32_t k = 0; k < n; ++k) names.push_back(name(k));
  return names;
}

void regression_errors(const float* outputs, const Dataset& data, Evaluation* e) {
  const uint32_t n = data.target_width;
  std::vector<double> mean(n, 0.0);
  for (uint32_t r = 0; r < data.rows; ++r)
    for (uint32_t k = 0; k < n; ++k) mean[k] += static_cast<double>(row_of(data.targets, r, n)[k]);
  for (double& m : mean) m /= data.rows;
  double absolute = 0.0, squared = 0.0, spread = 0.0;
  for (uint32_t r = 0; r < data.rows; ++r) {
    const float* t = row_of(data.targets, r, n);
    const float* y = outputs + static_cast<size_t>(r) * n;
    for (uint32_t k = 0; k < n; ++k) {
      const double target = static_cast<double>(t[k]);
      const double d = static_cast<double>(y[k]) - target;
      absolute += fabs(d);
      squared += d * d;
      spread += (target - mean[k]) * (target - mean[k]);
    }
  }
  const double count = static_cast<double>(data.rows) * n;
  e->has_regression = true;
  e->mae = absolute / count;
  e->rmse = sqrt(squared / count);
  if (spread > 0.0) e->r2 = 1.0 - squared / spread;
}

}  // namespace

std::optional<double> ClassScore::precision() const {
  if (predicted == 0) return std::nullopt;
  return static_cast<double>(correct) / predicted;
}

std::optional<double> ClassScore::recall() const {
  if (rows == 0) return std::nullopt;
  return static_cast<double>(correct) / rows;
}

AccuracyRule accuracy_rule(const DFF& model, const Dataset& data) {
  if (!model.class_names.empty()) return AccuracyRule::kArgmax;
  return targets_are_binary(data) ? AccuracyRule::kRounded : AccuracyRule::kNone;
}

Evaluation score_outputs(const float* outputs, const Dataset& data, const std::vector<std::string>& model_classes,
                         const std::vector<std::string>& output_names) {
  Evaluation e;
  const uint32_t n = data.target_width;
  e.samples = data.rows;
  if (!model_classes.empty()) {
    e.rule = AccuracyRule::kArgmax;
    e.class_names = model_classes;
  } else if (targets_are_binary(data)) {
    e.rule = AccuracyRule::kRounded;
    e.class_names = rounded_classes(data, output_names);
  } else {
    e.rule = AccuracyRule::kNone;
  }
  if (model_classes.empty() && data.class_names.empty()) regression_errors(outputs, data, &e);
  if (e.rule == AccuracyRule::kNone) return e;

  const bool labelled = data.labels.size() == data.rows;
  const uint32_t classes = static_cast<uint32_t>(e.class_names.size());
  e.row_correct.resize(data.rows);
  std::vector<int32_t> truth;
  if (classes > 0) {
    e.predicted.resize(data.rows);
    truth.resize(data.rows);
  }
  bool unclassified = false;
  for (uint32_t r = 0; r < data.rows; ++r) {
    const float* y = outputs + static_cast<size_t>(r) * n;
    const float* t = row_of(data.targets, r, n);
    bool correct = false;
    if (e.rule == AccuracyRule::kArgmax) {
      const int32_t predicted = static_cast<int32_t>(argmax(y, n));
      truth[r] = static_cast<int32_t>(labelled ? data.labels[r] : argmax(t, n));
      e.predicted[r] = predicted;
      correct = predicted == truth[r];
    } else {
      correct = true;
      for (uint32_t k = 0; k < n; ++k) correct = correct && roundf(y[k]) == t[k];
      if (classes > 0) {
        if (n == 1) {
          const float rounded = roundf(y[0]);
          e.predicted[r] = rounded == 0.0f ? 0 : rounded == 1.0f ? 1 : -1;
          truth[r] = t[0] == 1.0f ? 1 : 0;
        } else {
          std::vector<float> rounded(y, y + n);
          for (float& v : rounded) v = roundf(v);
          e.predicted[r] = one_hot_index(rounded.data(), n);
          truth[r] = one_hot_index(t, n);
        }
        unclassified = unclassified || e.predicted[r] < 0;
      }
    }
    e.row_correct[r] = correct ? 1 : 0;
    e.correct += correct ? 1u : 0u;
  }
  if (classes == 0) return e;
  e.confusion_columns = classes + (unclassified ? 1u : 0u);
  e.confusion.assign(static_cast<size_t>(classes) * e.confusion_columns, 0);
  e.per_class.resize(classes);
  for (uint32_t r = 0; r < data.rows; ++r) {
    const uint32_t actual = static_cast<uint32_t>(truth[r]);
    const uint32_t column = e.predicted[r] < 0 ? classes : static_cast<uint32_t>(e.predicted[r]);
    ++e.confusion[static_cast<size_t>(actual) * e.confusion_columns + column];
    ++e.per_class[actual].rows;
    if (column < classes) ++e.per_class[column].predicted;
    if (column == actual) ++e.per_class[actual].correct;
  }
  return e;
}

Result<const Dataset*> data_for_model(const DFF& model, const Dataset& given, Dataset* mapped) {
  const Topology& t = model.topology();
  const Dataset* data = &given;
  if (!model.class_names.empty() && !given.class_names.empty() && given.class_names != model.class_names) {
    *mapped = given;
    const Outcome ok = use_model_classes(mapped, model.class_names);
    if (!ok.ok()) return ok.error_details();
    data = mapped;
  }
  if (data->input_width != t.inputs() || data->target_width != t.outputs())
    return Error{"the data has " + std::to_string(data->input_width) + " inputs and " +
                 std::to_string(data->target_width) + " targets, the model " + std::to_string(t.inputs()) +
                 " inputs and " + std::to_string(t.outputs()) + " outputs"};
  if (data->rows == 0) return Error{"the data set has no rows"};
  return data;
}

Result<Evaluation> evaluate(const DFF& model, const Dataset& given) {
  const Topology& t = model.topology();
  Dataset mapped;
  const Result<const Dataset*> checked = data_for_model(model, given, &mapped);
  if (!checked.ok()) return checked.error_details();
  const Dataset* data = checked.value();
  float loss = 0.0f;
  const Status s = evaluate_loss(model.network(), data->view(), model.training.options.loss, &loss);
  if (!s.ok()) return error_from(s);
  std::vector<float> outputs(static_cast<size_t>(data->rows) * t.outputs());
  for (uint32_t r = 0; r < data->rows; ++r) {
    const float* y = model.network().forward(row_of(data->inputs, r, t.inputs()));
    std::copy(y, y + t.outputs(), outputs.begin() + static_cast<std::ptrdiff_t>(r) * t.outputs());
  }
  Evaluation e = score_outputs(outputs.data(), *data, model.class_names, model.output_names);
  e.loss = loss;
  return e;
}

const char* rule_name(AccuracyRule rule) {
  switch (rule) {
    case AccuracyRule::kArgmax: return "argmax";
    case AccuracyRule::kRounded: return "rounded";
    case AccuracyRule::kNone: break;
  }
  return "";
}

const char* rule_description(AccuracyRule rule) {
  switch (rule) {
    case AccuracyRule::kArgmax: return "largest output = class label";
    case AccuracyRule::kRounded: return "every rounded output = its target";
    case AccuracyRule::kNone: break;
  }
  return "";
}

}  // namespace dff
