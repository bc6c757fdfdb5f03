#include "core/train.h"
#include "core/training_memory.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using dff::Activation;
using dff::Loss;
using dff::MemoryPlan;
using dff::Network;
using dff::Optimizer;
using dff::StatusCode;
using dff::Topology;
using dff::TrainOptions;

namespace {

// A network with its own storage, for tests.
struct TestNet {
  std::vector<float> storage;
  Network net;
  TestNet(std::initializer_list<uint16_t> widths, Activation hidden, Activation output, bool bias,
          MemoryPlan plan = MemoryPlan{true, Optimizer::kAdam}) {
    const std::vector<uint16_t> w(widths);
    Topology t;
    REQUIRE(dff::make_topology(w.data(), static_cast<uint32_t>(w.size()), hidden, output, bias, &t).ok());
    storage.resize(dff::bytes_required(t, plan) / sizeof(float));
    REQUIRE(net.init(t, plan, storage.data(), storage.size() * sizeof(float)).ok());
  }
};

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

const float kSeedInputs[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
const float kSeedTargets[8][2] = {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};

dff::DatasetView seed_data() {
  dff::DatasetView d;
  d.inputs = &kSeedInputs[0][0];
  d.targets = &kSeedTargets[0][0];
  d.rows = 8;
  d.input_width = 3;
  d.target_width = 2;
  return d;
}

}  // namespace

TEST_CASE("without biases one step is exactly the seed's equations (9)-(11)") {
  TestNet tn({3, 4, 2}, Activation::kSigmoid, Activation::kSigmoid, false);
  Network& net = tn.net;
  double wih[3][4], who[4][2];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) net.weights(0)[i * 4 + j] = static_cast<float>(wih[i][j] = 0.1 * (i + 1) - 0.07 * j);
  for (int j = 0; j < 4; ++j)
    for (int k = 0; k < 2; ++k) net.weights(1)[j * 2 + k] = static_cast<float>(who[j][k] = 0.3 - 0.11 * j + 0.2 * k);
  const double I[3] = {1, 0, 1}, S[2] = {0, 1};
  const float input[3] = {1, 0, 1}, target[2] = {0, 1};

  // The seed, by hand: H = s(I.Wih); O = s(H.Who); Eo = (S - O) x O(1 - O); gWho = H^T.Eo;
  // Eh = (Eo.Who^T) x H(1 - H); gWih = I^T.Eh; W += gW (lrate 1).
  double H[4], O[2], Eo[2], Eh[4];
  for (int j = 0; j < 4; ++j) {
    double z = 0;
    for (int i = 0; i < 3; ++i) z += I[i] * wih[i][j];
    H[j] = sigmoid(z);
  }
  for (int k = 0; k < 2; ++k) {
    double z = 0;
    for (int j = 0; j < 4; ++j) z += H[j] * who[j][k];
    O[k] = sigmoid(z);
    Eo[k] = (S[k] - O[k]) * O[k] * (1 - O[k]);
  }
  for (int j = 0; j < 4; ++j) {
    double e = 0;
    for (int k = 0; k < 2; ++k) e += Eo[k] * who[j][k];
    Eh[j] = e * H[j] * (1 - H[j]);
  }
  TrainOptions o;
  o.learning_rate = 1.0f;
  float loss = 0;
  REQUIRE(dff::train_sample(net, input, target, o, &loss).ok());
  CHECK(loss == Approx(0.5 * ((S[0] - O[0]) * (S[0] - O[0]) + (S[1] - O[1]) * (S[1] - O[1]))).epsilon(1e-6));
  for (int j = 0; j < 4; ++j)
    for (int k = 0; k < 2; ++k) CHECK(net.weights(1)[j * 2 + k] == Approx(who[j][k] + H[j] * Eo[k]).margin(1e-6));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) CHECK(net.weights(0)[i * 4 + j] == Approx(wih[i][j] + I[i] * Eh[j]).margin(1e-6));
}

