// Trainer: runs epochs of core training on a DFF with a Dataset, in chunks, so the CLI
// can draw progress and the web worker can post it, stop and resume; measures the loss on
// validation rows and stops early when it no longer improves.
#pragma once

#include <stdint.h>

#include <optional>
#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

class Trainer {
 public:
  // Keeps references to model, data and validation (may be null): they must outlive the
  // Trainer and stay unchanged in shape. Validation rows must be in the model's class order
  // (use_model_classes). Uses model.training.options and model.training.seed (for shuffling).
  // Calls model.prepare_training(), so the model's buffer grows to its training size here
  // (check() and run() report it when that is impossible).
  Trainer(DFF& model, const Dataset& data, const Dataset* validation = nullptr);

  // Early stopping: after every epoch the validation loss is measured; when it has not
  // improved for `patience` epochs, training stops and the model gets back the weights of
  // its best epoch (model.training.early_stop and best_epoch record it). 0: off. Needs
  // validation rows.
  Outcome set_early_stop(uint32_t patience);
  // Checks that data, validation rows and options fit the model; run() reports the same errors.
  Outcome check() const;
  // Runs up to `epochs` more epochs (fewer when early stopping ends training; none once it
  // has); returns the mean training loss of the last epoch. On NaN/Inf it stops and the
  // error says at which epoch.
  Result<float> run(uint32_t epochs);
  // Epochs completed so far (also stored in model.training.epochs).
  uint32_t epoch() const { return model_.training.epochs; }
  // Mean loss on the validation rows after the last epoch run; empty without validation rows.
  std::optional<float> validation_loss() const { return validation_loss_; }
  // True once early stopping has ended training.
  bool stopped() const { return stopped_; }
  // The epoch with the lowest validation loss so far (0 before the first).
  uint32_t best_epoch() const { return best_epoch_; }

 private:
  // Measures the validation loss and keeps the best epoch (and, when stopping early, its weights).
  Outcome measure_validation();

  DFF& model_;
  const Dataset& data_;
  const Dataset* validation_;
  Outcome prepared_;  // of model.prepare_training()
  Pcg32 rng_;
  std::vector<uint32_t> order_;
  uint32_t patience_ = 0;
  std::optional<float> validation_loss_;
  float best_loss_ = 0.0f;
  uint32_t best_epoch_ = 0;
  std::vector<float> best_parameters_;
  bool stopped_ = false;
};

}  // namespace dff
