#include "core/host/result.h"

#include <catch2/catch.hpp>
#include <memory>

TEST_CASE("a Result holds either a value or an error") {
  dff::Result<int> good(42);
  REQUIRE(good.ok());
  CHECK(static_cast<bool>(good));
  CHECK(good.value() == 42);
  CHECK(good.error().empty());

  dff::Result<int> bad(dff::Error{"data.csv:3:2: not a number"});
  CHECK_FALSE(bad.ok());
  CHECK(bad.error() == "data.csv:3:2: not a number");
}

TEST_CASE("a Result moves its value out") {
  dff::Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  std::unique_ptr<int> p = std::move(r).value();
  REQUIRE(p != nullptr);
  CHECK(*p == 7);
}

TEST_CASE("error_from prefixes a core Status with its context") {
  const dff::Status s(dff::StatusCode::kBlobBadCrc, "CRC32 does not match");
  CHECK(dff::error_from(s).message == "CRC32 does not match");
  CHECK(dff::error_from(s, "model.bin").message == "model.bin: CRC32 does not match");
}

TEST_CASE("an Error keeps its position as fields; text() is the line dff prints") {
  dff::Error e{"'x' is not a number (column 'b')"};
  CHECK(e.text() == "'x' is not a number (column 'b')");
  e.source = "data.csv";
  CHECK(e.text() == "data.csv: 'x' is not a number (column 'b')");
  e.line = 3;
  e.column = 2;
  e.field = "b";
  CHECK(e.text() == "data.csv:3:2: 'x' is not a number (column 'b')");
  const dff::Result<int> r(e);
  CHECK(r.error() == "data.csv:3:2: 'x' is not a number (column 'b')");
  CHECK(r.error_details().line == 3);
  CHECK(r.error_details().column == 2);
  CHECK(r.error_details().field == "b");
  CHECK(r.error_details().message == e.message);
}
