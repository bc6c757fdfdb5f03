// CSV data sets: numeric input columns, then numeric target columns or one
// class-label column (one-hot encoded). Errors name source, line and column.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/host/dataset.h"
#include "core/host/result.h"

namespace dff {

enum class HeaderRow : uint8_t { kAuto, kPresent, kAbsent };
enum class ClassOrder : uint8_t { kFirstSeen, kSorted };

struct CsvOptions {
  int32_t input_columns = -1;          // first N columns are inputs; -1: all but the last
  HeaderRow header = HeaderRow::kAuto; // auto: a first row whose input cells are not all numbers is a header
  ClassOrder class_order = ClassOrder::kFirstSeen;
  // When non-empty, a label column maps onto these classes (a model's), in this order;
  // an unknown label is an error. When empty, classes are collected from the data.
  std::vector<std::string> class_names;
  bool require_targets = true;         // false: rows may hold inputs only (predict); extra columns ignored
};

// Parses CSV text (comma separated, optional double quotes, CRLF or LF). `source`
// names the text in errors: "data.csv:4:2: 'x' is not a number (column 'i2')".
Result<Dataset> parse_csv(const std::string& text, const std::string& source, const CsvOptions& options);
// Reads and parses a CSV file; errors name the path.
Result<Dataset> load_csv(const std::string& path, const CsvOptions& options);

}  // namespace dff
