// dff export --format arduino: a stored ZIP that unzip and the Arduino IDE read (checked here
// by reading it back: headers, CRC-32s, sizes, central directory), holding the library layout
// with names from export_name(), the C header of --format c byte for byte, and an example.
// tests/exports_arduino compiles the library against the Arduino AVR core and runs it.
#include "core/host/export/export_arduino.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/crc32.h"
#include "core/host/export/export_c.h"
#include "core/host/export/zip.h"
#include "core/host/model/dff.h"

namespace {

uint32_t u16(const std::string& b, size_t at) { return static_cast<uint8_t>(b[at]) | static_cast<uint8_t>(b[at + 1]) << 8; }
uint32_t u32(const std::string& b, size_t at) { return u16(b, at) | u16(b, at + 2) << 16; }

// The archive's files by path, read through the central directory as unzip does.
std::map<std::string, std::string> unzip(const std::string& zip) {
  REQUIRE(zip.size() >= 22);
  const size_t end = zip.size() - 22;
  REQUIRE(u32(zip, end) == 0x06054B50u);
  const uint32_t count = u16(zip, end + 10);
  size_t at = u32(zip, end + 16);
  std::map<std::string, std::string> files;
  for (uint32_t i = 0; i < count; ++i) {
    REQUIRE(u32(zip, at) == 0x02014B50u);
    CHECK(u16(zip, at + 10) == 0);  // stored
    const uint32_t crc = u32(zip, at + 16), size = u32(zip, at + 20), name = u16(zip, at + 28);
    const uint32_t local = u32(zip, at + 42);
    const std::string path = zip.substr(at + 46, name);
    REQUIRE(u32(zip, local) == 0x04034B50u);
    CHECK(zip.substr(local + 30, u16(zip, local + 26)) == path);
    const std::string bytes = zip.substr(local + 30 + u16(zip, local + 26) + u16(zip, local + 28), size);
    CHECK(dff::crc32(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) == crc);
    files[path] = bytes;
    at += 46 + name + u16(zip, at + 30) + u16(zip, at + 32);
  }
  return files;
}

dff::DFF iris_like(bool classes) {
  dff::ModelSpec spec;
  spec.widths = {4, 8, 3};
  spec.activations = {dff::Activation::kRelu, dff::Activation::kSoftmax};
  dff::DFF model = dff::DFF::create(spec).value();
  model.initialize(dff::Init::kHe, 3);
  if (classes) model.class_names = {"setosa", "versicolor", "virginica"};
  return model;
}

}  // namespace

TEST_CASE("arduino export: the library's files, names from export_name(), the C header as --format c writes it") {
  dff::ExportOptions options;
  options.name = "iris classifier";
  const dff::DFF model = iris_like(true);
  const dff::Result<dff::ExportedFile> zip = dff::export_arduino(model, options);
  REQUIRE(zip.ok());
  const auto files = unzip(zip->bytes);
  const std::string id = "iris_classifier";
  REQUIRE(files.size() == 5);
  for (const std::string& path : {id + "/library.properties", id + "/src/" + id + ".h", id + "/src/" + id + ".cpp",
                                  id + "/src/" + id + "_model.h", id + "/examples/" + id + "_example/" + id + "_example.ino"})
    CHECK(files.count(path) == 1);
  CHECK(files.at(id + "/src/" + id + "_model.h") == dff::export_c(model, options)->bytes);
  const std::string& props = files.at(id + "/library.properties");
  CHECK(props.find("name=" + id + "\n") == 0);
  CHECK(props.find("\nversion=1.0.0\n") != std::string::npos);
  CHECK(props.find("\nincludes=" + id + ".h\n") != std::string::npos);
  CHECK(props.find("a 4-8-3 network") != std::string::npos);
  const std::string& h = files.at(id + "/src/" + id + ".h");
  CHECK(h.find("class " + id + " {") != std::string::npos);
  CHECK(h.find("static const int kInputs = 4;") != std::string::npos);
  CHECK(h.find("static const int kOutputs = 3;") != std::string::npos);
  CHECK(h.find("static const int kClasses = 3;") != std::string::npos);
  const std::string& cpp = files.at(id + "/src/" + id + ".cpp");
  CHECK(cpp.find("return iris_classifier_classify(inputs);") != std::string::npos);
  CHECK(cpp.find("iris_classifier_class_names[index]") != std::string::npos);
  const std::string& ino = files.at(id + "/examples/" + id + "_example/" + id + "_example.ino");
  CHECK(ino.find("#include <" + id + ".h>") != std::string::npos);
  CHECK(ino.find("Serial.parseFloat()") != std::string::npos);
  CHECK(ino.find("analogRead(A0 + i)") != std::string::npos);
  CHECK(zip->footprint->flash_bytes == dff::export_c(model, options)->footprint->flash_bytes);
  CHECK(dff::export_arduino(model, options)->bytes == zip->bytes);  // deterministic
}

TEST_CASE("arduino export: without class names, classify() is the largest output; names the core refuses fail") {
  dff::ExportOptions options;
  const dff::Result<dff::ExportedFile> zip = dff::export_arduino(iris_like(false), options);
  REQUIRE(zip.ok());
  const auto files = unzip(zip->bytes);
  const std::string& cpp = files.at("model/src/model.cpp");
  CHECK(cpp.find("if (outputs[k] > outputs[best]) best = k;") != std::string::npos);
  CHECK(files.at("model/src/model.h").find("static const int kClasses = 0;") != std::string::npos);
  options.name = "Serial";
  const dff::Result<dff::ExportedFile> refused = dff::export_arduino(iris_like(false), options);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().find("'Serial' is a name the Arduino core or its libraries use") != std::string::npos);
}

TEST_CASE("zip_store: empty archive, and entries in order") {
  CHECK(unzip(dff::zip_store({})).empty());
  const auto files = unzip(dff::zip_store({{"a/b.txt", "hello"}, {"c", std::string(1, '\0') + "x"}}));
  CHECK(files.at("a/b.txt") == "hello");
  CHECK(files.at("c") == std::string(1, '\0') + "x");
}
