// Tests for core/host/model/model_io.h: telling model formats apart by content, loading files.
#include "core/host/model/model_io.h"

#include <stdio.h>

#include <catch2/catch.hpp>
#include <string>

#include "core/host/model/model_json.h"

namespace {

std::string temp_path(const char* name) { return std::string(DFF_BINARY_DIR) + "/test_model_io_" + name; }

void write(const std::string& path, const std::string& contents) {
  FILE* f = fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(fwrite(contents.data(), 1, contents.size(), f) == contents.size());
  REQUIRE(fclose(f) == 0);
}

}  // namespace

TEST_CASE("parse_model recognises JSON by its first non-blank byte") {
  const dff::DFF ann({3, 4, 2});
  const std::string json = dff::model_to_json(ann);
  for (const std::string& prefix : {std::string(), std::string(" \t\r\n\n"), std::string("\xEF\xBB\xBF"),
                                    std::string("\xEF\xBB\xBF\r\n")}) {
    dff::Result<dff::DFF> m = dff::parse_model(prefix + json, "m.json");
    INFO(m.error());
    REQUIRE(m.ok());
    REQUIRE(dff::model_to_json(m.value()) == json);
  }
  // JSON problems come from the JSON loader, with the source name.
  REQUIRE(dff::parse_model("  {\"format\": 1}", "m.json").error() == "m.json: format: expected \"microdff-model\", got 1");
}

TEST_CASE("anything else is not a model") {
  const std::string expected = "x.bin: not a microdff model (expected JSON or a blob)";
  for (const std::string& bytes : {std::string(), std::string("   \n"), std::string("[1, 2]"), std::string("hello"),
                                   std::string("a,b,c\n1,2,3\n"), std::string("\0{", 2), std::string("\xEF\xBB"),
                                   std::string("\xEF\xBB\xBF")}) {
    REQUIRE(dff::parse_model(bytes, "x.bin").error() == expected);
  }
  // The position is a field, not part of the message (the page names the file itself).
  REQUIRE(dff::parse_model("hello", "x.bin").error_details().message == "not a microdff model (expected JSON or a blob)");
  REQUIRE(dff::parse_model("hello", "x.bin").error_details().source == "x.bin");
}

TEST_CASE("binary bytes after a '{' are not a JSON model") {
  const std::string expected = "x.bin: not a microdff model (expected JSON or a blob)";
  // A random file that happens to start with '{': no parser message about its bytes.
  std::string noise = "{";
  uint32_t x = 12345;
  for (int i = 0; i < 600; ++i) noise += static_cast<char>((x = x * 1103515245u + 12345u) >> 16);
  REQUIRE(dff::parse_model(noise, "x.bin").error() == expected);
  for (const std::string& bytes : {std::string("{\x01\"format\"}"), std::string("{\xFF"), std::string("{\"a\": \"\xC0\x80\"}"),
                                   std::string("{\0", 2)}) {
    REQUIRE(dff::parse_model(bytes, "x.bin").error() == expected);
  }
  // DEL is text: a JSON model may hold it in a name, and is read as JSON.
  CHECK(dff::parse_model("{\"format\": \"a\x7F\"}", "x.bin").error() != expected);
  // UTF-8 names and tabs are text: those still reach the JSON reader.
  REQUIRE(dff::parse_model("{\t\"format\": 1, \"n\": \"\xC3\xA9\xE2\x82\xAC\"}", "m.json").error() == "m.json: format: expected \"microdff-model\", got 1");
}

TEST_CASE("load_model reads a file and names it in errors") {
  const dff::DFF ann({3, 4, 2});
  const std::string good = temp_path("good.json");
  write(good, dff::model_to_json(ann));
  dff::Result<dff::DFF> m = dff::load_model(good);
  REQUIRE(m.error() == "");
  REQUIRE(dff::model_to_json(m.value()) == dff::model_to_json(ann));

  const std::string bad = temp_path("bad.json");
  write(bad, "{\n  \"format\": \"microdff-model\",\n  \"version\": 1,\n  \"topology\": [3, 4, 2\n}");
  REQUIRE(dff::load_model(bad).error().rfind(bad + ":5:1: syntax error", 0) == 0);

  const std::string csv = temp_path("data.csv");
  write(csv, "a,b\n1,2\n");
  REQUIRE(dff::load_model(csv).error() == csv + ": not a microdff model (expected JSON or a blob)");
  remove(good.c_str());
  remove(bad.c_str());
  remove(csv.c_str());
}

TEST_CASE("load_model of a missing file or a folder fails with the path") {
  const std::string missing = temp_path("does-not-exist.json");
  dff::Result<dff::DFF> m = dff::load_model(missing);
  REQUIRE_FALSE(m.ok());
  REQUIRE(m.error().find(missing) != std::string::npos);
  REQUIRE(dff::load_model(DFF_BINARY_DIR).error().find(DFF_BINARY_DIR) != std::string::npos);
}
