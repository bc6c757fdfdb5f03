// Exporter: model -> an Arduino library as a .zip (dff export --format arduino), installable
// with the Arduino IDE's "Sketch > Include Library > Add .ZIP Library":
//   NAME/library.properties
//   NAME/src/NAME.h            class NAME { predict(), classify(), className() }
//   NAME/src/NAME.cpp          the class, over the C header (weights compiled once)
//   NAME/src/NAME_model.h      the float32 C header of dff export --format c (PROGMEM on AVR)
//   NAME/examples/NAME_example/NAME_example.ino   reads inputs from Serial (or analog pins),
//                                                   prints the outputs and the class
// NAME is export_name(name, "arduino").identifier: identifier_from() and check_arduino_name().
#pragma once

#include "core/host/export/exporters.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// The archive (same bytes for the same model and name) and the C header's flash and RAM.
Result<ExportedFile> export_arduino(const DFF& model, const ExportOptions& options);

}  // namespace dff
