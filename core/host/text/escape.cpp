#include "core/host/text/escape.h"

#include "core/host/text/utf8.h"

namespace dff {
namespace {

bool is_printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F; }

void append_hex_escape(std::string& out, unsigned char c) {
  static const char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

void append_octal(std::string& out, unsigned char byte) {
  out += '\\';
  out += static_cast<char>('0' + ((byte >> 6) & 7));
  out += static_cast<char>('0' + ((byte >> 3) & 7));
  out += static_cast<char>('0' + (byte & 7));
}

// `text` with each byte of invalid UTF-8 replaced by U+FFFD.
std::string valid_utf8(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out += text[i++];
      continue;
    }
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

bool has_hidden_control(const std::string& utf8) {
  for (size_t i = 0; i < utf8.size();) {
    const size_t n = static_cast<unsigned char>(utf8[i]) < 0x80 ? 0 : utf8_sequence_length(utf8, i);
    if (n > 0 && is_hidden_control(utf8_code_point(utf8, i, n))) return true;
    i += n > 0 ? n : 1;
  }
  return false;
}

}  // namespace

bool is_hidden_control(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

std::string terminal_text(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_printable_ascii(c)) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const size_t n = c >= 0x80 ? utf8_sequence_length(text, i) : 0;
    if (n > 0 && !is_hidden_control(utf8_code_point(text, i, n))) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    for (size_t k = 0; k < (n > 0 ? n : 1); ++k) append_hex_escape(out, static_cast<unsigned char>(text[i + k]));
    i += n > 0 ? n : 1;
  }
  return out;
}

std::string c_string_literal(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '?': out += "\\?"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (is_printable_ascii(byte))
          out += c;
        else
          append_octal(out, byte);
    }
  }
  out += '"';
  return out;
}

std::string c_comment_text(const std::string& text) {
  const std::string literal = c_string_literal(text);
  std::string out;
  for (size_t i = 0; i < literal.size(); ++i) {
    const bool star_before = i > 0 && literal[i - 1] == '*';
    const bool star_after = i + 1 < literal.size() && literal[i + 1] == '*';
    if (literal[i] == '/' && (star_before || star_after))
      out += "\\057";
    else
      out += literal[i];
  }
  return out;
}

std::string python_str(const std::string& text) {
  const std::string utf8 = valid_utf8(text);
  const bool as_bytes = has_hidden_control(utf8);
  std::string out = as_bytes ? "str(b'" : "'";
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F || (as_bytes && c >= 0x80)) {
      append_hex_escape(out, c);
    } else {
      out += ch;
    }
  }
  return out + (as_bytes ? "', 'utf-8')" : "'");
}

}  // namespace dff
