// Every export format, byte for byte, against files the exporters wrote before the export
// code was reorganised (tests/host/export/golden/, listed in cases.tsv; the int8 formats
// since full-integer int8, calibrated on the rows cases.tsv names). The models are fixed
// files, so the expected bytes depend only on the exporters, on every platform (this suite
// also runs as WebAssembly under node). regenerate.sh rewrites them on purpose.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/export/exporters.h"
#include "core/host/model/model_io.h"

namespace {

const std::string kGolden = std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/";

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Case {
  std::string model, format, name, expected, calibration;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  std::stringstream in(slurp(kGolden + "cases.tsv"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) f.push_back(cell);
    REQUIRE(f.size() == 5);
    out.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return out;
}

// "line N" of the first difference, for a readable failure.
std::string first_difference(const std::string& got, const std::string& want) {
  size_t i = 0, line = 1;
  while (i < got.size() && i < want.size() && got[i] == want[i]) line += got[i++] == '\n' ? 1 : 0;
  return "first difference at byte " + std::to_string(i) + ", line " + std::to_string(line);
}

#ifdef __EMSCRIPTEN__
// The module text without the statement that holds selftest()'s expected outputs.
std::string without_selftest_outputs(const std::string& py) {
  const size_t start = py.find("\n    expected = array('f', ");
  REQUIRE(start != std::string::npos);
  const size_t end = py.find("\n    y = predict(x)\n", start);
  REQUIRE(end != std::string::npos);
  return py.substr(0, start) + py.substr(end);
}
#endif

}  // namespace

TEST_CASE("every format of every golden model is byte-identical to the recorded export") {
  const std::vector<Case> all = cases();
  REQUIRE(all.size() >= 30);
  for (const Case& c : all) {
    INFO(c.model << " --format " << c.format << " --name '" << c.name << "' vs " << c.expected);
    const dff::Result<dff::DFF> model = dff::load_model(kGolden + "models/" + c.model);
    REQUIRE(model.ok());
    dff::ExportOptions options;
    options.name = c.name;
    dff::Result<dff::Dataset> rows = dff::Error{""};
    if (c.calibration != "-") {  // the int8 formats' calibration rows, read as dff export --calibrate reads them
      dff::CsvOptions csv;
      csv.input_columns = model->topology().inputs();
      csv.require_targets = false;
      rows = dff::load_csv(kGolden + c.calibration, csv);
      INFO(rows.error());
      REQUIRE(rows.ok());
      options.calibration = &rows.value();
    }
    const dff::Result<dff::ExportedFile> got = dff::export_model(model.value(), c.format, options);
    REQUIRE(got.ok());
    const std::string want = slurp(kGolden + c.expected);
    INFO(first_difference(got->bytes, want));
#ifdef __EMSCRIPTEN__
    // The MicroPython module stores the outputs of its self-test input as the exporter's
    // platform computes them: Emscripten's libc tanhf differs from glibc's in the last bit, so
    // there (only) the `expected = ...` statement of selftest() may differ from the native file.
    if (c.format == "micropython" && got->bytes != want) {
      CHECK(without_selftest_outputs(got->bytes) == without_selftest_outputs(want));
      continue;
    }
#endif
    CHECK(got->bytes == want);
  }
}
