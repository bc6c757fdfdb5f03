#include "core/host/file_io.h"

#include <catch2/catch.hpp>

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

// A fresh, empty folder under the build tree for one test.
std::string fresh_dir(const std::string& name) {
  const std::string dir = std::string(DFF_BINARY_DIR) + "/test_file_io." + name;
  const std::string command = "rm -rf '" + dir + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  REQUIRE(mkdir(dir.c_str(), 0755) == 0);
  return dir;
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

std::string slurp(const std::string& path) {
  dff::Result<std::string> r = dff::read_file(path);
  INFO(r.error());
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

TEST_CASE("write then read round-trips bytes exactly") {
  const std::string dir = fresh_dir("roundtrip");
  const std::string path = dir + "/model.json";
  std::string data = "line 1\r\nline 2\n";
  data += '\0';
  data += "\xff\xfe tail";
  dff::Outcome w = dff::write_file_atomic(path, data);
  INFO(w.error());
  REQUIRE(w.ok());
  CHECK(slurp(path) == data);
  CHECK(list_dir(dir) == std::vector<std::string>{"model.json"});

  SECTION("an empty file") {
    REQUIRE(dff::write_file_atomic(path, "").ok());
    CHECK(slurp(path).empty());
  }
  SECTION("a large file (several read chunks)") {
    std::string big(1 << 20, 'x');
    for (size_t k = 0; k < big.size(); k += 4099) big[k] = static_cast<char>('a' + k % 26);
    REQUIRE(dff::write_file_atomic(path, big).ok());
    CHECK(slurp(path) == big);
  }
  SECTION("replacing keeps the old file's permissions") {
    REQUIRE(chmod(path.c_str(), 0640) == 0);
    REQUIRE(dff::write_file_atomic(path, "new").ok());
    struct stat info;
    REQUIRE(stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0640);
    CHECK(slurp(path) == "new");
  }
}

TEST_CASE("read_file errors name the path and the reason") {
  const std::string dir = fresh_dir("read");
  dff::Result<std::string> missing = dff::read_file(dir + "/absent.csv");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error() == "cannot open '" + dir + "/absent.csv': No such file or directory");
  dff::Result<std::string> folder = dff::read_file(dir);
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error() == "cannot read '" + dir + "': Is a directory");
}

TEST_CASE("writing into a folder that does not exist fails cleanly") {
  const std::string dir = fresh_dir("nodir");
  const std::string path = dir + "/missing/model.json";
  dff::Outcome w = dff::write_file_atomic(path, "data");
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "cannot create a temporary file to write '" + path + "': No such file or directory");
  CHECK(list_dir(dir).empty());
}

TEST_CASE("writing over a folder fails and leaves it and its parent untouched") {
  const std::string dir = fresh_dir("isdir");
  const std::string target = dir + "/model.json";
  REQUIRE(mkdir(target.c_str(), 0755) == 0);
  REQUIRE(dff::write_file_atomic(target + "/inside", "keep").ok());
  dff::Outcome w = dff::write_file_atomic(target, "data");
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "cannot replace '" + target + "': Is a directory");
  CHECK(list_dir(dir) == std::vector<std::string>{"model.json"});  // no temporary file left
  CHECK(slurp(target + "/inside") == "keep");
}

TEST_CASE("a write failing midway leaves the old file intact and no temporary file") {
  // RLIMIT_FSIZE makes write() fail with EFBIG after a few bytes, even for root.
  const std::string dir = fresh_dir("efbig");
  const std::string path = dir + "/model.json";
  REQUIRE(dff::write_file_atomic(path, "old contents").ok());

  struct rlimit saved;
  REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 64;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  dff::Outcome w = dff::write_file_atomic(path, std::string(100000, 'n'));
  REQUIRE(setrlimit(RLIMIT_FSIZE, &saved) == 0);
  signal(SIGXFSZ, old_handler);

  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "cannot write '" + path + "': File too large");
  CHECK(slurp(path) == "old contents");
  CHECK(list_dir(dir) == std::vector<std::string>{"model.json"});
}

TEST_CASE("a read-only folder: the old file stays and nothing is created") {
  if (geteuid() == 0) {
    WARN("skipped: root ignores folder permissions (the RLIMIT_FSIZE test covers a failing write)");
    return;
  }
  const std::string dir = fresh_dir("readonly");
  const std::string path = dir + "/model.json";
  REQUIRE(dff::write_file_atomic(path, "old").ok());
  REQUIRE(chmod(dir.c_str(), 0555) == 0);
  dff::Outcome w = dff::write_file_atomic(path, "new");
  REQUIRE(chmod(dir.c_str(), 0755) == 0);
  REQUIRE_FALSE(w.ok());
  CHECK(w.error() == "cannot create a temporary file to write '" + path + "': Permission denied");
  CHECK(slurp(path) == "old");
  CHECK(list_dir(dir) == std::vector<std::string>{"model.json"});
}
