// Reading generated C headers back in tests: the constant arrays, macro values, and a
// small C lexer that finds every comment and string literal (decoded), so tests can
// prove that hostile names stay inside their literal or comment.
#pragma once

#include <stdint.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace dff {
namespace header_text {

// `static const <type> <name>[<count>] <attributes> = { items };`
struct CArray {
  std::string type;
  std::string name;
  size_t count = 0;
  std::vector<std::string> items;  // initialiser texts, trimmed
};

inline std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \n\t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \n\t") - a + 1);
}

// Every one-dimensional numeric array (float, int8_t, uint8_t, uint16_t, int16_t, int32_t), in the order they appear.
inline std::vector<CArray> numeric_arrays(const std::string& header) {
  std::vector<CArray> out;
  size_t pos = 0;
  const std::string tag = "static const ";
  while ((pos = header.find(tag, pos)) != std::string::npos) {
    const size_t type_start = pos + tag.size();
    const size_t type_end = header.find(' ', type_start);
    const std::string type = header.substr(type_start, type_end - type_start);
    pos = type_end;
    if (type != "float" && type != "int8_t" && type != "uint8_t" && type != "uint16_t" && type != "int16_t" &&
        type != "int32_t")
      continue;
    const size_t bracket = header.find('[', type_end);
    const size_t close = header.find(']', bracket);
    if (header.find('[', close) == close + 1) continue;  // two-dimensional
    const size_t open = header.find('{', close);
    const size_t end = header.find('}', open);
    CArray a;
    a.type = type;
    a.name = header.substr(type_end + 1, bracket - type_end - 1);
    a.count = static_cast<size_t>(strtoul(header.substr(bracket + 1, close - bracket - 1).c_str(), nullptr, 10));
    const std::string body = header.substr(open + 1, end - open - 1);
    size_t start = 0;
    while (start < body.size()) {
      size_t comma = body.find(',', start);
      if (comma == std::string::npos) comma = body.size();
      const std::string item = trim(body.substr(start, comma - start));
      if (!item.empty()) a.items.push_back(item);
      start = comma + 1;
    }
    out.push_back(a);
    pos = end;
  }
  return out;
}

// Text after "#define <name> " up to the end of the line; empty when absent.
inline std::string macro(const std::string& header, const std::string& name) {
  const std::string tag = "#define " + name + " ";
  const size_t pos = header.find(tag);
  if (pos == std::string::npos) return "";
  const size_t end = header.find('\n', pos);
  return header.substr(pos + tag.size(), end - pos - tag.size());
}

// Float literal text ("0.5f", "-1.0f") to its value, through strtof like a compiler.
inline float float_value(const std::string& literal) { return strtof(literal.c_str(), nullptr); }

struct Lexed {
  bool ok = true;
  std::string problem;
  std::vector<std::string> comments;  // comment bodies
  std::vector<std::string> strings;   // decoded string literals
  std::string code;                   // the source without comments and literals
};

// Splits C source into comments and string literals (decoding escapes). Fails on an
// unterminated comment or literal, a raw newline in a literal, "/*" inside a comment,
// an unknown escape, or any "?" "?" pair (a trigraph could change the text in C99).
inline Lexed lex(const std::string& src) {
  Lexed r;
  auto fail = [&](const std::string& why) {
    r.ok = false;
    r.problem = why;
    return r;
  };
  if (src.find("?\?") != std::string::npos) return fail("contains a trigraph start");
  size_t i = 0;
  while (i < src.size()) {
    if (src.compare(i, 2, "/*") == 0) {
      const size_t end = src.find("*/", i + 2);
      if (end == std::string::npos) return fail("unterminated comment");
      const std::string body = src.substr(i + 2, end - i - 2);
      if (body.find("/*") != std::string::npos) return fail("'/*' inside a comment");
      r.comments.push_back(body);
      i = end + 2;
    } else if (src.compare(i, 2, "//") == 0) {
      const size_t end = src.find('\n', i);
      r.comments.push_back(src.substr(i + 2, end - i - 2));
      i = end == std::string::npos ? src.size() : end;
    } else if (src[i] == '"' || src[i] == '\'') {
      const char quote = src[i++];
      std::string value;
      for (;;) {
        if (i >= src.size()) return fail("unterminated literal");
        const char c = src[i++];
        if (c == quote) break;
        if (c == '\n') return fail("raw newline in a literal");
        if (c != '\\') {
          value += c;
          continue;
        }
        if (i >= src.size()) return fail("unterminated escape");
        const char e = src[i++];
        switch (e) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          case '\\': value += '\\'; break;
          case '"': value += '"'; break;
          case '\'': value += '\''; break;
          case '?': value += '?'; break;
          default:
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && i < src.size() && src[i] >= '0' && src[i] <= '7'; ++k) v = v * 8 + (src[i++] - '0');
              value += static_cast<char>(v);
            } else {
              return fail(std::string("unknown escape \\") + e);
            }
        }
      }
      if (quote == '"') r.strings.push_back(value);
    } else {
      r.code += src[i++];
    }
  }
  return r;
}

}  // namespace header_text
}  // namespace dff
