// Result<T>: a value or an Error, returned by every fallible host function. The host
// part never throws across its API, so it also builds with -fno-exceptions (the WASM
// build relies on this).
#pragma once

#include <stdint.h>

#include <optional>
#include <string>
#include <utility>

#include "core/status.h"

namespace dff {

// An error a person can act on: what failed, and where. The position is kept as fields
// so that front ends (the page marks the cell, the settings form the field) never parse
// it back out of the text; text() is the one line dff prints.
struct Error {
  std::string message;  // what is wrong and what to do, without the position
  std::string source{};  // file or text the error is in ("data.csv"); empty if none
  uint32_t line = 0;    // 1-based line in source; 0 if none
  uint32_t column = 0;  // 1-based column (the field number in a CSV row); 0 if none
  std::string field{};   // CSV column name or settings key ("learningRate"); empty if none

  // "source:line:column: message", "source: message" or "message", as far as known.
  std::string text() const {
    if (source.empty()) return message;
    if (line == 0) return source + ": " + message;
    return source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error)) {}       // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  // The error as one line (Error::text()); empty when ok().
  std::string error() const { return error_.text(); }
  // The error with its position fields; only meaningful when !ok().
  const Error& error_details() const { return error_; }
  // The value; only call when ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Error error_;
};

// Result of an operation with no value.
using Outcome = Result<bool>;

// Makes an Error from a core Status with a prefix naming the context.
inline Error error_from(const Status& s, const std::string& context = {}) {
  return Error{context.empty() ? std::string(s.message()) : context + ": " + s.message()};
}

}  // namespace dff
