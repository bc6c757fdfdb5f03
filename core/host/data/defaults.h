// Newcomer defaults: training settings chosen from the data so that a first
// run trains well without any option. Shared by the dff CLI and the web page.
//
// The choices were measured on examples/seed.csv (3-bit parity, 8 rows), xor.csv
// and iris.csv, and above 256 rows on bench/heldout's breast cancer and digits splits;
// see default_plan() in defaults.cpp for the figures.
#pragma once

#include <stdint.h>

#include <vector>

#include "core/host/data/dataset.h"
#include "core/host/model/dff.h"
#include "core/host/result.h"

namespace dff {

// Up to this many rows the defaults train per sample (the seed's way); above, in mini-batches
// with L2.
constexpr uint32_t kPerSampleRows = 256;
// Above kPerSampleRows rows the default L2 is kL2TimesRows / rows: a fixed prior on the
// weights, whose weight against the mean loss falls as rows are added.
constexpr float kL2TimesRows = 5.0f;

// What the targets of a data set look like.
enum class TargetKind : uint8_t {
  kClasses,       // one class-label column (one-hot targets, data.class_names set)
  kUnitInterval,  // numeric targets, every value in [0, 1]
  kReal,          // other numeric targets (regression)
};

// A complete recipe for building and training a model on a data set; the input
// and output widths come from the data.
struct TrainPlan {
  std::vector<uint16_t> hidden;           // hidden layer widths; empty: inputs connect straight to outputs
  std::vector<Activation> activations;    // one per hidden layer
  Activation output_activation = Activation::kSigmoid;
  bool bias = true;
  bool normalize = false;  // z-score inputs (fitted on the training data, stored in the model)
  Init init = Init::kHe;
  uint64_t seed = 1;
  uint32_t epochs = 1;
  uint32_t early_stop = 0;  // patience in epochs; 0: no early stopping
  TrainOptions options{};  // loss, optimizer, learning rate, batch size, l2
};

// Classifies the targets of `data` (class labels, numbers in [0, 1], other numbers).
TargetKind target_kind(const Dataset& data);

// The settings a newcomer gets with no options, for this data set: one relu hidden
// layer of 2 x (inputs + outputs) neurons (rounded up to a multiple of 4, 16..32), He
// init; softmax + cross-entropy for class labels, sigmoid + cross-entropy for targets
// in [0, 1], linear + MSE otherwise; Adam; up to 256 rows per-sample updates at 0.01 (the
// seed's way), above that mini-batches of 32 at 0.003 with L2 5 / rows; about 30000 updates
// (20..1000 epochs); inputs normalised when any lies outside [-1, 1] (raw sensor readings,
// lengths, ADC counts) or column scales differ widely (normalization_reason()).
TrainPlan default_plan(const Dataset& data);

// Single defaults, for when a person sets some options and the rest must follow:
// output activation for the kind of targets (softmax, sigmoid, linear);
Activation default_output_activation(TargetKind kind);
// loss that fits an output activation (cross-entropy for softmax and sigmoid, MSE for the rest);
Loss default_loss(Activation output);
// learning rate that suits an optimizer with the default network and a batch size;
float default_learning_rate(Optimizer optimizer, uint32_t batch_size = 1);
// rows per update for a data set of `rows` rows (1: per-sample, as the seed);
uint32_t default_batch_size(uint32_t rows);
// L2 penalty for a data set of `rows` rows (0 up to 256 rows, then falling as 5 / rows);
float default_l2(uint32_t rows);
// weight initialisation that suits a hidden activation (He for relu-like, Xavier otherwise);
Init default_init(Activation hidden);
// number of epochs for a data set of `rows` rows trained in batches of `batch_size`; with
// early stopping the most epochs (1000), as early stopping decides when to stop.
uint32_t default_epochs(uint32_t rows, uint32_t batch_size, bool early_stopping = false);

// Builds an initialised, untrained model for `data` from `plan` (`data` may have no rows,
// only widths, when plan.normalize is false): widths and column
// and class names from the data, normalisation fitted on the data when plan.normalize,
// weights drawn from plan.seed, plan's options stored in model.training.
// Fails with a message when the plan does not fit the data (bad widths, one activation per
// hidden layer missing, loss/output mismatch). The rules on each setting: train/settings.h.
Result<DFF> make_model(const Dataset& data, const TrainPlan& plan);

}  // namespace dff
