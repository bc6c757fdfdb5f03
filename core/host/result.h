// Result<T>: a value or an error message, returned by every fallible host
// function. The host part never throws across its API, so it also builds with
// -fno-exceptions (the WASM build relies on this).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "core/status.h"

namespace dff {

// An error a person can act on: what failed, and where (file, line, column, field).
struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}                   // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error.message)) {}       // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  // The error message; empty when ok().
  const std::string& error() const { return error_; }
  // The value; only call when ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  std::string error_;
};

// Result of an operation with no value.
using Outcome = Result<bool>;

// Makes an Error from a core Status with a prefix naming the context.
inline Error error_from(const Status& s, const std::string& context = {}) {
  return Error{context.empty() ? std::string(s.message()) : context + ": " + s.message()};
}

}  // namespace dff
