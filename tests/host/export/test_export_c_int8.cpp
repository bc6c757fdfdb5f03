// The int8 C header exporter, its C++ reference arithmetic and calibration. Compiling and
// running the generated headers is tested in tests/exports_host (ctest -L exports).
#include "core/host/export/export_c_int8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/host/data/csv.h"
#include "core/host/export/export_c.h"
#include "core/host/export/export_c_common.h"
#include "core/host/export/exporters.h"
#include "tests/exports_host/header_text.h"
#include "tests/exports_host/test_models.h"

using namespace dff;
namespace ht = dff::header_text;

namespace {

const std::string kExamples = std::string(DFF_SOURCE_DIR) + "/examples";

std::string export_named(const DFF& model, const std::string& name, const std::string& format = "c-int8") {
  ExportOptions options;
  options.name = name;
  Result<ExportedFile> r = export_model(model, format, options);
  INFO(r.error());
  REQUIRE(r.ok());
  return r->bytes;
}

uint32_t macro_u32(const std::string& h, const std::string& name) {
  return static_cast<uint32_t>(strtoul(ht::macro(h, name).c_str(), nullptr, 10));
}

// Bytes of the parameters alone (weights, biases and scales), without the normalisation constants.
uint32_t parameter_bytes(const std::string& h, const std::string& macro_prefix, const Topology& t) {
  return macro_u32(h, macro_prefix + "_WEIGHTS_BYTES") - (t.normalize ? 8u * t.inputs() : 0u);
}

}  // namespace

TEST_CASE("quantize_int8 is symmetric per output neuron and within half a step") {
  Result<test_models::TestModel> t = test_models::mlp64();
  REQUIRE(t.ok());
  const Network& net = t->model.network();
  Result<Int8Model> q = quantize_int8(t->model);
  REQUIRE(q.ok());
  REQUIRE(q->layers.size() == 2);
  for (uint8_t l = 0; l < 2; ++l) {
    const Int8Layer& layer = q->layers[l];
    const std::vector<float> w = neuron_major_weights(net, l);
    REQUIRE(layer.weights.size() == w.size());
    for (uint32_t j = 0; j < layer.outputs; ++j) {
      int peak = 0;
      for (uint32_t i = 0; i < layer.inputs; ++i) {
        const size_t k = static_cast<size_t>(j) * layer.inputs + i;
        const int v = layer.weights[k];
        REQUIRE(v >= -127);
        REQUIRE(v <= 127);
        peak = std::max(peak, std::abs(v));
        REQUIRE(fabsf(w[k] - static_cast<float>(v) * layer.scales[j]) <= 0.5001f * layer.scales[j]);
      }
      CHECK(peak == 127);  // the largest weight of each neuron uses the full range
    }
    for (uint32_t j = 0; j < layer.outputs; ++j) CHECK(layer.biases[j] == net.biases(l)[j]);
  }
}

TEST_CASE("quantize_int8 handles a neuron whose weights are all zero") {
  DFF model({2, 2, 1});
  for (int i = 0; i < 2; ++i) model.network().weights(0)[i * 2 + 1] = 0.0f;  // neuron 1 of layer 0
  model.network().biases(0)[1] = 0.25f;
  Result<Int8Model> q = quantize_int8(model);
  REQUIRE(q.ok());
  CHECK(q->layers[0].scales[1] == 0.0f);
  CHECK(q->layers[0].weights[2] == 0);
  CHECK(q->layers[0].weights[3] == 0);
  const float zeros[2] = {0.0f, 0.0f};
  float out = 0.0f;
  predict_int8(q.value(), zeros, &out);
  CHECK(fabsf(out - model.network().forward(zeros)[0]) < 0.01f);

  // All-zero input: no division by a zero scale; the layer gives exactly activation(bias).
  DFF one({2, 1});
  one.network().biases(0)[0] = 0.75f;
  Result<Int8Model> q1 = quantize_int8(one);
  REQUIRE(q1.ok());
  predict_int8(q1.value(), zeros, &out);
  CHECK(out == one.network().forward(zeros)[0]);
  CHECK(out == sigmoid(0.75f));
}

TEST_CASE("predict_int8 stays close to the float network") {
  Result<test_models::TestModel> t = test_models::seed(kExamples);
  REQUIRE(t.ok());
  Result<Matrix> q = predict_int8(t->model, t->inputs);
  REQUIRE(q.ok());
  const Matrix f = t->model.predict(t->inputs);
  float worst = 0.0f;
  for (uint32_t i = 0; i < f.size(); ++i) worst = std::max(worst, fabsf(f.data()[i] - q->data()[i]));
  CHECK(worst < 0.01f);
  CHECK(worst > 0.0f);  // it really is quantised
  Matrix wrong(1, 4);
  CHECK_FALSE(predict_int8(t->model, wrong).ok());
}

