// libFuzzer target for the JSON model loader: any bytes must give a valid model
// or a one-line error naming the source; never a crash, hang or sanitizer report.
// A model that loads must write back to JSON that loads to the same text.
#include <stddef.h>
#include <stdint.h>

#include <cstdlib>
#include <string>

#include "core/host/model/model_json.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const dff::Result<dff::DFF> r = dff::model_from_json(text, "fuzz.json");
  if (!r.ok()) {
    const std::string& e = r.error();
    check(e.rfind("fuzz.json:", 0) == 0);
    check(e.find('\n') == std::string::npos && e.find('\r') == std::string::npos);
    return 0;
  }
  const dff::DFF& model = r.value();
  check(model.network().valid());
  const dff::Topology& t = model.topology();
  check(model.input_names.empty() || model.input_names.size() == t.inputs());
  check(model.output_names.empty() || model.output_names.size() == t.outputs());
  check(model.class_names.empty() || model.class_names.size() == t.outputs());
  const std::string written = dff::model_to_json(model);
  const dff::Result<dff::DFF> again = dff::model_from_json(written, "again.json");
  check(again.ok());
  check(dff::model_to_json(again.value()) == written);
  return 0;
}
