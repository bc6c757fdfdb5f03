// Training throughput of the core (samples per second, single thread), plus the
// bytes each network needs. A benchmark, not a test: it prints figures.
// Usage: dff_bench_train [--seconds S] [--trials N] [--json] [--only NAME-SUBSTRING]
// Each case runs N trials of S seconds of processor time (default 5 x 0.4 s) and reports
// the median and the best trial: on a shared virtual machine single trials vary by 30%.
#include <algorithm>
#include <ctime>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/network.h"
#include "core/train.h"

namespace {

struct Case {
  const char* name;
  std::vector<uint16_t> widths;
  dff::Activation hidden;
  dff::Activation output;
  dff::Optimizer optimizer;
  uint32_t batch;
  uint32_t rows;
};

struct Figures {
  double samples_per_second;  // median trial
  double best_samples_per_second;
  size_t bytes_training;
  size_t bytes_inference;
};

// train_epoch is called through a volatile pointer so that no optimiser inlines it into the
// long-running loop below. V8 runs WebAssembly in a baseline tier first and uses a function's
// optimised code only for calls that start after it is ready: inlined into a loop that never
// returns (wasm-opt inlines functions with one caller), training would be measured in the
// baseline tier, 3x slower than what the page runs (a fresh call per chunk of epochs).
dff::Status (*volatile train_epoch_fn)(dff::Network&, const dff::DatasetView&, const dff::TrainOptions&, dff::Pcg32&,
                                       uint32_t*, float*) = dff::train_epoch;

Figures run(const Case& c, double seconds, int trials) {
  dff::Topology t;
  dff::make_topology(c.widths.data(), static_cast<uint32_t>(c.widths.size()), c.hidden, c.output, true, &t);
  const dff::MemoryPlan plan{true, c.optimizer, static_cast<uint16_t>(c.batch)};
  std::vector<float> buffer(dff::bytes_required(t, plan) / sizeof(float));
  dff::Network net;
  net.init(t, plan, buffer.data(), buffer.size() * sizeof(float));
  net.initialize(dff::Init::kXavier, 1);

  // Binary inputs and one-hot targets, as in the seed; random for the larger networks.
  dff::Pcg32 rng(42);
  std::vector<float> x(static_cast<size_t>(c.rows) * t.inputs()), y(static_cast<size_t>(c.rows) * t.outputs(), 0.0f);
  for (float& v : x) v = static_cast<float>(rng.bounded(2));
  for (uint32_t r = 0; r < c.rows; ++r) y[r * t.outputs() + rng.bounded(t.outputs())] = 1.0f;
  dff::DatasetView d;
  d.inputs = x.data();
  d.targets = y.data();
  d.rows = c.rows;
  d.input_width = t.inputs();
  d.target_width = t.outputs();
  std::vector<uint32_t> order(c.rows);
  dff::TrainOptions o;
  o.optimizer = c.optimizer;
  o.learning_rate = c.optimizer == dff::Optimizer::kSgd ? 0.1f : 0.001f;
  o.batch_size = c.batch;

  // Processor time, not wall time: on a shared machine other processes would otherwise count against us.
  std::vector<double> rates;
  for (int trial = 0; trial < trials; ++trial) {
    uint64_t samples = 0;
    const std::clock_t start = std::clock();
    double elapsed = 0.0;
    // Reading the clock costs a system call (under node, process.cpuUsage()), as much as
    // dozens of 3-4-2 samples: read it after chunks of epochs that grow to ~1/50 of a trial.
    uint32_t epochs = 8;
    do {
      for (uint32_t e = 0; e < epochs; ++e) train_epoch_fn(net, d, o, rng, order.data(), nullptr);
      samples += static_cast<uint64_t>(epochs) * c.rows;
      const double now = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
      if (now < seconds / 50.0 && static_cast<uint64_t>(epochs) * c.rows < (1u << 24)) epochs *= 2;
      elapsed = now;
    } while (elapsed < seconds);
    rates.push_back(static_cast<double>(samples) / elapsed);
  }
  std::sort(rates.begin(), rates.end());
  return {rates[rates.size() / 2], rates.back(), dff::bytes_required(t, plan),
          dff::bytes_required(t, dff::MemoryPlan{false, dff::Optimizer::kSgd})};
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0.4;
  int trials = 5;
  bool json = false;
  const char* only = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--trials") == 0 && i + 1 < argc) trials = std::max(1, std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--json") == 0) json = true;
    else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--seconds S] [--trials N] [--json] [--only NAME]\n", argv[0]);
      return 2;
    }
  }
  using A = dff::Activation;
  const Case cases[] = {
      {"3-4-2 sgd per-sample", {3, 4, 2}, A::kSigmoid, A::kSigmoid, dff::Optimizer::kSgd, 1, 8},
      {"4-8-3 sgd per-sample", {4, 8, 3}, A::kSigmoid, A::kSigmoid, dff::Optimizer::kSgd, 1, 150},
      {"64-32-10 sgd per-sample", {64, 32, 10}, A::kSigmoid, A::kSigmoid, dff::Optimizer::kSgd, 1, 1024},
      {"64-32-10 sgd batch 32", {64, 32, 10}, A::kSigmoid, A::kSigmoid, dff::Optimizer::kSgd, 32, 1024},
      {"64-32-10 adam batch 32", {64, 32, 10}, A::kSigmoid, A::kSigmoid, dff::Optimizer::kAdam, 32, 1024},
  };
  if (json) std::printf("[\n");
  bool first = true;
  for (const Case& c : cases) {
    if (only != nullptr && std::strstr(c.name, only) == nullptr) continue;
    const Figures f = run(c, seconds, trials);
    if (json) {
      std::printf("%s  {\"case\": \"%s\", \"samples_per_second\": %.0f, \"best_samples_per_second\": %.0f, "
                  "\"bytes_training\": %zu, \"bytes_inference\": %zu}",
                  first ? "" : ",\n", c.name, f.samples_per_second, f.best_samples_per_second, f.bytes_training,
                  f.bytes_inference);
    } else {
      std::printf("%-26s %10.0f samples/s (best %10.0f)   %7zu bytes training, %6zu bytes inference\n", c.name,
                  f.samples_per_second, f.best_samples_per_second, f.bytes_training, f.bytes_inference);
    }
    first = false;
  }
  if (json) std::printf("\n]\n");
  return 0;
}
