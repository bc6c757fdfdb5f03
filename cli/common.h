// Helpers shared by the dff subcommands: exit codes, one-line error reports,
// number formatting, output checks and the loading of models and data sets.
#pragma once

#include <stdint.h>

#include <functional>
#include <string>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace CLI {
class App;
}

namespace dff::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;  // bad data, bad model, I/O failure, training failure
constexpr int kExitUsage = 2;  // bad command line: unknown option, bad value, missing argument

// A registered subcommand and what running it does (returns the exit code).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// Prints "dff: <message>" as one line on stderr (newlines in message become spaces); returns kExitError.
int report_error(const std::string& message);
// Same, for command-line mistakes; returns kExitUsage.
int report_usage_error(const std::string& message);

// Shortest decimal that reads back as the same float (at most 9 significant digits).
std::string format_float(float value);
// Percentage with one decimal: 0.9867 -> "98.7%".
std::string format_percent(double fraction);

// Fails early, before any long work, when `path` cannot be written: its folder is
// missing or not writable, or the path is a folder, device, pipe or symbolic link
// (write_file_atomic would replace those instead of writing through them).
Outcome check_writable(const std::string& path);

// Writes `text` to stdout and flushes; fails with a message on a full disk or other
// write error. A closed pipe ends the program quietly with kExitError.
Outcome write_stdout(const std::string& text);

// Loads a model file (JSON or blob, by content); errors name the file.
Result<DFF> load_model_file(const std::string& path);
// Loads CSV data for an existing model: the model's input width, its class names, and
// targets required or ignored. Checks the target width against the model's outputs.
Result<Dataset> load_data_for_model(const std::string& path, const DFF& model, bool require_targets);

// "3-16-2": the widths of a topology.
std::string topology_string(const Topology& t);
// Names as the command line spells them ("cross_entropy", "adam", "he").

}  // namespace dff::cli
