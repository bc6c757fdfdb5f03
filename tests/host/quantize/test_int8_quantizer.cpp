// The quantiser: multipliers, scales and zero points, weights, folded biases, tables.
#include "core/host/quantize/int8_quantizer.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/fixed_point.h"

using namespace dff;

namespace {

// A data set of the given rows (inputs only matter for calibration).
Dataset rows_of(const std::vector<std::vector<float>>& rows) {
  Dataset d;
  d.rows = static_cast<uint32_t>(rows.size());
  d.input_width = static_cast<uint32_t>(rows[0].size());
  for (const auto& r : rows) d.inputs.insert(d.inputs.end(), r.begin(), r.end());
  return d;
}

// A 2-3-2 model with chosen weights: W0 = [[1, -2, 0.5], [0.25, 1, -1]], b0 = [0.5, -0.25, 0], W1, b1.
DFF small_model(Activation hidden, Activation output) {
  ModelSpec spec;
  spec.widths = {2, 3, 2};
  spec.activations = {hidden, output};
  Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF m = made.value();
  const float w0[] = {1.0f, -2.0f, 0.5f, 0.25f, 1.0f, -1.0f};
  const float b0[] = {0.5f, -0.25f, 0.0f};
  const float w1[] = {1.0f, -1.0f, 0.5f, 0.5f, -0.75f, 2.0f};
  const float b1[] = {0.125f, -0.5f};
  for (int i = 0; i < 6; ++i) m.network().weights(0)[i] = w0[i];
  for (int i = 0; i < 3; ++i) m.network().biases(0)[i] = b0[i];
  for (int i = 0; i < 6; ++i) m.network().weights(1)[i] = w1[i];
  for (int i = 0; i < 2; ++i) m.network().biases(1)[i] = b1[i];
  return m;
}

double factor(uint16_t m, uint8_t n) { return std::ldexp(static_cast<double>(m), -n); }

}  // namespace

TEST_CASE("quantize_multiplier gives the nearest 15-bit multiplier and its shift") {
  uint16_t m = 0;
  uint8_t n = 0;
  quantize_multiplier(0.125, &m, &n);
  CHECK(m == 16384);
  CHECK(n == 17);
  quantize_multiplier(0.2, &m, &n);  // 0.2 = 0.8 * 2^-2 -> 26214.4 -> 26214, shift 17
  CHECK(m == 26214);
  CHECK(n == 17);
  quantize_multiplier(0.001, &m, &n);
  CHECK(factor(m, n) == Approx(0.001).epsilon(1.0 / 32768));
  CHECK(m >= kRequantMultiplierMin);
  quantize_multiplier(std::ldexp(32767.6 / 32768.0, -10), &m, &n);  // rounds up to 2^15: becomes 2^14, one shift less
  CHECK(m == 16384);
  CHECK(n == 24);
  quantize_multiplier(std::ldexp(1.0, -32), &m, &n);  // the smallest factor
  CHECK(m == 16384);
  CHECK(n == 46);
  quantize_multiplier(std::ldexp(1.0, -33), &m, &n);  // below: 0
  CHECK(m == 0);
  quantize_multiplier(0.0, &m, &n);
  CHECK(m == 0);
  quantize_multiplier(0.3, &m, &n);  // out of range: saturates to the largest factor, never wraps
  CHECK(m == kRequantMultiplierMax);
  CHECK(n == kRequantShiftMin);
  for (double f = 1e-9; f < 0.249; f *= 1.37) {
    quantize_multiplier(f, &m, &n);
    INFO(f);
    CHECK(factor(m, n) == Approx(f).epsilon(1.0 / 32768));
    CHECK(n >= kRequantShiftMin);
    CHECK(n <= kRequantShiftMax);
  }
}

TEST_CASE("quantize_input_factor keeps 16 significant bits") {
  uint16_t k = 0;
  int16_t e = 0;
  quantize_input_factor(1.0, &k, &e);
  CHECK(k == 32768);
  CHECK(e == 15);
  quantize_input_factor(63.75, &k, &e);
  CHECK(k == 65280);
  CHECK(e == 10);
  quantize_input_factor(std::ldexp(65535.7 / 65536.0, 3), &k, &e);  // rounds up to 2^16
  CHECK(k == 32768);
  CHECK(e == 12);
  for (double f = 1e-12; f < 1e12; f *= 3.7) {
    quantize_input_factor(f, &k, &e);
    CHECK(k >= kInputMultiplierMin);
    CHECK(std::ldexp(static_cast<double>(k), -e) == Approx(f).epsilon(1.0 / 65536));
  }
}