TEST_CASE("int8 on Iris loses at most one point of accuracy") {
  Result<test_models::TestModel> t = test_models::iris(kExamples);
  REQUIRE(t.ok());
  Result<Dataset> data = load_csv(kExamples + "/iris.csv", CsvOptions{});
  REQUIRE(data.ok());
  REQUIRE(data->rows == 150);
  Result<Int8Calibration> c = calibrate_int8(t->model, data.value());
  REQUIRE(c.ok());
  printf("iris 4-8-3 tanh/softmax: float accuracy %.2f%%, int8 accuracy %.2f%%, max |float - int8| %.4f\n",
         100.0 * c->float_accuracy, 100.0 * c->int8_accuracy, static_cast<double>(c->max_abs_difference));
  CHECK(c->samples == 150);
  CHECK(c->float_accuracy >= 0.95f);
  CHECK(c->int8_accuracy >= c->float_accuracy - 0.01f);
  CHECK(c->max_abs_difference > 0.0f);
  CHECK(c->max_abs_difference < 0.05f);

  // The same figures from the one-hot targets when the labels are missing.
  Dataset one_hot = data.value();
  one_hot.labels.clear();
  Result<Int8Calibration> c2 = calibrate_int8(t->model, one_hot);
  REQUIRE(c2.ok());
  CHECK(c2->float_accuracy == c->float_accuracy);
  CHECK(c2->int8_accuracy == c->int8_accuracy);
}

TEST_CASE("int8 weights take a quarter of the float weights' flash") {
  SECTION("iris 4-8-3") {
    Result<test_models::TestModel> t = test_models::iris(kExamples, 5);
    REQUIRE(t.ok());
    const Topology& topo = t->model.topology();
    const std::string f = export_named(t->model, "iris", "c");
    const std::string q = export_named(t->model, "iris", "c-int8");
    // Weight matrices: exactly one byte instead of four.
    std::vector<ht::CArray> fa = ht::numeric_arrays(f), qa = ht::numeric_arrays(q);
    size_t float_matrix = 0, int8_matrix = 0;
    for (const auto& a : fa)
      if (a.name.find("_weights") != std::string::npos) float_matrix += 4 * a.count;
    for (const auto& a : qa)
      if (a.name.find("_weights") != std::string::npos) int8_matrix += a.count;
    CHECK(float_matrix == 224);
    CHECK(int8_matrix * 4 == float_matrix);
    // With 11 float biases and 11 float scales beside 56 weights, the whole parameter set is about half.
    const uint32_t fp = parameter_bytes(f, "IRIS", topo), qp = parameter_bytes(q, "IRIS", topo);
    printf("iris 4-8-3 parameters: float %u bytes, int8 %u bytes (%.1f%%); with normalisation %s vs %s bytes\n", fp,
           qp, 100.0 * qp / fp, ht::macro(f, "IRIS_WEIGHTS_BYTES").c_str(), ht::macro(q, "IRIS_WEIGHTS_BYTES").c_str());
    CHECK(fp == 268);
    CHECK(qp == 144);
  }
  SECTION("64-32-10") {
    Result<test_models::TestModel> t = test_models::mlp64();
    REQUIRE(t.ok());
    const Topology& topo = t->model.topology();
    const std::string f = export_named(t->model, "mlp64", "c");
    const std::string q = export_named(t->model, "mlp64", "c-int8");
    const uint32_t fp = parameter_bytes(f, "MLP64", topo), qp = parameter_bytes(q, "MLP64", topo);
    printf("64-32-10 parameters: float %u bytes, int8 %u bytes (%.1f%%)\n", fp, qp, 100.0 * qp / fp);
    CHECK(fp == 9640);
    CHECK(qp <= 0.3 * fp);
  }
}

