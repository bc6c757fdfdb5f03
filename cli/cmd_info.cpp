// dff info MODEL: what a model is and what it needs on a microcontroller.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/host/text/escape.h"

namespace dff::cli {
namespace {

struct InfoArgs {
  std::string model;
};

// Names come from the model file: shown escaped, so they cannot drive the terminal.
std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + terminal_text(items[i]);
  return s;
}

std::string join_floats(const float* values, uint32_t n) {
  std::string s;
  for (uint32_t i = 0; i < n; ++i) s += (i ? ", " : "") + format_float(values[i]);
  return s;
}

std::string row(const char* key, const std::string& value) {
  std::string line = key;
  line.resize(std::max<size_t>(line.size() + 1, 13), ' ');
  return line + value + "\n";
}

int run_info(const InfoArgs& a) {
  Result<DFF> loaded = load_model_file(a.model);
  if (!loaded.ok()) return report_error(loaded.error());
  const DFF& model = loaded.value();
  const Topology& t = model.topology();
  const TrainSettings& ts = model.training;

  std::string activations;
  for (uint8_t l = 0; l < t.layer_count; ++l) activations += std::string(l ? ", " : "") + activation_name(t.activations[l]);
  const uint32_t params = parameter_count(t);
  const size_t inference = bytes_required(t, MemoryPlan{false, Optimizer::kSgd});
  const size_t training = bytes_required(t, MemoryPlan{true, ts.options.optimizer});

  std::string out = row("model", terminal_text(a.model));
  out += row("topology", topology_string(t) + " (" + std::to_string(t.inputs()) + " inputs, " +
                             std::to_string(t.layer_count - 1) + (t.layer_count == 2 ? " hidden layer, " : " hidden layers, ") + std::to_string(t.outputs()) +
                             " outputs)");
  out += row("activations", activations);
  out += row("bias", t.bias ? "yes" : "no (the seed's equations)");
  if (t.normalize) {
    out += row("normalise", "z-score, applied inside the model");
    out += row("  mean", join_floats(model.network().norm_mean(), t.inputs()));
    out += row("  std", join_floats(model.network().norm_std(), t.inputs()));
  } else {
    out += row("normalise", "no");
  }
  if (!model.input_names.empty()) out += row("inputs", join(model.input_names));
  if (!model.class_names.empty())
    out += row("classes", join(model.class_names) + " (" + std::to_string(model.class_names.size()) + ")");
  else if (!model.output_names.empty())
    out += row("outputs", join(model.output_names));
  out += row("parameters", std::to_string(params) + " (" + std::to_string(params * sizeof(float)) +
                               " bytes as float32)");
  out += row("memory", std::to_string(inference) + " bytes for inference; " + std::to_string(training) +
                           " bytes for training with " + optimizer_name(ts.options.optimizer));
  std::string trained = std::string(loss_name(ts.options.loss)) + ", " + optimizer_name(ts.options.optimizer) +
                        " lr " + format_float(ts.options.learning_rate) + ", batch " +
                        std::to_string(ts.options.batch_size) + ", " + init_name(ts.init) + " init, seed " +
                        std::to_string(ts.seed);
  if (ts.options.l2 > 0.0f) trained += ", l2 " + format_float(ts.options.l2);
  out += row("training", trained);
  out += row("trained", ts.epochs == 0 ? std::string("not yet")
                                       : std::to_string(ts.epochs) + " epochs" +
                                             (ts.final_loss >= 0.0f ? ", last epoch's mean loss " +
                                                                          format_float(ts.final_loss)
                                                                    : std::string()));
  const Outcome written = write_stdout(out);
  if (!written.ok()) return report_error(written.error());
  return kExitOk;
}

}  // namespace

Command add_info(CLI::App& parent) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* app = parent.add_subcommand(
      "info", "Show a model's topology, activations, normalisation, classes, size and training settings");
  app->add_option("MODEL", args->model, "Model file (JSON or binary blob)")->type_name("")->required();
  app->footer(
      "Memory is what the core library needs in one buffer (float32): parameters, layer outputs and\n"
      "normalisation for inference; plus gradients and optimizer state for training.\n\n"
      "Example:\n"
      "  dff info iris.json");
  return Command{app, [args] { return run_info(*args); }};
}

}  // namespace dff::cli
