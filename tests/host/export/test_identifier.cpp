#include "core/host/export/identifier.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "core/prng.h"

using namespace dff;

namespace {

bool is_valid_identifier(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdentifier) return false;
  const char first = id[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  for (const char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return id.find("__") == std::string::npos && id.back() != '_';
}

std::string random_bytes(Pcg32& rng, uint32_t max_len) {
  std::string s(rng.bounded(max_len + 1), '\0');
  for (char& c : s) c = static_cast<char>(rng.bounded(256));
  return s;
}

bool refused_as(const std::string& identifier, const std::string& why) {
  const Outcome o = check_python_module_name(identifier);
  INFO(identifier << ": " << o.error());
  return !o.ok() && o.error().find(why) != std::string::npos;
}

}  // namespace

TEST_CASE("identifier_from keeps plain names and makes hostile ones harmless") {
  CHECK(identifier_from("seed") == "seed");
  CHECK(identifier_from("MyModel_2") == "MyModel_2");
  CHECK(identifier_from("my model") == "my_model");
  CHECK(identifier_from("my  model") == "my_model");
  CHECK(identifier_from("1 bad-name; system(\"x\")") == "m_1_bad_name_system_x");
  CHECK(identifier_from("__init__") == "init");
  CHECK(identifier_from("a__b") == "a_b");
  CHECK(identifier_from("caf\xc3\xa9 au lait") == "caf_au_lait");
  CHECK(identifier_from("*/ #define x") == "define_x");
  CHECK(identifier_from("") == "");
  CHECK(identifier_from("___") == "");
  CHECK(identifier_from("\xc3\xa9\xc3\xa9") == "");
}

TEST_CASE("identifier_from cuts long names without leaving a trailing underscore") {
  CHECK(identifier_from(std::string(39, 'a') + " bcdef") == std::string(39, 'a'));
  CHECK(identifier_from(std::string(100, 'x')).size() == kMaxIdentifier);
}

TEST_CASE("identifier_from always returns a valid, unreserved identifier or nothing") {
  Pcg32 rng(7);
  for (int n = 0; n < 5000; ++n) {
    const std::string id = identifier_from(random_bytes(rng, 60));
    INFO(id);
    if (id.empty()) continue;
    REQUIRE(is_valid_identifier(id));
    REQUIRE(identifier_from(id) == id);  // idempotent
  }
}

TEST_CASE("c_macro_name upper-cases an identifier") {
  CHECK(c_macro_name("m_1_bad_name_system_x") == "M_1_BAD_NAME_SYSTEM_X");
  CHECK(c_macro_name("Iris2") == "IRIS2");
}

TEST_CASE("a Python module name is neither a keyword, nor main or boot, nor a module name") {
  for (const char* ok : {"model", "seed", "iris", "gesture_v2", "Class", "none", "test", "m_1_os", "os_model"})
    CHECK(check_python_module_name(ok).ok());
  for (const char* keyword : {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                              "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
                              "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
                              "raise", "return", "try", "while", "with", "yield"})
    CHECK(refused_as(keyword, "is a Python keyword"));
  CHECK(refused_as("main", "would replace the board's main.py"));
  CHECK(refused_as("MAIN", "would replace the board's main.py"));  // FAT file systems ignore case
  CHECK(refused_as("boot", "would replace the board's boot.py"));
  // What the generated module imports, what boards run on, and their u-aliases.
  for (const char* module : {"array", "math", "uctypes", "os", "sys", "struct", "gc", "errno", "micropython",
                             "machine", "time", "json", "re", "io", "select", "socket", "network", "bluetooth",
                             "uos", "usys", "ustruct", "utime", "uarray", "esp32", "rp2", "pyb", "asyncio",
                             "uasyncio", "builtins", "collections", "random", "hashlib", "binascii", "framebuf",
                             "neopixel", "onewire", "dht", "mip", "requests", "webrepl", "string", "typing",
                             "abc", "cProfile", "zoneinfo", "Os", "ARRAY"})
    CHECK(refused_as(module, "is the name of a module MicroPython or Python has"));
  CHECK(refused_as("os", "choose another name, e.g. 'os_model'"));
  for (const char* module : {"matrix", "neuralnetwork", "dff_formats", "dff_kernels", "dff_codegen", "Matrix"})
    CHECK(refused_as(module, "is a module of microdff's MicroPython library"));
}

TEST_CASE("every module of the MicroPython library in micropython/ is refused as a module name") {
  size_t modules = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(DFF_SOURCE_DIR) + "/micropython")) {
    const std::filesystem::path& file = entry.path();
    // Examples are not copied to boards with the library.
    if (file.extension() != ".py" || file.stem().string().find("example") != std::string::npos) continue;
    CHECK(refused_as(file.stem().string(), "is a module of microdff's MicroPython library"));
    ++modules;
  }
  CHECK(modules >= 5);
}
