// Python source text for the MicroPython exporters: bytes literals wrapped over lines and
// tuples of integers, the same bytes on every platform.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

namespace dff {

// `NAME = CONSTRUCTORb'...')` at `indent` (CONSTRUCTOR e.g. "_f32(" or "array('f', "; empty:
// `NAME = b'...'`), the
// bytes as short escapes or printable ASCII where possible; long data is wrapped over several
// lines inside the call's parentheses, each line ending on a whole group of `group` bytes.
std::string python_bytes_call(const std::string& name, const std::string& constructor,
                              const std::vector<unsigned char>& bytes, size_t group, const std::string& indent = "");

// The little-endian bytes of float32 values.
std::vector<unsigned char> float32_bytes(const std::vector<float>& values);

// `NAME = (v0, v1, ...)\n`, wrapped near 76 characters; a one-element tuple keeps its comma.
std::string python_int_tuple(const std::string& name, const std::vector<int64_t>& values);

// A tuple of Python str literals: "()", "('a',)", "('a', 'b')".
std::string python_str_tuple(const std::vector<std::string>& names);

}  // namespace dff
