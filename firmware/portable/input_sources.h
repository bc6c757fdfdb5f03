// InputSources: what a board measures for RECORD and LIVE (docs/serial-protocol.md §5): analog
// pins on an Arduino, a simulated sensor under QEMU. The port implements it and hands it to
// the Firmware in FirmwareConfig::sources; without one the board has no RECORD/LIVE.
// Called from Firmware::poll() only (the main loop), never from an interrupt.
#pragma once

#include <stdint.h>

namespace dff {
namespace fw {

class InputSources {
 public:
  // Sources 0 .. count() - 1 (at most kMaxInputSources); constant while the board runs.
  virtual uint8_t count() const = 0;
  // One reading of `source` (< count()) now, in the source's own units (e.g. ADC counts).
  virtual float read(uint8_t source, uint32_t now_ms) = 0;
  // LIVE with an indicate class: on while the model predicts that class (e.g. the built-in
  // LED); off when the stream stops.
  virtual void indicate(bool on) { (void)on; }

 protected:
  ~InputSources() = default;  // never deleted through the interface (no heap)
};

}  // namespace fw
}  // namespace dff