TEST_CASE("gradients match finite differences for every activation and loss") {
  const Activation hiddens[] = {Activation::kSigmoid, Activation::kRelu, Activation::kLeakyRelu, Activation::kTanh,
                                Activation::kLinear};
  const struct { Activation output; Loss loss; } heads[] = {
      {Activation::kSigmoid, Loss::kMse},       {Activation::kRelu, Loss::kMse},
      {Activation::kLeakyRelu, Loss::kMse},     {Activation::kTanh, Loss::kMse},
      {Activation::kLinear, Loss::kMse},        {Activation::kSoftmax, Loss::kMse},
      {Activation::kSigmoid, Loss::kCrossEntropy}, {Activation::kSoftmax, Loss::kCrossEntropy}};
  const float input[3] = {0.7f, -0.4f, 0.9f};
  const float target[3] = {0.2f, 0.7f, 0.1f};
  for (Activation hidden : hiddens) {
    for (const auto& head : heads) {
      TestNet tn({3, 5, 4, 3}, hidden, head.output, true);
      Network& net = tn.net;
      net.initialize(dff::Init::kUniform, 99);
      // Make the output layer not collapse through relu: positive biases keep units active.
      for (int j = 0; j < 3; ++j) net.biases(2)[j] = 0.3f;
      dff::zero_gradients(net);
      dff::accumulate_gradient(net, input, target, head.loss);
      const float* gradients = dff::TrainingMemory(net).gradients();
      std::vector<float> analytic(gradients, gradients + net.parameter_count());
      float* p = net.parameters();
      auto loss_at = [&]() {
        const float* y = net.forward(input);
        return static_cast<double>(dff::sample_loss(head.loss, head.output, y, target, 3));
      };
      for (uint32_t i = 0; i < net.parameter_count(); ++i) {
        const float saved = p[i];
        const float h = 1e-2f;
        p[i] = saved + h;
        const double up = loss_at();
        p[i] = saved - h;
        const double down = loss_at();
        p[i] = saved;
        const double numeric = (up - down) / (2.0 * h);
        INFO("hidden " << dff::activation_name(hidden) << ", output " << dff::activation_name(head.output)
                       << ", loss " << static_cast<int>(head.loss) << ", parameter " << i);
        CHECK(analytic[i] == Approx(numeric).margin(2e-3).epsilon(2e-2));
      }
    }
  }
}

TEST_CASE("momentum steps match hand-computed values") {
  TestNet tn({1, 1}, Activation::kLinear, Activation::kLinear, true, MemoryPlan{true, Optimizer::kMomentum});
  Network& net = tn.net;
  net.weights(0)[0] = 0.5f;
  net.biases(0)[0] = 0.1f;
  TrainOptions o;
  o.optimizer = Optimizer::kMomentum;
  o.learning_rate = 0.1f;
  o.momentum = 0.9f;
  const float x = 2.0f, t = 1.0f;
  // Step 1: y = 1.1, g_w = 0.2, g_b = 0.1, v = g.
  REQUIRE(dff::train_sample(net, &x, &t, o, nullptr).ok());
  CHECK(net.weights(0)[0] == Approx(0.48f));
  CHECK(net.biases(0)[0] == Approx(0.09f));
  // Step 2: y = 1.05, g_w = 0.1, g_b = 0.05; v_w = 0.28, v_b = 0.14.
  REQUIRE(dff::train_sample(net, &x, &t, o, nullptr).ok());
  CHECK(net.weights(0)[0] == Approx(0.452f));
  CHECK(net.biases(0)[0] == Approx(0.076f));
}

TEST_CASE("Adam steps match hand-computed values") {
  TestNet tn({1, 1}, Activation::kLinear, Activation::kLinear, true);
  Network& net = tn.net;
  net.weights(0)[0] = 0.5f;
  net.biases(0)[0] = 0.1f;
  TrainOptions o;
  o.optimizer = Optimizer::kAdam;
  o.learning_rate = 0.1f;
  const float x = 2.0f, t = 1.0f;
  // Step 1: bias-corrected m/sqrt(v) is sign(g), so each parameter moves by exactly lr.
  REQUIRE(dff::train_sample(net, &x, &t, o, nullptr).ok());
  CHECK(net.weights(0)[0] == Approx(0.4f));
  CHECK(net.biases(0)[0] == Approx(0.0f).margin(1e-6));
  // Step 2: y = 0.8; g_w = -0.4, g_b = -0.2.
  // m_w = 0.9*0.02 - 0.1*0.4 = -0.022, v_w = 0.999*0.00004 + 0.001*0.16 = 0.00019996
  // w += 0.1 * (0.022/0.19) / sqrt(0.00019996/0.001999) = 0.4 + 0.0366096
  // m_b = 0.9*0.01 - 0.1*0.2 = -0.011, v_b = 0.999*0.00001 + 0.001*0.04 = 0.00004999
  // b += 0.1 * (0.011/0.19) / sqrt(0.00004999/0.001999) = 0 + 0.0366096
  REQUIRE(dff::train_sample(net, &x, &t, o, nullptr).ok());
  CHECK(net.weights(0)[0] == Approx(0.4366096).epsilon(1e-5));
  CHECK(net.biases(0)[0] == Approx(0.0366096).epsilon(1e-4));
  CHECK(dff::TrainingMemory(net).optimizer_step() == 2u);
}

