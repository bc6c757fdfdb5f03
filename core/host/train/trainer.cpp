#include "core/host/train/trainer.h"

#include <string>

namespace dff {
namespace {

// The rows of `data` fit the network's inputs and outputs.
Outcome check_widths(const Dataset& data, const Topology& t, const char* what) {
  if (data.rows == 0) return Error{std::string("the ") + what + " has no rows"};
  if (data.input_width != t.inputs())
    return Error{std::string("the ") + what + " has " + std::to_string(data.input_width) +
                 " input columns but the network expects " + std::to_string(t.inputs())};
  if (data.target_width != t.outputs())
    return Error{std::string("the ") + what + " has " + std::to_string(data.target_width) +
                 " target columns but the network has " + std::to_string(t.outputs()) + " outputs"};
  return true;
}

}  // namespace

Trainer::Trainer(DFF& model, const Dataset& data, const Dataset* validation)
    // A distinct stream keeps shuffling independent of weight initialisation.
    : model_(model),
      data_(data),
      validation_(validation),
      prepared_(model.prepare_training()),
      rng_(model.training.seed, 0x5eedULL),
      order_(data.rows) {}

Outcome Trainer::set_early_stop(uint32_t patience) {
  if (patience > 0 && validation_ == nullptr)
    return Error{"early stopping needs validation rows to watch"};
  patience_ = patience;
  return true;
}

Outcome Trainer::check() const {
  if (!prepared_.ok()) return prepared_;
  const Topology& t = model_.topology();
  if (data_.rows == 0) return Error{"the data set has no rows"};
  const Outcome data = check_widths(data_, t, "data");
  if (!data.ok()) return data;
  if (validation_ != nullptr) {
    const Outcome validation = check_widths(*validation_, t, "validation data");
    if (!validation.ok()) return validation;
  }
  const Status s = check_train_options(model_.network(), model_.training.options);
  if (!s.ok()) return error_from(s);
  return true;
}

Outcome Trainer::measure_validation() {
  float loss = 0.0f;
  const Status s = evaluate_loss(model_.network(), validation_->view(), model_.training.options.loss, &loss);
  if (!s.ok()) return error_from(s);
  validation_loss_ = loss;
  if (best_epoch_ == 0 || loss < best_loss_) {
    best_loss_ = loss;
    best_epoch_ = model_.training.epochs;
    if (patience_ > 0) {
      const float* p = model_.network().parameters();
      best_parameters_.assign(p, p + model_.network().parameter_count());
    }
  }
  return true;
}

Result<float> Trainer::run(uint32_t epochs) {
  const Outcome ok = check();
  if (!ok.ok()) return ok.error_details();
  float loss = model_.training.final_loss;
  for (uint32_t e = 0; e < epochs && !stopped_; ++e) {
    const Status s =
        train_epoch(model_.network(), data_.view(), model_.training.options, rng_, order_.data(), &loss);
    if (!s.ok()) return error_from(s, "epoch " + std::to_string(model_.training.epochs + 1));
    ++model_.training.epochs;
    model_.training.final_loss = loss;
    if (patience_ == 0) continue;
    const Outcome measured = measure_validation();
    if (!measured.ok()) return measured.error_details();
    if (model_.training.epochs - best_epoch_ >= patience_) {
      std::copy(best_parameters_.begin(), best_parameters_.end(), model_.network().parameters());
      model_.training.early_stop = patience_;
      model_.training.best_epoch = best_epoch_;
      validation_loss_ = best_loss_;
      stopped_ = true;
    }
  }
  // Without early stopping, the validation rows are measured once a run.
  if (validation_ != nullptr && patience_ == 0) {
    const Outcome measured = measure_validation();
    if (!measured.ok()) return measured.error_details();
  }
  return loss;
}

}  // namespace dff
