// int8 inference: layers, tables, softmax, input and output conversion, scratch layout and
// the Bytes policy, against the 64-bit reference of tests/core/int8_blob_writer.h.
#include "core/int8_network.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/blob.h"
#include "tests/core/int8_blob_writer.h"

using dff::Int8Model;
using dff::Status;
using dff::StatusCode;
using int8_test::Bytes;
using int8_test::Net;

namespace {

// The model is a view: `blob` must outlive it (hence no temporaries).
Int8Model open(Bytes&&) = delete;
Int8Model open(const Bytes& blob) {
  Int8Model m;
  const Status s = dff::blob_int8_model(blob.data(), blob.size(), &m);
  INFO(s.message());
  REQUIRE(s.ok());
  return m;
}

std::vector<int8_t> random_input(dff::Pcg32& rng, uint16_t n) {
  std::vector<int8_t> x(n);
  for (int8_t& v : x) v = static_cast<int8_t>(static_cast<int32_t>(rng.bounded(256)) - 128);
  return x;
}

// Runs the model with guard bytes around the scratch and checks they stay untouched.
std::vector<int8_t> run_guarded(const Int8Model& m, const std::vector<int8_t>& x, uint16_t* cls = nullptr) {
  const size_t span = dff::int8_scratch_bytes(m.topology);
  std::vector<int8_t> scratch(span + 64, 0x5A);
  std::vector<int8_t> out(m.topology.outputs() + 2u, 0x5A);
  dff::int8_run(m, x.data(), out.data() + 1, scratch.data() + 32);
  if (cls != nullptr) *cls = dff::int8_classify(m, x.data(), scratch.data() + 32);
  for (size_t i = 0; i < 32; ++i) {
    REQUIRE(scratch[i] == 0x5A);
    REQUIRE(scratch[32 + span + i] == 0x5A);
  }
  REQUIRE(out.front() == 0x5A);
  REQUIRE(out.back() == 0x5A);
  return std::vector<int8_t>(out.begin() + 1, out.end() - 1);
}

}  // namespace

TEST_CASE("a linear layer computes bias + sum of w * x, requantised, by hand") {
  Net net;
  net.widths = {3, 2};
  net.activations = {4};
  net.offsets = {0, 0, 0};
  net.multipliers = {32768, 32768, 32768};  // factor 32768 * 2^-15 = 1
  net.exponents = {15, 15, 15};
  int8_test::Layer L;
  L.zero = 3;
  L.w = {1, 2, 3, -4, 5, -6};
  L.b = {10, -20};
  L.m = {16384, 16384};  // factor 16384 / 2^17 = 1/8
  L.n = {17, 17};
  net.layers = {L};
  const Bytes m_blob = int8_test::build(net);
  const Int8Model m = open(m_blob);
  // acc0 = 10 + 1*8 + 2*(-4) + 3*2 = 16 -> 2 + 3 = 5; acc1 = -20 + -4*8 + 5*(-4) + -6*2 = -84 -> -10.5 -> -10 + 3 = -7
  CHECK(run_guarded(m, {8, -4, 2}) == std::vector<int8_t>{5, -7});
  // acc0 = 10 + 127 + 254 + 381 = 772 -> 96.5 -> 97 + 3 = 100; with a bias of 2000 it saturates.
  CHECK(run_guarded(m, {127, 127, 127})[0] == 100);
  L.b[0] = 2000;
  net.layers = {L};
  const Bytes m2_blob = int8_test::build(net);
  const Int8Model m2 = open(m2_blob);
  CHECK(run_guarded(m2, {127, 127, 127})[0] == 127);
  CHECK(run_guarded(m2, {-128, -128, -128})[1] == 81);  // -20 + 512 - 640 + 768 = 620 -> 77.5 -> 78 + 3
}

