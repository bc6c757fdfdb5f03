// UTF-8 as it is checked everywhere text from a file or a person is shown or written out.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string_view>

namespace dff {

// Length (2 to 4) of the well-formed UTF-8 sequence of a non-ASCII character at text[i]
// (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or 0 when
// the bytes there are not one (an ASCII byte, a stray continuation byte, a cut sequence).
size_t utf8_sequence_length(std::string_view text, size_t i);
// The code point of the well-formed sequence of `length` bytes at text[i].
uint32_t utf8_code_point(std::string_view text, size_t i, size_t length);

}  // namespace dff
