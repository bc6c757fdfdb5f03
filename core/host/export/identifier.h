// Identifiers made from the name a person gives an export: one cleaning rule for C and
// Python, and what a Python module name must not be. export_name() (exporters.h) applies
// them per format; the CLI, the WASM API and the page all go through it.
#pragma once

#include <stddef.h>

#include <string>

#include "core/host/result.h"

namespace dff {

// Longest identifier identifier_from() returns; leaves room for suffixes within C99's
// 63 significant characters of an internal identifier.
constexpr size_t kMaxIdentifier = 40;

// A valid C and Python identifier from any bytes: ASCII letters and digits are kept, every
// other run of bytes (spaces, '_', punctuation, non-ASCII) becomes one '_', leading and
// trailing '_' are dropped (no reserved _X / __ names), a leading digit gets "m_" in front,
// and the result is cut to kMaxIdentifier characters without a trailing '_'.
// Empty when the name has no ASCII letter or digit.
// Example: `1 bad-name; system("x")` -> "m_1_bad_name_system_x".
std::string identifier_from(const std::string& name);
// The upper-case form of an identifier, for C macro names.
std::string c_macro_name(const std::string& identifier);

// Checks that `identifier` (from identifier_from) can name a Python module file on a board:
// not a Python keyword (`import class` is a syntax error), not main or boot (the files a
// MicroPython board runs at start), and not the name of a module MicroPython (any port, its
// u-prefixed aliases, common micropython-lib packages) or CPython's standard library has,
// compared without case as boards' FAT file systems do: the file would hide that module,
// or `import NAME` would load the module instead of the model; nor a module of microdff's
// MicroPython library (micropython/: matrix, neuralnetwork, dff_*), which the model's file
// would replace on the board. The error says why and suggests NAME_model.
Outcome check_python_module_name(const std::string& identifier);

// Checks that `identifier` can name an Arduino library, its header and its C++ class: not a
// C++ keyword, and not (without case: Windows and macOS file names) a class, object, header
// or macro of the Arduino cores (Serial, String, Wire, SPI, Arduino.h, min, HIGH, ...),
// which a sketch including both could not tell apart. The error says why and suggests NAME_model.
Outcome check_arduino_name(const std::string& identifier);

}  // namespace dff