TEST_CASE("every activation matches the reference on random networks and inputs") {
  const std::vector<std::vector<uint8_t>> plans = {{4, 4, 4}, {1, 1, 4}, {2, 2, 2}, {0, 0, 0}, {3, 3, 3},
                                                   {1, 0, 5}, {2, 3, 5}, {0, 1, 5}};
  dff::Pcg32 rng(11);
  uint64_t seed = 1;
  for (const auto& activations : plans)
    for (const std::vector<uint16_t>& widths :
         {std::vector<uint16_t>{3, 4, 5, 2}, std::vector<uint16_t>{7, 2, 9, 3}, std::vector<uint16_t>{64, 32, 16, 10}}) {
      const Net net = int8_test::random_net(widths, activations, seed++);
      const Bytes blob = int8_test::build(net);
      const Int8Model m = open(blob);
      for (int row = 0; row < 50; ++row) {
        const std::vector<int8_t> x = random_input(rng, widths[0]);
        std::vector<int8_t> logits;
        const std::vector<int8_t> want = int8_test::reference(net, x, &logits);
        uint16_t cls = 0;
        const std::vector<int8_t> got = run_guarded(m, x, &cls);
        INFO("activations " << int(activations[0]) << "," << int(activations[1]) << "," << int(activations[2])
                            << " width " << widths[0] << " row " << row);
        REQUIRE(got == want);
        uint16_t best = 0;
        for (uint16_t k = 1; k < logits.size(); ++k)
          if (logits[k] > logits[best]) best = k;
        REQUIRE(cls == best);
      }
    }
}

TEST_CASE("sigmoid and tanh layers look the clamped pre-activation up in their table") {
  Net net;
  net.widths = {1, 1};
  net.activations = {0};
  net.offsets = {0};
  net.multipliers = {32768};  // factor 32768 * 2^-15 = 1
  net.exponents = {15};
  int8_test::Layer L;
  L.zero = -5;
  L.w = {1};
  L.b = {0};
  L.m = {16384};
  L.n = {15 + 2};  // factor 1/8
  for (int q = 0; q < 256; ++q) L.table.push_back(static_cast<int8_t>(127 - q));  // index q + 128 -> -q - 1
  net.layers = {L};
  const Bytes m_blob = int8_test::build(net);
  const Int8Model m = open(m_blob);
  // x = 40: 40/8 = 5, -5 + 5 = 0 -> table[128] = -1
  CHECK(run_guarded(m, {40})[0] == -1);
  // x = -128: -16 - 5 = -21 -> table[107] = 20
  CHECK(run_guarded(m, {-128})[0] == 20);
  net.activations = {3};
  const Bytes t_blob = int8_test::build(net);
  const Int8Model t = open(t_blob);
  CHECK(run_guarded(t, {40})[0] == -1);
}

TEST_CASE("softmax turns logits into probabilities with scale 1/256, classify picks the first largest logit") {
  Net net;
  net.widths = {2, 3};
  net.activations = {5};
  net.offsets = {0, 0};
  net.multipliers = {32768, 32768};  // factor 32768 * 2^-15 = 1
  net.exponents = {15, 15};
  int8_test::Layer L;
  L.w = {1, 0, 0, 1, 1, 1};  // logits x0, x1, x0 + x1
  L.b = {0, 0, 0};
  L.m = {32767, 32767, 32767};
  L.n = {17, 17, 17};  // factor ~ 1/4: logits are x / 4
  for (int d = 0; d < 256; ++d) L.exps.push_back(static_cast<uint16_t>(std::lround(32768.0 * std::exp(-0.5 * d))));
  net.layers = {L};
  const Bytes m_blob = int8_test::build(net);
  const Int8Model m = open(m_blob);
  std::vector<int8_t> logits;
  const std::vector<int8_t> x = {40, 0};  // logits 10, 0, 10: tie between outputs 0 and 2
  uint16_t cls = 9;
  const std::vector<int8_t> p = run_guarded(m, x, &cls);
  CHECK(p == int8_test::reference(net, x, &logits));
  CHECK(logits == std::vector<int8_t>{10, 0, 10});
  CHECK(cls == 0);
  CHECK(p[0] == p[2]);
  // exp(-5) = 0.0067: e = {32768, 221, 32768}, sum 65757: p0 = round(256 * 32768 / 65757) = 128 -> 0
  CHECK(p[0] == 0);
  CHECK(p[1] == -127);  // round(256 * 221 / 65757) = 1
  // One logit far above the rest: probability 1 saturates at 127 (0.996).
  const std::vector<int8_t> sure = run_guarded(m, {127, -128});
  CHECK(sure[0] == 127);
  CHECK(sure[1] == -128);
}

