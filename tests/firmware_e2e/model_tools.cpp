#include "model_tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

namespace e2e {

bool run(const std::string& command) {
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool read_file(const std::string& path, std::vector<uint8_t>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

namespace {

std::vector<float> parse_line(const std::string& line) {
  std::vector<float> v;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) v.push_back(std::strtof(cell.c_str(), nullptr));
  return v;
}

}  // namespace

bool dff_predict(const std::string& dff, const std::string& model, const std::string& csv,
                 std::vector<std::vector<float>>* rows) {
  const std::string cmd = quote(dff) + " predict " + quote(model) + " " + quote(csv);
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return false;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  const int status = pclose(p);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return false;
  rows->clear();
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line))
    if (!line.empty()) rows->push_back(parse_line(line));
  return !rows->empty();
}

bool read_csv(const std::string& path, std::vector<std::vector<float>>* rows) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  rows->clear();
  while (std::getline(in, line))
    if (!line.empty()) rows->push_back(parse_line(line));
  return !rows->empty();
}

std::string make_temp_dir(const char* prefix) {
  std::string templ = std::string("/tmp/") + prefix + "XXXXXX";
  return mkdtemp(templ.data()) != nullptr ? templ : std::string();
}

void remove_tree(const std::string& dir) {
  if (dir.rfind("/tmp/", 0) == 0) run("rm -rf " + quote(dir));
}

}  // namespace e2e
