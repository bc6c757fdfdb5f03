#include "core/host/model/model_io.h"

#include "core/host/model/blob_model.h"
#include "core/host/file_io.h"
#include "core/host/model/model_json.h"

namespace dff {
namespace {

enum class ModelFormat { kUnknown, kJson, kBlob };

// Tells the formats apart by their first bytes: JSON starts with '{' after
// optional whitespace (and an optional UTF-8 byte-order mark, as some editors write).
ModelFormat detect_model_format(const std::string& bytes) {
  if (looks_like_blob(bytes)) return ModelFormat::kBlob;  // magic "DFFB"
  size_t i = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) ++i;
  if (i < bytes.size() && bytes[i] == '{') return ModelFormat::kJson;
  return ModelFormat::kUnknown;
}

}  // namespace

Result<DFF> parse_model(const std::string& bytes, const std::string& source) {
  switch (detect_model_format(bytes)) {
    case ModelFormat::kJson: return model_from_json(bytes, source);
    case ModelFormat::kBlob: return model_from_blob(bytes, source);
    case ModelFormat::kUnknown: break;
  }
  return Error{source + ": not a microdff model (expected JSON or a blob)"};
}

Result<DFF> load_model(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes.ok()) return Error{bytes.error()};
  return parse_model(bytes.value(), path);
}

}  // namespace dff
