#include "core/host/text/escape.h"

#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "core/host/text/utf8.h"
#include "core/prng.h"
#include "tests/exports_host/header_text.h"

using namespace dff;

namespace {

std::string random_bytes(Pcg32& rng, uint32_t max_len) {
  std::string s(rng.bounded(max_len + 1), '\0');
  for (char& c : s) c = static_cast<char>(rng.bounded(256));
  return s;
}

// Decodes the escapes python_str() writes (the body between the quotes).
std::string decode_escapes(const std::string& body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case 'x': out += static_cast<char>(std::stoi(body.substr(i + 1, 2), nullptr, 16)); i += 2; break;
      default: FAIL("unexpected escape \\" << e);
    }
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

const std::string kRlo = "\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string kLri = "\xE2\x81\xA6";  // U+2066 LEFT-TO-RIGHT ISOLATE
const std::string kPdi = "\xE2\x81\xA9";  // U+2069 POP DIRECTIONAL ISOLATE
const std::string kCsi8 = "\xC2\x9B";      // U+009B, the 8-bit CSI
const std::string kLineSeparator = "\xE2\x80\xA8";

}  // namespace

TEST_CASE("the hidden controls: C1, bidirectional formatting, line and paragraph separators") {
  for (uint32_t cp : {0x80u, 0x85u, 0x9Bu, 0x9Fu, 0x61Cu, 0x200Eu, 0x200Fu, 0x202Au, 0x202Eu, 0x2066u, 0x2069u,
                      0x2028u, 0x2029u})
    CHECK(is_hidden_control(cp));
  for (uint32_t cp : {0x41u, 0x7Fu, 0xA0u, 0xE9u, 0x200Bu, 0x200Du, 0x2030u, 0x2065u, 0x206Au, 0xFEFFu, 0x1F338u})
    CHECK_FALSE(is_hidden_control(cp));
}

