// CSV data sets: numeric input columns, then numeric target columns or one
// class-label column (one-hot encoded). Errors name source, line and column.
//
// Format accepted (RFC 4180 plus the usual spreadsheet habits):
// - comma separated; fields may be double-quoted ("a,b", "say ""hi"""); a quoted
//   field may span lines; spaces and tabs around a field (or its quotes) are trimmed;
// - LF, CRLF or CR line ends; the last line end is optional; blank lines are
//   skipped but still counted, so line numbers match an editor's; a UTF-8 BOM is skipped;
// - numbers are decimal ("-1", "+.5", "2.", "6.02e23"), parsed independently of the
//   locale; the whole cell must be a number. NaN, Inf and values beyond the float range
//   are rejected;
// - the first row is a header when HeaderRow::kPresent, or with kAuto when any of its
//   would-be input cells is not a number. Without a header, inputs are named
//   "x1".."xN" and numeric targets "y1".."yM" (an empty header cell gets the default too).
//
// Targets (require_targets = true): the columns after the first `input_columns`.
// Several target columns must all be numeric. A single target column holding class
// labels (text) is one-hot encoded: Dataset::class_names lists the classes, in the
// order they first appear (ClassOrder::kFirstSeen, the default) or sorted by byte
// value (ClassOrder::kSorted); target_names equals class_names and labels[r] is the
// class index of row r. A target column must hold either numbers or labels, not both.
// When CsvOptions::class_names is given (a model's classes), the single target column
// is read as labels (even "0", "1") and matched by name against those classes, in any
// order (ClassMap, core/host/eval/class_mapping.h); an unknown label is an error.
//
// Caps: a text of 2 GiB or more, more than UINT32_MAX rows and more than kMaxClasses
// distinct class labels are refused. Classes are counted while reading, so a column of
// IDs fails at its (kMaxClasses + 1)-th label, before any one-hot table is built.
//
// Every error carries source, line, column (1-based; the column is the field number, not
// the character offset) and, where it is about one column, that column's name as `field`;
// Error::text() reads "<source>:<line>:<column>: <what> (column '<name>')".
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/result.h"
#include "core/network.h"

namespace dff {

// Most distinct class labels in a label column: one output neuron per class.
constexpr uint32_t kMaxClasses = kMaxWidth;

enum class HeaderRow : uint8_t { kAuto, kPresent, kAbsent };
enum class ClassOrder : uint8_t { kFirstSeen, kSorted };

struct CsvOptions {
  int32_t input_columns = -1;          // first N columns are inputs; -1: all but the last
  HeaderRow header = HeaderRow::kAuto; // auto: a first row whose input cells are not all numbers is a header
  ClassOrder class_order = ClassOrder::kFirstSeen;
  // When non-empty, a label column maps onto these classes (a model's), in this order;
  // an unknown label is an error. When empty, classes are collected from the data.
  std::vector<std::string> class_names;
  // false: rows hold at least `input_columns` inputs (which must then be >= 1; for predict);
  // columns after them are ignored and the Dataset has no targets (target_width 0).
  bool require_targets = true;
};

// Parses CSV text (comma separated, optional double quotes, CRLF or LF). `source`
// names the text in errors: "data.csv:4:2: 'x' is not a number (column 'i2')".
// Never throws or crashes, whatever the bytes; the first problem found is returned.
Result<Dataset> parse_csv(const std::string& text, const std::string& source, const CsvOptions& options);
// Reads and parses a CSV file; errors name the path (as given).
Result<Dataset> load_csv(const std::string& path, const CsvOptions& options);

}  // namespace dff
