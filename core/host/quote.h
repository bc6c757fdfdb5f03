// Names and cells quoted for one-line messages ("unknown class 'x'"): whatever bytes a file
// holds, the message stays one line a terminal shows as it is (terminal_text(), escape.h).
#pragma once

#include <string>
#include <string_view>

namespace dff {

// terminal_text(s), cut after about 40 characters ("...") without splitting a character.
std::string printable(std::string_view s);
// printable(s) in single quotes.
std::string quoted(std::string_view s);

}  // namespace dff
