#include "core/host/export/python_literal.h"

#include <string.h>

#include "core/host/text/escape.h"

namespace dff {
namespace {

constexpr size_t kLineWidth = 76;  // wrap literals near this many characters

void append_hex_escape(std::string& out, unsigned char c) {
  static const char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Bytes literal chunks, one a line of at most about kLineWidth characters, each ending on a whole group.
std::vector<std::string> bytes_literal_lines(const std::vector<unsigned char>& bytes, size_t group) {
  std::vector<std::string> lines;
  std::string line = "b'";
  for (size_t f = 0; f < bytes.size(); f += group) {
    std::string piece;
    for (size_t i = f; i < f + group && i < bytes.size(); ++i) {
      const unsigned char c = bytes[i];
      const int next = i + 1 < bytes.size() ? bytes[i + 1] : -1;
      // Printable ASCII as itself (about a third of the bytes), short escapes where Python
      // has them, \xNN (exactly two hex digits) otherwise. \0 is an octal escape of up to
      // three digits, so it is used only when no digit 0-7 follows.
      if (c == '\'' || c == '\\') {
        piece += '\\';
        piece += static_cast<char>(c);
      } else if (c >= 0x20 && c < 0x7F) {
        piece += static_cast<char>(c);
      } else if (c == '\n') {
        piece += "\\n";
      } else if (c == '\r') {
        piece += "\\r";
      } else if (c == '\t') {
        piece += "\\t";
      } else if (c == 0 && !(next >= '0' && next <= '7')) {
        piece += "\\0";
      } else {
        append_hex_escape(piece, c);
      }
    }
    if (line.size() > 2 && line.size() + piece.size() + 1 > kLineWidth) {
      lines.push_back(line + "'");
      line = "b'";
    }
    line += piece;
  }
  lines.push_back(line + "'");
  return lines;
}

}  // namespace

std::string python_bytes_call(const std::string& name, const std::string& constructor,
                              const std::vector<unsigned char>& bytes, size_t group, const std::string& indent) {
  const std::vector<std::string> lines = bytes_literal_lines(bytes, group);
  const std::string close = constructor.empty() ? "" : ")";
  if (lines.size() == 1) return indent + name + " = " + constructor + lines[0] + close + "\n";
  std::string out = indent + name + " = " + constructor + "(\n";
  for (size_t i = 0; i < lines.size(); ++i)
    out += indent + "    " + lines[i] + (i + 1 < lines.size() ? "\n" : ")" + close + "\n");
  return out;
}

std::vector<unsigned char> float32_bytes(const std::vector<float>& values) {
  std::vector<unsigned char> bytes;
  for (float v : values) {
    uint32_t bits = 0;
    memcpy(&bits, &v, sizeof bits);
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<unsigned char>((bits >> (8 * k)) & 0xFFu));
  }
  return bytes;
}

std::string python_int_tuple(const std::string& name, const std::vector<int64_t>& values) {
  std::string out = name + " = (";
  size_t line_start = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string item = std::to_string(values[i]) + (i + 1 < values.size() ? "," : (values.size() == 1 ? ",)" : ")"));
    if (out.size() - line_start + item.size() + 1 > kLineWidth && i > 0) {
      out += "\n";
      line_start = out.size();
      out += "    ";
    } else if (i > 0) {
      out += " ";
    }
    out += item;
  }
  if (values.empty()) out += ")";
  return out + "\n";
}

std::string python_str_tuple(const std::vector<std::string>& names) {
  if (names.empty()) return "()";
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + python_str(names[i]);
  return out + (names.size() == 1 ? ",)" : ")");
}

}  // namespace dff
