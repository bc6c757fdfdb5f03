#include "core/host/export/exporters.h"

#include "core/host/export/export_blob.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/export_micropython.h"
#include "core/host/model/model_json.h"
#include "core/host/quantize/int8_blob.h"
#include "core/host/quantize/int8_quantizer.h"

namespace dff {

const std::vector<std::string>& export_formats() {
  static const std::vector<std::string> formats = {"c", "c-int8", "micropython", "blob", "blob-int8", "json"};
  return formats;
}

Result<std::string> export_model(const DFF& model, const std::string& format, const ExportOptions& options) {
  if (format == "c") return export_c(model, options);
  if (format == "c-int8" || format == "blob-int8") {
    if (options.calibration == nullptr)
      return Error{format + " needs calibration data, the rows the model was trained on, to fit its int8 scales "
                            "(dff export: --calibrate DATA.csv)"};
    Result<Int8Params> params = quantize_int8(model, *options.calibration);
    if (!params.ok()) return Error{params.error()};
    if (format == "c-int8") return export_c_int8(model, params.value(), options);
    return model_to_int8_blob(model, params.value());
  }
  if (format == "micropython") return export_micropython(model, options);
  if (format == "blob") return export_blob(model, options);
  if (format == "json") return model_to_json(model);
  return Error{"unknown export format '" + format + "' (expected c, c-int8, micropython, blob, blob-int8 or json)"};
}

}  // namespace dff
