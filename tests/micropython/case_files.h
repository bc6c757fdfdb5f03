// Helpers shared by the MicroPython case generators (gen_micropython_cases.cpp,
// gen_micropython_library_cases.cpp).
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/host/model/dff.h"
#include "core/host/model/matrix.h"

// The rows of m as a JSON array of arrays of numbers.
inline nlohmann::json rows_json(const dff::Matrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (uint32_t r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (uint32_t c = 0; c < m.cols(); ++c) row.push_back(static_cast<double>(m(r, c)));
    rows.push_back(row);
  }
  return rows;
}

// Writes bytes to path; exits with status 1 if it cannot.
inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) {
    fprintf(stderr, "cannot write %s\n", path.c_str());
    exit(1);
  }
}

// A network of this shape (weights zero until initialised); exits with status 1 if the core
// rejects the shape.
inline dff::DFF create(const std::vector<uint16_t>& widths, const std::vector<dff::Activation>& activations, bool bias,
                       bool normalize) {
  dff::ModelSpec spec;
  spec.widths = widths;
  spec.activations = activations;
  spec.bias = bias;
  spec.normalize = normalize;
  dff::Result<dff::DFF> model = dff::DFF::create(spec);
  if (!model.ok()) {
    fprintf(stderr, "%s\n", model.error().c_str());
    exit(1);
  }
  return std::move(model).value();
}
