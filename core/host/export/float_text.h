// Floats as generated source writes them: the shortest decimal that reads back as the same
// float, and C float literals built on it. Output depends only on the value (never on the
// locale or the platform), so native and WASM builds agree.
#pragma once

#include <stddef.h>

#include <string>

namespace dff {

// Shortest decimal text that reads back as exactly `value` (e.g. "0.1", "1", "-2.5e-07");
// independent of the locale. `value` must be finite.
std::string shortest_float_text(float value);
// `value` as a C float literal that reads back bit-identical: "1.0f", "0.1f", "-2.5e-07f".
// `value` must be finite (the exporters refuse non-finite models before printing).
std::string c_float_literal(float value);

}  // namespace dff