TEST_CASE("the input is quantised once, in integers from the floats' bits") {
  Net net;
  net.widths = {4, 1};
  net.activations = {4};
  net.in_zero = 10;
  // factors 2, 0.5, 1, 4; offsets fold in (x - o) * factor + zero point: c = 256 * (10 - o * factor)
  net.multipliers = {32768, 32768, 32768, 32768};
  net.exponents = {14, 16, 15, 13};
  net.offsets = {256 * (10 - 2), 256 * (10 + 1), 256 * 10, 256 * (10 - 2)};
  int8_test::Layer L;
  L.w = {1, 1, 1, 1};
  L.b = {0};
  L.m = {16384};
  L.n = {17};
  net.layers = {L};
  const Bytes m_blob = int8_test::build(net);
  const Int8Model m = open(m_blob);
  int8_t q[4];
  const float a[4] = {2.25f, 3.0f, -2.5f, 0.5f};  // 2.5 -> 3, 2.5 -> 3, -2.5 -> -2 (halves up), 0
  dff::int8_quantize_input(m, a, q);
  CHECK(q[0] == 13);
  CHECK(q[1] == 13);
  CHECK(q[2] == 8);
  CHECK(q[3] == 10);
  const float inf = std::numeric_limits<float>::infinity();
  const float big[4] = {1e30f, -1e30f, inf, -std::nanf("")};
  dff::int8_quantize_input(m, big, q);
  CHECK(q[0] == 127);
  CHECK(q[1] == -128);
  CHECK(q[2] == 127);
  CHECK(q[3] == -128);  // NaN reads as the extreme level of its sign
  const float small[4] = {1e-45f, -0.0f, 1.17549435e-38f, 0.5f - 34.625f};  // a denormal, -0, the smallest normal
  dff::int8_quantize_input(m, small, q);
  CHECK(q[0] == 8);
  CHECK(q[1] == 11);
  CHECK(q[2] == 10);
  CHECK(q[3] == -128);
}

TEST_CASE("float_times_fixed with the offset and rounding equals the definition for floats of every kind") {
  dff::Pcg32 rng(21);
  for (int i = 0; i < 300000; ++i) {
    uint32_t bits = rng.next();
    if (i % 4 == 0) bits = (bits & 0x807FFFFFu) | ((110u + rng.bounded(40)) << 23);  // typical magnitudes
    if (i % 97 == 0) bits &= 0x807FFFFFu;                                          // denormals
    float x;
    std::memcpy(&x, &bits, 4);
    const uint16_t k = static_cast<uint16_t>(i % 50 == 0 ? 0 : 32768 + rng.bounded(32768));
    const int16_t e = static_cast<int16_t>(static_cast<int32_t>(rng.bounded(300)) - 128);
    const int32_t c = static_cast<int32_t>(rng.bounded(1u << 30)) - (1 << 29);
    const int32_t t = dff::float_times_fixed(x, k, e) + c;
    const int8_t got = dff::clamp_int8((t + 128) >> 8, -128, 127);
    INFO("x bits " << bits << " k " << k << " e " << e << " c " << c);
    REQUIRE(got == int8_test::quantize_reference(x, k, e, c));
  }
}

TEST_CASE("outputs dequantise as (q - zero point) * scale, and int8_predict chains it all with checks") {
  Net net;
  net.widths = {2, 2};
  net.activations = {4};
  net.offsets = {0, 0};
  net.multipliers = {32768, 32768};  // factor 32768 * 2^-15 = 1
  net.exponents = {15, 15};
  int8_test::Layer L;
  L.out_zero = -3;
  L.out_scale = 0.25f;
  L.zero = -3;
  L.w = {1, 0, 0, 1};
  L.b = {0, 0};
  L.m = {16384, 16384};
  L.n = {15, 15};  // invalid on purpose: below 17
  net.layers = {L};
  Int8Model bad;
  CHECK(dff::blob_int8_model(int8_test::build(net).data(), int8_test::build(net).size(), &bad).code() ==
        StatusCode::kBlobBadTopology);
  net.layers[0].n = {17, 17};  // factor 1/8
  const Bytes blob = int8_test::build(net);
  const Int8Model m = open(blob);
  const int8_t q[2] = {-3, 5};
  float f[2];
  dff::int8_dequantize_output(m, q, f);
  CHECK(f[0] == 0.0f);
  CHECK(f[1] == 2.0f);

  const float in[2] = {16.0f, -24.0f};  // -> q 16, -24 -> acc /8 = 2, -3 -> -1, -6 -> 0.5, -0.75
  float out[2];
  std::vector<int8_t> scratch(dff::int8_scratch_bytes(m.topology));
  REQUIRE(dff::int8_predict(m, in, 2, out, 2, scratch.data(), scratch.size()).ok());
  CHECK(out[0] == 0.5f);
  CHECK(out[1] == -0.75f);
  CHECK(dff::int8_predict(m, in, 3, out, 2, scratch.data(), scratch.size()).code() == StatusCode::kDimensionMismatch);
  CHECK(dff::int8_predict(m, in, 2, out, 1, scratch.data(), scratch.size()).code() == StatusCode::kDimensionMismatch);
  CHECK(dff::int8_predict(m, in, 2, out, 2, scratch.data(), scratch.size() - 1).code() == StatusCode::kBufferTooSmall);
  CHECK(dff::int8_predict(Int8Model{}, in, 2, out, 2, scratch.data(), scratch.size()).code() ==
        StatusCode::kInvalidArgument);
}

