// Runs the host `dff` to make models and reference predictions, and reads files.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

namespace e2e {

// Runs a shell command line; true if it exited 0.
bool run(const std::string& command);
// Single-quotes a path for the shell.
std::string quote(const std::string& s);
bool read_file(const std::string& path, std::vector<uint8_t>* out);
// `dff predict model data`: one vector of outputs per row.
bool dff_predict(const std::string& dff, const std::string& model, const std::string& csv,
                 std::vector<std::vector<float>>* rows);
// The numeric CSV (header line skipped) as rows of floats.
bool read_csv(const std::string& path, std::vector<std::vector<float>>* rows);
// A fresh directory under /tmp, removed with everything in it by remove_tree().
std::string make_temp_dir(const char* prefix);
void remove_tree(const std::string& dir);

}  // namespace e2e
