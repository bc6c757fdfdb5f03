#include "core/host/model/json_reader.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

constexpr dff::JsonLimits kSmall{64, 8, 3, "thing", 2};

std::string error_of(const std::string& text) {
  const dff::Result<nlohmann::json> r = dff::read_json(text, "t.json", kSmall);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("read_json builds the DOM of valid text within the limits") {
  const dff::Result<nlohmann::json> r = dff::read_json(R"({"a": [1, 2.5, "x"], "b": null})", "t.json", kSmall);
  REQUIRE(r.ok());
  CHECK(r.value()["a"][1] == 2.5);
  CHECK(r.value()["b"].is_null());
}

TEST_CASE("read_json places every problem at a line and a column of characters") {
  CHECK(error_of("{\"\xC3\xA9\": tru}").rfind("t.json:1:10: syntax error while parsing value - invalid literal", 0) == 0);
  CHECK(error_of("{\"a\": 1,\n \"a\": 2}") == "t.json:2:4: duplicate key \"a\"");
  CHECK(error_of("[[[[1]]]]") == "t.json:1:4: nested deeper than 3 levels; a thing needs 2");
  CHECK(error_of("[1, 2, 3, 4, 5, 6, 7, 8]") == "t.json:1:24: more than 8 values; far larger than any microdff thing");
  CHECK(error_of(std::string(65, ' ')) == "t.json: 65 bytes is more than a JSON thing may have (64)");
}

TEST_CASE("json_quote_shown also shows what JSON keeps as it is of the hidden controls as bytes") {
  CHECK(dff::json_quote_shown("a\x1b\x7f\xE2\x80\xAE" "b") == "\"a\\u001b\\x7f\\xe2\\x80\\xaeb\"");
  CHECK(error_of("{\"a\xE2\x80\xAE\": 1, \"a\xE2\x80\xAE\": 2}") == "t.json:1:14: duplicate key \"a\\xe2\\x80\\xae\"");
}

TEST_CASE("json_quote writes a JSON string, with invalid UTF-8 replaced") {
  CHECK(dff::json_quote("a\"b\n") == "\"a\\\"b\\n\"");
  CHECK(dff::json_quote("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
  CHECK(dff::json_quote("x\xFFy") == "\"x\xEF\xBF\xBDy\"");
}
