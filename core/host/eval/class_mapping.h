// Class mapping: a data set's class labels matched onto a model's classes by name, in
// any order. The one rule `dff evaluate`, the CSV reader (when it reads data for a
// model) and the WASM API use, so a held-out file whose rows start with another class
// scores the same everywhere. Names match exactly (case and spaces count).
#pragma once

#include <stdint.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/result.h"

namespace dff {

class ClassMap {
 public:
  // Keeps a copy of the model's class names (in the model's output order).
  explicit ClassMap(const std::vector<std::string>& model_classes);

  // Index of `name` among the model's classes; -1 when the model does not know it.
  int32_t find(std::string_view name) const;
  // The error for a label the model does not know: "unknown class 'x' (column 'c');
  // the known classes are 'a', 'b', ..." (the column part only when `column` is not empty);
  // field is `column`.
  Error unknown(std::string_view name, const std::string& column) const;

 private:
  std::vector<std::string> classes_;
  std::unordered_map<std::string, uint32_t> index_;
};

// Re-expresses a data set with class labels in the model's class order: labels, one-hot
// targets, class_names and target_names become the model's. A data set without class
// names, or a model without classes, is left alone. Fails, naming the class, on a label
// the model does not know.
Outcome use_model_classes(Dataset* data, const std::vector<std::string>& model_classes);

}  // namespace dff
