#include "core/host/data/class_rules.h"

#include <algorithm>

namespace dff {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits with an optional sign.
bool is_whole(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (const char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// Whether a cell reads as a number (decimal, or a spelled-out non-finite value).
bool is_number_like(std::string_view s) {
  std::string_view t = s;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  size_t k = 0;
  size_t digits = 0;
  while (k < t.size() && is_digit(t[k])) ++k, ++digits;
  if (k < t.size() && t[k] == '.') {
    ++k;
    while (k < t.size() && is_digit(t[k])) ++k, ++digits;
  }
  if (digits > 0 && k < t.size() && (t[k] == 'e' || t[k] == 'E')) {
    ++k;
    if (k < t.size() && (t[k] == '+' || t[k] == '-')) ++k;
    size_t exp = 0;
    while (k < t.size() && is_digit(t[k])) ++k, ++exp;
    if (exp == 0) return false;
  }
  if (digits > 0 && k == t.size()) return true;
  std::string lower(t);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lower == "nan" || lower == "inf" || lower == "infinity";
}

// Compares two runs of digits by value: -1, 0 or 1.
int compare_digits(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a[0] == '0') a.remove_prefix(1);
  while (b.size() > 1 && b[0] == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

// Compares two whole numbers by value: -1, 0 or 1 ("-0" equals "0").
int compare_whole(std::string_view a, std::string_view b) {
  const auto digits = [](std::string_view s) { return (s[0] == '+' || s[0] == '-') ? s.substr(1) : s; };
  const auto negative = [&](std::string_view s) {
    return s[0] == '-' && digits(s).find_first_not_of('0') != std::string_view::npos;
  };
  const bool na = negative(a);
  if (na != negative(b)) return na ? -1 : 1;
  const int magnitude = compare_digits(digits(a), digits(b));
  return na ? -magnitude : magnitude;
}

// Runs of digits by value, other bytes as they are: -1, 0 or 1. A lexicographic order
// over runs in which every digit compares with a non-digit byte the same way, so it is
// transitive.
int compare_runs(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t ie = i;
      size_t je = j;
      while (ie < a.size() && is_digit(a[ie])) ++ie;
      while (je < b.size() && is_digit(b[je])) ++je;
      const int c = compare_digits(a.substr(i, ie - i), b.substr(j, je - j));
      if (c != 0) return c;
      i = ie;
      j = je;
      continue;
    }
    const unsigned char ca = static_cast<unsigned char>(a[i]);
    const unsigned char cb = static_cast<unsigned char>(b[j]);
    if (ca != cb) return ca < cb ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

}  // namespace

void ClassGuesser::add(std::string_view cell) {
  const std::string_view s = trimmed(cell);
  if (s.empty()) return;
  if (!is_number_like(s)) {
    ++texts_;
    return;
  }
  ++numbers_;
  if (!all_whole_) return;
  if (!is_whole(s)) {
    all_whole_ = false;
    return;
  }
  if (distinct_.size() > kMaxGuessedClasses) return;
  if (std::find(distinct_.begin(), distinct_.end(), s) == distinct_.end()) distinct_.emplace_back(s);
}

ClassGuess ClassGuesser::result() const {
  ClassGuess g;
  if (texts_ > numbers_) {
    g.classes = true;
    return g;
  }
  g.distinct = static_cast<uint32_t>(distinct_.size());
  if (texts_ == 0 && numbers_ > 0 && all_whole_ && g.distinct >= 3 && g.distinct <= kMaxGuessedClasses &&
      numbers_ >= 2u * g.distinct) {
    g.classes = true;
    g.from_numbers = true;
  }
  return g;
}

ClassGuess guess_classes(const std::vector<std::string>& cells) {
  ClassGuesser guesser;
  for (const std::string& c : cells) guesser.add(c);
  return guesser.result();
}

bool natural_less(std::string_view a, std::string_view b) {
  const int c = compare_runs(a, b);
  return c != 0 ? c < 0 : a < b;
}

void sort_natural(std::vector<std::string>* names) {
  const bool whole = std::all_of(names->begin(), names->end(), [](const std::string& n) { return is_whole(n); });
  std::sort(names->begin(), names->end(), [whole](const std::string& a, const std::string& b) {
    const int c = whole ? compare_whole(a, b) : compare_runs(a, b);
    return c != 0 ? c < 0 : a < b;
  });
}

}  // namespace dff
