#include "cli/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>

#include "core/host/data/csv.h"
#include "core/host/model/model_io.h"

namespace dff::cli {
namespace {

void print_line(const std::string& message) {
  std::string line = "dff: " + message;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line += '\n';
  fflush(stdout);
  fputs(line.c_str(), stderr);
}

std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

int report_error(const std::string& message) {
  print_line(message);
  return kExitError;
}

int report_usage_error(const std::string& message) {
  print_line(message);
  return kExitUsage;
}

std::string format_float(float value) {
  char buffer[64];
  const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (r.ec != std::errc()) {
    snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(value));
    return buffer;
  }
  return std::string(buffer, r.ptr);
}

std::string format_percent(double fraction) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.1f%%", fraction * 100.0);
  return buffer;
}

Outcome check_writable(const std::string& path) {
  if (path.empty()) return Error{"the output file name is empty"};
  struct stat info;
  if (lstat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return Error{"cannot write '" + path + "': it is a folder; give a file name"};
    // The file is replaced by renaming a new one over it: that would swap out a device,
    // pipe or symbolic link instead of writing through it.
    if (!S_ISREG(info.st_mode))
      return Error{"cannot write '" + path + "': not a regular file (dff replaces output files as a whole)"};
  }
  const std::string folder = folder_of(path);
  if (stat(folder.c_str(), &info) != 0)
    return Error{"cannot write '" + path + "': folder '" + folder + "': " + strerror(errno)};
  if (!S_ISDIR(info.st_mode)) return Error{"cannot write '" + path + "': '" + folder + "' is not a folder"};
  if (access(folder.c_str(), W_OK | X_OK) != 0)
    return Error{"cannot write '" + path + "': folder '" + folder + "': " + strerror(errno)};
  return true;
}

Outcome write_stdout(const std::string& text) {
  const bool ok = (text.empty() || fwrite(text.data(), 1, text.size(), stdout) == text.size()) && fflush(stdout) == 0;
  if (ok) return true;
  // The reader went away (dff predict ... | head): stop quietly, as tools killed by SIGPIPE do, but exit 1.
  if (errno == EPIPE) exit(kExitError);
  return Error{std::string("cannot write to standard output: ") + strerror(errno)};
}

Result<DFF> load_model_file(const std::string& path) { return load_model(path); }

Result<Dataset> load_data_for_model(const std::string& path, const DFF& model, bool require_targets) {
  CsvOptions options;
  options.input_columns = model.topology().inputs();
  options.require_targets = require_targets;
  if (require_targets) options.class_names = model.class_names;
  Result<Dataset> data = load_csv(path, options);
  if (!data.ok()) return data;
  if (require_targets && data->target_width != model.topology().outputs())
    return Error{path + ": the data has " + std::to_string(data->target_width) +
                 " target columns after the model's " + std::to_string(model.topology().inputs()) +
                 " inputs, but the model has " + std::to_string(model.topology().outputs()) + " outputs"};
  return data;
}

std::string topology_string(const Topology& t) {
  std::string s;
  for (uint8_t i = 0; i <= t.layer_count; ++i) {
    if (i > 0) s += '-';
    s += std::to_string(t.widths[i]);
  }
  return s;
}

}  // namespace dff::cli