TEST_CASE("a full-batch SGD step applies the mean gradient plus L2 on weights only") {
  TestNet a({3, 4, 2}, Activation::kTanh, Activation::kSigmoid, true);
  TestNet b({3, 4, 2}, Activation::kTanh, Activation::kSigmoid, true);
  a.net.initialize(dff::Init::kXavier, 3);
  b.net.initialize(dff::Init::kXavier, 3);
  TrainOptions o;
  o.learning_rate = 0.5f;
  o.l2 = 0.01f;
  o.batch_size = 8;
  o.shuffle = false;
  dff::Pcg32 rng(1);
  REQUIRE(dff::train_epoch(a.net, seed_data(), o, rng, nullptr, nullptr).ok());
  // Same by hand: sum per-sample gradients, average, add l2 * w to weights, step.
  dff::zero_gradients(b.net);
  for (int r = 0; r < 8; ++r) dff::accumulate_gradient(b.net, kSeedInputs[r], kSeedTargets[r], Loss::kMse);
  const float* gradients = dff::TrainingMemory(b.net).gradients();
  std::vector<float> grad(gradients, gradients + b.net.parameter_count());
  std::vector<float> before(b.net.parameters(), b.net.parameters() + b.net.parameter_count());
  // Parameters are laid out W0 (12), b0 (4), W1 (8), b1 (2).
  for (uint32_t i = 0; i < b.net.parameter_count(); ++i) {
    const bool is_weight = i < 12 || (i >= 16 && i < 24);
    const float g = grad[i] / 8.0f + (is_weight ? o.l2 * before[i] : 0.0f);
    CHECK(a.net.parameters()[i] == Approx(before[i] - o.learning_rate * g).epsilon(1e-5));
  }
}

TEST_CASE("per-sample SGD with L2 equals the generic path") {
  TestNet fused({3, 4, 2}, Activation::kSigmoid, Activation::kSigmoid, true);
  TestNet generic({3, 4, 2}, Activation::kSigmoid, Activation::kSigmoid, true);
  fused.net.initialize(dff::Init::kUniform, 8);
  generic.net.initialize(dff::Init::kUniform, 8);
  TrainOptions o;
  o.learning_rate = 0.7f;
  o.l2 = 0.05f;
  REQUIRE(dff::train_sample(fused.net, kSeedInputs[4], kSeedTargets[4], o, nullptr).ok());
  dff::zero_gradients(generic.net);
  dff::accumulate_gradient(generic.net, kSeedInputs[4], kSeedTargets[4], Loss::kMse);
  dff::apply_gradients(generic.net, o, 1);
  for (uint32_t i = 0; i < fused.net.parameter_count(); ++i)
    CHECK(fused.net.parameters()[i] == Approx(generic.net.parameters()[i]).epsilon(1e-5));
}

TEST_CASE("XOR is learned with every optimizer") {
  const float x[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  const float y[4][1] = {{0}, {1}, {1}, {0}};
  dff::DatasetView d;
  d.inputs = &x[0][0];
  d.targets = &y[0][0];
  d.rows = 4;
  d.input_width = 2;
  d.target_width = 1;
  // Per-sample SGD at lr 1.0 learns this XOR net from only ~1 in 4 starts (measured over
  // 100 seed pairs); at 0.1 from all of them. Several seeds each, so no lucky one hides a fault.
  const struct { Optimizer opt; float lr; uint32_t batch; } cases[] = {
      {Optimizer::kSgd, 0.1f, 1}, {Optimizer::kMomentum, 0.3f, 2}, {Optimizer::kAdam, 0.05f, 4}};
  for (const auto& c : cases) {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      TestNet tn({2, 4, 1}, Activation::kTanh, Activation::kSigmoid, true, MemoryPlan{true, c.opt});
      tn.net.initialize(dff::Init::kXavier, seed);
      TrainOptions o;
      o.optimizer = c.opt;
      o.learning_rate = c.lr;
      o.batch_size = c.batch;
      o.loss = Loss::kCrossEntropy;
      dff::Pcg32 rng(seed + 3);
      uint32_t order[4];
      for (int e = 0; e < 2000; ++e) REQUIRE(dff::train_epoch(tn.net, d, o, rng, order, nullptr).ok());
      for (int r = 0; r < 4; ++r) {
        float out = 0;
        REQUIRE(tn.net.predict(x[r], 2, &out, 1).ok());
        INFO("optimizer " << static_cast<int>(c.opt) << " seed " << seed << " row " << r);
        CHECK(std::round(out) == y[r][0]);
      }
    }
  }
}

