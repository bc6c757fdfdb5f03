#include "core/host/export/exportable.h"

#include <catch2/catch.hpp>
#include <limits>

using dff::DFF;

namespace {

DFF seed_model() {
  DFF model({3, 4, 2});
  model.class_names = {"s1", "s2"};
  return model;
}

DFF normalized_model() {
  dff::ModelSpec spec;
  spec.widths = {3, 2};
  spec.activations = {dff::Activation::kSigmoid};
  spec.normalize = true;
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  REQUIRE(made->set_normalization({0.0f, 1.0f, 2.0f}, {1.0f, 2.0f, 3.0f}).ok());
  return std::move(made).value();
}

std::string why(const DFF& model) {
  const dff::Outcome o = dff::check_exportable(model);
  REQUIRE_FALSE(o.ok());
  return o.error();
}

}  // namespace

TEST_CASE("a model with finite numbers and fitting names can be exported") {
  CHECK(dff::check_exportable(seed_model()).ok());
  CHECK(dff::check_exportable(normalized_model()).ok());
}

TEST_CASE("what cannot be exported is named, first problem first") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  DFF a = seed_model();
  a.network().weights(1)[3 * 2 + 1] = nan;
  CHECK(why(a) == "cannot export: layer 1 weight [input 3 -> neuron 1] is NaN; retrain the model");
  DFF b = seed_model();
  b.network().biases(0)[2] = -inf;
  CHECK(why(b) == "cannot export: layer 0 bias of neuron 2 is infinite; retrain the model");
  DFF c = normalized_model();
  c.network().norm_std()[1] = 0.0f;
  CHECK(why(c) == "cannot export: normalisation std of input 1 is 0 (inputs would divide by zero)");
  c.network().norm_std()[1] = 1.0f;
  c.network().norm_mean()[2] = nan;
  CHECK(why(c) == "cannot export: normalisation mean of input 2 is NaN");
  DFF d = seed_model();
  d.class_names = {"a", "b", "c"};
  CHECK(why(d) == "cannot export: the model has 3 class names but 2 outputs");
  DFF e = seed_model();
  e.input_names = {"x"};
  CHECK(why(e) == "cannot export: the model has 1 input names but 3 inputs");
  DFF f = seed_model();
  f.output_names = {"x", "y", "z"};
  CHECK(why(f) == "cannot export: the model has 3 output names but 2 outputs");
}
