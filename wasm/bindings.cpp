// Embind declarations of the WebAssembly API (implementation: api.cpp). Everything
// fallible returns a status object; wasm/js/microdff.js turns failures into Errors.
#include <emscripten/bind.h>

#include "wasm/api.h"

EMSCRIPTEN_BINDINGS(microdff) {
  using namespace emscripten;
  using dff::wasm::Model;

  value_object<dff::DataShape>("DataShape")
      .field("inputs", &dff::DataShape::inputs)
      .field("outputs", &dff::DataShape::outputs);

  function("parseDataset", &dff::wasm::parse_dataset);
  function("exportName", &dff::wasm::export_name);
  function("rulesJson", &dff::wasm::rules_json);
  function("guessClasses", &dff::wasm::guess_classes);
  function("sortClasses", &dff::wasm::sort_classes);
  function("checkSettings", &dff::wasm::check_settings);
  function("resolveSettings", &dff::wasm::resolve_settings);
  function("normalizationReason", &dff::wasm::normalization_reason);
  function("parseHidden", &dff::wasm::parse_hidden);
  function("splitDataset", &dff::wasm::split_dataset);
  function("liveModels", &dff::wasm::live_models);

  class_<Model>("Model")
      .constructor<>()
      .function("create", &Model::create)
      .function("load", &Model::load)
      .function("train", &Model::train)
      .function("predict", &Model::predict)
      .function("classify", &Model::classify)
      .function("classifyRows", &Model::classify_rows)
      .function("activations", &Model::activations)
      .function("newRun", &Model::new_run)
      .function("predictInt8", &Model::predict_int8)
      .function("compareInt8", &Model::compare_int8)
      .function("evaluate", &Model::evaluate)
      .function("info", &Model::info)
      .function("weights", &Model::weights)
      .function("biases", &Model::biases)
      .function("exportModel", &Model::export_model)
      .function("footprint", &Model::footprint);
}
