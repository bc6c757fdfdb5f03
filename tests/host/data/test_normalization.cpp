#include "core/host/data/normalization.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/host/data/csv.h"

namespace {

dff::Dataset table(uint32_t rows, uint32_t width, std::vector<float> inputs) {
  dff::Dataset d;
  d.rows = rows;
  d.input_width = width;
  d.target_width = 1;
  d.inputs = std::move(inputs);
  d.targets.assign(rows, 0.0f);
  return d;
}

}  // namespace

TEST_CASE("fit_normalization: per-column mean and population std") {
  // Column 0: 2, 4, 4, 4, 5, 5, 7, 9 -> mean 5, population std 2 (sample std would be 2.138).
  // Column 1: constant 3 -> std 1. Column 2: -1, 1 alternating -> mean 0, std 1.
  const dff::Dataset d = table(8, 3, {2, 3, -1, 4, 3, 1, 4, 3, -1, 4, 3, 1, 5, 3, -1, 5, 3, 1, 7, 3, -1, 9, 3, 1});
  const dff::Normalization n = dff::fit_normalization(d);
  REQUIRE(n.mean.size() == 3);
  REQUIRE(n.stddev.size() == 3);
  CHECK(n.mean[0] == 5.0f);
  CHECK(n.stddev[0] == 2.0f);
  CHECK(n.mean[1] == 3.0f);
  CHECK(n.stddev[1] == 1.0f);
  CHECK(n.mean[2] == 0.0f);
  CHECK(n.stddev[2] == 1.0f);
}

TEST_CASE("fit_normalization: large offsets do not lose the spread") {
  // Single-pass sum-of-squares in float would cancel to 0 here.
  const dff::Dataset d = table(4, 1, {100000.0f, 100002.0f, 100000.0f, 100002.0f});
  const dff::Normalization n = dff::fit_normalization(d);
  CHECK(n.mean[0] == 100001.0f);
  CHECK(n.stddev[0] == 1.0f);
  const dff::Dataset e = table(2, 1, {1e6f, 1e6f + 0.125f});
  CHECK(dff::fit_normalization(e).stddev[0] == 0.0625f);
}

TEST_CASE("fit_normalization: tiny but real spreads are kept, zero spread becomes 1") {
  const dff::Dataset d = table(2, 2, {1e-20f, 7.0f, 3e-20f, 7.0f});
  const dff::Normalization n = dff::fit_normalization(d);
  CHECK(n.stddev[0] == Approx(1e-20f).epsilon(1e-6));
  CHECK(n.stddev[1] == 1.0f);
  for (float s : n.stddev) CHECK(std::isfinite(1.0f / s));
}

TEST_CASE("fit_normalization: no rows gives the identity") {
  const dff::Dataset d = table(0, 2, {});
  const dff::Normalization n = dff::fit_normalization(d);
  CHECK(n.mean == std::vector<float>{0, 0});
  CHECK(n.stddev == std::vector<float>{1, 1});
}

TEST_CASE("fit_normalization on the seed example") {
  dff::CsvOptions o;
  o.input_columns = 3;
  const dff::Result<dff::Dataset> r = dff::load_csv(DFF_SOURCE_DIR "/examples/seed.csv", o);
  REQUIRE(r.ok());
  const dff::Normalization n = dff::fit_normalization(r.value());
  // Every input is 0 in four rows and 1 in four: mean 0.5, std 0.5.
  CHECK(n.mean == std::vector<float>{0.5f, 0.5f, 0.5f});
  CHECK(n.stddev == std::vector<float>{0.5f, 0.5f, 0.5f});
}

TEST_CASE("scales_differ_widely: largest column magnitude over 10x the smallest") {
  CHECK_FALSE(dff::scales_differ_widely(table(2, 2, {0.0f, 1.0f, 1.0f, 0.5f})));       // 1 vs 1
  CHECK_FALSE(dff::scales_differ_widely(table(2, 2, {10.0f, 1.0f, -2.0f, 0.5f})));     // 10 vs 1: not over 10x
  CHECK(dff::scales_differ_widely(table(2, 2, {10.5f, 1.0f, -2.0f, 0.5f})));           // 10.5 vs 1
  CHECK(dff::scales_differ_widely(table(2, 2, {2000.0f, 0.0f, 2020.0f, 1.0f})));       // a year next to a flag
  CHECK(dff::scales_differ_widely(table(2, 2, {-0.001f, 1.0f, 0.001f, -1.0f})));       // tiny next to unit
  CHECK_FALSE(dff::scales_differ_widely(table(2, 2, {0.0f, 500.0f, 0.0f, 800.0f})));   // all-zero column ignored
  CHECK_FALSE(dff::scales_differ_widely(table(3, 1, {1.0f, 1000.0f, 5.0f})));          // one column
  CHECK_FALSE(dff::scales_differ_widely(table(0, 3, {})));
  CHECK(dff::scales_differ_widely(table(1, 2, {3e38f, 1e-38f})));                      // no overflow
}

TEST_CASE("scales_differ_widely on the bundled examples") {
  dff::CsvOptions seed;
  seed.input_columns = 3;
  const dff::Result<dff::Dataset> s = dff::load_csv(DFF_SOURCE_DIR "/examples/seed.csv", seed);
  REQUIRE(s.ok());
  CHECK_FALSE(dff::scales_differ_widely(s.value()));
  const dff::Result<dff::Dataset> iris = dff::load_csv(DFF_SOURCE_DIR "/examples/iris.csv", dff::CsvOptions());
  REQUIRE(iris.ok());
  CHECK_FALSE(dff::scales_differ_widely(iris.value()));  // largest 7.9 vs 2.5
}

TEST_CASE("normalization_reason names the columns, and is empty exactly when default_plan leaves inputs alone") {
  dff::Dataset one = table(4, 1, {0.0f, 40.0f, 80.0f, 120.0f});
  one.input_names = {"x"};
  CHECK(dff::normalization_reason(one) == "'x' reaches 120, outside -1..1");
  dff::Dataset negative = table(2, 1, {0.5f, -300.0f});
  CHECK(dff::normalization_reason(negative) == "column 1 reaches -300, outside -1..1");
  dff::Dataset same = table(2, 2, {0.0f, 100.0f, 100.0f, 0.0f});
  same.input_names = {"a", "b"};
  CHECK(dff::normalization_reason(same) == "'a' reaches 100, outside -1..1");  // same scale: not "differ"
  dff::Dataset differ = table(2, 2, {1000.0f, 0.5f, 0.0f, 0.1f});
  differ.input_names = {"a", "b"};
  CHECK(dff::normalization_reason(differ) == "input scales differ widely: 'a' reaches 1000, 'b' only 0.5");
  dff::Dataset tiny = table(2, 2, {-0.001f, 1.0f, 0.001f, -1.0f});  // no names: column numbers
  CHECK(dff::normalization_reason(tiny) == "input scales differ widely: column 2 reaches 1, column 1 only 0.001");
  CHECK(dff::normalization_reason(table(2, 2, {0.0f, 1.0f, 1.0f, 0.5f})) == "");
  CHECK(dff::normalization_reason(table(0, 3, {})) == "");
}