TEST_CASE("a relu layer: zero point -128 and clamp at it, weights per neuron up to +-127, folded biases") {
  const DFF model = small_model(Activation::kRelu, Activation::kLinear);
  const Dataset calib = rows_of({{0.0f, 0.0f}, {2.0f, -1.0f}, {-1.0f, 3.0f}});
  Result<Int8Params> q = quantize_int8(model, calib);
  REQUIRE(q.ok());
  const Int8Params& p = q.value();
  // Input range [-1, 3]: scale 4/255, zero point round(-128 + 1 / (4/255)) = -64.
  CHECK(p.input_scale == Approx(4.0 / 255));
  CHECK(p.input_zero_point == -64);
  // The factor 1 / input scale = 63.75 = 65280 * 2^-10; offset 256 * zero point.
  CHECK(p.input_multipliers == std::vector<uint16_t>{65280, 65280});
  CHECK(p.input_exponents == std::vector<int16_t>{10, 10});
  CHECK(p.input_offsets == std::vector<int32_t>{-64 * 256, -64 * 256});
  const Int8LayerParams& l0 = p.layers[0];
  CHECK(l0.output_zero_point == -128);
  CHECK(l0.requant_zero_point == -128);
  CHECK(l0.clamp_min == -128);
  // Neuron-major weights: neuron 0 connects (1, 0.25): scale 1/127.
  CHECK(l0.weight_scales[0] == Approx(1.0 / 127));
  CHECK(l0.weights[0] == 127);
  CHECK(l0.weights[1] == 32);  // 0.25 * 127 = 31.75
  CHECK(l0.weights[2] == -127);  // neuron 1: (-2, 1)
  CHECK(l0.weights[3] == 64);    // 63.5 -> 64 (half away from zero)
  // bias 0.5 / (input scale * weight scale) - zero point * sum(q)
  const double b0 = std::round(0.5 / (static_cast<double>(p.input_scale) * static_cast<double>(l0.weight_scales[0])));
  CHECK(l0.biases[0] == static_cast<int32_t>(b0 + 64.0 * (127 + 32)));
  for (size_t j = 0; j < 3; ++j)
    CHECK(factor(l0.multipliers[j], l0.shifts[j]) ==
          Approx(static_cast<double>(p.input_scale) * l0.weight_scales[j] / static_cast<double>(l0.output_scale))
              .epsilon(1.0 / 32768));
  CHECK(l0.table.empty());
  CHECK(l0.neg_multipliers.empty());
  // The linear output layer covers its range with 0 on a level.
  const Int8LayerParams& l1 = p.layers[1];
  CHECK(l1.clamp_min == -128);
  CHECK(l1.output_scale > 0.0f);
  CHECK(l1.requant_zero_point == l1.output_zero_point);
}

TEST_CASE("sigmoid and tanh layers get monotone 256-entry tables with the fixed output scales") {
  for (const Activation a : {Activation::kSigmoid, Activation::kTanh}) {
    const DFF model = small_model(a, a);
    Result<Int8Params> q = quantize_int8(model, rows_of({{0.0f, 0.0f}, {5.0f, -4.0f}, {-3.0f, 6.0f}}));
    REQUIRE(q.ok());
    for (const Int8LayerParams& l : q->layers) {
      REQUIRE(l.table.size() == 256);
      for (size_t i = 1; i < 256; ++i) CHECK(l.table[i] >= l.table[i - 1]);
      if (a == Activation::kSigmoid) {
        CHECK(l.output_scale == 1.0f / 256);
        CHECK(l.output_zero_point == -128);
      } else {
        CHECK(l.output_scale == 1.0f / 128);
        CHECK(l.output_zero_point == 0);
      }
      // The entry of pre-activation 0 is f(0): sigmoid 0.5 -> 0; tanh 0 -> 0.
      CHECK(l.table[static_cast<size_t>(l.requant_zero_point + 128)] == 0);
      // Pre-activations are kept within the range where the table still changes.
      CHECK(static_cast<double>(l.requant_scale) * 255 <= (a == Activation::kSigmoid ? 12.5 : 5.2) + 1e-6);
    }
  }
}

