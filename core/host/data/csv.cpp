// CSV parsing in two steps: split the text into records of cells (quotes, line
// ends, blank lines), then interpret the cells as inputs and targets.
#include "core/host/data/csv.h"

#include <stdint.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/host/eval/class_mapping.h"
#include "core/host/file_io.h"
#include "core/host/quote.h"
#include "core/network.h"

namespace dff {
namespace {

// Texts are limited to kMaxText bytes so cells fit in 32 bits (12 bytes a cell:
// the cell table is most of the memory a large file needs).
constexpr size_t kMaxText = (size_t{1} << 31) - 1;

// Offsets, counts and line numbers of a text within kMaxText (2 * kMaxText + 1 < 2^32).
uint32_t u32(size_t v) { return static_cast<uint32_t>(v); }

// Unquoted cells point into the text; quoted ones (unescaped) into Table::arena,
// at offsets shifted by the text's size.
struct Cell {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 0;   // line where the cell starts
};

struct Record {
  uint32_t first = 0;  // index of its first cell in Table::cells
  uint32_t count = 0;
  uint32_t line = 0;
};

struct Table {
  std::string_view text;
  std::string arena;  // contents of quoted cells, back to back
  std::vector<Cell> cells;
  std::vector<Record> records;

  std::string_view cell(const Record& r, size_t column) const {
    const Cell& c = cells[r.first + column];
    if (c.begin < text.size()) return text.substr(c.begin, c.end - c.begin);
    return std::string_view(arena).substr(c.begin - text.size(), c.end - c.begin);
  }
  size_t cell_line(const Record& r, size_t column) const { return cells[r.first + column].line; }
};

Error error_at(const std::string& source, size_t line, size_t column, const std::string& message,
               const std::string& field = {}) {
  Error e;
  e.message = message;
  e.source = source;
  e.line = u32(line);
  e.column = u32(column);
  e.field = field;
  return e;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Splits text into records. Fails only on a quoting error.
Result<Table> tokenize(const std::string& text, const std::string& source) {
  Table t;
  if (text.size() > kMaxText) {
    return error_at(source, 1, 1, "the file is too large (2 GiB or more); split it or sample it");
  }
  t.text = text;
  const size_t n = text.size();
  // Upper bounds, so the tables never grow (growing them dominated large files).
  const size_t separators = static_cast<size_t>(std::count(text.begin(), text.end(), ','));
  const size_t line_ends = static_cast<size_t>(std::count(text.begin(), text.end(), '\n') +
                                               std::count(text.begin(), text.end(), '\r'));
  t.records.reserve(line_ends + 1);
  t.cells.reserve(separators + line_ends + 1);
  size_t i = 0;
  size_t line = 1;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;

  // Consumes a line end at text[i] (CRLF, LF or CR); true if there was one.
  const auto take_newline = [&]() {
    if (i < n && text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      return true;
    }
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
      return true;
    }
    return false;
  };

  while (i < n) {
    size_t j = i;
    while (j < n && is_space(text[j])) ++j;
    if (j == n) break;
    if (text[j] == '\r' || text[j] == '\n') {  // blank line
      i = j;
      take_newline();
      continue;
    }
    Record record;
    record.first = u32(t.cells.size());
    record.line = u32(line);
    for (;;) {
      while (i < n && is_space(text[i])) ++i;
      Cell cell;
      cell.line = u32(line);
      const size_t column = t.cells.size() - record.first + 1;
      if (i < n && text[i] == '"') {
        ++i;
        const size_t offset = t.arena.size();
        cell.begin = u32(n + offset);
        for (;;) {
          if (i == n) {
            return error_at(source, cell.line, column,
                            "unterminated quoted field: the opening '\"' has no closing '\"'");
          }
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              t.arena += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\r' || c == '\n') {
            const size_t start = i;
            take_newline();
            t.arena.append(text, start, i - start);
            continue;
          }
          t.arena += c;
          ++i;
        }
        cell.end = u32(n + t.arena.size());
        while (i < n && is_space(text[i])) ++i;
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          return error_at(source, line, column,
                          "unexpected " + quoted(std::string_view(&text[i], 1)) +
                              " after a closing quote (write a quote inside a quoted field as \"\")");
        }
      } else {
        size_t end = i;
        while (end < n && text[end] != ',' && text[end] != '\r' && text[end] != '\n') ++end;
        size_t last = end;
        while (last > i && is_space(text[last - 1])) --last;
        cell.begin = u32(i);
        cell.end = u32(last);
        i = end;
      }
      t.cells.push_back(cell);
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      take_newline();
      break;
    }
    record.count = u32(t.cells.size() - record.first);
    t.records.push_back(record);
  }
  return t;
}

