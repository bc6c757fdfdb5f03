// Host side of the binary model blob (format: docs/model-format.md, parser: core/blob.h).
// The blob carries what a board needs: topology, activations, normalisation, weights and
// biases, training settings and class names. Column names stay in the JSON model only.
#pragma once

#include <string>

#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// True if `bytes` start with the blob magic "DFFB" (content sniffing; says nothing about validity).
bool looks_like_blob(const std::string& bytes);

// Serialises a model into blob bytes, deterministically (equal models give identical bytes).
// Fails if a class name is longer than 255 bytes, the class-name count differs from the
// output count, or a weight, normalisation value or training setting is NaN/infinite.
Result<std::string> model_to_blob(const DFF& model);

// Validates blob bytes (all the core parser's checks) and builds a DFF from them. The
// error names `source`, the byte offset and the problem, e.g.
// "model.blob: byte 180: blob: CRC32 mismatch, the content is corrupted (send it again)".
Result<DFF> model_from_blob(const std::string& bytes, const std::string& source);

}  // namespace dff
