// Reading JSON from outside (a model file, a page's upload) into nlohmann's DOM at a cost
// bounded by the text: a cap on its size, on the number of values and on nesting depth,
// duplicate keys refused, and every problem placed at a line and column. The schema of what
// the JSON holds (model_json.h) is read from the DOM afterwards. Internal to core/host.
#pragma once

#include <stddef.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/host/result.h"

namespace dff {

struct JsonLimits {
  size_t max_bytes;       // of the text
  size_t max_values;      // numbers, strings, booleans, nulls, arrays and objects together
  size_t max_depth;       // nesting of arrays and objects
  const char* subject;    // what the text is, for messages: "model"
  size_t subject_depth;   // how deep a real one nests, for the message at max_depth
};

// Parses `text` into a DOM. Errors read "source:line:column: what" (columns count UTF-8
// characters), or "source: N bytes is more than ..." for text over max_bytes.
Result<nlohmann::json> read_json(const std::string& text, const std::string& source, const JsonLimits& limits);

// `text` as a JSON string literal; bytes that are not valid UTF-8 become U+FFFD (JSON cannot hold them).
std::string json_quote(const std::string& text);
// `text` quoted as json_quote() for a one-line message: what JSON leaves as it is of the control
// and bidirectional characters (DEL, C1, U+202E, ...) is shown as bytes, as terminal_text() does.
std::string json_quote_shown(const std::string& text);

}  // namespace dff
