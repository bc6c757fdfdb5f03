#include "core/host/quote.h"

#include "core/host/text/escape.h"
#include "core/host/text/utf8.h"

namespace dff {

std::string printable(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (out.size() >= kMax) return out + "...";
    const size_t n = static_cast<unsigned char>(s[i]) >= 0x80 ? utf8_sequence_length(s, i) : 0;
    const size_t take = n > 0 ? n : 1;
    out += terminal_text(s.substr(i, take));
    i += take;
  }
  return out;
}

std::string quoted(std::string_view s) { return "'" + printable(s) + "'"; }

}  // namespace dff
