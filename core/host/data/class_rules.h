// How a target column becomes classes: the guess for a single target column nobody
// marked (dff train without --classes or --no-classes, the page when it reads a file),
// and the order of the classes a data set defines, which is the order of the model's
// outputs and of every export.
#pragma once

#include <stdint.h>

#include <string>
#include <string_view>
#include <vector>

namespace dff {

// Most distinct whole numbers a column may hold to be guessed as classes.
constexpr uint32_t kMaxGuessedClasses = 20;

// What a single target column holds, as far as the guess is concerned.
struct ClassGuess {
  bool classes = false;       // read the column as class labels
  bool from_numbers = false;  // ...because it holds few distinct whole numbers (a guess worth stating)
  uint32_t distinct = 0;      // distinct values seen (up to kMaxGuessedClasses + 1)
};

// Collects a target column's cells (spaces trimmed) and guesses. The rule: the column
// holds class labels when most of its non-empty cells are text, or when every non-empty
// cell is a whole number (digits, optional sign), there are 3 to kMaxGuessedClasses
// distinct values and at least two rows per value (0/1 stays one numeric output; a
// column where most values appear once stays numbers). Memory: at most
// kMaxGuessedClasses + 1 values are kept, whatever the column's length.
class ClassGuesser {
 public:
  void add(std::string_view cell);
  ClassGuess result() const;

 private:
  uint64_t texts_ = 0;
  uint64_t numbers_ = 0;
  bool all_whole_ = true;
  std::vector<std::string> distinct_;  // up to kMaxGuessedClasses + 1
};

// The guess for a whole column (cells as read, spaces around them are ignored).
ClassGuess guess_classes(const std::vector<std::string>& cells);

// Natural order of two names: runs of digits compared by value ("d2" < "d10"), the other
// bytes as they are; names equal under that (like "d01" and "d1") byte by byte, so the
// order is total.
bool natural_less(std::string_view a, std::string_view b);

// Sorts class names into the order of a model's outputs: when every name is a whole number,
// by value (-1 < 2 < 10); otherwise in natural order (natural_less).
void sort_natural(std::vector<std::string>* names);

}  // namespace dff