TEST_CASE("the same seed gives bit-identical weights; another seed does not") {
  auto train = [](uint64_t seed) {
    TestNet tn({3, 6, 2}, Activation::kRelu, Activation::kSoftmax, true);
    tn.net.initialize(dff::Init::kHe, seed);
    TrainOptions o;
    o.optimizer = Optimizer::kAdam;
    o.learning_rate = 0.01f;
    o.loss = Loss::kCrossEntropy;
    o.batch_size = 3;
    dff::Pcg32 rng(seed);
    uint32_t order[8];
    for (int e = 0; e < 50; ++e) REQUIRE(dff::train_epoch(tn.net, seed_data(), o, rng, order, nullptr).ok());
    return std::vector<float>(tn.net.parameters(), tn.net.parameters() + tn.net.parameter_count());
  };
  const auto a = train(17), b = train(17), c = train(18);
  CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
  CHECK(a != c);
}

TEST_CASE("divergence stops training with kNonFinite") {
  TestNet tn({3, 4, 2}, Activation::kLinear, Activation::kLinear, true);
  tn.net.initialize(dff::Init::kUniform, 1);
  TrainOptions o;
  o.learning_rate = 1e6f;
  o.shuffle = false;
  dff::Pcg32 rng(1);
  dff::Status s;
  for (int e = 0; e < 100 && s.ok(); ++e) s = dff::train_epoch(tn.net, seed_data(), o, rng, nullptr, nullptr);
  CHECK(s.code() == StatusCode::kNonFinite);
  CHECK(std::string(s.message()).find("learning rate") != std::string::npos);
}

