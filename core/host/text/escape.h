// Text from files and people (column, class and model names) written where it could change
// what a reader sees: one rule per destination, all sharing one list of characters that must
// never pass through as they are.
//
// Those characters are the C0 controls and DEL (ESC starts terminal sequences, OSC 0/52 set a
// terminal's title or clipboard, CR and LF rewrite or break lines), the C1 controls U+0080 to
// U+009F (8-bit CSI and OSC on some terminals), the bidirectional formatting characters
// U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069 (code can read in another order
// than it runs: "Trojan Source") and the line and paragraph separators U+2028 and U+2029.
#pragma once

#include <stdint.h>

#include <string>
#include <string_view>

namespace dff {

// True for the non-ASCII code points listed above.
bool is_hidden_control(uint32_t code_point);

// For a terminal, on one line: printable ASCII and well-formed UTF-8 stay as they are; every
// byte of a control character listed above and of invalid UTF-8 becomes \xHH.
std::string terminal_text(std::string_view text);

// A C99 / C++11 string literal (with the quotes) holding exactly the bytes of `text`:
// '"' and '\' are escaped, '?' becomes "\?" (no trigraphs), every byte outside
// printable ASCII becomes a three-digit octal escape (so no control, no bidi character).
std::string c_string_literal(const std::string& text);
// `text` quoted and escaped as c_string_literal(), and additionally safe inside a
// /* block comment */: a '/' next to a '*' is written as \057, so neither "*/" nor
// "/*" can appear. For showing names to people in generated comments.
std::string c_comment_text(const std::string& text);

// Python source on one line for a str equal to `text`, on CPython 3 and on MicroPython with or
// without unicode support; each byte of invalid UTF-8 becomes U+FFFD first. Usually a single-quoted
// literal: quote, backslash and ASCII controls escaped, other UTF-8 kept as it is (MicroPython
// without unicode rejects \u escapes above 0xff). When the text holds a control character listed
// above, str(b'...', 'utf-8') instead, with every such byte as \xHH: no escape inside a str
// literal means the same code point on both kinds of MicroPython.
std::string python_str(const std::string& text);

}  // namespace dff
