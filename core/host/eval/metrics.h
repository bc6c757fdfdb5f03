// How well a model does on a data set: accuracy, the confusion matrix and the per-row
// correct/incorrect flags (one rule computes all three), per-class precision and recall,
// the mean loss, and MAE / RMSE / R-squared for numeric targets. Used by dff evaluate,
// dff train's summary and the WASM API (model.evaluate), so the page shows the same numbers.
//
// The accuracy rule (AccuracyRule), chosen from the model and the data:
// - argmax: the model was trained on class labels (it has class names). A row's
//   predicted class is its largest output (the first on a tie, as DFF::classify); the row
//   is correct when that is its class label. The data's classes are matched onto the
//   model's by name (class_mapping.h).
// - rounded: every target is 0 or 1 (e.g. the seed's one-hot columns). A row is correct
//   when every output rounds to its target (roundf: 0.5 rounds up), the seed's own check.
//   Its predicted class is the class whose target pattern the rounded outputs equal: with
//   one output, "<name> = 0" or "<name> = 1"; with several outputs whose targets are
//   one-hot, the output that rounds to 1 while the others round to 0. Rounded outputs
//   that match no class (none or several 1s, a linear output rounding to 2) predict "no
//   class": an extra last confusion column, present only when some row lands there. With
//   several outputs whose targets are not all one-hot (several labels per row) there is
//   no confusion matrix, only accuracy and row flags.
// - none: other numeric targets: no accuracy; MAE, RMSE and R-squared instead.
// So accuracy = correct / samples = (sum of the confusion diagonal) / samples, and
// row_correct[r] == (predicted[r] == the row's class) wherever both exist.
#pragma once

#include <stdint.h>

#include <optional>
#include <string>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

enum class AccuracyRule : uint8_t {
  kArgmax,   // class models: the largest output is the row's class label
  kRounded,  // 0/1 targets: every output rounds to its target
  kNone,     // other numeric targets: no accuracy, only loss and regression errors
};

// One class's row of the confusion matrix, summarised.
struct ClassScore {
  uint32_t rows = 0;       // rows whose true class this is (support)
  uint32_t predicted = 0;  // rows predicted as this class
  uint32_t correct = 0;    // rows of this class predicted as this class
  // correct / predicted and correct / rows; empty when the denominator is 0.
  std::optional<double> precision() const;
  std::optional<double> recall() const;
};

struct Evaluation {
  uint32_t samples = 0;
  uint32_t correct = 0;
  AccuracyRule rule = AccuracyRule::kNone;
  float loss = 0.0f;  // mean per-row loss, with the loss the model was trained with

  // Classes of the confusion matrix (see the rule above); empty when there is none.
  std::vector<std::string> class_names;
  // Confusion counts, class_names.size() rows x confusion_columns, row-major,
  // [true class][predicted class]; the column after the classes (if any) is "no class".
  uint32_t confusion_columns = 0;
  std::vector<uint32_t> confusion;
  std::vector<ClassScore> per_class;  // one per class_names entry
  std::vector<uint8_t> row_correct;   // 1/0 per row; empty for AccuracyRule::kNone
  std::vector<int32_t> predicted;     // class index per row, -1 for "no class"; empty without classes

  // Numeric targets (no class names): errors over every output of every row; R-squared is
  // 1 - (sum of squared errors) / (sum of squares around each output's mean), empty when
  // the targets do not vary.
  bool has_regression = false;
  double mae = 0.0;
  double rmse = 0.0;
  std::optional<double> r2;

  bool has_accuracy() const { return rule != AccuracyRule::kNone; }
  double accuracy() const { return samples ? static_cast<double>(correct) / samples : 0.0; }
  bool has_confusion() const { return !class_names.empty(); }
  uint32_t confusion_at(uint32_t truth, uint32_t predicted_class) const {
    return confusion[static_cast<size_t>(truth) * confusion_columns + predicted_class];
  }
};

// The rule used for this model and data (see above).
AccuracyRule accuracy_rule(const DFF& model, const Dataset& data);
// Scores outputs (rows x outputs, row-major, as the model produced them) against the data's
// targets by the rule; fills everything but `loss`. `model_classes`: the model's class names
// (empty for a numeric model); data must already be in the model's class order.
Evaluation score_outputs(const float* outputs, const Dataset& data, const std::vector<std::string>& model_classes,
                         const std::vector<std::string>& output_names);
// `given` as the model scores it: class labels matched onto the model's classes by name
// (into *mapped when they differ), widths checked against the model's, at least one row.
// The result points at `given` or `*mapped`. Fails like evaluate().
Result<const Dataset*> data_for_model(const DFF& model, const Dataset& given, Dataset* mapped);
// Evaluates `model` on every row of `data` (widths must match the model; targets required).
// Class labels are matched onto the model's classes by name first; a class the model does
// not know is an error naming it.
Result<Evaluation> evaluate(const DFF& model, const Dataset& data);
// "argmax", "rounded" or "" (AccuracyRule::kNone): the names the JSON outputs use.
const char* rule_name(AccuracyRule rule);
// The rule in words for dff evaluate ("largest output = class label").
const char* rule_description(AccuracyRule rule);

}  // namespace dff
