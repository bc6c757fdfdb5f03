#include "core/host/data/class_rules.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using Names = std::vector<std::string>;

namespace {
Names sorted(Names names) {
  dff::sort_natural(&names);
  return names;
}
}  // namespace

TEST_CASE("natural order of class names") {
  CHECK(sorted({"d10", "d9", "d1", "d0", "d2"}) == Names{"d0", "d1", "d2", "d9", "d10"});
  CHECK(sorted({"virginica", "setosa", "versicolor"}) == Names{"setosa", "versicolor", "virginica"});
  CHECK(sorted({"10", "-1", "2", "0", "-10"}) == Names{"-10", "-1", "0", "2", "10"});
  CHECK(sorted({"b2c10", "b2c9", "b10", "a"}) == Names{"a", "b2c9", "b2c10", "b10"});
  CHECK(sorted({"d1", "d01", "d001"}) == Names{"d001", "d01", "d1"});
  CHECK(sorted({"1", "+1", "01"}) == Names{"+1", "01", "1"});
  // Whole numbers among other names: digits compare as runs, the sign is a character.
  CHECK(sorted({"x", "-1", "10", "2"}) == Names{"-1", "2", "10", "x"});
}

TEST_CASE("natural_less is a strict total order (transitive on a mixed set)") {
  const Names names{"", "-", "-1", "-1x", "-5", "0", "00", "1", "10", "1a", "a", "a1", "a01", "a10", "a2b",
                    "A", "z9", "z09", "9z", "\xC3\xA9", "d0", "d10"};
  for (const std::string& a : names) {
    CHECK_FALSE(dff::natural_less(a, a));
    for (const std::string& b : names) {
      if (a != b) CHECK(dff::natural_less(a, b) != dff::natural_less(b, a));
      for (const std::string& c : names)
        if (dff::natural_less(a, b) && dff::natural_less(b, c)) CHECK(dff::natural_less(a, c));
    }
  }
}

TEST_CASE("the class guess") {
  const auto guess = [](const Names& cells) { return dff::guess_classes(cells); };
  SECTION("mostly text: classes, not a guess worth stating") {
    const dff::ClassGuess g = guess({"cat", "dog", "7"});
    CHECK(g.classes);
    CHECK_FALSE(g.from_numbers);
  }
  SECTION("3 to kMaxGuessedClasses whole numbers, two rows each: classes from numbers") {
    const dff::ClassGuess g = guess({"0", "1", "2", " 2 ", "1", "0"});
    CHECK(g.classes);
    CHECK(g.from_numbers);
    CHECK(g.distinct == 3);
  }
  SECTION("otherwise numbers") {
    CHECK_FALSE(guess({"0", "1", "1", "0"}).classes);              // two values: one 0/1 output
    CHECK_FALSE(guess({"1", "2", "3", "1", "2"}).classes);         // fewer than two rows a value
    CHECK_FALSE(guess({"1", "2", "3.5", "1", "2", "3"}).classes);  // a decimal
    CHECK_FALSE(guess({"1", "2", "3", "1", "2", "3", "nan"}).classes);
    CHECK_FALSE(guess({}).classes);
    Names many;
    for (uint32_t k = 0; k < 2 * (dff::kMaxGuessedClasses + 1); ++k) many.push_back(std::to_string(k % 21));
    CHECK_FALSE(guess(many).classes);
    many.resize(2 * dff::kMaxGuessedClasses);
    for (size_t k = 0; k < many.size(); ++k) many[k] = std::to_string(k % dff::kMaxGuessedClasses);
    CHECK(guess(many).classes);
  }
  SECTION("empty cells do not count") {
    CHECK(guess({"0", "", "1", "2", "0", "1", "2", ""}).classes);
  }
}
