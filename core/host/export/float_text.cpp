#include "core/host/export/float_text.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace dff {
namespace {

// The C library formats and parses with the locale's decimal point; a program may
// have switched LC_NUMERIC (e.g. to "," in de_DE), so translate both ways.
std::string locale_point() {
  const struct lconv* conv = localeconv();
  return (conv != nullptr && conv->decimal_point != nullptr && conv->decimal_point[0] != '\0') ? conv->decimal_point
                                                                                               : ".";
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from == to) return text;
  size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

}  // namespace

std::string shortest_float_text(float value) {
  const std::string point = locale_point();
  char buffer[48];
  // 9 significant digits always read back exactly; take the first shorter count that does.
  int digits = 1;
  for (; digits < 9; ++digits) {
    snprintf(buffer, sizeof buffer, "%.*g", digits, static_cast<double>(value));
    const float back = strtof(buffer, nullptr);
    if (back == value && signbit(back) == signbit(value)) break;
  }
  // Whole numbers below 1e9 read better without an exponent ("100", not "1e+02").
  const double magnitude = fabs(static_cast<double>(value));
  if (magnitude >= 1.0 && magnitude < 1e9) {
    int whole_digits = 1;
    for (double limit = 10.0; magnitude >= limit; limit *= 10.0) ++whole_digits;
    if (whole_digits > digits) digits = whole_digits;
  }
  snprintf(buffer, sizeof buffer, "%.*g", digits, static_cast<double>(value));
  return replace_all(buffer, point, ".");
}

std::string c_float_literal(float value) {
  std::string text = shortest_float_text(value);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text + "f";
}

}  // namespace dff
