// libFuzzer target for the CSV loader: any bytes must give a well-formed Dataset
// or a one-line error naming the source; never a crash, hang or sanitizer report.
// The first byte picks the options (with the input's length: class order and how the
// targets are read), so every mode is explored.
#include <stddef.h>
#include <stdint.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/host/data/csv.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  dff::CsvOptions options;
  options.input_columns = static_cast<int32_t>(mode & 7) - 1;  // -1 (default) .. 6
  options.header = static_cast<dff::HeaderRow>((mode >> 3) % 3);
  options.class_order = (mode & 0x20) ? dff::ClassOrder::kSorted
                        : (size & 1)  ? dff::ClassOrder::kNatural
                                      : dff::ClassOrder::kFirstSeen;
  options.targets = static_cast<dff::TargetRead>((size >> 1) % 3);
  options.require_targets = (mode & 0x40) == 0;
  if (mode & 0x80) options.class_names = {"a", "b", "1"};
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

  const dff::Result<dff::Dataset> r = dff::parse_csv(text, "fuzz.csv", options);
  if (!r.ok()) {
    const std::string& e = r.error();
    check(e.rfind("fuzz.csv:", 0) == 0);
    check(e.find('\n') == std::string::npos && e.find('\r') == std::string::npos);
    return 0;
  }
  const dff::Dataset& d = r.value();
  check(d.rows > 0 && d.input_width > 0);
  check(d.inputs.size() == size_t{d.rows} * d.input_width);
  check(d.targets.size() == size_t{d.rows} * d.target_width);
  check(d.input_names.size() == d.input_width);
  check(size_t{d.input_width} + d.target_width <= dff::kMaxColumns + dff::kMaxClasses);
  for (const std::string& n : d.input_names) check(n.size() <= dff::kMaxNameBytes);
  for (float v : d.inputs) check(std::isfinite(v));
  for (float v : d.targets) check(std::isfinite(v));
  if (!options.require_targets) {
    check(d.target_width == 0);
    return 0;
  }
  check(d.target_width > 0 && d.target_names.size() == d.target_width);
  if (!d.class_names.empty()) {
    check(d.class_names.size() == d.target_width && d.labels.size() == d.rows);
    check(options.class_names.empty() ? d.class_names.size() >= 2 : d.class_names == options.class_names);
    for (const std::string& n : d.class_names) check(n.size() <= dff::kMaxNameBytes);
    if (options.class_names.empty() && options.class_order == dff::ClassOrder::kNatural) {
      std::vector<std::string> sorted = d.class_names;
      dff::sort_natural(&sorted);
      check(sorted == d.class_names);
    }
    for (uint32_t row = 0; row < d.rows; ++row) {
      check(d.labels[row] < d.target_width);
      for (uint32_t c = 0; c < d.target_width; ++c) {
        check(d.targets[size_t{row} * d.target_width + c] == (c == d.labels[row] ? 1.0f : 0.0f));
      }
    }
  }
  return 0;
}