enum class CellKind : uint8_t { kEmpty, kNumber, kNonFinite, kText };

bool equals_ignore_case(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    const char c = (a[k] >= 'A' && a[k] <= 'Z') ? static_cast<char>(a[k] - 'A' + 'a') : a[k];
    if (c != lower[k]) return false;
  }
  return true;
}

// Whether s is a decimal number: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits].
bool is_decimal(std::string_view s) {
  size_t k = 0;
  if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
  size_t digits = 0;
  while (k < s.size() && is_digit(s[k])) ++k, ++digits;
  if (k < s.size() && s[k] == '.') {
    ++k;
    while (k < s.size() && is_digit(s[k])) ++k, ++digits;
  }
  if (digits == 0) return false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    size_t exp_digits = 0;
    while (k < s.size() && is_digit(s[k])) ++k, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return k == s.size();
}

// Spaces inside quotes (" 2.5") are tolerated around numbers; labels keep them.
std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

CellKind classify(std::string_view cell) {
  const std::string_view s = trim(cell);
  if (s.empty()) return CellKind::kEmpty;
  if (is_decimal(s)) return CellKind::kNumber;
  std::string_view word = s;
  if (word[0] == '+' || word[0] == '-') word.remove_prefix(1);
  if (equals_ignore_case(word, "nan") || equals_ignore_case(word, "inf") ||
      equals_ignore_case(word, "infinity")) {
    return CellKind::kNonFinite;
  }
  return CellKind::kText;
}

bool is_number_like(std::string_view s) {
  const CellKind kind = classify(s);
  return kind == CellKind::kNumber || kind == CellKind::kNonFinite;
}

// Sign of the decimal exponent of a decimal number's magnitude (> 0: at least 1),
// used to tell overflow from underflow when the converter reports out of range.
bool magnitude_at_least_one(std::string_view s) {
  size_t k = 0;
  if (s[k] == '+' || s[k] == '-') ++k;
  // Position of the first significant digit relative to the decimal point.
  int64_t integer_digits = 0;
  int64_t leading_fraction_zeros = 0;
  bool seen_nonzero = false;
  while (k < s.size() && is_digit(s[k])) {
    if (s[k] != '0') seen_nonzero = true;
    if (seen_nonzero) ++integer_digits;
    ++k;
  }
  if (k < s.size() && s[k] == '.') {
    ++k;
    while (k < s.size() && is_digit(s[k])) {
      if (!seen_nonzero && s[k] == '0') ++leading_fraction_zeros;
      if (s[k] != '0') seen_nonzero = true;
      ++k;
    }
  }
  int64_t exponent = 0;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    bool negative = false;
    if (s[k] == '+' || s[k] == '-') negative = s[k++] == '-';
    while (k < s.size()) {
      exponent = std::min<int64_t>(exponent * 10 + (s[k] - '0'), int64_t{1} << 40);
      ++k;
    }
    if (negative) exponent = -exponent;
  }
  const int64_t decimal_exponent =
      integer_digits > 0 ? integer_digits - 1 + exponent : exponent - leading_fraction_zeros - 1;
  return decimal_exponent >= 0;
}

enum class NumberStatus : uint8_t { kOk, kTooLarge, kUnparsed };

// Converts a cell that is_decimal() accepted. std::from_chars is locale independent;
// where the library lacks it for double (libc++ in Emscripten), strtod is used: it
// matches is_decimal() exactly in the "C" locale, which host programs here never change,
// and in any other locale the whole-cell check below fails loudly instead of misreading.
NumberStatus to_float(std::string_view cell, float* out) {
  const std::string_view s = trim(cell);
  std::string_view digits = s[0] == '+' ? s.substr(1) : s;
  double value = 0.0;
  bool out_of_range = false;
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
  const std::from_chars_result r = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (r.ec == std::errc::result_out_of_range) {
    out_of_range = true;
  } else if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
    return NumberStatus::kUnparsed;
  }
