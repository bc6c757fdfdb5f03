#include "core/host/train/settings.h"

#include <math.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/export/exporters.h"
#include "core/host/model/model_io.h"
#include "core/host/model/model_json.h"
#include "core/host/train/trainer.h"
#include "tests/host/example_data.h"

namespace {

std::vector<std::string> fields(const std::vector<dff::SettingsProblem>& problems) {
  std::vector<std::string> out;
  for (const dff::SettingsProblem& p : problems) out.push_back(p.field);
  return out;
}

}  // namespace

TEST_CASE("the rules list every name the core parses, in menu order") {
  const dff::SettingsRules& r = dff::settings_rules();
  CHECK(dff::names_of(r.hidden_activations) == std::vector<std::string>{"relu", "leaky_relu", "tanh", "sigmoid", "linear"});
  // Every activation can be the output layer's; softmax only there.
  CHECK(r.output_activations.size() == dff::kActivationCount);
  for (const dff::Activation a : r.hidden_activations) CHECK(a != dff::Activation::kSoftmax);
  CHECK(dff::names_of(r.losses) == std::vector<std::string>{"cross_entropy", "mse"});
  CHECK(dff::names_of(r.optimizers) == std::vector<std::string>{"adam", "sgd", "momentum"});
  CHECK(dff::names_of(r.inits) == std::vector<std::string>{"he", "xavier", "uniform"});
  CHECK(r.max_width == dff::kMaxWidth);
  CHECK(r.max_hidden_layers == dff::kMaxLayers - 1u);
}

TEST_CASE("check_settings states the allowed range of each field") {
  dff::GivenSettings g;
  g.learning_rate = 0.0;
  g.epochs = 2.5;
  g.seed = -1.0;
  g.output = "swish";
  const std::vector<dff::SettingsProblem> p = dff::check_settings(g);
  CHECK(fields(p) == std::vector<std::string>{"output", "learningRate", "epochs", "seed"});
  CHECK(p[1].message() == "Learning rate: use a number from 1e-06 to 10");
  CHECK(p[1].detail == "use a number from 1e-06 to 10");
  CHECK(p[1].error().field == "learningRate");
  CHECK(p[2].message() == "Epochs: use a whole number from 1 to 100000000");

  SECTION("the limits themselves are allowed") {
    dff::GivenSettings edge;
    edge.learning_rate = 1e-6;
    edge.epochs = 100000000.0;
    edge.batch_size = 1.0;
    edge.seed = 9007199254740991.0;
    edge.l2 = 1.0;
    edge.hidden = std::vector<double>(dff::kMaxHiddenLayers, dff::kMaxWidth);
    CHECK(dff::check_settings(edge).empty());
  }
  SECTION("NaN is never allowed") {
    dff::GivenSettings nan;
    nan.l2 = NAN;
    CHECK(fields(dff::check_settings(nan)) == std::vector<std::string>{"l2"});
  }
}

TEST_CASE("resolve_settings: given fields win, the rest follow the data and each other") {
  const dff::Dataset iris = load_example("iris.csv");
  SECTION("nothing given is the default plan") {
    const dff::Result<dff::TrainPlan> p = dff::resolve_settings(iris, dff::GivenSettings());
    REQUIRE(p.ok());
    const dff::TrainPlan d = dff::default_plan(iris);
    CHECK(p->hidden == d.hidden);
    CHECK(p->activations == d.activations);
    CHECK(p->output_activation == d.output_activation);
    CHECK(p->epochs == d.epochs);
    CHECK(p->normalize == d.normalize);
  }
  SECTION("an optimizer brings its learning rate, an output its loss, a batch size its epochs") {
    dff::GivenSettings g;
    g.optimizer = "sgd";
    g.output = "tanh";
    g.batch_size = 2.0;
    g.activations = std::vector<std::string>{"tanh"};
    g.hidden = std::vector<double>{8, 4};
    const dff::Result<dff::TrainPlan> p = dff::resolve_settings(iris, g);
    REQUIRE(p.ok());
    CHECK(p->options.learning_rate == dff::default_learning_rate(dff::Optimizer::kSgd));
    CHECK(p->options.loss == dff::Loss::kMse);
    CHECK(p->epochs == dff::default_epochs(150, 2));
    CHECK(p->activations == std::vector<dff::Activation>{dff::Activation::kTanh, dff::Activation::kTanh});
    CHECK(p->init == dff::Init::kXavier);
  }
  SECTION("a problem names its field") {
    dff::GivenSettings g;
    g.loss = "cross_entropy";
    g.output = "relu";
    dff::SettingsProblem problem;
    const dff::Result<dff::TrainPlan> p = dff::resolve_settings(iris, g, &problem);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error_details().field == "loss");
    CHECK(problem.field == "loss");
    CHECK(problem.detail == "cross_entropy needs a softmax or sigmoid output; with a relu output use mse");
  }
  SECTION("a defaulted field that no longer fits is a problem too") {
    dff::GivenSettings g;
    g.activations = std::vector<std::string>{"relu", "tanh"};  // the default has one hidden layer
    CHECK(dff::resolve_settings(iris, g).error_details().field == "activations");
  }
}

