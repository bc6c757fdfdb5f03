#include "core/host/quantize/int8_quantizer.h"

#include <cmath>

#include <algorithm>
#include <string>

#include "core/fixed_point.h"
#include "core/host/export/exportable.h"
#include "core/host/export/layout.h"
#include "core/int8_network.h"

namespace dff {
namespace {

// Smallest span a vector's range is given, so that a constant vector still gets a scale.
constexpr double kMinSpan = 1e-6;
// Beyond these pre-activations the table's output no longer changes (sigmoid: below 1/512
// or above 254.5/256; tanh: beyond 126.5/128), so a wider range would only waste levels.
constexpr double kSigmoidLimit = 6.25;
constexpr double kTanhLimit = 2.6;

struct Range {
  double lo = 0.0;  // always includes 0
  double hi = 0.0;
  void add(float v) {
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
};

struct Quant {
  float scale = 1.0f;
  int8_t zero_point = 0;
};

// Asymmetric int8 quantisation of [lo, hi] (which contains 0), at least `min_scale` per level.
Quant fit(Range r, double min_scale = 0.0) {
  if (r.hi - r.lo < kMinSpan) r.hi = r.lo + kMinSpan;
  Quant q;
  q.scale = static_cast<float>(std::max((r.hi - r.lo) / 255.0, min_scale));
  const double z = std::round(-128.0 - r.lo / static_cast<double>(q.scale));
  q.zero_point = static_cast<int8_t>(std::clamp(z, -128.0, 127.0));
  return q;
}

int8_t round_int8(double v) { return static_cast<int8_t>(std::clamp(std::round(v), -128.0, 127.0)); }

// Ranges the float network reaches on the calibration rows: input vector, and per layer
// the pre-activation (W x + b) and the output.
struct Ranges {
  Range input;
  std::vector<Range> pre, post;
};

Result<Ranges> measure(const DFF& model, const Dataset& data) {
  const Network& net = model.network();
  const Topology& t = net.topology();
  Ranges r;
  r.pre.resize(t.layer_count);
  r.post.resize(t.layer_count);
  for (uint32_t row = 0; row < data.rows; ++row) {
    const float* x = data.inputs.data() + static_cast<size_t>(row) * data.input_width;
    net.forward(x);
    const float* in = net.last_input();
    for (uint32_t i = 0; i < t.inputs(); ++i) r.input.add(in[i]);
    for (uint8_t l = 0; l < t.layer_count; ++l) {
      const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
      const float* w = net.weights(l);
      const float* b = net.biases(l);
      for (uint32_t j = 0; j < n_out; ++j) {
        float z = b != nullptr ? b[j] : 0.0f;
        for (uint32_t i = 0; i < n_in; ++i) z += in[i] * w[static_cast<size_t>(i) * n_out + j];
        if (!std::isfinite(z))
          return Error{"row " + std::to_string(row + 1) + " drives layer " + std::to_string(l) +
                       " to NaN or infinity; check the data"};
        r.pre[l].add(z);
      }
      const float* out = net.layer_output(l);
      for (uint32_t j = 0; j < n_out; ++j) r.post[l].add(out[j]);
      in = out;
    }
  }
  return r;
}

// The quantisation of the value each layer requantises to: the output itself, or the
// pre-activation of a table layer, or the logits of a softmax layer.
Quant requant_target(Activation a, const Range& pre, const Range& post, double min_scale) {
  Range r = pre;
  switch (a) {
    case Activation::kSigmoid:
      r.lo = std::max(r.lo, -kSigmoidLimit);
      r.hi = std::min(r.hi, kSigmoidLimit);
      break;
    case Activation::kTanh:
      r.lo = std::max(r.lo, -kTanhLimit);
      r.hi = std::min(r.hi, kTanhLimit);
      break;
    case Activation::kRelu:
    case Activation::kLeakyRelu: r = post; break;
    case Activation::kLinear:
    case Activation::kSoftmax: break;
  }
  return fit(r, min_scale);
}

Int8LayerParams quantize_layer(const Network& net, uint8_t l, const Quant& in, const Range& pre, const Range& post) {
  const Topology& t = net.topology();
  const Activation a = t.activations[l];
  const uint32_t n_in = t.widths[l], n_out = t.widths[l + 1];
  const std::vector<float> w = neuron_major_weights(net, l);
  const float* b = net.biases(l);
  const double s_in = in.scale;

  Int8LayerParams p;
  p.weight_scales.resize(n_out);
  double widest = 0.0;
  for (uint32_t j = 0; j < n_out; ++j) {
    double top = 0.0;
    for (uint32_t i = 0; i < n_in; ++i) top = std::max(top, std::fabs(static_cast<double>(w[j * n_in + i])));
    // A bias too large for int32 at this weight scale coarsens the weights (only then).
    const double bias = b != nullptr ? std::fabs(static_cast<double>(b[j])) : 0.0;
    const double scale = std::max(top / 127.0, bias / (s_in * (kInt8BiasLimit / 2)));
    p.weight_scales[j] = static_cast<float>(scale);
    widest = std::max(widest, static_cast<double>(p.weight_scales[j]));
  }
  // Factors must stay below 1/4 (core/fixed_point.h): an output step at least 4 accumulator steps.
  const Quant target = requant_target(a, pre, post, 4.0001 * s_in * widest);
  p.requant_scale = target.scale;
  p.requant_zero_point = target.zero_point;
  p.clamp_min = a == Activation::kRelu ? target.zero_point : -128;
  p.clamp_max = 127;
  switch (a) {
    case Activation::kSigmoid:
      p.output_scale = 1.0f / 256.0f;
      p.output_zero_point = -128;
      break;
    case Activation::kTanh:
      p.output_scale = 1.0f / 128.0f;
      p.output_zero_point = 0;
      break;
    case Activation::kSoftmax:
      p.output_scale = 1.0f / 256.0f;
      p.output_zero_point = -128;
      break;
    default:
      p.output_scale = target.scale;
      p.output_zero_point = target.zero_point;
  }

  p.weights.resize(static_cast<size_t>(n_out) * n_in);
  p.biases.resize(n_out);
  p.multipliers.resize(n_out);
  p.shifts.resize(n_out);
  for (uint32_t j = 0; j < n_out; ++j) {
    double s_w = p.weight_scales[j];
    if (s_w == 0.0) {  // no weights and no bias: any scale; 1/1024 of an output step keeps the factor exact
      s_w = static_cast<double>(target.scale) / (s_in * 1024.0);
      p.weight_scales[j] = static_cast<float>(s_w);
      s_w = p.weight_scales[j];
    }
    int64_t sum_q = 0;
    for (uint32_t i = 0; i < n_in; ++i) {
      const int8_t q = static_cast<int8_t>(std::clamp(std::round(static_cast<double>(w[j * n_in + i]) / s_w), -127.0, 127.0));
      p.weights[j * n_in + i] = q;
      sum_q += q;
    }
    const double bias = b != nullptr ? std::round(static_cast<double>(b[j]) / (s_in * s_w)) : 0.0;
    const double folded = bias - static_cast<double>(in.zero_point) * static_cast<double>(sum_q);
    p.biases[j] = static_cast<int32_t>(std::clamp(folded, -static_cast<double>(kInt8BiasLimit),
                                                  static_cast<double>(kInt8BiasLimit)));
    const double factor = s_in * s_w / static_cast<double>(target.scale);
    quantize_multiplier(factor, &p.multipliers[j], &p.shifts[j]);
    if (a == Activation::kLeakyRelu) {
      p.neg_multipliers.resize(n_out);
      p.neg_shifts.resize(n_out);
      quantize_multiplier(factor * static_cast<double>(kLeakyReluSlope), &p.neg_multipliers[j], &p.neg_shifts[j]);
    }
  }

  const double s_t = target.scale;
  if (a == Activation::kSigmoid || a == Activation::kTanh) {
    p.table.resize(kInt8TableEntries);
    for (int q = -128; q < 128; ++q) {
      const double z = s_t * (q - target.zero_point);
      const double y = a == Activation::kSigmoid ? 1.0 / (1.0 + std::exp(-z)) : std::tanh(z);
      p.table[static_cast<size_t>(q + 128)] =
          round_int8(y / static_cast<double>(p.output_scale) + p.output_zero_point);
    }
  } else if (a == Activation::kSoftmax) {
    p.exp_table.resize(kInt8TableEntries);
    for (uint32_t d = 0; d < kInt8TableEntries; ++d)
      p.exp_table[d] = static_cast<uint16_t>(std::round(32768.0 * std::exp(-s_t * d)));
  }
  return p;
}

}  // namespace

void quantize_multiplier(double factor, uint16_t* multiplier, uint8_t* shift) {
  int exponent = 0;
  const double fraction = std::frexp(factor, &exponent);  // factor = fraction * 2^exponent, fraction in [0.5, 1)
  long m = std::lround(fraction * 32768.0);
  int n = 15 - exponent;
  if (m == 32768) {
    m = 16384;
    --n;
  }
  if (factor <= 0.0 || n > kRequantShiftMax) {
    *multiplier = 0;
    *shift = kRequantShiftMin;
    return;
  }
  if (n < kRequantShiftMin) {  // callers keep factors below 1/4; saturate rather than wrap
    m = kRequantMultiplierMax;
    n = kRequantShiftMin;
  }
  *multiplier = static_cast<uint16_t>(m);
  *shift = static_cast<uint8_t>(n);
}

void quantize_input_factor(double factor, uint16_t* multiplier, int16_t* exponent) {
  int x = 0;
  const double fraction = std::frexp(factor, &x);  // [0.5, 1)
  long m = std::lround(fraction * 65536.0);
  int e = 16 - x;
  if (m == 65536) {
    m = 32768;
    --e;
  }
  *multiplier = static_cast<uint16_t>(m);
  *exponent = static_cast<int16_t>(std::clamp(e, -32768, 32767));
}

Result<Int8Params> quantize_int8(const DFF& model, const Dataset& calibration) {
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  const Network& net = model.network();
  const Topology& t = net.topology();
  if (calibration.rows == 0) return Error{"the calibration data has no rows"};
  if (calibration.input_width != t.inputs())
    return Error{"the calibration data has " + std::to_string(calibration.input_width) +
                 " input columns but the network expects " + std::to_string(t.inputs())};
  Result<Ranges> ranges = measure(model, calibration);
  if (!ranges.ok()) return Error{ranges.error()};
  const Ranges& r = ranges.value();

  Int8Params p;
  p.topology = t;
  p.topology.normalize = false;
  const Quant in = fit(r.input);
  p.input_scale = in.scale;
  p.input_zero_point = in.zero_point;
  p.input_offsets.resize(t.inputs());
  p.input_multipliers.resize(t.inputs());
  p.input_exponents.resize(t.inputs());
  for (uint32_t i = 0; i < t.inputs(); ++i) {
    const double stddev = t.normalize ? static_cast<double>(net.norm_std()[i]) : 1.0;
    const double mean = t.normalize ? static_cast<double>(net.norm_mean()[i]) : 0.0;
    quantize_input_factor(1.0 / (stddev * static_cast<double>(in.scale)), &p.input_multipliers[i],
                          &p.input_exponents[i]);
    if (p.input_exponents[i] < kInputExponentMin)
      return Error{"input " + std::to_string(i + 1) + ": its standard deviation is too small for the int8 input step"};
    const double factor = std::ldexp(static_cast<double>(p.input_multipliers[i]), -p.input_exponents[i]);
    const double offset = std::round(256.0 * (in.zero_point - mean * factor));
    p.input_offsets[i] = static_cast<int32_t>(std::clamp(offset, -static_cast<double>(kInt8InputOffsetLimit),
                                                         static_cast<double>(kInt8InputOffsetLimit)));
  }
  Quant layer_in = in;
  for (uint8_t l = 0; l < t.layer_count; ++l) {
    p.layers.push_back(quantize_layer(net, l, layer_in, r.pre[l], r.post[l]));
    layer_in = Quant{p.layers.back().output_scale, p.layers.back().output_zero_point};
  }
  return p;
}

}  // namespace dff