TEST_CASE("int8_scratch_bytes is the largest pair of consecutive widths") {
  dff::Topology t;
  const uint16_t widths[] = {3, 4, 9, 2};
  REQUIRE(dff::make_topology(widths, 4, dff::Activation::kRelu, dff::Activation::kLinear, true, &t).ok());
  CHECK(dff::int8_scratch_bytes(t) == 13);
  CHECK(dff::int8_scratch_offset(t, 0, 13) == 0);
  CHECK(dff::int8_scratch_offset(t, 1, 13) == 9);
  CHECK(dff::int8_scratch_offset(t, 2, 13) == 0);
  CHECK(dff::int8_scratch_offset(t, 3, 13) == 11);
}

namespace {

// Bytes policy over a scrambled copy of the blob: any read that bypasses the policy sees garbage.
struct ScrambledBytes {
  static uint8_t get(const uint8_t* p) { return static_cast<uint8_t>(*p ^ 0xA5u); }
  static int32_t dot(const uint8_t* w, const int8_t* x, uint16_t n, int32_t acc) {
    for (uint16_t i = 0; i < n; ++i) acc += static_cast<int8_t>(get(w + i)) * x[i];
    return acc;
  }
};

}  // namespace

TEST_CASE("a blob that only a Bytes policy can read runs through blob_int8_model_at") {
  Net net = int8_test::random_net({5, 6, 3}, {2, 5}, 99);
  net.training = true;
  net.class_names = {"a", "bb", "ccc"};
  size_t section = 0;
  const Bytes blob = int8_test::build(net, &section);
  Bytes scrambled = blob;
  for (uint8_t& b : scrambled) b ^= 0xA5u;
  Int8Model m;
  REQUIRE(dff::blob_int8_model_at<ScrambledBytes>(scrambled.data(), &m).ok());
  CHECK(m.section == section);
  CHECK(m.topology.layer_count == 2);
  CHECK(m.topology.widths[1] == 6);
  const Int8Model plain = open(blob);
  CHECK(plain.section == section);
  dff::Pcg32 rng(3);
  std::vector<int8_t> scratch(dff::int8_scratch_bytes(m.topology));
  for (int row = 0; row < 20; ++row) {
    const std::vector<int8_t> x = random_input(rng, 5);
    std::vector<int8_t> got(3);
    dff::int8_run<ScrambledBytes>(m, x.data(), got.data(), scratch.data());
    REQUIRE(got == int8_test::reference(net, x));
    float raw[5] = {0.5f, -1.0f, 2.0f, 100.0f, -3.5f}, fs[3], fp[3];
    std::vector<int8_t> s2(scratch.size());
    REQUIRE(dff::int8_predict<ScrambledBytes>(m, raw, 5, fs, 3, scratch.data(), scratch.size()).ok());
    REQUIRE(dff::int8_predict(plain, raw, 5, fp, 3, s2.data(), s2.size()).ok());
    REQUIRE(std::memcmp(fs, fp, sizeof fs) == 0);
  }
  // A float blob or a damaged header is refused without touching the handle.
  Bytes wrong = scrambled;
  wrong[4] ^= 0x03u;  // version 2 -> 1
  Int8Model untouched;
  CHECK(dff::blob_int8_model_at<ScrambledBytes>(wrong.data(), &untouched).code() == StatusCode::kUnsupported);
  wrong[4] ^= 0x02u;  // version 3
  CHECK(dff::blob_int8_model_at<ScrambledBytes>(wrong.data(), &untouched).code() == StatusCode::kBlobBadVersion);
  wrong = scrambled;
  wrong[0] ^= 0xFFu;
  CHECK(dff::blob_int8_model_at<ScrambledBytes>(wrong.data(), &untouched).code() == StatusCode::kBlobBadMagic);
  wrong = scrambled;
  wrong[16 + 6] ^= 0x07u;  // activation of layer 0 -> 7
  CHECK(dff::blob_int8_model_at<ScrambledBytes>(wrong.data(), &untouched).code() == StatusCode::kBlobBadTopology);
  CHECK(untouched.bytes == nullptr);
}
