#include "core/host/export/exporters.h"

#include <catch2/catch.hpp>

#include "core/host/export/export_blob.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/export_micropython.h"
#include "core/host/model/model_json.h"

namespace {

dff::DFF seed_model() {
  dff::DFF ann({3, 4, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, true, 5);
  const dff::Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  for (int e = 0; e < 50; ++e) REQUIRE(ann.train(a, s, 1.0f).ok());
  return ann;
}

}  // namespace

TEST_CASE("export_formats lists the five formats") {
  CHECK(dff::export_formats() == std::vector<std::string>{"c", "c-int8", "micropython", "blob", "json"});
}

TEST_CASE("every format dispatches to its exporter with the same options") {
  const dff::DFF model = seed_model();
  dff::ExportOptions options;
  options.name = "seed";
  CHECK(dff::export_model(model, "c", options).value() == dff::export_c(model, options).value());
  CHECK(dff::export_model(model, "c-int8", options).value() == dff::export_c_int8(model, options).value());
  CHECK(dff::export_model(model, "micropython", options).value() == dff::export_micropython(model, options).value());
  CHECK(dff::export_model(model, "blob", options).value() == dff::export_blob(model, options).value());
  CHECK(dff::export_model(model, "json", options).value() == dff::model_to_json(model));
}

TEST_CASE("an unknown format names the ones that exist") {
  const dff::Result<std::string> r = dff::export_model(seed_model(), "onnx", {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "unknown export format 'onnx' (expected c, c-int8, micropython, blob or json)");
  CHECK_FALSE(dff::export_model(seed_model(), "C", {}).ok());  // names are case-sensitive
}