#else
  const std::string copy(digits);
  char* end = nullptr;
  errno = 0;
  value = strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return NumberStatus::kUnparsed;
  if (errno == ERANGE) out_of_range = true;
#endif
  if (out_of_range) {
    if (magnitude_at_least_one(s)) return NumberStatus::kTooLarge;
    value = 0.0;  // underflow: the nearest float is (signed) zero
    if (s[0] == '-') value = -0.0;
  }
  if (!(std::fabs(value) <= static_cast<double>(FLT_MAX))) return NumberStatus::kTooLarge;
  *out = static_cast<float>(value);
  return NumberStatus::kOk;
}

class Interpreter {
 public:
  Interpreter(const Table& table, const std::string& source, const CsvOptions& options)
      : t_(table), source_(source), options_(options) {}

  Result<Dataset> run();

 private:
  std::string column_name(size_t column) const { return quoted(names_[column]); }
  Error at(const Record& r, size_t column, const std::string& message) const {
    const size_t line = column < r.count ? t_.cell_line(r, column) : r.line;
    return error_at(source_, line, column + 1, message, column < names_.size() ? names_[column] : std::string());
  }
  // Parses the number in cell `column` of `r` into *out, or explains why not.
  bool number(const Record& r, size_t column, float* out, Error* error, const char* hint) const;
  std::optional<Error> check_columns(const Record& first);
  std::optional<Error> choose_target_kind();
  std::optional<Error> read_row(const Record& r, Dataset* d);
  std::optional<Error> finish_classes(Dataset* d);

  const Table& t_;
  const std::string& source_;
  const CsvOptions& options_;
  size_t columns_ = 0;        // expected columns per row (training)
  size_t inputs_ = 0;
  size_t first_data_ = 0;     // index of the first data record
  bool header_ = false;
  bool labels_ = false;       // the single target column holds class labels
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> class_index_;
  std::vector<std::string> classes_;
  std::optional<ClassMap> model_classes_;  // set when the labels must be a model's classes
};

bool Interpreter::number(const Record& r, size_t column, float* out, Error* error, const char* hint) const {
  const std::string_view s = t_.cell(r, column);
  const auto name = [&]() { return " (column " + column_name(column) + ")"; };
  switch (classify(s)) {
    case CellKind::kEmpty:
      *error = at(r, column, "missing value" + name());
      return false;
    case CellKind::kNonFinite:
      *error = at(r, column, quoted(s) + " is not a finite number" + name());
      return false;
    case CellKind::kText:
      *error = at(r, column, quoted(s) + " is not a number" + name() + hint);
      return false;
    case CellKind::kNumber:
      break;
  }
  switch (to_float(s, out)) {
    case NumberStatus::kOk:
      return true;
    case NumberStatus::kTooLarge:
      *error = at(r, column, quoted(s) + " is too large for a 32-bit float" + name());
      return false;
    case NumberStatus::kUnparsed:
      break;
  }
  *error = at(r, column, quoted(s) + " could not be read as a number (is the C locale in use?)" + name());
  return false;
}

std::optional<Error> Interpreter::check_columns(const Record& first) {
  const size_t count = first.count;
  const int32_t requested = options_.input_columns;
  if (!options_.require_targets) {
    if (requested < 1) {
      return error_at(source_, first.line, 1,
                      "the number of input columns must be given (>= 1) to read rows without targets");
    }
    inputs_ = static_cast<size_t>(requested);
    if (count < inputs_) {
      return error_at(source_, first.line, count + 1,
                      "expected at least " + std::to_string(inputs_) + " input columns, got " +
                          std::to_string(count));
    }
    return std::nullopt;
  }
  if (count < 2) {
    return error_at(source_, first.line, count + 1,
                    "found " + std::to_string(count) +
                        " column; need at least 2 (one or more inputs, then one or more targets)");
  }
  if (requested >= 0 && (requested == 0 || static_cast<size_t>(requested) >= count)) {
    const size_t column = requested == 0 ? 1 : std::min(static_cast<size_t>(requested), count);
    return error_at(source_, first.line, column,
                    "cannot use " + std::to_string(requested) + " input columns: the file has " +
                        std::to_string(count) + " columns, so inputs must be 1.." +
                        std::to_string(count - 1) + " to leave at least one target column");
  }
  inputs_ = requested < 0 ? count - 1 : static_cast<size_t>(requested);
  columns_ = count;
  return std::nullopt;
}

