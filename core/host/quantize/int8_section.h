// Serialises an int8 network (Int8Params) into the int8 section of a model blob, byte for
// byte as docs/model-format.md ("int8 parameters") and core/int8_network.h lay it out.
#pragma once

#include <string>

#include "core/host/quantize/int8_quantizer.h"

namespace dff {

// Appends the section to `out`, which must end on a multiple of 4 bytes from the blob's start
// (the section's arrays are padded to 4 bytes relative to it). Deterministic.
void append_int8_section(const Int8Params& p, std::string* out);

}  // namespace dff
