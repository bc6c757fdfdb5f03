// Python literal text for the MicroPython exporters: wrapping, grouping and escapes.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/host/export/python_literal.h"

TEST_CASE("python_int_tuple writes Python tuples, wrapped inside the parentheses") {
  CHECK(dff::python_int_tuple("E", {}) == "E = ()\n");
  CHECK(dff::python_int_tuple("S", {17}) == "S = (17,)\n");
  CHECK(dff::python_int_tuple("B", {-5, 0, 1073741824}) == "B = (-5, 0, 1073741824)\n");
  const std::string long_tuple = dff::python_int_tuple("K", std::vector<int64_t>(30, 65280));
  CHECK(long_tuple.find("\n    65280,") != std::string::npos);
  size_t start = 0;
  for (size_t end = long_tuple.find('\n'); end != std::string::npos; start = end + 1, end = long_tuple.find('\n', start))
    CHECK(end - start <= 76);
}

TEST_CASE("python_bytes_call escapes bytes and ends each line on a whole group") {
  CHECK(dff::python_bytes_call("W", "_i8(", {0x41, 0x00, 0x31, 0x00, 0x27, 0x5c, 0x0a, 0xff}, 1) ==
        "W = _i8(b'A\\x001\\0\\'\\\\\\n\\xff')\n");
  const std::string wrapped = dff::python_bytes_call("T", "_i8(", std::vector<unsigned char>(40, 0x81), 1);
  CHECK(wrapped.rfind("T = _i8((\n    b'", 0) == 0);
  CHECK(wrapped.substr(wrapped.size() - 4) == "'))\n");
  CHECK(dff::python_bytes_call("W", "", {0x41}, 1) == "W = b'A'\n");
  const std::string plain = dff::python_bytes_call("W", "", std::vector<unsigned char>(40, 0x81), 1);
  CHECK(plain.rfind("W = (\n    b'", 0) == 0);
  CHECK(plain.substr(plain.size() - 3) == "')\n");
  CHECK(dff::float32_bytes({1.0f}) == std::vector<unsigned char>{0x00, 0x00, 0x80, 0x3f});
}

TEST_CASE("python_str_tuple keeps the one-element comma") {
  CHECK(dff::python_str_tuple({}) == "()");
  CHECK(dff::python_str_tuple({"a"}) == "('a',)");
  CHECK(dff::python_str_tuple({"a", "b"}) == "('a', 'b')");
}