TEST_CASE("parse_hidden_text reads widths as people type them") {
  using W = std::vector<uint16_t>;
  CHECK(dff::parse_hidden_text("8,8").value() == W{8, 8});
  CHECK(dff::parse_hidden_text(" 16 , 8 ").value() == W{16, 8});
  CHECK(dff::parse_hidden_text("16 8").value() == W{16, 8});
  CHECK(dff::parse_hidden_text("16;8").value() == W{16, 8});
  CHECK(dff::parse_hidden_text("").value().empty());
  CHECK(dff::parse_hidden_text("none").value().empty());
  for (const char* bad : {"8,x", "8,,8", "0", "4097", "-1", "8.5", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"}) {
    INFO(bad);
    const dff::Result<std::vector<uint16_t>> r = dff::parse_hidden_text(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error_details().field == "hidden");
  }
}

TEST_CASE("number_from_text reads plain decimals only") {
  CHECK(dff::number_from_text("0.01") == 0.01);
  CHECK(dff::number_from_text(" 1e-3 ") == 0.001);
  CHECK(dff::number_from_text("-2") == -2.0);
  for (const char* bad : {"", "abc", "0x10", "nan", "inf", "1e999", "1,5", "2 3"}) {
    INFO(bad);
    CHECK(isnan(dff::number_from_text(bad)));
  }
}

TEST_CASE("set_setting_text fills one field from command-line text") {
  dff::GivenSettings g;
  CHECK(dff::set_setting_text(&g, "learningRate", "0.5"));
  CHECK(dff::set_setting_text(&g, "hidden", "8,4"));
  CHECK(dff::set_setting_text(&g, "activations", "tanh"));
  CHECK(dff::set_setting_text(&g, "bias", "false"));
  CHECK_FALSE(dff::set_setting_text(&g, "colour", "red"));
  CHECK(*g.learning_rate == 0.5);
  CHECK(*g.hidden == std::vector<double>{8, 4});
  CHECK(*g.activations == std::vector<std::string>{"tanh"});
  CHECK(*g.bias == false);
  dff::set_setting_text(&g, "hidden", "8,x");
  CHECK(fields(dff::check_settings(g)) == std::vector<std::string>{"hidden"});
}

// A model the page could train must load in dff, and the reverse: every combination of
// names the rules allow builds, trains, and comes back the same from its JSON and blob files.
TEST_CASE("every combination the rules allow trains, saves and loads") {
  const dff::Dataset iris = load_example("iris.csv");
  const dff::SettingsRules& r = dff::settings_rules();
  int combinations = 0;
  for (const dff::Activation hidden : r.hidden_activations) {
    for (const dff::Activation output : r.output_activations) {
      for (const dff::Loss loss : r.losses) {
        for (const dff::Optimizer optimizer : r.optimizers) {
          for (const dff::Init init : r.inits) {
            dff::GivenSettings g;
            g.hidden = std::vector<double>{5};
            g.activations = std::vector<std::string>{dff::activation_name(hidden)};
            g.output = dff::activation_name(output);
            g.loss = dff::loss_name(loss);
            g.optimizer = dff::optimizer_name(optimizer);
            g.init = dff::init_name(init);
            g.epochs = 1.0;
            const dff::Result<dff::TrainPlan> plan = dff::resolve_settings(iris, g);
            const bool allowed = dff::check_settings(g).empty();
            INFO(dff::activation_name(hidden) << " " << dff::activation_name(output) << " " << dff::loss_name(loss)
                                              << " " << dff::optimizer_name(optimizer) << " " << dff::init_name(init));
            REQUIRE(plan.ok() == allowed);
            if (!allowed) {
              CHECK(loss == dff::Loss::kCrossEntropy);
              continue;
            }
            dff::Result<dff::DFF> made = dff::make_model(iris, plan.value());
            REQUIRE(made.ok());
            dff::Trainer trainer(made.value(), iris);
            // Some pairs (relu output, sgd) may diverge on a step; the model must still save and load.
            (void)trainer.run(1);
            const std::string json = dff::model_to_json(made.value());
            const dff::Result<dff::DFF> back = dff::parse_model(json, "model.json");
            REQUIRE(back.ok());
            CHECK(dff::model_to_json(back.value()) == json);
            const dff::Result<dff::ExportedFile> blob = dff::export_model(made.value(), "blob", dff::ExportOptions());
            if (blob.ok()) {
              const dff::Result<dff::DFF> from_blob = dff::parse_model(blob->bytes, "model.blob");
              REQUIRE(from_blob.ok());
              CHECK(from_blob->topology().activations[1] == output);
              CHECK(from_blob->weights() == made->weights());
            }
            ++combinations;
          }
        }
      }
    }
  }
  // 5 hidden x 6 outputs x 3 optimizers x 3 inits, with mse, plus cross_entropy with softmax or sigmoid.
  CHECK(combinations == 5 * 6 * 3 * 3 + 5 * 2 * 3 * 3);
}
