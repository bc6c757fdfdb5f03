// The examples/ CSV files as data sets, for host tests.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "core/host/data/csv.h"

// examples/<name> read as `dff train` reads it (inputs: first N columns, -1 all but the last).
inline dff::Dataset load_example(const std::string& name, int32_t inputs = -1) {
  dff::CsvOptions options;
  options.input_columns = inputs;
  dff::Result<dff::Dataset> data = dff::load_csv(std::string(DFF_SOURCE_DIR) + "/examples/" + name, options);
  INFO(data.error());
  REQUIRE(data.ok());
  return std::move(data).value();
}
