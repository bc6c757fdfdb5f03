#include "core/host/train/trainer.h"

#include <string>

namespace dff {

Trainer::Trainer(DFF& model, const Dataset& data)
    // A distinct stream keeps shuffling independent of weight initialisation.
    : model_(model),
      data_(data),
      prepared_(model.prepare_training()),
      rng_(model.training.seed, 0x5eedULL),
      order_(data.rows) {}

Outcome Trainer::check() const {
  if (!prepared_.ok()) return Error{prepared_.error()};
  const Topology& t = model_.topology();
  if (data_.rows == 0) return Error{"the data set has no rows"};
  if (data_.input_width != t.inputs())
    return Error{"the data has " + std::to_string(data_.input_width) + " input columns but the network expects " +
                 std::to_string(t.inputs())};
  if (data_.target_width != t.outputs())
    return Error{"the data has " + std::to_string(data_.target_width) + " target columns but the network has " +
                 std::to_string(t.outputs()) + " outputs"};
  const Status s = check_train_options(model_.network(), model_.training.options);
  if (!s.ok()) return error_from(s);
  return true;
}

Result<float> Trainer::run(uint32_t epochs) {
  const Outcome ok = check();
  if (!ok.ok()) return Error{ok.error()};
  float loss = model_.training.final_loss;
  for (uint32_t e = 0; e < epochs; ++e) {
    const Status s =
        train_epoch(model_.network(), data_.view(), model_.training.options, rng_, order_.data(), &loss);
    if (!s.ok()) return error_from(s, "epoch " + std::to_string(model_.training.epochs + 1));
    ++model_.training.epochs;
    model_.training.final_loss = loss;
  }
  return loss;
}

}  // namespace dff