TEST_CASE("export_c_int8 arrays are the quantised model and the CRC covers their bytes") {
  Result<test_models::TestModel> t = test_models::iris(kExamples, 5);
  REQUIRE(t.ok());
  Result<Int8Model> qm = quantize_int8(t->model);
  REQUIRE(qm.ok());
  const std::string h = export_named(t->model, "iris8");
  const std::vector<ht::CArray> arrays = ht::numeric_arrays(h);
  const std::vector<std::string> names = {"iris8_input_mean_", "iris8_input_std_", "iris8_weights0_", "iris8_scales0_",
                                          "iris8_biases0_",    "iris8_weights1_",  "iris8_scales1_",  "iris8_biases1_"};
  REQUIRE(arrays.size() == names.size());
  std::vector<uint8_t> bytes;
  auto add_float = [&](float v) {
    uint32_t u;
    memcpy(&u, &v, 4);
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<uint8_t>(u >> (8 * k)));
  };
  for (size_t a = 0; a < arrays.size(); ++a) {
    INFO(arrays[a].name);
    CHECK(arrays[a].name == names[a]);
    REQUIRE(arrays[a].items.size() == arrays[a].count);
  }
  for (size_t i = 0; i < 4; ++i) CHECK(ht::float_value(arrays[0].items[i]) == qm->mean[i]);
  for (size_t i = 0; i < 4; ++i) CHECK(ht::float_value(arrays[1].items[i]) == qm->stddev[i]);
  for (const float v : qm->mean) add_float(v);
  for (const float v : qm->stddev) add_float(v);
  for (size_t l = 0; l < 2; ++l) {
    const Int8Layer& layer = qm->layers[l];
    const ht::CArray& w = arrays[2 + 3 * l];
    const ht::CArray& s = arrays[3 + 3 * l];
    const ht::CArray& b = arrays[4 + 3 * l];
    CHECK(w.type == "int8_t");
    REQUIRE(w.items.size() == layer.weights.size());
    for (size_t i = 0; i < layer.weights.size(); ++i) REQUIRE(std::stoi(w.items[i]) == layer.weights[i]);
    for (size_t j = 0; j < layer.outputs; ++j) REQUIRE(ht::float_value(s.items[j]) == layer.scales[j]);
    for (size_t j = 0; j < layer.outputs; ++j) REQUIRE(ht::float_value(b.items[j]) == layer.biases[j]);
    for (const int8_t v : layer.weights) bytes.push_back(static_cast<uint8_t>(v));
    for (const float v : layer.scales) add_float(v);
    for (const float v : layer.biases) add_float(v);
  }
  char want[40];
  snprintf(want, sizeof want, "UINT32_C(0x%08X)", crc32(bytes.data(), bytes.size()));
  CHECK(ht::macro(h, "IRIS8_WEIGHTS_CRC32") == want);
  CHECK(ht::macro(h, "IRIS8_WEIGHTS_BYTES") == std::to_string(bytes.size()));
  // RAM: the float scratch plus the int8 copy of the widest layer input.
  CHECK(ht::macro(h, "IRIS8_SCRATCH_FLOATS") == "12");
  CHECK(ht::macro(h, "IRIS8_SCRATCH_INT8") == "8");
  CHECK(ht::macro(h, "IRIS8_RAM_BYTES") == "56");
}

TEST_CASE("export_c_int8 has the same API, guard and escaping as the float header") {
  Result<test_models::TestModel> t = test_models::nasty(kExamples);
  REQUIRE(t.ok());
  const std::string h = export_named(t->model, test_models::nasty_name());
  CHECK(h.find("#ifndef MICRODFF_M_1_BAD_NAME_SYSTEM_X_INT8_H\n") != std::string::npos);
  CHECK(h.find("static inline void m_1_bad_name_system_x_predict(const float *input, float *output)") !=
        std::string::npos);
  CHECK(h.find("static inline int m_1_bad_name_system_x_classify(const float *input)") != std::string::npos);
  CHECK(h.find("#define M_1_BAD_NAME_SYSTEM_X_READ_INT8_(address) ((int8_t)pgm_read_byte(address))") !=
        std::string::npos);
  CHECK(h.find("Quantised    weights int8, symmetric, one float scale per output neuron") != std::string::npos);
  const ht::Lexed lexed = ht::lex(h);
  INFO(lexed.problem);
  REQUIRE(lexed.ok);
  REQUIRE(lexed.strings.size() == 2);
  CHECK(lexed.strings[0] == t->model.class_names[0]);
  CHECK(lexed.strings[1] == t->model.class_names[1]);
  CHECK(h.find("nan") == std::string::npos);
}

TEST_CASE("export_c_int8 is deterministic and refuses non-finite models") {
  DFF model({3, 4, 2});
  CHECK(export_named(model, "m") == export_named(DFF(model), "m"));
  model.network().weights(0)[0] = std::numeric_limits<float>::infinity();
  Result<ExportedFile> r = export_c_int8(model, ExportOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "cannot export: layer 0 weight [input 0 -> neuron 0] is infinite; retrain the model");
  Dataset data;
  data.rows = 1;
  data.input_width = 3;
  data.inputs = {0, 0, 0};
  CHECK_FALSE(calibrate_int8(model, data).ok());
}

TEST_CASE("calibrate_int8 reports no accuracy without classes and rejects the wrong width") {
  Result<test_models::TestModel> t = test_models::seed(kExamples);
  REQUIRE(t.ok());
  CsvOptions csv;
  csv.input_columns = 3;
  Result<Dataset> data = load_csv(kExamples + "/seed.csv", csv);
  REQUIRE(data.ok());
  Result<Int8Calibration> c = calibrate_int8(t->model, data.value());
  REQUIRE(c.ok());
  CHECK(c->samples == 8);
  CHECK(c->float_accuracy == -1.0f);
  CHECK(c->int8_accuracy == -1.0f);
  CHECK(c->max_abs_difference > 0.0f);
  CHECK(c->max_abs_difference < 0.01f);
  Dataset wrong = data.value();
  wrong.input_width = 2;
  Result<Int8Calibration> bad = calibrate_int8(t->model, wrong);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error() == "the calibration data has 2 input columns but the network expects 3");
}
