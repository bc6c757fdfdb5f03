// Names and cells quoted for one-line messages ("unknown class 'x'"): whatever bytes a
// file holds, the message stays one printable line.
#pragma once

#include <stddef.h>

#include <string>
#include <string_view>

namespace dff {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
size_t utf8_length(std::string_view s, size_t i);
// `s` with control bytes and invalid UTF-8 as \xHH, cut to about 40 characters ("...").
std::string printable(std::string_view s);
// printable(s) in single quotes.
std::string quoted(std::string_view s);

}  // namespace dff
