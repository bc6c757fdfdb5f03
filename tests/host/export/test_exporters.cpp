#include "core/host/export/exporters.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/host/export/export_blob.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/export_micropython.h"
#include "core/host/export/export_micropython_int8.h"
#include "core/host/model/model_json.h"
#include "core/host/quantize/int8_blob.h"

namespace {

// The seed's 8 input rows: calibration data for the int8 formats.
const dff::Dataset& seed_rows() {
  static const dff::Dataset rows = [] {
    dff::Dataset d;
    d.rows = 8;
    d.input_width = 3;
    d.inputs = {0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0};
    return d;
  }();
  return rows;
}

dff::DFF seed_model() {
  dff::DFF ann({3, 4, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, true, 5);
  const dff::Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  for (int e = 0; e < 50; ++e) REQUIRE(ann.train(a, s, 1.0f).ok());
  return ann;
}

// The shared name vectors, also replayed through WebAssembly by tests/node/wasm_export_name.test.mjs.
nlohmann::json name_vectors() {
  std::ifstream f(std::string(DFF_SOURCE_DIR) + "/tests/host/export/export-names.json");
  std::stringstream ss;
  ss << f.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j.at("cases");
}

}  // namespace

TEST_CASE("export_formats lists the eight formats") {
  CHECK(dff::export_formats() == std::vector<std::string>{"c", "c-int8", "micropython", "micropython-int8", "blob", "blob-int8", "json", "arduino"});
  CHECK(dff::export_name("seed", "blob-int8")->file_name == "seed_int8.bin");
}

TEST_CASE("export_name gives each format its identifier and file name, or says why it cannot") {
  const nlohmann::json cases = name_vectors();
  REQUIRE(cases.size() >= 40);
  for (const nlohmann::json& c : cases) {
    const std::string name = c.at("name"), format = c.at("format");
    INFO("'" << name << "' as " << format);
    const dff::Result<dff::ExportName> got = dff::export_name(name, format);
    if (c.contains("error")) {
      REQUIRE_FALSE(got.ok());
      CHECK(got.error().find(c.at("error").get<std::string>()) != std::string::npos);
      CHECK(got.error().find('\n') == std::string::npos);
    } else {
      INFO(got.error());
      REQUIRE(got.ok());
      CHECK(got->identifier == c.at("identifier").get<std::string>());
      CHECK(got->file_name == c.at("fileName").get<std::string>());
    }
  }
}

TEST_CASE("every format dispatches to its exporter with the same options") {
  const dff::DFF model = seed_model();
  dff::ExportOptions options;
  options.name = "seed";
  options.calibration = &seed_rows();
  const dff::Int8Params params = dff::quantize_int8(model, seed_rows()).value();
  CHECK(dff::export_model(model, "c", options)->bytes == dff::export_c(model, options)->bytes);
  CHECK(dff::export_model(model, "c-int8", options)->bytes == dff::export_c_int8(model, params, options)->bytes);
  CHECK(dff::export_model(model, "blob-int8", options)->bytes == dff::model_to_int8_blob(model, params).value());
  CHECK(dff::export_model(model, "micropython", options)->bytes == dff::export_micropython(model, options)->bytes);
  CHECK(dff::export_model(model, "micropython-int8", options)->bytes ==
        dff::export_micropython_int8(model, params, options)->bytes);
  CHECK(dff::export_model(model, "blob", options)->bytes == dff::export_blob(model, options)->bytes);
  CHECK(dff::export_model(model, "json", options)->bytes == dff::model_to_json(model));
}

TEST_CASE("an export refuses exactly the names export_name refuses, with the same message") {
  const dff::DFF model = seed_model();
  for (const nlohmann::json& c : name_vectors()) {
    const std::string format = c.at("format");
    dff::ExportOptions options;
    options.name = c.at("name").get<std::string>();
    options.calibration = &seed_rows();
    INFO("'" << options.name << "' as " << format);
    const dff::Result<dff::ExportedFile> file = dff::export_model(model, format, options);
    const dff::Result<dff::ExportName> named = dff::export_name(options.name, format);
    CHECK(file.ok() == named.ok());
    if (!named.ok()) CHECK(file.error() == named.error());
  }
  dff::ExportOptions main_module;
  main_module.name = "main";
  CHECK_FALSE(dff::export_micropython(model, main_module).ok());  // the format's own entry point too
}

TEST_CASE("an unknown format names the ones that exist") {
  const dff::Result<dff::ExportedFile> r = dff::export_model(seed_model(), "onnx", {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "unknown export format 'onnx' (expected c, c-int8, micropython, micropython-int8, blob, blob-int8, json or arduino)");
  CHECK_FALSE(dff::export_model(seed_model(), "C", {}).ok());  // names are case-sensitive
}

TEST_CASE("the int8 formats need calibration rows and say so") {
  for (const char* format : {"c-int8", "micropython-int8", "blob-int8"}) {
    CHECK(dff::export_needs_calibration(format));
    const dff::Result<dff::ExportedFile> r = dff::export_model(seed_model(), format, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == std::string(format) +
                           " needs calibration data, the rows the model was trained on, to fit its int8 scales "
                           "(dff export: --calibrate DATA.csv)");
  }
  for (const char* format : {"c", "micropython", "blob", "json", "onnx"}) CHECK_FALSE(dff::export_needs_calibration(format));
  CHECK(dff::calibrated_export_formats() == "c-int8, micropython-int8 or blob-int8");
}

TEST_CASE("the C exporters report the flash and RAM their header states; the other formats none") {
  const dff::DFF model = seed_model();
  dff::ExportOptions options;
  options.name = "net";
  options.calibration = &seed_rows();
  const auto defined = [](const std::string& header, const std::string& macro) {
    const std::string pattern = "#define NET_" + macro + " ";
    const size_t at = header.find(pattern);
    REQUIRE(at != std::string::npos);
    return static_cast<uint32_t>(std::stoul(header.substr(at + pattern.size())));
  };
  for (const char* format : {"c", "c-int8"}) {
    INFO(format);
    const dff::Result<dff::ExportedFile> file = dff::export_model(model, format, options);
    REQUIRE(file.ok());
    REQUIRE(file->footprint.has_value());
    CHECK(file->footprint->flash_bytes == defined(file->bytes, "WEIGHTS_BYTES"));
    CHECK(file->footprint->ram_bytes == defined(file->bytes, "RAM_BYTES"));
  }
  CHECK(dff::export_model(model, "c", options)->footprint->flash_bytes == 4u * (3 * 4 + 4 + 4 * 2 + 2));
  for (const char* format : {"micropython", "blob", "blob-int8", "json"})
    CHECK_FALSE(dff::export_model(model, format, options)->footprint);
  CHECK(dff::export_model(model, "arduino", options)->footprint->flash_bytes == 4u * (3 * 4 + 4 + 4 * 2 + 2));
}
