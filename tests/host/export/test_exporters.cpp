#include "core/host/export/exporters.h"

#include <catch2/catch.hpp>

#include "core/host/export/export_blob.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/export_micropython.h"
#include "core/host/model/model_json.h"
#include "core/host/quantize/int8_blob.h"

namespace {

dff::Dataset seed_rows() {
  dff::Dataset d;
  d.rows = 8;
  d.input_width = 3;
  d.inputs = {0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0};
  return d;
}

dff::DFF seed_model() {
  dff::DFF ann({3, 4, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, true, 5);
  const dff::Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  for (int e = 0; e < 50; ++e) REQUIRE(ann.train(a, s, 1.0f).ok());
  return ann;
}

}  // namespace

TEST_CASE("export_formats lists the six formats") {
  CHECK(dff::export_formats() == std::vector<std::string>{"c", "c-int8", "micropython", "blob", "blob-int8", "json"});
}

TEST_CASE("every format dispatches to its exporter with the same options") {
  const dff::DFF model = seed_model();
  dff::ExportOptions options;
  options.name = "seed";
  CHECK(dff::export_model(model, "c", options).value() == dff::export_c(model, options).value());
  const dff::Dataset rows = seed_rows();
  options.calibration = &rows;
  const dff::Int8Params params = dff::quantize_int8(model, rows).value();
  CHECK(dff::export_model(model, "c-int8", options).value() == dff::export_c_int8(model, params, options).value());
  CHECK(dff::export_model(model, "blob-int8", options).value() == dff::model_to_int8_blob(model, params).value());
  CHECK(dff::export_model(model, "micropython", options).value() == dff::export_micropython(model, options).value());
  CHECK(dff::export_model(model, "blob", options).value() == dff::export_blob(model, options).value());
  CHECK(dff::export_model(model, "json", options).value() == dff::model_to_json(model));
}

TEST_CASE("an unknown format names the ones that exist") {
  const dff::Result<std::string> r = dff::export_model(seed_model(), "onnx", {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "unknown export format 'onnx' (expected c, c-int8, micropython, blob, blob-int8 or json)");
  CHECK_FALSE(dff::export_model(seed_model(), "C", {}).ok());  // names are case-sensitive
}

TEST_CASE("the int8 formats need calibration rows and say so") {
  for (const char* format : {"c-int8", "blob-int8"}) {
    const dff::Result<std::string> r = dff::export_model(seed_model(), format, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == std::string(format) +
                           " needs calibration data, the rows the model was trained on, to fit its int8 scales "
                           "(dff export: --calibrate DATA.csv)");
  }
}