// Decides whether a single target column holds numbers or class labels (by
// majority, so the error points at the odd cell out).
std::optional<Error> Interpreter::choose_target_kind() {
  if (!options_.require_targets) return std::nullopt;
  if (!options_.class_names.empty()) {
    if (columns_ - inputs_ != 1) {
      const Record& r = t_.records[first_data_];
      return at(r, inputs_ + 1,
                "expected one class-label column after the " + std::to_string(inputs_) +
                    " inputs (the model has class names), got " + std::to_string(columns_ - inputs_) +
                    " target columns");
    }
    labels_ = true;
    return std::nullopt;
  }
  if (columns_ - inputs_ != 1) return std::nullopt;
  size_t numbers = 0;
  size_t texts = 0;
  for (size_t k = first_data_; k < t_.records.size(); ++k) {
    const Record& r = t_.records[k];
    if (r.count != columns_) continue;
    const CellKind kind = classify(t_.cell(r, inputs_));
    if (kind == CellKind::kText) ++texts;
    else if (kind != CellKind::kEmpty) ++numbers;
  }
  labels_ = texts > numbers;
  return std::nullopt;
}

std::optional<Error> Interpreter::read_row(const Record& r, Dataset* d) {
  if (options_.require_targets && r.count != columns_) {
    const size_t column = r.count < columns_ ? r.count + 1 : columns_ + 1;
    return error_at(source_, r.line, column,
                    "expected " + std::to_string(columns_) + " columns (as on line " +
                        std::to_string(t_.records[0].line) + "), got " + std::to_string(r.count));
  }
  if (!options_.require_targets && r.count < inputs_) {
    return error_at(source_, r.line, r.count + 1,
                    "expected at least " + std::to_string(inputs_) + " input columns, got " +
                        std::to_string(r.count));
  }
  Error error;
  for (size_t c = 0; c < inputs_; ++c) {
    float v = 0.0f;
    if (!number(r, c, &v, &error, "")) return error;
    d->inputs.push_back(v);
  }
  if (!options_.require_targets) return std::nullopt;
  if (!labels_) {
    const char* hint = columns_ - inputs_ > 1
                           ? "; class labels are allowed only in a single target column"
                           : "; the other rows of this target column hold numbers, and a target "
                             "column holds either numbers or class labels";
    for (size_t c = inputs_; c < columns_; ++c) {
      float v = 0.0f;
      if (!number(r, c, &v, &error, hint)) return error;
      d->targets.push_back(v);
    }
    return std::nullopt;
  }
  const std::string_view label = t_.cell(r, inputs_);
  const auto name = [&]() { return " (column " + column_name(inputs_) + ")"; };
  const CellKind kind = classify(label);
  if (kind == CellKind::kEmpty) return at(r, inputs_, "missing class label" + name());
  if (options_.class_names.empty() && kind != CellKind::kText) {
    return at(r, inputs_,
              quoted(label) + " is a number, but the other rows of this target column hold class labels" +
                  name() + "; a target column holds either numbers or class labels");
  }
  const std::string key(label);
  auto found = class_index_.find(key);
  if (found == class_index_.end()) {
    uint32_t index = static_cast<uint32_t>(classes_.size());
    if (model_classes_) {
      const int32_t known = model_classes_->find(key);
      if (known < 0) {
        const Error unknown = model_classes_->unknown(key, names_[inputs_]);
        return at(r, inputs_, unknown.message);
      }
      index = static_cast<uint32_t>(known);
    } else if (classes_.size() == kMaxClasses) {
      // Checked while reading: every class becomes an output, and the one-hot targets
      // (rows x classes floats) of a column of IDs would otherwise exhaust memory.
      return at(r, inputs_,
                "column " + column_name(inputs_) + " has more than " + std::to_string(kMaxClasses) +
                    " distinct class labels (" + std::to_string(classes_.size() + 1) +
                    " by this row); a model has at most " + std::to_string(kMaxClasses) +
                    " outputs, one per class: is this a column of IDs or free text?");
    }
    found = class_index_.emplace(key, index).first;
    classes_.push_back(key);
  }
  d->labels.push_back(found->second);
  return std::nullopt;
}