TEST_CASE("bad options and mismatched data are reported, not trained") {
  TestNet tn({3, 4, 2}, Activation::kSigmoid, Activation::kLinear, true, MemoryPlan{true, Optimizer::kMomentum});
  TrainOptions o;
  o.loss = Loss::kCrossEntropy;
  CHECK(dff::check_train_options(tn.net, o).code() == StatusCode::kInvalidArgument);
  o = TrainOptions();
  o.optimizer = Optimizer::kAdam;
  CHECK(dff::check_train_options(tn.net, o).code() == StatusCode::kUnsupported);
  o = TrainOptions();
  o.batch_size = 0;
  CHECK_FALSE(dff::check_train_options(tn.net, o).ok());
  o = TrainOptions();
  o.learning_rate = -1.0f;
  CHECK_FALSE(dff::check_train_options(tn.net, o).ok());
  o.learning_rate = NAN;
  CHECK_FALSE(dff::check_train_options(tn.net, o).ok());

  TestNet inference({3, 4, 2}, Activation::kSigmoid, Activation::kSigmoid, true, MemoryPlan{false, Optimizer::kSgd});
  CHECK(dff::check_train_options(inference.net, TrainOptions()).code() == StatusCode::kUnsupported);

  dff::DatasetView d = seed_data();
  d.input_width = 2;
  dff::Pcg32 rng(1);
  TrainOptions plain;
  plain.shuffle = false;
  CHECK(dff::train_epoch(tn.net, d, plain, rng, nullptr, nullptr).code() == StatusCode::kDimensionMismatch);
  plain.shuffle = true;
  CHECK(dff::train_epoch(tn.net, seed_data(), plain, rng, nullptr, nullptr).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("evaluate_loss averages the per-sample loss") {
  TestNet tn({3, 4, 2}, Activation::kSigmoid, Activation::kSigmoid, true);
  tn.net.initialize(dff::Init::kUniform, 5);
  float mean = 0;
  REQUIRE(dff::evaluate_loss(tn.net, seed_data(), Loss::kMse, &mean).ok());
  double total = 0;
  for (int r = 0; r < 8; ++r) {
    const float* y = tn.net.forward(kSeedInputs[r]);
    total += dff::sample_loss(Loss::kMse, Activation::kSigmoid, y, kSeedTargets[r], 2);
  }
  CHECK(mean == Approx(total / 8));
}

namespace {

// Rows of random inputs and targets in [0, 1] (one-hot for softmax heads).
struct RandomData {
  std::vector<float> x, y;
  dff::DatasetView view;
  RandomData(uint32_t rows, uint32_t inputs, uint32_t outputs, bool one_hot, uint64_t seed) : x(rows * inputs), y(rows * outputs) {
    dff::Pcg32 rng(seed);
    for (float& v : x) v = rng.uniform(-2.0f, 2.0f);
    for (uint32_t r = 0; r < rows; ++r)
      for (uint32_t k = 0; k < outputs; ++k) y[r * outputs + k] = one_hot ? 0.0f : rng.uniform(0.0f, 1.0f);
    if (one_hot)
      for (uint32_t r = 0; r < rows; ++r) y[r * outputs + rng.bounded(outputs)] = 1.0f;
    view.inputs = x.data();
    view.targets = y.data();
    view.rows = rows;
    view.input_width = inputs;
    view.target_width = outputs;
  }
};

}  // namespace

TEST_CASE("batched gradients equal the row-by-row sums for every activation and loss") {
  const Activation hiddens[] = {Activation::kSigmoid, Activation::kRelu, Activation::kLeakyRelu, Activation::kTanh,
                                Activation::kLinear};
  const struct { Activation output; Loss loss; } heads[] = {
      {Activation::kSigmoid, Loss::kMse},          {Activation::kTanh, Loss::kMse},
      {Activation::kLinear, Loss::kMse},           {Activation::kSoftmax, Loss::kMse},
      {Activation::kSigmoid, Loss::kCrossEntropy}, {Activation::kSoftmax, Loss::kCrossEntropy}};
  const uint32_t order[] = {5, 0, 36, 3, 17, 9, 1, 22, 30, 11, 2, 8, 4, 6, 7, 10, 12, 13, 14, 15};
  for (Activation hidden : hiddens)
    for (const auto& head : heads)
      for (bool bias : {true, false})
        for (uint32_t count : {1u, 3u, 4u, 13u, 20u}) {
          // Widths with vector tails (17, 10, 3) and a normalised input layer.
          const uint16_t widths[] = {5, 17, 10, 3};
          Topology t;
          REQUIRE(dff::make_topology(widths, 4, hidden, head.output, bias, &t).ok());
          t.normalize = true;
          const MemoryPlan plan{true, Optimizer::kSgd, 20};
          std::vector<float> storage(dff::bytes_required(t, plan) / sizeof(float));
          Network net;
          REQUIRE(net.init(t, plan, storage.data(), storage.size() * sizeof(float)).ok());
          net.initialize(dff::Init::kXavier, 3);
          for (uint32_t i = 0; i < 5; ++i) {
            net.norm_mean()[i] = 0.1f * static_cast<float>(i);
            net.norm_std()[i] = 0.5f + 0.25f * static_cast<float>(i);
          }
          const RandomData data(40, 5, 3, head.output == Activation::kSoftmax, 11);

          dff::zero_gradients(net);
          double want_loss = 0.0;
          for (uint32_t r = 0; r < count; ++r) {
            const uint32_t row = order[r];
            want_loss += dff::accumulate_gradient(net, data.x.data() + row * 5, data.y.data() + row * 3, head.loss);
          }
          const float* gradients = dff::TrainingMemory(net).gradients();
          const std::vector<float> want(gradients, gradients + net.parameter_count());
          dff::zero_gradients(net);
          const float loss = dff::accumulate_batch_gradient(net, data.view, order, 0, count, head.loss);
          INFO("hidden " << dff::activation_name(hidden) << ", output " << dff::activation_name(head.output)
                         << ", loss " << static_cast<int>(head.loss) << ", bias " << bias << ", rows " << count);
          CHECK(loss == Approx(want_loss).epsilon(1e-5));
          for (uint32_t i = 0; i < net.parameter_count(); ++i) {
            INFO("parameter " << i);
            REQUIRE(gradients[i] == Approx(want[i]).margin(1e-5).epsilon(1e-4));
          }
          // The batch's output rows are what forward() gives row by row (libm's expf there).
          const float* batch_y = dff::TrainingMemory(net).batch_output(2);
          for (uint32_t r = 0; r < count; ++r) {
            const float* y = net.forward(data.x.data() + order[r] * 5);
            for (uint32_t k = 0; k < 3; ++k) REQUIRE(batch_y[r * 3 + k] == Approx(y[k]).margin(1e-6).epsilon(1e-5));
          }
        }
}

TEST_CASE("mini-batch epochs with batch memory train like the row-by-row path") {
  for (Optimizer opt : {Optimizer::kSgd, Optimizer::kMomentum, Optimizer::kAdam}) {
    // Capacity 8 < batch 12: each batch goes through in blocks, gradients still applied once per batch.
    TestNet rowwise({6, 9, 4}, Activation::kTanh, Activation::kSoftmax, true, MemoryPlan{true, opt});
    TestNet batched({6, 9, 4}, Activation::kTanh, Activation::kSoftmax, true, MemoryPlan{true, opt, 8});
    REQUIRE(dff::TrainingMemory(rowwise.net).batch_capacity() == 1);
    REQUIRE(dff::TrainingMemory(batched.net).batch_capacity() == 8);
    rowwise.net.initialize(dff::Init::kXavier, 5);
    batched.net.initialize(dff::Init::kXavier, 5);
    const RandomData data(50, 6, 4, true, 21);
    TrainOptions o;
    o.optimizer = opt;
    o.loss = Loss::kCrossEntropy;
    o.learning_rate = opt == Optimizer::kAdam ? 0.01f : 0.1f;
    o.batch_size = 12;
    o.l2 = 1e-3f;
    dff::Pcg32 rng_a(9), rng_b(9);
    std::vector<uint32_t> order_a(50), order_b(50);
    float loss_a = 0, loss_b = 0;
    for (int epoch = 0; epoch < 5; ++epoch) {
      REQUIRE(dff::train_epoch(rowwise.net, data.view, o, rng_a, order_a.data(), &loss_a).ok());
      REQUIRE(dff::train_epoch(batched.net, data.view, o, rng_b, order_b.data(), &loss_b).ok());
    }
    INFO("optimizer " << static_cast<int>(opt));
    CHECK(loss_b == Approx(loss_a).epsilon(1e-4));
    for (uint32_t i = 0; i < rowwise.net.parameter_count(); ++i)
      REQUIRE(batched.net.parameters()[i] == Approx(rowwise.net.parameters()[i]).margin(1e-4));
  }
}

TEST_CASE("batch memory is counted by bytes_required and checked by init") {
  Topology t;
  const uint16_t widths[] = {64, 32, 10};
  REQUIRE(dff::make_topology(widths, 3, Activation::kSigmoid, Activation::kSigmoid, true, &t).ok());
  const size_t plain = dff::bytes_required(t, MemoryPlan{true, Optimizer::kSgd});
  // 32 rows of inputs and both layers' outputs, two delta blocks of the widest layer, W1 transposed.
  const size_t extra = (32u * (64 + 32 + 10) + 2u * 32 * 32 + 32 * 10) * sizeof(float);
  CHECK(dff::bytes_required(t, MemoryPlan{true, Optimizer::kSgd, 32}) == plain + extra);
  // Inference plans never hold batch memory.
  CHECK(dff::bytes_required(t, MemoryPlan{false, Optimizer::kSgd, 32}) ==
        dff::bytes_required(t, MemoryPlan{false, Optimizer::kSgd}));
  CHECK(dff::bytes_required(t, MemoryPlan{true, Optimizer::kSgd, 0}) == 0);
  CHECK(dff::bytes_required(t, MemoryPlan{true, Optimizer::kSgd, 1025}) == 0);
  std::vector<float> storage(plain / sizeof(float) + extra / sizeof(float));
  Network net;
  CHECK(net.init(t, MemoryPlan{true, Optimizer::kSgd, 0}, storage.data(), storage.size() * 4).code() ==
        StatusCode::kInvalidArgument);
  CHECK(net.init(t, MemoryPlan{true, Optimizer::kSgd, 32}, storage.data(), plain).code() == StatusCode::kBufferTooSmall);
  CHECK(net.init(t, MemoryPlan{true, Optimizer::kSgd, 32}, storage.data(), storage.size() * 4).ok());
}

TEST_CASE("loss names round-trip and unknown names are refused") {
  Loss l = Loss::kMse;
  REQUIRE(dff::parse_loss("cross_entropy", &l));
  CHECK(l == Loss::kCrossEntropy);
  CHECK(std::string(dff::loss_name(l)) == "cross_entropy");
  REQUIRE(dff::parse_loss(dff::loss_name(Loss::kMse), &l));
  CHECK(l == Loss::kMse);
  CHECK_FALSE(dff::parse_loss("crossentropy", &l));
  CHECK_FALSE(dff::parse_loss(nullptr, &l));
  CHECK(l == Loss::kMse);
  CHECK(std::string(dff::loss_name(static_cast<Loss>(9))) == "?");
}
