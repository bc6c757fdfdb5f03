#include "core/host/export/identifier.h"

#include <string.h>

#include <algorithm>
#include <iterator>

namespace dff {
namespace {

constexpr const char* kPythonKeywords[] = {
    "False", "None", "True",  "and",    "as",       "assert", "async",  "await",  "break",  "class", "continue",
    "def",   "del",  "elif",  "else",   "except",   "finally", "for",   "from",   "global", "if",    "import",
    "in",    "is",   "lambda", "nonlocal", "not",   "or",     "pass",   "raise",  "return", "try",   "while",
    "with",  "yield"};

// The modules of microdff's MicroPython library (micropython/), which the page can put on a
// board next to the model: the model's file must not replace one of them.
constexpr const char* kLibraryModules[] = {"dff_codegen", "dff_formats", "dff_kernels", "matrix", "neuralnetwork"};

// Lower case, sorted. MicroPython's modules on any port with their u-prefixed aliases, common
// micropython-lib packages, and CPython 3.11's standard library (sys.stdlib_module_names
// without the _private ones, which identifier_from() cannot produce).
constexpr const char* kModules[] = {
    "abc", "aifc", "aioble", "antigravity", "apa102", "argparse", "array", "ast", "asynchat", "asyncio", "asyncore",
    "atexit", "audioop", "base64", "bdb", "binascii", "bisect", "bluetooth", "btree", "builtins", "bz2", "calendar",
    "cgi", "cgitb", "chunk", "cmath", "cmd", "code", "codecs", "codeop", "collections", "colorsys", "compileall",
    "concurrent", "configparser", "contextlib", "contextvars", "copy", "copyreg", "cprofile", "crypt", "cryptolib",
    "csv", "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal", "deflate", "dht", "difflib", "dis",
    "distutils", "doctest", "ds18x20", "email", "encodings", "ensurepip", "enum", "errno", "esp", "esp32", "espnow",
    "faulthandler", "fcntl", "filecmp", "fileinput", "flashbdev", "fnmatch", "fractions", "framebuf", "ftplib",
    "functools", "gc", "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip", "hashlib",
    "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "imp", "importlib", "inisetup", "inspect",
    "io", "ipaddress", "itertools", "json", "keyword", "lcd160cr", "lib2to3", "linecache", "locale", "logging",
    "lzma", "machine", "mailbox", "mailcap", "marshal", "math", "micropython", "mimetypes", "mip", "mmap",
    "modulefinder", "msilib", "msvcrt", "multiprocessing", "neopixel", "netrc", "network", "nis", "nntplib", "nt",
    "ntpath", "ntptime", "nturl2path", "numbers", "onewire", "opcode", "openamp", "operator", "optparse", "os",
    "ossaudiodev", "pathlib", "pdb", "pickle", "pickletools", "pipes", "pkgutil", "platform", "plistlib", "poplib",
    "posix", "posixpath", "pprint", "profile", "pstats", "pty", "pwd", "py_compile", "pyb", "pyclbr", "pydoc",
    "pydoc_data", "pyexpat", "queue", "quopri", "random", "re", "readline", "reprlib", "requests", "resource",
    "rlcompleter", "rp2", "runpy", "sched", "sdcard", "secrets", "select", "selectors", "shelve", "shlex", "shutil",
    "signal", "site", "smtpd", "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile",
    "sre_constants", "sre_parse", "ssl", "stat", "statistics", "stm", "string", "stringprep", "struct",
    "subprocess", "sunau", "symtable", "sys", "sysconfig", "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile",
    "termios", "textwrap", "this", "threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib",
    "trace", "traceback", "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "uarray", "uasyncio",
    "ubinascii", "ubluetooth", "ucollections", "ucryptolib", "uctypes", "uerrno", "uhashlib", "uheapq", "uio",
    "ujson", "umachine", "umqtt", "unicodedata", "unittest", "uos", "upip", "uplatform", "urandom", "ure",
    "urequests", "urllib", "uselect", "usocket", "ussl", "ustruct", "usys", "utime", "utimeq", "uu", "uuid",
    "uwebsocket", "uzlib", "venv", "vfs", "warnings", "wave", "weakref", "webbrowser", "webrepl", "webrepl_setup",
    "websocket", "winreg", "winsound", "wipy", "wsgiref", "xdrlib", "xml", "xmlrpc", "zephyr", "zipapp", "zipfile",
    "zipimport", "zlib", "zoneinfo", "zsensor"
};

// C++17 keywords and alternative tokens: a class cannot be called any of them.
constexpr const char* kCppKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char16_t", "char32_t", "class", "compl", "const", "const_cast", "constexpr", "continue", "decltype",
    "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false",
    "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept",
    "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
    "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union",
    "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};

// Lower case, sorted: names the Arduino cores (AVR, SAMD, RP2040, ESP32) and their bundled
// libraries give to classes, global objects, headers and macros a sketch sees.
constexpr const char* kArduinoNames[] = {
    "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "abs", "arduino", "bin", "bit", "client", "constrain", "dec",
    "degrees", "eeprom", "esp", "ethernet", "hardwareserial", "hex", "high", "highbyte", "input", "input_pullup",
    "ipaddress", "keyboard", "led_builtin", "low", "lowbyte", "main", "max", "min", "mouse", "oct", "output", "pi",
    "pluggableusb", "print", "printable", "radians", "round", "sd", "serial", "serial1", "serial2", "serial3",
    "serialusb", "server", "servo", "softwareserial", "spi", "sq", "stream", "string", "tone", "udp", "usbapi",
    "wcharacter", "wifi", "wire", "wstring"};

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Whether `lower_name` is in a sorted list of lower-case names.
template <size_t N>
bool listed(const char* const (&names)[N], const std::string& lower_name) {
  const auto less = [](const char* a, const std::string& b) { return strcmp(a, b.c_str()) < 0; };
  const auto* it = std::lower_bound(std::begin(names), std::end(names), lower_name, less);
  return it != std::end(names) && lower_name == *it;
}

bool is_module(const std::string& lower_name) { return listed(kModules, lower_name); }

}  // namespace

std::string identifier_from(const std::string& name) {
  std::string out;
  bool pending_separator = false;
  for (const char c : name) {
    if (is_ascii_alnum(c)) {
      if (pending_separator && !out.empty()) out += '_';
      pending_separator = false;
      out += c;
    } else {
      pending_separator = true;
    }
  }
  if (out.empty()) return out;
  if (out[0] >= '0' && out[0] <= '9') out = "m_" + out;
  if (out.size() > kMaxIdentifier) out.resize(kMaxIdentifier);
  while (out.back() == '_') out.pop_back();
  return out;
}

std::string c_macro_name(const std::string& identifier) {
  std::string out = identifier;
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

Outcome check_python_module_name(const std::string& identifier) {
  const std::string instead = "; choose another name, e.g. '" + identifier + "_model'";
  for (const char* keyword : kPythonKeywords)
    if (identifier == keyword)
      return Error{"'" + identifier + "' is a Python keyword: `import " + identifier + "` would be a syntax error" +
                   instead};
  const std::string key = lower(identifier);
  if (key == "main" || key == "boot")
    return Error{"'" + identifier + "' would replace the board's " + key + ".py, which MicroPython runs at every start" +
                 instead};
  for (const char* module : kLibraryModules)
    if (key == module)
      return Error{"'" + identifier + "' is a module of microdff's MicroPython library: the model's file would " +
                   "replace it on the board" + instead};
  if (is_module(key))
    return Error{"'" + identifier + "' is the name of a module MicroPython or Python has: the model's file would hide " +
                 "that module, or `import " + identifier + "` would load the module instead of the model" + instead};
  return true;
}

Outcome check_arduino_name(const std::string& identifier) {
  const std::string instead = "; choose another name, e.g. '" + identifier + "_model'";
  for (const char* keyword : kCppKeywords)
    if (identifier == keyword) return Error{"'" + identifier + "' is a C++ keyword: it cannot name the model's class" + instead};
  if (listed(kArduinoNames, lower(identifier)))
    return Error{"'" + identifier + "' is a name the Arduino core or its libraries use (a class, object, header or macro): " +
                 "a sketch could not use both" + instead};
  return true;
}

}  // namespace dff