std::optional<Error> Interpreter::finish_classes(Dataset* d) {
  if (options_.class_names.empty()) {
    if (classes_.size() < 2) {
      const Record& r = t_.records[first_data_];
      return at(r, inputs_,
                "column " + column_name(inputs_) + " holds a single class, " + quoted(classes_[0]) +
                    "; classification needs at least 2 classes");
    }
    if (options_.class_order == ClassOrder::kSorted) {
      std::vector<std::string> sorted = classes_;
      std::sort(sorted.begin(), sorted.end());
      std::vector<uint32_t> remap(classes_.size());
      for (size_t k = 0; k < sorted.size(); ++k) remap[class_index_[sorted[k]]] = static_cast<uint32_t>(k);
      for (uint32_t& label : d->labels) label = remap[label];
      classes_ = std::move(sorted);
    }
  } else {
    classes_ = options_.class_names;
  }
  const size_t width = classes_.size();
  d->targets.assign(d->labels.size() * width, 0.0f);
  for (size_t k = 0; k < d->labels.size(); ++k) d->targets[k * width + d->labels[k]] = 1.0f;
  d->target_width = static_cast<uint32_t>(width);
  d->class_names = classes_;
  d->target_names = classes_;
  d->label_column = names_[inputs_];
  return std::nullopt;
}

Result<Dataset> Interpreter::run() {
  if (t_.records.empty()) return error_at(source_, 1, 1, "the file is empty (no rows)");
  const Record& first = t_.records[0];
  if (std::optional<Error> e = check_columns(first)) return *e;

  if (!options_.class_names.empty()) model_classes_.emplace(options_.class_names);
  switch (options_.header) {
    case HeaderRow::kPresent: header_ = true; break;
    case HeaderRow::kAbsent: header_ = false; break;
    case HeaderRow::kAuto:
      for (size_t c = 0; c < inputs_; ++c) header_ = header_ || !is_number_like(t_.cell(first, c));
      break;
  }
  first_data_ = header_ ? 1 : 0;
  const size_t named = options_.require_targets ? columns_ : inputs_;
  for (size_t c = 0; c < named; ++c) {
    std::string name = header_ && c < first.count ? std::string(t_.cell(first, c)) : std::string();
    if (name.empty()) name = (c < inputs_ ? "x" + std::to_string(c + 1) : "y" + std::to_string(c - inputs_ + 1));
    names_.push_back(std::move(name));
  }
  if (t_.records.size() <= first_data_) {
    return error_at(source_, first.line + 1, 1, "no data rows after the header on line " + std::to_string(first.line));
  }
  if (static_cast<uint64_t>(t_.records.size() - first_data_) > UINT32_MAX) {
    return error_at(source_, t_.records.back().line, 1, "too many rows");
  }
  if (std::optional<Error> e = choose_target_kind()) return *e;

  Dataset d;
  d.rows = static_cast<uint32_t>(t_.records.size() - first_data_);
  d.input_width = static_cast<uint32_t>(inputs_);
  d.inputs.reserve(d.rows * inputs_);
  d.input_names.assign(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(inputs_));
  for (size_t k = first_data_; k < t_.records.size(); ++k) {
    if (std::optional<Error> e = read_row(t_.records[k], &d)) return *e;
  }
  if (!options_.require_targets) return d;
  if (labels_) {
    if (std::optional<Error> e = finish_classes(&d)) return *e;
  } else {
    d.target_width = static_cast<uint32_t>(columns_ - inputs_);
    d.target_names.assign(names_.begin() + static_cast<std::ptrdiff_t>(inputs_), names_.end());
  }
  return d;
}

}  // namespace

Result<Dataset> parse_csv(const std::string& text, const std::string& source, const CsvOptions& options) {
  Result<Table> table = tokenize(text, source);
  if (!table) return table.error_details();
  return Interpreter(table.value(), source, options).run();
}

Result<Dataset> load_csv(const std::string& path, const CsvOptions& options) {
  Result<std::string> text = read_file(path);
  if (!text) return text.error_details();
  return parse_csv(text.value(), path, options);
}

}  // namespace dff
