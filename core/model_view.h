// ModelView: runs a network straight from its model blob, wherever the blob's bytes are: RAM,
// memory-mapped flash (plain pointers on ARM) or the AVR's program memory (LPM, a separate
// address space), so that a board runs models larger than its RAM. Nothing is copied: open()
// checks the blob and notes where its sections start; predict() reads each weight from the
// blob when it needs it and keeps only the layer outputs in the caller's work memory.
//
//   dff::ModelView view;
//   Status s = view.open(blob, size, dff::BlobMemory::kProgram);   // AVR: blob is a flash address
//   float io[3] = {...};   float work[8];                          // work: >= view.work_floats()
//   s = view.predict(io, 3, 2, work, 8);                           // io: the inputs in, the outputs out
//
// Ownership: the view points into the caller's blob, which must stay where it is and unchanged
// while the view is used (a board rewriting its model must open() again). Thread safety: none
// needed; predict() is const and writes only the caller's work and output.
//
// What open() checks: the CRC-32 trailer, then magic, version, sizes, topology (the core's
// validate_topology), sections and padding, the normalisation and every weight (finite, std
// > 0), with blob_inspect's StatusCodes (core/blob.h), so that no read strays outside the
// blob and every value predict() uses is finite. The training section is skipped, not
// checked: a view cannot train. tests/core/test_model_view.cpp pins that open() and
// blob_inspect accept and reject the same blobs everywhere outside that section.
// Outputs equal Network::forward's for the same blob (same operations in the same order).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/network.h"
#include "core/status.h"

namespace dff {

// The address space a blob lives in. kProgram is the AVR's flash, read with LPM; elsewhere
// flash is memory-mapped and kProgram reads like kData.
enum class BlobMemory : uint8_t { kData = 0, kProgram = 1 };

// Copies n bytes (n small: a chunk) from src in `memory` to dst in RAM.
void copy_from(void* dst, const uint8_t* src, uint32_t n, BlobMemory memory);

// Floats of work memory a ModelView of this topology needs: the outputs of the even layers
// share one buffer, the odd layers' another. Hosts use it to tell whether a board can run a
// model before they send it.
uint32_t view_work_floats(const Topology& t);

class ModelView {
 public:
  ModelView() = default;

  // Checks the blob (see above) and points the view at it; on failure the view is unchanged.
  Status open(const uint8_t* blob, uint32_t size, BlobMemory memory = BlobMemory::kData);
  // Forgets the blob (valid() becomes false).
  void close() { blob_ = nullptr; }

  bool valid() const { return blob_ != nullptr; }
  const Topology& topology() const { return topology_; }
  uint32_t blob_size() const { return size_; }
  uint32_t crc32() const { return crc_; }  // the blob's CRC trailer
  // Floats of work memory predict() needs: view_work_floats(topology()).
  uint32_t work_floats() const { return work_floats_; }

  // Runs the network in place: `io` holds input_len raw inputs on entry (they are normalised
  // there, if the blob says so) and output_len outputs on return, so it must hold
  // max(inputs, outputs) floats. Fails with kDimensionMismatch for other lengths,
  // kBufferTooSmall if work_len < work_floats(); then io is unchanged.
  Status predict(float* io, uint32_t input_len, uint32_t output_len, float* work, uint32_t work_len) const;

 private:
  void read(uint32_t offset, void* dst, uint32_t n) const;

  const uint8_t* blob_ = nullptr;
  BlobMemory memory_ = BlobMemory::kData;
  uint32_t size_ = 0;
  uint32_t crc_ = 0;
  Topology topology_{};
  uint32_t norm_offset_ = 0;    // means, then standard deviations (0: no normalisation)
  uint32_t params_offset_ = 0;  // W0, b0, W1, b1, ...
  uint32_t work_floats_ = 0;
  uint32_t even_floats_ = 0;    // the even layers' buffer comes first in the work memory
};

}  // namespace dff
