#include "core/blob.h"

namespace dff {

Status blob_inspect(const uint8_t*, size_t, BlobInfo*) { return Status(StatusCode::kUnsupported, "blob parser not implemented yet"); }
Status blob_load(const uint8_t*, size_t, const MemoryPlan&, void*, size_t, Network*) {
  return Status(StatusCode::kUnsupported, "blob parser not implemented yet");
}

}  // namespace dff
