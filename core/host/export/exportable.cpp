#include "core/host/export/exportable.h"

#include <math.h>

#include <string>

namespace dff {
namespace {

std::string number(uint32_t v) { return std::to_string(v); }

std::string non_finite_name(float v) { return isnan(v) ? "NaN" : "infinite"; }

Outcome names_fit(const std::vector<std::string>& names, uint32_t count, const char* what, const char* per) {
  if (names.empty() || names.size() == count) return true;
  return Error{"cannot export: the model has " + std::to_string(names.size()) + " " + what + " names but " +
               number(count) + " " + per};
}

}  // namespace

Outcome check_exportable(const DFF& model) {
  const Network& net = model.network();
  if (!net.valid()) return Error{"cannot export: the model has no network"};
  const Topology& t = net.topology();
  if (t.normalize) {
    for (uint32_t i = 0; i < t.inputs(); ++i) {
      const float mean = net.norm_mean()[i], stddev = net.norm_std()[i];
      if (!isfinite(mean))
        return Error{"cannot export: normalisation mean of input " + number(i) + " is " + non_finite_name(mean)};
      if (!isfinite(stddev))
        return Error{"cannot export: normalisation std of input " + number(i) + " is " + non_finite_name(stddev)};
      if (stddev == 0.0f)
        return Error{"cannot export: normalisation std of input " + number(i) + " is 0 (inputs would divide by zero)"};
    }
  }
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
    const float* w = net.weights(l);
    for (uint32_t i = 0; i < n_in; ++i)
      for (uint32_t j = 0; j < n_out; ++j)
        if (!isfinite(w[static_cast<size_t>(i) * n_out + j]))
          return Error{"cannot export: layer " + number(l) + " weight [input " + number(i) + " -> neuron " +
                       number(j) + "] is " + non_finite_name(w[static_cast<size_t>(i) * n_out + j]) +
                       "; retrain the model"};
    if (const float* b = net.biases(l))
      for (uint32_t j = 0; j < n_out; ++j)
        if (!isfinite(b[j]))
          return Error{"cannot export: layer " + number(l) + " bias of neuron " + number(j) + " is " +
                       non_finite_name(b[j]) + "; retrain the model"};
  }
  Outcome fits = names_fit(model.class_names, t.outputs(), "class", "outputs");
  if (fits.ok()) fits = names_fit(model.input_names, t.inputs(), "input", "inputs");
  if (fits.ok()) fits = names_fit(model.output_names, t.outputs(), "output", "outputs");
  return fits;
}

}  // namespace dff
