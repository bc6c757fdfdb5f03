// Text that goes into generated C source: escaped string literals and comments,
// and float literals that read back bit-identical. Shared by the C exporters. Output depends only on the input
// (never on the locale or the platform), so native and WASM builds agree.
#pragma once

#include <stddef.h>

#include <string>

namespace dff {

// A C99 / C++11 string literal (with the quotes) holding exactly the bytes of `text`:
// '"' and '\' are escaped, '?' becomes "\?" (no trigraphs), every byte outside
// printable ASCII becomes a three-digit octal escape.
std::string c_string_literal(const std::string& text);
// `text` quoted and escaped as c_string_literal(), and additionally safe inside a
// /* block comment */: a '/' next to a '*' is written as \057, so neither "*/" nor
// "/*" can appear. For showing names to people in generated comments.
std::string c_comment_text(const std::string& text);

// Shortest decimal text that reads back as exactly `value` (e.g. "0.1", "1", "-2.5e-07");
// independent of the locale. `value` must be finite.
std::string shortest_float_text(float value);
// `value` as a C float literal that reads back bit-identical: "1.0f", "0.1f", "-2.5e-07f".
// `value` must be finite (the exporters refuse non-finite models before printing).
std::string c_float_literal(float value);

}  // namespace dff
