#include "core/host/export/exporters.h"

#include "core/host/export/export_blob.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_int8.h"
#include "core/host/export/export_micropython.h"
#include "core/host/model/model_json.h"

namespace dff {

const std::vector<std::string>& export_formats() {
  static const std::vector<std::string> formats = {"c", "c-int8", "micropython", "blob", "json"};
  return formats;
}

Result<std::string> export_model(const DFF& model, const std::string& format, const ExportOptions& options) {
  if (format == "c") return export_c(model, options);
  if (format == "c-int8") return export_c_int8(model, options);
  if (format == "micropython") return export_micropython(model, options);
  if (format == "blob") return export_blob(model, options);
  if (format == "json") return model_to_json(model);
  return Error{"unknown export format '" + format + "' (expected c, c-int8, micropython, blob or json)"};
}

}  // namespace dff
