// On-device training on the emulated Cortex-M3 (QEMU mps2-an385), static memory only:
// trains the seed example (examples/seed.csv: 3 binary inputs, 2 one-hot outputs) from
// fresh weights with two recipes and requires every rounded prediction to equal its target:
//   seed   the seed's own network: 3-4-2 sigmoid, uniform init, per-sample SGD lr 1, MSE
//   dff    what `dff train examples/seed.csv --inputs 3` uses: 3-16-2 relu/sigmoid, He init,
//          Adam lr 0.01, cross-entropy, 1000 epochs, seed 1
// Each network lives in one static buffer checked against bytes_required(); the report gives
// that, the first epoch with all rows right, the final loss, .data+.bss and the deepest stack
// (painted at start). Output and exit status through semihosting.
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "core/network.h"
#include "core/prng.h"
#include "core/train.h"
#include "firmware/portable/text_line.h"

namespace {

constexpr uint32_t kRows = 8;
const float kInputs[kRows * 3] = {0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0};
const float kTargets[kRows * 2] = {1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0};

// One buffer for whichever network is training (the larger recipe needs it all).
alignas(8) uint8_t g_network[2048];
uint32_t g_order[kRows];

using Line = dff::fw::TextLine<board_semihost_puts>;

struct Recipe {
  const char* name;
  uint16_t hidden;
  dff::Activation hidden_activation;
  dff::Init init;
  dff::TrainOptions options;
  uint64_t seed;
  uint32_t epochs;
};

uint32_t correct_rows(const dff::Network& net) {
  uint32_t correct = 0;
  for (uint32_t row = 0; row < kRows; ++row) {
    float out[2] = {};
    if (!net.predict(kInputs + row * 3, 3, out, 2).ok()) return 0;
    bool ok = true;
    for (uint32_t k = 0; k < 2; ++k) ok = ok && ((out[k] >= 0.5f ? 1.0f : 0.0f) == kTargets[row * 2 + k]);
    if (ok) ++correct;
  }
  return correct;
}

bool run(const Recipe& r) {
  const uint16_t widths[] = {3, r.hidden, 2};
  dff::Topology topology;
  dff::Status s = dff::make_topology(widths, 3, r.hidden_activation, dff::Activation::kSigmoid, true, &topology);
  dff::MemoryPlan plan;
  plan.training = true;
  plan.optimizer = r.options.optimizer;
  const size_t needed = s.ok() ? dff::bytes_required(topology, plan) : 0;
  dff::Network net;
  if (s.ok()) s = net.init(topology, plan, g_network, sizeof g_network);
  if (s.ok()) s = dff::check_train_options(net, r.options);
  if (!s.ok()) {
    Line().text("train_seed: FAIL ").text(r.name).text(": ").text(s.message()).print();
    return false;
  }
  net.initialize(r.init, r.seed);
  const dff::DatasetView data{kInputs, kTargets, kRows, 3, 2};
  dff::Pcg32 rng(r.seed);
  float loss = 0.0f;
  uint32_t first_all_correct = 0;
  const uint32_t start_ms = board_millis();
  for (uint32_t epoch = 1; epoch <= r.epochs; ++epoch) {
    s = dff::train_epoch(net, data, r.options, rng, g_order, &loss);
    if (!s.ok()) {
      Line().text("train_seed: FAIL ").text(r.name).text(" epoch ").number(epoch).text(": ").text(s.message()).print();
      return false;
    }
    if (first_all_correct == 0 && correct_rows(net) == kRows) first_all_correct = epoch;
  }
  const uint32_t elapsed_ms = board_millis() - start_ms;
  const uint32_t correct = correct_rows(net);
  Line()
      .text("train_seed: ")
      .text(r.name)
      .text(" 3-")
      .number(r.hidden)
      .text("-2 parameters=")
      .number(net.parameter_count())
      .text(" bytes_required=")
      .number(static_cast<uint32_t>(needed))
      .text(" epochs=")
      .number(r.epochs)
      .text(" all_correct_from_epoch=")
      .number(first_all_correct)
      .text(" final_loss=")
      .fixed6(loss)
      .text(" correct=")
      .number(correct)
      .text("/8 qemu_ms=")
      .number(elapsed_ms)
      .print();
  return correct == kRows;
}

}  // namespace

int main() {
  board_stack_paint();
  board_clock_init();

  Recipe seed{"seed", 4, dff::Activation::kSigmoid, dff::Init::kUniform, dff::TrainOptions{}, 3, 1000};
  seed.options.loss = dff::Loss::kMse;
  seed.options.optimizer = dff::Optimizer::kSgd;
  seed.options.learning_rate = 1.0f;

  Recipe cli{"dff", 16, dff::Activation::kRelu, dff::Init::kHe, dff::TrainOptions{}, 1, 1000};
  cli.options.loss = dff::Loss::kCrossEntropy;
  cli.options.optimizer = dff::Optimizer::kAdam;
  cli.options.learning_rate = 0.01f;

  const bool ok = run(seed) && run(cli);
  const uint32_t stack = board_stack_used();
  const uint32_t static_ram = board_static_ram();
  Line()
      .text("train_seed: ram static_data_bss=")
      .number(static_ram)
      .text(" (network buffer ")
      .number(static_cast<uint32_t>(sizeof g_network))
      .text(") stack_high_water=")
      .number(stack)
      .text(" total=")
      .number(static_ram + stack)
      .print();
  Line().text(ok ? "train_seed: PASS" : "train_seed: FAIL (not every rounded prediction is right)").print();
  return ok ? 0 : 1;
}
