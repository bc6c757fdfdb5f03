#include "core/host/model/model_io.h"

#include "core/host/model/blob_model.h"
#include "core/host/file_io.h"
#include "core/host/model/model_json.h"

namespace dff {
namespace {

enum class ModelFormat { kUnknown, kJson, kBlob };

// True when `bytes` hold a byte that JSON text never does (a control byte other than
// whitespace, or 0xC0, 0xC1, 0xF5..0xFF): binary data, whatever its first byte is.
bool holds_binary_bytes(const std::string& bytes) {
  for (const char ch : bytes) {
    const unsigned char b = static_cast<unsigned char>(ch);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0xC0 || b == 0xC1 || b >= 0xF5) return true;
  }
  return false;
}

// Tells the formats apart by their first bytes: JSON starts with '{' after
// optional whitespace (and an optional UTF-8 byte-order mark, as some editors write)
// and is text throughout.
ModelFormat detect_model_format(const std::string& bytes) {
  if (looks_like_blob(bytes)) return ModelFormat::kBlob;  // magic "DFFB"
  size_t i = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) ++i;
  if (i < bytes.size() && bytes[i] == '{' && !holds_binary_bytes(bytes)) return ModelFormat::kJson;
  return ModelFormat::kUnknown;
}

}  // namespace

Result<DFF> parse_model(const std::string& bytes, const std::string& source) {
  switch (detect_model_format(bytes)) {
    case ModelFormat::kJson: return model_from_json(bytes, source);
    case ModelFormat::kBlob: return model_from_blob(bytes, source);
    case ModelFormat::kUnknown: break;
  }
  return Error{"not a microdff model (expected JSON or a blob)", source};
}

Result<DFF> load_model(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes.ok()) return Error{bytes.error()};
  return parse_model(bytes.value(), path);
}

}  // namespace dff
