#include "core/host/model/json_reader.h"

#include "core/host/text/escape.h"

#include <iterator>
#include <utility>
#include <vector>

namespace dff {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxQuotedKey = 60;  // of a key shown in a message

// Iterator over the text that records how far the parser has read, so errors
// raised by the DOM builder (depth, duplicate keys, size) can name a line and column.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** last_read) : p_(p), last_read_(last_read) {}
  reference operator*() const {
    *last_read_ = p_;
    return *p_;
  }
  TrackingIterator& operator++() {
    ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++p_;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** last_read_;
};

// SAX handler that builds the DOM like nlohmann's own, but never throws, limits
// nesting depth and value count, rejects duplicate keys and records where the first problem is.
class DomBuilder {
 public:
  // `last_read` is updated by the TrackingIterator over the text starting at `base`.
  DomBuilder(json& root, const JsonLimits& limits, const char* base, const char* const* last_read)
      : root_(root), limits_(limits), base_(base), last_read_(last_read) {}

  bool null() { return add(json(nullptr)); }
  bool boolean(bool v) { return add(json(v)); }
  bool number_integer(json::number_integer_t v) { return add(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return add(json(v)); }
  bool string(json::string_t& v) { return add(json(std::move(v))); }
  bool binary(json::binary_t&) { return fail_here("binary values are not JSON"); }

  bool start_object(size_t) { return open(json::value_t::object); }
  bool start_array(size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    json::object_t* object = stack_.back()->get_ptr<json::object_t*>();
    if (object->count(k) != 0) return fail_here("duplicate key " + json_quote_shown(k.substr(0, kMaxQuotedKey)));
    pending_ = &(*object)[k];
    return true;
  }

  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_offset_ = position > 0 ? position - 1 : 0;
    // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...";
    // keep only the description, our own position replaces nlohmann's (which counts bytes).
    error_ = e.what();
    if (!error_.empty() && error_[0] == '[') error_.erase(0, error_.find("] ") + 2);
    const size_t column = error_.find(", column ");
    if (error_.compare(0, 11, "parse error") == 0 && column != std::string::npos)
      error_.erase(0, error_.find(": ", column) + 2);
    if (error_.empty()) error_ = "invalid JSON";
    return false;
  }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }

 private:
  bool fail_here(const std::string& message) {
    error_ = message;
    error_offset_ = static_cast<size_t>(*last_read_ - base_);
    return false;
  }

  bool add(json&& value) {
    if (++values_ > limits_.max_values)
      return fail_here("more than " + std::to_string(limits_.max_values) + " values; far larger than any microdff " +
                       limits_.subject);
    if (stack_.empty()) {
      root_ = std::move(value);
      last_added_ = &root_;
    } else if (json::array_t* array = stack_.back()->get_ptr<json::array_t*>()) {
      array->push_back(std::move(value));
      last_added_ = &array->back();
    } else {
      *pending_ = std::move(value);
      last_added_ = pending_;
    }
    return true;
  }

  bool open(json::value_t type) {
    if (stack_.size() >= limits_.max_depth)
      return fail_here("nested deeper than " + std::to_string(limits_.max_depth) + " levels; a " + limits_.subject +
                       " needs " + std::to_string(limits_.subject_depth));
    if (!add(json(type))) return false;
    stack_.push_back(last_added_);
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  const JsonLimits& limits_;
  const char* base_;
  const char* const* last_read_;
  std::vector<json*> stack_;
  json* pending_ = nullptr;
  json* last_added_ = nullptr;
  size_t values_ = 0;
  std::string error_;
  size_t error_offset_ = 0;
};

// "source:line:column" for a byte offset; columns count UTF-8 characters.
std::string position(const std::string& source, const std::string& text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0u) != 0x80u) {
      ++column;
    }
  }
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

std::string json_quote(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string json_quote_shown(const std::string& text) { return terminal_text(json_quote(text)); }

Result<json> read_json(const std::string& text, const std::string& source, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    return Error{source + ": " + std::to_string(text.size()) + " bytes is more than a JSON " + limits.subject +
                 " may have (" + std::to_string(limits.max_bytes) + ")"};
  json root;
  const char* last_read = text.data();
  DomBuilder builder(root, limits, text.data(), &last_read);
  const TrackingIterator first(text.data(), &last_read);
  const TrackingIterator last(text.data() + text.size(), &last_read);
  const bool parsed = json::sax_parse(first, last, &builder, json::input_format_t::json, true, false);
  if (!parsed || builder.failed()) {
    const std::string message = builder.failed() ? builder.error() : "invalid JSON";
    return Error{position(source, text, builder.error_offset()) + ": " + message};
  }
  return root;
}

}  // namespace dff
