#include "core/host/data/split.h"

#include <math.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/host/example_data.h"

namespace {

dff::Dataset iris() { return load_example("iris.csv"); }

std::vector<uint32_t> per_class(const dff::Dataset& d) {
  std::vector<uint32_t> counts(d.class_names.size(), 0);
  for (const uint32_t label : d.labels) ++counts[label];
  return counts;
}

}  // namespace

TEST_CASE("hold_out keeps each class's share on both sides") {
  const dff::Dataset data = iris();
  const dff::Result<dff::DataSplit> s = dff::hold_out(data, 0.2, 1);
  REQUIRE(s.ok());
  CHECK(s->validation.rows == 30);
  CHECK(s->train.rows == 120);
  CHECK(per_class(s->validation) == std::vector<uint32_t>{10, 10, 10});
  CHECK(per_class(s->train) == std::vector<uint32_t>{40, 40, 40});
  CHECK(s->train.class_names == data.class_names);
  CHECK(s->validation.label_column == "species");
  CHECK(s->validation.inputs.size() == 30u * 4u);
  // One-hot targets follow the labels.
  for (uint32_t r = 0; r < s->validation.rows; ++r) CHECK(s->validation.targets[r * 3 + s->validation.labels[r]] == 1.0f);
}

TEST_CASE("hold_out draws by seed: the same seed the same rows, another seed others") {
  const dff::Dataset data = iris();
  const dff::DataSplit a = dff::hold_out(data, 0.3, 7).value();
  const dff::DataSplit b = dff::hold_out(data, 0.3, 7).value();
  const dff::DataSplit c = dff::hold_out(data, 0.3, 8).value();
  CHECK(a.validation.inputs == b.validation.inputs);
  CHECK(a.validation.inputs != c.validation.inputs);
  // Every row lands on exactly one side.
  CHECK(a.train.rows + a.validation.rows == data.rows);
}

TEST_CASE("hold_out names the rows it held out, in order") {
  const dff::Dataset data = iris();
  const dff::DataSplit s = dff::hold_out(data, 0.2, 3).value();
  REQUIRE(s.validation_rows.size() == s.validation.rows);
  for (size_t k = 1; k < s.validation_rows.size(); ++k) CHECK(s.validation_rows[k - 1] < s.validation_rows[k]);
  CHECK(dff::select_rows(data, s.validation_rows).inputs == s.validation.inputs);
  CHECK(s.validation_rows.back() < data.rows);
}

TEST_CASE("hold_out of numeric targets draws from all rows, in the data's order") {
  dff::Dataset d;
  d.rows = 10;
  d.input_width = 1;
  d.target_width = 1;
  for (int r = 0; r < 10; ++r) {
    d.inputs.push_back(static_cast<float>(r));
    d.targets.push_back(static_cast<float>(r) * 0.5f);
  }
  const dff::DataSplit s = dff::hold_out(d, 0.3, 1).value();
  CHECK(s.validation.rows == 3);
  for (uint32_t r = 1; r < s.train.rows; ++r) CHECK(s.train.inputs[r - 1] < s.train.inputs[r]);
  for (uint32_t r = 0; r < s.validation.rows; ++r) CHECK(s.validation.targets[r] == s.validation.inputs[r] * 0.5f);
}

TEST_CASE("hold_out refuses fractions out of range and empty sides") {
  const dff::Dataset data = iris();
  CHECK(dff::hold_out(data, 0.0, 1).error() == "the validation fraction must be a number from 0.01 to 0.9, got 0");
  CHECK_FALSE(dff::hold_out(data, 0.95, 1).ok());
  CHECK_FALSE(dff::hold_out(data, NAN, 1).ok());
  dff::Dataset four = dff::select_rows(data, {0, 1, 2, 3});
  CHECK(dff::hold_out(four, 0.1, 1).error().find("leaves no validation rows") != std::string::npos);
}
