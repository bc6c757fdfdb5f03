// DFF: the owning, seed-like network for host and WASM code.
//
//   dff::Matrix a{{0, 0, 0}}; dff::Matrix s{{1, 0}};
//   dff::DFF ann({3, 4, 2});
//   ann.train(a, s, 1.0);
//   ann.predict(a).map(round);
//   ann.weights();
//
// A DFF owns one buffer holding the whole core Network plus the model's metadata:
// column and class names, normalisation and the settings it was trained with. The
// buffer holds what inference needs (parameters, normalisation, layer outputs) until
// prepare_training() lays it out for training with any optimizer, so a model that is
// only loaded, run or exported never pays for gradients, optimizer state or batch
// blocks. Copies are deep.
#pragma once

#include <stdint.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/host/model/matrix.h"
#include "core/host/result.h"
#include "core/network.h"
#include "core/train.h"

namespace dff {

// Default weight seed of DFF(widths): the seed document's date (2021-02-14). With it the
// seed example learns in 1000 epochs; plain SGD on 4 sigmoid units reaches a local
// minimum for roughly 4 seeds in 10 (see tests/host/test_dff.cpp), one reason the CLI's
// defaults use wider layers and Adam.
constexpr uint64_t kDefaultSeed = 20210214;

// How a model was (or will be) trained; stored in the model file.
struct TrainSettings {
  TrainOptions options{};
  Init init = Init::kUniform;
  uint64_t seed = 1;
  uint32_t epochs = 0;          // epochs run so far
  float final_loss = -1.0f;     // mean loss of the last epoch; < 0 if never trained
  uint32_t early_stop = 0;      // patience (epochs) when early stopping ended training; 0 if it did not
  uint32_t best_epoch = 0;      // with early_stop: the epoch whose weights the model holds
};

// Everything needed to build a DFF besides its weights.
struct ModelSpec {
  std::vector<uint16_t> widths;              // input first, e.g. {3, 4, 2}
  std::vector<Activation> activations;       // one per weight layer (widths.size() - 1)
  bool bias = true;
  bool normalize = false;
};

class DFF {
 public:
  // The seed's DFF((3, 4, 2)): sigmoid on every layer, biases on, uniform(-1, 1)
  // weights from `seed`. The widths are the caller's constants: DFF_ASSERT checks them.
  explicit DFF(std::initializer_list<uint16_t> widths, Activation hidden = Activation::kSigmoid,
               Activation output = Activation::kSigmoid, bool bias = true, uint64_t seed = kDefaultSeed);
  // Builds a network from a spec read from outside; weights zero until initialize().
  static Result<DFF> create(const ModelSpec& spec);

  DFF(const DFF& other);
  DFF& operator=(const DFF& other);
  DFF(DFF&& other) noexcept;
  DFF& operator=(DFF&& other) noexcept;
  ~DFF() = default;

  // Draws new weights (biases zero) from `seed` with the given scheme.
  void initialize(Init init, uint64_t seed);
  // Makes room for training (gradients, momentum or Adam state, 32-row mini-batch blocks),
  // keeping weights, biases and normalisation; does nothing if the room is there. Fails,
  // changing nothing, when that room cannot be addressed (4 GB or more on WebAssembly). The
  // Trainer and train() call it; call it yourself before using network() with core/train.h.
  Outcome prepare_training();
  // True once prepare_training() has run (on this model or the one it was copied from).
  bool ready_to_train() const { return net_.plan().training; }

  // One seed-style update per row of a (inputs) and s (targets): per-sample SGD on MSE.
  Status train(const Matrix& a, const Matrix& s, float lrate = 1.0f);
  // One update per row with explicit options (batch_size is ignored: one step per row).
  Status train(const Matrix& a, const Matrix& s, const TrainOptions& options);
  // Outputs for each row of a (raw inputs; normalisation, if any, is applied). DFF_ASSERTs the width.
  Matrix predict(const Matrix& a) const;
  // Index of the largest output for one input row (classification).
  uint32_t classify(const float* input) const;

  // Weight matrices, one per layer (inputs x outputs, as the seed's W_ih, W_ho).
  std::vector<Matrix> weights() const;
  // Bias rows, one per layer (1 x outputs); empty when the network has no biases.
  std::vector<Matrix> biases() const;

  const Topology& topology() const { return net_.topology(); }
  Network& network() { return net_; }
  const Network& network() const { return net_; }
  // Sets the normalisation (inputs() means and standard deviations); requires topology().normalize.
  Outcome set_normalization(const std::vector<float>& mean, const std::vector<float>& stddev);

  // Metadata kept in the model file (all optional).
  std::vector<std::string> input_names;
  std::vector<std::string> output_names;
  std::vector<std::string> class_names;  // non-empty: outputs are one-hot classes, in this order
  TrainSettings training;

 private:
  DFF() = default;
  Outcome build(const Topology& topology);

  std::vector<float> buffer_;
  Network net_;
};

}  // namespace dff
