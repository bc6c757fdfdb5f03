// Dataset: a table of inputs and targets in memory, as loaded from CSV.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/train.h"

namespace dff {

struct Dataset {
  uint32_t rows = 0;
  uint32_t input_width = 0;
  uint32_t target_width = 0;
  std::vector<float> inputs;   // rows x input_width, row-major
  std::vector<float> targets;  // rows x target_width, row-major (one-hot for class labels)
  std::vector<std::string> input_names;
  std::vector<std::string> target_names;  // one per target column (class names when class_names is set)
  std::vector<std::string> class_names;   // non-empty when targets came from a class-label column
  std::vector<uint32_t> labels;           // class index per row when class_names is set
  std::string label_column;               // name of the class-label column when class_names is set

  // Non-owning view for the core trainer; valid while this Dataset is unchanged.
  DatasetView view() const {
    DatasetView v;
    v.inputs = inputs.data();
    v.targets = targets.data();
    v.rows = rows;
    v.input_width = input_width;
    v.target_width = target_width;
    return v;
  }
};

}  // namespace dff
