// Trainer: runs epochs of core training on a DFF with a Dataset, in chunks, so
// the CLI can draw progress and the web worker can post it, stop and resume.
#pragma once

#include <stdint.h>

#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

class Trainer {
 public:
  // Keeps references to model and data: both must outlive the Trainer and stay unchanged in shape.
  // Uses model.training.options and model.training.seed (for shuffling). Calls
  // model.prepare_training(), so the model's buffer grows to its training size here
  // (check() and run() report it when that is impossible).
  Trainer(DFF& model, const Dataset& data);

  // Checks that data and options fit the model; run() reports the same errors.
  Outcome check() const;
  // Runs up to `epochs` more epochs; returns the mean loss of the last one.
  // On NaN/Inf it stops and the error says at which epoch.
  Result<float> run(uint32_t epochs);
  // Epochs completed so far (also stored in model.training.epochs).
  uint32_t epoch() const { return model_.training.epochs; }

 private:
  DFF& model_;
  const Dataset& data_;
  Outcome prepared_;  // of model.prepare_training()
  Pcg32 rng_;
  std::vector<uint32_t> order_;
};

}  // namespace dff