TEST_CASE("terminal_text keeps text a person reads and shows every control as bytes") {
  CHECK(terminal_text("setosa") == "setosa");
  CHECK(terminal_text("caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x8C\xB8") == "caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x8C\xB8");
  CHECK(terminal_text("a\\b \"q\"") == "a\\b \"q\"");
  // ESC sequences: a colour, OSC 0 (window title) and OSC 52 (clipboard), each ended by BEL or ST.
  CHECK(terminal_text("\x1b[31mred") == "\\x1b[31mred");
  CHECK(terminal_text("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07");
  CHECK(terminal_text("\x1b]52;c;ZWNobyBoaQ==\x1b\\") == "\\x1b]52;c;ZWNobyBoaQ==\\x1b\\");
  CHECK(terminal_text("line\r\nnext\ttab\x7f") == "line\\x0d\\x0anext\\x09tab\\x7f");
  CHECK(terminal_text(std::string("nul\0z", 5)) == "nul\\x00z");
  CHECK(terminal_text(kCsi8 + "2J") == "\\xc2\\x9b2J");
  CHECK(terminal_text("abc" + kRlo + "cba") == "abc\\xe2\\x80\\xaecba");
  CHECK(terminal_text(kLri + "x" + kPdi + kLineSeparator) == "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9\\xe2\\x80\\xa8");
  CHECK(terminal_text("bad \xFF\xC3 end") == "bad \\xff\\xc3 end");
  // Whatever the bytes, the result is one line of printable ASCII and harmless UTF-8.
  Pcg32 rng(23);
  for (int n = 0; n < 3000; ++n) {
    const std::string shown = terminal_text(random_bytes(rng, 40));
    for (size_t i = 0; i < shown.size();) {
      const auto c = static_cast<unsigned char>(shown[i]);
      REQUIRE((c >= 0x20 && c != 0x7F));
      const size_t n = c < 0x80 ? 1 : utf8_sequence_length(shown, i);
      REQUIRE(n > 0);
      if (n > 1) REQUIRE_FALSE(is_hidden_control(utf8_code_point(shown, i, n)));
      i += n;
    }
  }
}

TEST_CASE("c_string_literal escapes everything that could end or change the literal") {
  CHECK(c_string_literal("setosa") == "\"setosa\"");
  CHECK(c_string_literal("a\"b") == "\"a\\\"b\"");
  CHECK(c_string_literal("back\\slash") == "\"back\\\\slash\"");
  CHECK(c_string_literal("line\nbreak\r\t") == "\"line\\nbreak\\r\\t\"");
  CHECK(c_string_literal("what?\?/") == "\"what\\?\\?/\"");
  CHECK(c_string_literal("caf\xc3\xa9") == "\"caf\\303\\251\"");
  CHECK(c_string_literal(std::string("nul\0" "1", 5)) == "\"nul\\0001\"");
  CHECK(c_string_literal("\x7f") == "\"\\177\"");
}

TEST_CASE("c_string_literal reads back as exactly the original bytes") {
  Pcg32 rng(11);
  for (int n = 0; n < 3000; ++n) {
    const std::string text = random_bytes(rng, 40);
    const std::string literal = c_string_literal(text);
    const header_text::Lexed lexed = header_text::lex(literal);
    INFO(literal);
    REQUIRE(lexed.ok);
    REQUIRE(lexed.strings.size() == 1);
    REQUIRE(lexed.strings[0] == text);
    for (const char c : literal) REQUIRE((c >= 0x20 && c < 0x7F));
  }
}

TEST_CASE("c_comment_text cannot close or open a comment") {
  CHECK(c_comment_text("a */ b") == "\"a *\\057 b\"");
  CHECK(c_comment_text("a /* b") == "\"a \\057* b\"");
  CHECK(c_comment_text("km/h") == "\"km/h\"");
  CHECK(c_comment_text("**//") == "\"**\\057/\"");
  Pcg32 rng(13);
  for (int n = 0; n < 3000; ++n) {
    std::string text = random_bytes(rng, 30);
    if (n % 2 == 0)  // bias towards the dangerous characters
      for (char& c : text) c = "*/?\\\"\n"[static_cast<unsigned char>(c) % 6];
    const std::string comment = "/* " + c_comment_text(text) + " */";
    const header_text::Lexed lexed = header_text::lex(comment);
    INFO(comment);
    REQUIRE(lexed.ok);
    REQUIRE(lexed.comments.size() == 1);
    REQUIRE(lexed.strings.empty());
  }
}

TEST_CASE("python_str: a str literal with quotes, backslashes and ASCII controls escaped, UTF-8 kept") {
  CHECK(python_str("setosa") == "'setosa'");
  CHECK(python_str("") == "''");
  CHECK(python_str("it's") == "'it\\'s'");
  CHECK(python_str("say \"hi\"") == "'say \"hi\"'");
  CHECK(python_str("a\\b") == "'a\\\\b'");
  CHECK(python_str("'''") == "'\\'\\'\\''");
  CHECK(python_str("l1\nl2\r\tx") == "'l1\\nl2\\r\\tx'");
  CHECK(python_str(std::string("\0\x01\x1f\x7f", 4)) == "'\\x00\\x01\\x1f\\x7f'");
  // Raw UTF-8 stays (MicroPython without unicode rejects \u escapes above 0xff).
  CHECK(python_str("caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x8C\xB8") == "'caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x8C\xB8'");
  // Invalid UTF-8 (stray byte, truncated sequence, overlong, surrogate, beyond U+10FFFF): U+FFFD per byte.
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(python_str("a\xFFz") == "'a" + fffd + "z'");
  CHECK(python_str("\xE6\x97") == "'" + fffd + fffd + "'");
  CHECK(python_str("\xC0\xAF") == "'" + fffd + fffd + "'");
  CHECK(python_str("\xED\xA0\x80") == "'" + fffd + fffd + fffd + "'");
  CHECK(python_str("\xF4\x90\x80\x80") == "'" + fffd + fffd + fffd + fffd + "'");

  // Every ASCII character round-trips and nothing can end the literal or the line early.
  std::string all;
  for (int c = 0; c < 128; ++c) all += static_cast<char>(c);
  const std::string lit = python_str(all);
  CHECK(lit.find('\n') == std::string::npos);
  CHECK(lit.find('\r') == std::string::npos);
  REQUIRE(lit.front() == '\'');
  REQUIRE(lit.back() == '\'');
  CHECK(decode_escapes(lit.substr(1, lit.size() - 2)) == all);
  const std::regex whole(R"('(?:[^'\\\n\r]|\\.)*')");
  CHECK(std::regex_match(lit, whole));
}


TEST_CASE("python_str writes text with hidden controls as decoded bytes, so no literal can read differently") {
  // What a reader of the module would see reordered is spelt out as UTF-8 bytes.
  CHECK(python_str("abc" + kRlo + "cba") == "str(b'abc\\xe2\\x80\\xaecba', 'utf-8')");
  CHECK(python_str(kLri + "it's" + kPdi) == "str(b'\\xe2\\x81\\xa6it\\'s\\xe2\\x81\\xa9', 'utf-8')");
  CHECK(python_str("caf\xC3\xA9 " + kCsi8) == "str(b'caf\\xc3\\xa9 \\xc2\\x9b', 'utf-8')");
  CHECK(python_str("\\ " + kLineSeparator + "\n") == "str(b'\\\\ \\xe2\\x80\\xa8\\n', 'utf-8')");
  // Invalid UTF-8 becomes U+FFFD first, so the bytes always decode.
  CHECK(python_str("\xFF" + kRlo) == "str(b'\\xef\\xbf\\xbd\\xe2\\x80\\xae', 'utf-8')");
  Pcg32 rng(29);
  for (int n = 0; n < 3000; ++n) {
    std::string text = random_bytes(rng, 20);
    if (n % 2 == 0) text += n % 4 == 0 ? kRlo : kCsi8;
    const std::string py = python_str(text);
    INFO(py);
    const bool bytes = py.rfind("str(b'", 0) == 0;
    const std::string body = bytes ? py.substr(6, py.size() - 6 - 11) : py.substr(1, py.size() - 2);
    REQUIRE(py.find('\n') == std::string::npos);
    REQUIRE(py.find('\r') == std::string::npos);
    for (const std::string& hidden : {kRlo, kLri, kPdi, kCsi8, kLineSeparator}) REQUIRE(py.find(hidden) == std::string::npos);
    if (bytes) {
      REQUIRE(py.substr(py.size() - 11) == "', 'utf-8')");
      for (const char c : body) REQUIRE((c >= 0x20 && c < 0x7F));
    }
    if (valid_utf8(text)) CHECK(decode_escapes(body) == text);
  }
}