TEST_CASE("leaky relu layers get a second multiplier, 0.01 of the first") {
  const DFF model = small_model(Activation::kLeakyRelu, Activation::kLinear);
  Result<Int8Params> q = quantize_int8(model, rows_of({{0.0f, 0.0f}, {2.0f, -1.0f}, {-1.0f, 3.0f}}));
  REQUIRE(q.ok());
  const Int8LayerParams& l = q->layers[0];
  REQUIRE(l.neg_multipliers.size() == 3);
  for (size_t j = 0; j < 3; ++j)
    CHECK(factor(l.neg_multipliers[j], l.neg_shifts[j]) ==
          Approx(0.01 * factor(l.multipliers[j], l.shifts[j])).epsilon(2.0 / 32768));
}

TEST_CASE("softmax layers get an exp table from 2^15 down") {
  const DFF model = small_model(Activation::kRelu, Activation::kSoftmax);
  Result<Int8Params> q = quantize_int8(model, rows_of({{0.0f, 0.0f}, {2.0f, -1.0f}, {-1.0f, 3.0f}}));
  REQUIRE(q.ok());
  const Int8LayerParams& l = q->layers[1];
  CHECK(l.output_scale == 1.0f / 256);
  CHECK(l.output_zero_point == -128);
  REQUIRE(l.exp_table.size() == 256);
  CHECK(l.exp_table[0] == 32768);
  for (size_t d = 1; d < 256; ++d) CHECK(l.exp_table[d] <= l.exp_table[d - 1]);
  CHECK(l.exp_table[10] == static_cast<uint16_t>(std::lround(32768.0 * std::exp(-10.0 * l.requant_scale))));
}

TEST_CASE("normalisation folds into the input offsets and multipliers") {
  ModelSpec spec;
  spec.widths = {2, 1};
  spec.activations = {Activation::kLinear};
  spec.normalize = true;
  Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF& m = made.value();
  REQUIRE(m.set_normalization({10.0f, -2.0f}, {4.0f, 0.5f}).ok());
  m.network().weights(0)[0] = 1.0f;
  m.network().weights(0)[1] = 1.0f;
  Result<Int8Params> q = quantize_int8(m, rows_of({{6.0f, -3.0f}, {18.0f, -1.0f}}));  // normalised: (-1, -2), (2, 2)
  REQUIRE(q.ok());
  CHECK(q->topology.normalize == false);
  CHECK(q->input_scale == Approx(4.0 / 255));
  // factor 1 / (std * input scale); offset 256 * (zero point - mean * factor)
  const double f0 = std::ldexp(static_cast<double>(q->input_multipliers[0]), -q->input_exponents[0]);
  const double f1 = std::ldexp(static_cast<double>(q->input_multipliers[1]), -q->input_exponents[1]);
  CHECK(f0 == Approx(255.0 / (4.0 * 4.0)).epsilon(1.0 / 65536));
  CHECK(f1 == Approx(255.0 / (0.5 * 4.0)).epsilon(1.0 / 65536));
  CHECK(q->input_offsets[0] == static_cast<int32_t>(std::round(256.0 * (q->input_zero_point - 10.0 * f0))));
  CHECK(q->input_offsets[1] == static_cast<int32_t>(std::round(256.0 * (q->input_zero_point + 2.0 * f1))));
}

TEST_CASE("a degenerate layer (all weights zero) still gets valid factors") {
  DFF model = small_model(Activation::kRelu, Activation::kLinear);
  for (int i = 0; i < 6; ++i) model.network().weights(1)[i] = 0.0f;
  model.network().biases(1)[0] = 0.0f;
  Result<Int8Params> q = quantize_int8(model, rows_of({{0.0f, 0.0f}, {1.0f, 1.0f}}));
  REQUIRE(q.ok());
  const Int8LayerParams& l = q->layers[1];
  CHECK(l.multipliers[0] >= kRequantMultiplierMin);
  CHECK(l.biases[0] == 0);
  CHECK(l.biases[1] != 0);  // -0.5 survives
}

TEST_CASE("quantize_int8 refuses what cannot be calibrated") {
  const DFF model = small_model(Activation::kRelu, Activation::kLinear);
  Dataset empty;
  empty.input_width = 2;
  CHECK(quantize_int8(model, empty).error() == "the calibration data has no rows");
  CHECK(quantize_int8(model, rows_of({{1.0f, 2.0f, 3.0f}})).error() ==
        "the calibration data has 3 input columns but the network expects 2");
  CHECK(quantize_int8(model, rows_of({{NAN, 2.0f}})).error() ==
        "row 1 drives layer 0 to NaN or infinity; check the data");
  DFF broken = model;
  broken.network().weights(0)[2] = NAN;
  CHECK_FALSE(quantize_int8(broken, rows_of({{1.0f, 2.0f}})).ok());
}
