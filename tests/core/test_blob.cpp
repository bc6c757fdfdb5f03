// Blob parser tests. Blobs are built here by an independent writer that follows
// docs/model-format.md, so the parser is checked against the document, not against
// the host exporter (tests/host/export/test_export_blob.cpp checks that one).
#include "core/blob.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/crc32.h"
#include "core/train.h"
#include "core/training_memory.h"
#include "tests/core/int8_blob_writer.h"

using dff::Activation;
using dff::BlobInfo;
using dff::MemoryPlan;
using dff::Network;
using dff::Optimizer;
using dff::Status;
using dff::StatusCode;

namespace {

using Bytes = std::vector<uint8_t>;

void put_u8(Bytes& b, uint32_t v) { b.push_back(static_cast<uint8_t>(v)); }
void put_u16(Bytes& b, uint32_t v) {
  put_u8(b, v & 0xFF);
  put_u8(b, (v >> 8) & 0xFF);
}
void put_u32(Bytes& b, uint32_t v) {
  put_u16(b, v & 0xFFFF);
  put_u16(b, v >> 16);
}
void put_f32(Bytes& b, float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  put_u32(b, u);
}
void set_u32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}
void set_f32(Bytes& b, size_t at, float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  set_u32(b, at, u);
}
void pad(Bytes& b) {
  while (b.size() % 4) put_u8(b, 0);
}

// Rewrites the total size (bytes 8..11) and the CRC trailer after an edit.
void reseal(Bytes& b) {
  set_u32(b, 8, static_cast<uint32_t>(b.size()));
  set_u32(b, b.size() - 4, dff::crc32(b.data(), b.size() - 4));
}

// A model description for the test writer.
struct Model {
  std::vector<uint16_t> widths{3, 4, 2};
  std::vector<uint8_t> activations{0, 0};  // sigmoid, sigmoid
  bool bias = true;
  bool normalize = false;
  bool training = true;
  std::vector<std::string> class_names;
  uint16_t header_size = 16;

  uint32_t parameter_count() const {
    uint32_t n = 0;
    for (size_t i = 0; i + 1 < widths.size(); ++i) n += widths[i] * widths[i + 1] + (bias ? widths[i + 1] : 0u);
    return n;
  }
  float parameter(uint32_t i) const { return static_cast<float>(static_cast<int>(i % 17) - 8) * 0.0625f + 0.01f; }
  float mean(uint32_t i) const { return 0.5f * static_cast<float>(i) - 1.0f; }
  float stddev(uint32_t i) const { return 1.0f + 0.25f * static_cast<float>(i); }

  Bytes build() const {
    Bytes b{'D', 'F', 'F', 'B'};
    put_u16(b, 1);
    put_u16(b, header_size);
    put_u32(b, 0);
    put_u8(b, static_cast<uint32_t>(widths.size() - 1));
    put_u8(b, (bias ? 1u : 0u) | (normalize ? 2u : 0u) | (training ? 4u : 0u) | (class_names.empty() ? 0u : 8u));
    put_u16(b, 0);
    while (b.size() < header_size) put_u8(b, 0x77);  // a future header field this version ignores
    for (const uint16_t w : widths) put_u16(b, w);
    for (const uint8_t a : activations) put_u8(b, a);
    pad(b);
    if (training) {
      put_u8(b, 1);  // cross-entropy
      put_u8(b, 2);  // Adam
      put_u8(b, 1);  // Xavier
      put_u8(b, 1);  // shuffle
      for (const float f : {0.01f, 0.9f, 0.9f, 0.999f, 1e-8f, 0.0f}) put_f32(b, f);
      put_u32(b, 3);     // batch size
      put_u32(b, 1000);  // epochs
      put_f32(b, 0.125f);
      put_u32(b, 0x89ABCDEFu);
      put_u32(b, 0x01234567u);
    }
    if (!class_names.empty()) {
      for (const std::string& n : class_names) {
        put_u8(b, static_cast<uint32_t>(n.size()));
        b.insert(b.end(), n.begin(), n.end());
      }
      pad(b);
    }
    if (normalize) {
      for (uint32_t i = 0; i < widths[0]; ++i) put_f32(b, mean(i));
      for (uint32_t i = 0; i < widths[0]; ++i) put_f32(b, stddev(i));
    }
    for (uint32_t i = 0; i < parameter_count(); ++i) put_f32(b, parameter(i));
    put_u32(b, 0);
    reseal(b);
    return b;
  }
};

// Byte offsets in the default seed-like model (3-4-2, bias, training section, no names).
constexpr size_t kWidths = 16;
constexpr size_t kActivations = 22;
constexpr size_t kTraining = 24;
constexpr size_t kParams = kTraining + 48;

StatusCode inspect(const Bytes& b) { return dff::blob_inspect(b.data(), b.size(), nullptr).code(); }

// Reference network with the same parameters, built through the Network API.
Network reference(const Model& m, std::vector<float>& storage) {
  dff::Topology t;
  t.layer_count = static_cast<uint8_t>(m.widths.size() - 1);
  for (size_t i = 0; i < m.widths.size(); ++i) t.widths[i] = m.widths[i];
  for (size_t i = 0; i < m.activations.size(); ++i) t.activations[i] = static_cast<Activation>(m.activations[i]);
  t.bias = m.bias;
  t.normalize = m.normalize;
  const MemoryPlan plan{false, Optimizer::kSgd};
  storage.assign(dff::bytes_required(t, plan) / 4, 0.0f);
  Network net;
  REQUIRE(net.init(t, plan, storage.data(), storage.size() * 4).ok());
  for (uint32_t i = 0; i < net.parameter_count(); ++i) net.parameters()[i] = m.parameter(i);
  if (m.normalize)
    for (uint32_t i = 0; i < t.inputs(); ++i) {
      net.norm_mean()[i] = m.mean(i);
      net.norm_std()[i] = m.stddev(i);
    }
  return net;
}

const float kSeedRows[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};

}  // namespace

TEST_CASE("a valid blob is inspected field by field") {
  Model m;
  m.class_names = {"even", "odd \"q\""};
  const Bytes b = m.build();
  BlobInfo info;
  uint32_t offset = 12345;
  REQUIRE(dff::blob_inspect(b.data(), b.size(), &info, &offset).ok());
  CHECK(offset == 12345);  // only written on failure
  CHECK(info.topology.layer_count == 2);
  CHECK(info.topology.widths[0] == 3);
  CHECK(info.topology.widths[1] == 4);
  CHECK(info.topology.widths[2] == 2);
  CHECK(info.topology.activations[1] == Activation::kSigmoid);
  CHECK(info.topology.bias);
  CHECK_FALSE(info.topology.normalize);
  CHECK(info.total_bytes == b.size());
  CHECK(info.crc32 == dff::crc32(b.data(), b.size() - 4));
  REQUIRE(info.has_training);
  CHECK(info.training.options.loss == dff::Loss::kCrossEntropy);
  CHECK(info.training.options.optimizer == Optimizer::kAdam);
  CHECK(info.training.options.learning_rate == 0.01f);
  CHECK(info.training.options.beta2 == 0.999f);
  CHECK(info.training.options.epsilon == 1e-8f);
  CHECK(info.training.options.batch_size == 3);
  CHECK(info.training.options.shuffle);
  CHECK(info.training.init == dff::Init::kXavier);
  CHECK(info.training.epochs == 1000);
  CHECK(info.training.final_loss == 0.125f);
  CHECK(info.training.seed == 0x0123456789ABCDEFull);
  CHECK(info.class_count == 2);
  CHECK(info.class_names_offset == kParams);
  CHECK(info.norm_offset == 0);
  CHECK(info.params_offset == kParams + 16);  // 1+4 + 1+7 = 13 bytes of names, padded to 16
  const char* name = nullptr;
  uint8_t length = 0;
  REQUIRE(dff::blob_class_name(b.data(), b.size(), info, 1, &name, &length).ok());
  CHECK(std::string(name, length) == "odd \"q\"");
  REQUIRE(dff::blob_class_name(b.data(), b.size(), info, 0, &name, &length).ok());
  CHECK(std::string(name, length) == "even");
  CHECK(dff::blob_class_name(b.data(), b.size(), info, 2, &name, &length).code() == StatusCode::kInvalidArgument);
  CHECK(dff::blob_class_name(b.data(), b.size() - 1, info, 0, &name, &length).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("blob_load predicts exactly like a network built with the same parameters, for every plan") {
  Model m;
  SECTION("seed shape") {}
  SECTION("normalised, no bias, mixed activations, softmax") {
    m.widths = {5, 7, 6, 3};
    m.activations = {3, 2, 5};
    m.bias = false;
    m.normalize = true;
    m.training = false;
  }
  const Bytes b = m.build();
  std::vector<float> ref_storage;
  const Network ref = reference(m, ref_storage);
  const uint32_t n_in = m.widths.front();
  const uint32_t n_out = m.widths.back();

  for (const MemoryPlan plan : {MemoryPlan{false, Optimizer::kSgd}, MemoryPlan{true, Optimizer::kSgd},
                                MemoryPlan{true, Optimizer::kMomentum}, MemoryPlan{true, Optimizer::kAdam}}) {
    BlobInfo info;
    REQUIRE(dff::blob_inspect(b.data(), b.size(), &info).ok());
    const size_t need = dff::bytes_required(info.topology, plan);
    std::vector<float> buffer(need / 4, 123.0f);
    Network net;
    const Status s = dff::blob_load(b.data(), b.size(), plan, buffer.data(), need, &net);
    INFO("training " << plan.training << " optimizer " << static_cast<int>(plan.optimizer));
    REQUIRE(s.ok());
    CHECK(net.bytes() == need);
    CHECK(net.plan().training == plan.training);
    REQUIRE(net.parameter_count() == ref.parameter_count());
    for (uint32_t i = 0; i < net.parameter_count(); ++i) REQUIRE(net.parameters()[i] == ref.parameters()[i]);
    if (plan.training) {
      for (uint32_t i = 0; i < net.parameter_count(); ++i) REQUIRE(dff::TrainingMemory(net).gradients()[i] == 0.0f);
      if (float* state = dff::TrainingMemory(net).optimizer_state()) CHECK(state[0] == 0.0f);
    }
    for (uint32_t row = 0; row < 8; ++row) {
      std::vector<float> x(n_in);
      for (uint32_t i = 0; i < n_in; ++i) x[i] = kSeedRows[row][i % 3] * static_cast<float>(i + 1) - 0.5f;
      std::vector<float> want(n_out), got(n_out);
      REQUIRE(ref.predict(x.data(), n_in, want.data(), n_out).ok());
      REQUIRE(net.predict(x.data(), n_in, got.data(), n_out).ok());
      for (uint32_t k = 0; k < n_out; ++k) REQUIRE(got[k] == want[k]);
    }
    if (plan.training) {
      // A loaded network trains in place: the board's use case.
      dff::TrainOptions options;
      options.optimizer = plan.optimizer;
      options.learning_rate = 0.1f;
      options.loss = m.activations.back() == 5 ? dff::Loss::kCrossEntropy : dff::Loss::kMse;
      std::vector<float> x(n_in, 1.0f), target(n_out, 0.0f);
      target[0] = 1.0f;
      float first = 0.0f, last = 0.0f;
      REQUIRE(dff::train_sample(net, x.data(), target.data(), options, &first).ok());
      for (int i = 0; i < 20; ++i) REQUIRE(dff::train_sample(net, x.data(), target.data(), options, &last).ok());
      CHECK(last < first);
      CHECK(net.parameters()[0] != ref.parameters()[0]);
    } else {
      CHECK(dff::TrainingMemory(net).gradients() == nullptr);
    }
  }
}

TEST_CASE("an inference-only plan needs the least RAM") {
  const Bytes b = Model{}.build();
  BlobInfo info;
  REQUIRE(dff::blob_inspect(b.data(), b.size(), &info).ok());
  const size_t inference = dff::bytes_required(info.topology, MemoryPlan{false, Optimizer::kSgd});
  CHECK(inference == (26 + 6) * sizeof(float));
  CHECK(inference < dff::bytes_required(info.topology, MemoryPlan{true, Optimizer::kSgd}));
}

TEST_CASE("blobs are read from any address (no aligned loads)") {
  Model m;
  m.normalize = true;
  const Bytes b = m.build();
  std::vector<float> ref_storage;
  const Network ref = reference(m, ref_storage);
  for (size_t shift = 0; shift < 4; ++shift) {
    Bytes shifted(shift, 0xEE);
    shifted.insert(shifted.end(), b.begin(), b.end());
    const uint8_t* data = shifted.data() + shift;
    std::vector<float> buffer(64);
    Network net;
    REQUIRE(dff::blob_load(data, b.size(), MemoryPlan{false, Optimizer::kSgd}, buffer.data(), 64 * 4, &net).ok());
    for (uint32_t i = 0; i < net.parameter_count(); ++i) REQUIRE(net.parameters()[i] == ref.parameters()[i]);
    for (uint32_t i = 0; i < 3; ++i) REQUIRE(net.norm_std()[i] == ref.norm_std()[i]);
  }
}

TEST_CASE("a longer header from a future minor revision is skipped") {
  Model m;
  m.header_size = 24;
  const Bytes b = m.build();
  BlobInfo info;
  REQUIRE(dff::blob_inspect(b.data(), b.size(), &info).ok());
  CHECK(info.topology.widths[2] == 2);
  CHECK(info.params_offset == 24 + 8 + 48);
}

TEST_CASE("each kind of bad input gets its own status code") {
  const Bytes good = Model{}.build();
  REQUIRE(inspect(good) == StatusCode::kOk);

  SECTION("truncated") {
    CHECK(inspect(Bytes(good.begin(), good.end() - 1)) == StatusCode::kBlobTruncated);
    CHECK(inspect(Bytes(good.begin(), good.begin() + 10)) == StatusCode::kBlobTruncated);
    CHECK(dff::blob_inspect(nullptr, 0, nullptr).code() == StatusCode::kBlobTruncated);
  }
  SECTION("wrong magic") {
    Bytes b = good;
    b[3] = 'X';
    CHECK(inspect(b) == StatusCode::kBlobBadMagic);
    const std::string json = "{\"format\": \"microdff-model\"}";
    CHECK(inspect(Bytes(json.begin(), json.end())) == StatusCode::kBlobBadMagic);
    CHECK(inspect(Bytes{'D', 'F', 'X'}) == StatusCode::kBlobBadMagic);
  }
  SECTION("wrong version") {
    Bytes b = good;
    b[4] = 3;
    CHECK(inspect(b) == StatusCode::kBlobBadVersion);
    b[4] = 0;
    CHECK(inspect(b) == StatusCode::kBlobBadVersion);
    b[4] = 1;
    b[5] = 1;  // 257: little-endian matters
    CHECK(inspect(b) == StatusCode::kBlobBadVersion);
  }
  SECTION("oversized") {
    Bytes b = good;
    b.push_back(0);
    uint32_t offset = 0;
    CHECK(dff::blob_inspect(b.data(), b.size(), nullptr, &offset).code() == StatusCode::kBlobOversized);
    CHECK(offset == good.size());
    Bytes twice = good;
    twice.insert(twice.end(), good.begin(), good.end());
    CHECK(inspect(twice) == StatusCode::kBlobOversized);
  }
  SECTION("CRC mismatch") {
    Bytes b = good;
    b[kParams + 5] ^= 0x10;
    uint32_t offset = 0;
    CHECK(dff::blob_inspect(b.data(), b.size(), nullptr, &offset).code() == StatusCode::kBlobBadCrc);
    CHECK(offset == good.size() - 4);
    Bytes c = good;
    c.back() ^= 1;
    CHECK(inspect(c) == StatusCode::kBlobBadCrc);
  }
  SECTION("null data with a size") { CHECK(dff::blob_inspect(nullptr, 5, nullptr).code() == StatusCode::kInvalidArgument); }
}

TEST_CASE("inconsistent topology, sections or sizes are kBlobBadTopology even with a valid CRC") {
  const Bytes good = Model{}.build();
  struct Case {
    const char* what;
    size_t at;
    uint8_t value;
    uint32_t expected_offset;
  };
  const Case cases[] = {
      {"layer count 0", 12, 0, 12},
      {"layer count above DFF_MAX_LAYERS", 12, dff::kMaxLayers + 1, 12},
      {"layer count disagrees with the size", 12, 3, 0},
      {"unknown flag bit", 13, 0x15, 13},
      {"reserved header byte", 14, 1, 14},
      {"header size below 16", 6, 12, 6},
      {"header size not a multiple of 4", 6, 18, 6},
      {"header size beyond the blob", 7, 2, 6},
      {"zero width", kWidths + 2, 0, kWidths},
      {"width above 4096", kWidths + 3, 0x20, kWidths},
      {"width disagrees with the size", kWidths + 2, 5, 0},
      {"unknown activation", kActivations + 1, 6, kActivations + 1},
      {"softmax on a hidden layer", kActivations, 5, kWidths},
      {"unknown loss", kTraining, 2, kTraining},
      {"unknown optimizer", kTraining + 1, 3, kTraining + 1},
      {"unknown init", kTraining + 2, 3, kTraining + 2},
      {"unknown training flag", kTraining + 3, 2, kTraining + 3},
      {"training flag without a section", 13, 0x01, 0},
      {"class names without a section", 13, 0x0D, 0},
      {"normalisation without a section", 13, 0x07, 0},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Bytes b = good;
    b[c.at] = c.value;
    reseal(b);
    uint32_t offset = 9999;
    CHECK(dff::blob_inspect(b.data(), b.size(), nullptr, &offset).code() == StatusCode::kBlobBadTopology);
    if (c.expected_offset != 0) CHECK(offset == c.expected_offset);
  }

  SECTION("declared size larger than the content needs") {
    Bytes b = good;
    b.insert(b.end() - 4, {0, 0, 0, 0});
    reseal(b);
    CHECK(inspect(b) == StatusCode::kBlobBadTopology);
  }
  SECTION("declared size smaller than a header and a CRC") {
    Bytes b = good;
    set_u32(b, 8, 19);
    CHECK(inspect(b) == StatusCode::kBlobBadTopology);
  }
  SECTION("non-zero padding") {
    Model m;
    m.widths = {3, 4, 4, 2};  // 8 bytes of widths + 3 activations = 27: one padding byte
    m.activations = {0, 0, 0};
    Bytes b = m.build();
    REQUIRE(inspect(b) == StatusCode::kOk);
    b[16 + 8 + 3] = 1;
    reseal(b);
    CHECK(inspect(b) == StatusCode::kBlobBadTopology);
  }
  SECTION("class name running past the end") {
    Model m;
    m.class_names = {"a", "b"};
    Bytes b = m.build();
    b[kParams + 2] = 250;  // second name claims 250 bytes
    reseal(b);
    CHECK(inspect(b) == StatusCode::kBlobBadTopology);
  }
  SECTION("normalisation standard deviation zero or negative") {
    Model m;
    m.normalize = true;
    for (const float bad : {0.0f, -1.0f}) {
      Bytes b = m.build();
      set_f32(b, kParams + 12 + 4, bad);  // std of input 2
      reseal(b);
      uint32_t offset = 0;
      CHECK(dff::blob_inspect(b.data(), b.size(), nullptr, &offset).code() == StatusCode::kBlobBadTopology);
      CHECK(offset == kParams + 16);
    }
  }
}

TEST_CASE("NaN or infinite values are rejected with kNonFinite") {
  Model m;
  m.normalize = true;
  const Bytes good = m.build();
  const size_t params = kParams + 24;
  for (const size_t at : {params, params + 4 * 25, kParams + 4 /* mean */, kParams + 20 /* std */}) {
    for (const uint32_t bits : {0x7FC00000u, 0x7F800000u, 0xFF800000u}) {
      Bytes b = good;
      set_u32(b, at, bits);
      reseal(b);
      uint32_t offset = 0;
      CHECK(dff::blob_inspect(b.data(), b.size(), nullptr, &offset).code() == StatusCode::kNonFinite);
      CHECK(offset == at);
    }
  }
  Bytes b = good;
  set_u32(b, kTraining + 4, 0x7FC00000u);  // learning rate
  reseal(b);
  CHECK(inspect(b) == StatusCode::kNonFinite);
}

TEST_CASE("a valid model larger than the caller's buffer is kBlobTooLarge") {
  Model m;
  m.widths = {64, 32, 10};
  m.activations = {1, 5};
  const Bytes b = m.build();
  BlobInfo info;
  REQUIRE(dff::blob_inspect(b.data(), b.size(), &info).ok());
  for (const MemoryPlan plan : {MemoryPlan{false, Optimizer::kSgd}, MemoryPlan{true, Optimizer::kAdam}}) {
    const size_t need = dff::bytes_required(info.topology, plan);
    std::vector<float> buffer(need / 4);
    Network net;
    CHECK(dff::blob_load(b.data(), b.size(), plan, buffer.data(), need - 4, &net).code() == StatusCode::kBlobTooLarge);
    CHECK(dff::blob_load(b.data(), b.size(), plan, buffer.data(), 0, &net).code() == StatusCode::kBlobTooLarge);
    CHECK_FALSE(net.valid());
    CHECK(dff::blob_load(b.data(), b.size(), plan, buffer.data(), need, &net).ok());
  }
  // The same model in a 2 KiB board buffer, whereas an inference plan needs 9808 bytes.
  alignas(4) static uint8_t board_ram[2048];
  Network net;
  CHECK(dff::blob_load(b.data(), b.size(), MemoryPlan{false, Optimizer::kSgd}, board_ram, sizeof board_ram, &net)
            .code() == StatusCode::kBlobTooLarge);
}

TEST_CASE("on failure neither the network handle nor the buffer is touched") {
  Model m;
  const Bytes good = m.build();
  std::vector<float> active(64);
  Network net;
  REQUIRE(dff::blob_load(good.data(), good.size(), MemoryPlan{false, Optimizer::kSgd}, active.data(), 256, &net).ok());
  float before[2];
  const float x[3] = {1, 0, 1};
  REQUIRE(net.predict(x, 3, before, 2).ok());
  const std::vector<float> active_copy = active;  // after predict, which writes layer outputs

  Bytes corrupt = good;
  corrupt[kParams] ^= 0xFF;
  Bytes wrong_version = good;
  wrong_version[4] = 9;
  const Bytes truncated(good.begin(), good.end() - 7);
  for (const Bytes* bad : std::initializer_list<const Bytes*>{&corrupt, &wrong_version, &truncated}) {
    REQUIRE_FALSE(dff::blob_load(bad->data(), bad->size(), MemoryPlan{}, active.data(), 256, &net).ok());
    CHECK(active == active_copy);
    CHECK(net.valid());
    CHECK(net.bytes() == 32 * 4);
    float after[2];
    REQUIRE(net.predict(x, 3, after, 2).ok());
    CHECK(after[0] == before[0]);
    CHECK(after[1] == before[1]);
  }
  // Too small a buffer, a misaligned one, a null one: the same.
  auto* misaligned = reinterpret_cast<float*>(reinterpret_cast<uint8_t*>(active.data()) + 1);
  CHECK(dff::blob_load(good.data(), good.size(), MemoryPlan{}, active.data(), 8, &net).code() ==
        StatusCode::kBlobTooLarge);
  CHECK(dff::blob_load(good.data(), good.size(), MemoryPlan{false, Optimizer::kSgd}, misaligned, 200, &net).code() ==
        StatusCode::kInvalidArgument);
  CHECK(dff::blob_load(good.data(), good.size(), MemoryPlan{}, nullptr, 4096, &net).code() ==
        StatusCode::kInvalidArgument);
  CHECK(dff::blob_load(good.data(), good.size(), MemoryPlan{}, active.data(), 256, nullptr).code() ==
        StatusCode::kInvalidArgument);
  CHECK(active == active_copy);
  CHECK(net.bytes() == 32 * 4);
}

TEST_CASE("every single-byte corruption of a blob is rejected") {
  Model m;
  m.class_names = {"zero", "one"};
  m.normalize = true;
  const Bytes good = m.build();
  size_t crc_errors = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    for (uint32_t x = 1; x < 256; ++x) {
      Bytes b = good;
      b[i] = static_cast<uint8_t>(b[i] ^ x);
      const StatusCode code = inspect(b);
      INFO("byte " << i << " xor " << x);
      REQUIRE(code != StatusCode::kOk);
      // Only magic, version and total size are checked before the CRC.
      const bool before_crc = i < 6 || (i >= 8 && i < 12);
      if (!before_crc) REQUIRE(code == StatusCode::kBlobBadCrc);
      if (code == StatusCode::kBlobBadCrc) ++crc_errors;
    }
  }
  // Plus version 1 -> 2 (byte 4 xor 3), which is a known version and so reaches the CRC check.
  CHECK(crc_errors == (good.size() - 10) * 255 + 1);
}

TEST_CASE("every truncation of a blob is rejected as truncated") {
  Model m;
  m.class_names = {"zero", "one"};
  const Bytes good = m.build();
  for (size_t n = 0; n < good.size(); ++n) {
    // Exact-size copies so AddressSanitizer would catch a read past `n`.
    std::vector<uint8_t> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    INFO("length " << n);
    REQUIRE(dff::blob_inspect(cut.empty() ? nullptr : cut.data(), n, nullptr).code() == StatusCode::kBlobTruncated);
    std::vector<float> buffer(64);
    Network net;
    REQUIRE(dff::blob_load(cut.data(), n, MemoryPlan{}, buffer.data(), 256, &net).code() ==
            StatusCode::kBlobTruncated);
  }
}

namespace {

// An int8 blob with every kind of layer array: leaky relu (negative multipliers), sigmoid
// (table) and softmax (exp table); 3-5-4-3 so that every array needs padding.
int8_test::Net int8_net() {
  int8_test::Net net = int8_test::random_net({3, 5, 4, 3}, {2, 0, 5}, 5);
  net.training = true;
  net.class_names = {"x", "yy", "zzz"};
  return net;
}

// Status and error offset of blob_inspect after `edit` and a reseal (valid CRC).
StatusCode inspect_edited(const std::function<void(Bytes&, size_t)>& edit, uint32_t* offset) {
  size_t section = 0;
  Bytes b = int8_test::build(int8_net(), &section);
  edit(b, section);
  int8_test::reseal(b);
  return dff::blob_inspect(b.data(), b.size(), nullptr, offset).code();
}

}  // namespace

TEST_CASE("an int8 blob (version 2) is inspected and opened; float and int8 loaders refuse each other's blobs") {
  size_t section = 0;
  const Bytes b = int8_test::build(int8_net(), &section);
  BlobInfo info;
  REQUIRE(dff::blob_inspect(b.data(), b.size(), &info).ok());
  CHECK(info.int8);
  CHECK(info.int8_offset == section);
  CHECK(info.params_offset == 0);
  CHECK(info.norm_offset == 0);
  CHECK(info.has_training);
  CHECK(info.class_count == 3);
  CHECK(info.topology.layer_count == 3);
  CHECK(info.topology.widths[2] == 4);
  CHECK(info.topology.activations[2] == Activation::kSoftmax);
  CHECK(info.total_bytes == b.size());
  CHECK(section == 16 + 12 + 48 + 12);  // header, topology (3*3+2 -> 12), training, names (2+3+4 -> 12)
  const char* name = nullptr;
  uint8_t length = 0;
  REQUIRE(dff::blob_class_name(b.data(), b.size(), info, 2, &name, &length).ok());
  CHECK(std::string(name, length) == "zzz");

  dff::Int8Model m;
  REQUIRE(dff::blob_int8_model(b.data(), b.size(), &m).ok());
  CHECK(m.bytes == b.data());
  CHECK(m.section == section);
  std::vector<float> buffer(1024);
  Network net;
  CHECK(dff::blob_load(b.data(), b.size(), MemoryPlan{}, buffer.data(), 4096, &net).code() == StatusCode::kUnsupported);
  CHECK(!net.valid());
  const Bytes float_blob = Model{}.build();
  dff::Int8Model untouched;
  CHECK(dff::blob_int8_model(float_blob.data(), float_blob.size(), &untouched).code() == StatusCode::kUnsupported);
  CHECK(untouched.bytes == nullptr);
  CHECK(dff::blob_int8_model(b.data(), b.size(), nullptr).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("version and int8 flag go together") {
  uint32_t at = 0;
  // Version 2 without the int8 flag, version 1 with it, and normalisation in an int8 blob.
  CHECK(inspect_edited([](Bytes& b, size_t) { b[13] &= static_cast<uint8_t>(~0x10u); }, &at) ==
        StatusCode::kBlobBadTopology);
  CHECK(at == 13);
  CHECK(inspect_edited([](Bytes& b, size_t) { b[4] = 1; }, &at) == StatusCode::kBlobBadTopology);
  CHECK(at == 13);
  CHECK(inspect_edited([](Bytes& b, size_t) { b[13] |= 0x02u; }, &at) == StatusCode::kBlobBadTopology);
  CHECK(at == 13);
}

TEST_CASE("every int8 field out of its range is rejected at its offset") {
  const int8_test::Net net = int8_net();
  dff::Topology t;
  t.layer_count = 3;
  const uint16_t widths[] = {3, 5, 4, 3};
  for (uint32_t i = 0; i < 4; ++i) t.widths[i] = widths[i];
  t.activations[0] = Activation::kLeakyRelu;
  t.activations[1] = Activation::kSigmoid;
  t.activations[2] = Activation::kSoftmax;
  size_t section = 0;
  int8_test::build(net, &section);
  const uint32_t s = static_cast<uint32_t>(section);
  const dff::Int8LayerLayout l0 = dff::int8_layer_layout(t, 0, s + dff::int8_input_bytes(t));
  const dff::Int8LayerLayout l1 = dff::int8_layer_layout(t, 1, l0.end);
  const dff::Int8LayerLayout l2 = dff::int8_layer_layout(t, 2, l1.end);
  CHECK(l0.neg_multipliers != 0u);
  CHECK(l1.table != 0u);
  CHECK(l2.end + 4u == int8_test::build(net).size());

  struct Case {
    const char* what;
    std::function<void(Bytes&, size_t)> edit;
    uint32_t offset;
    StatusCode code;
  };
  const auto u16 = [](Bytes& b, uint32_t at, uint32_t v) {
    b[at] = static_cast<uint8_t>(v);
    b[at + 1] = static_cast<uint8_t>(v >> 8);
  };
  const auto f32 = [](Bytes& b, uint32_t at, float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    int8_test::set32(b, at, u);
  };
  const std::vector<Case> cases = {
      {"input header padding", [&](Bytes& b, size_t) { b[s + 2] = 1; }, s + 2, StatusCode::kBlobBadTopology},
      {"input scale 0", [&](Bytes& b, size_t) { f32(b, s + 4, 0.0f); }, s + 4, StatusCode::kBlobBadTopology},
      {"input scale NaN", [&](Bytes& b, size_t) { f32(b, s + 4, std::nanf("")); }, s + 4, StatusCode::kNonFinite},
      {"input offset 2^29 + 1", [&](Bytes& b, size_t) { int8_test::set32(b, s + 8 + 4, (1u << 29) + 1u); }, s + 12,
       StatusCode::kBlobBadTopology},
      {"input multiplier 32767", [&](Bytes& b, size_t) { u16(b, s + 8 + 12 + 2, 32767); }, s + 8 + 12 + 2,
       StatusCode::kBlobBadTopology},
      {"input multiplier padding", [&](Bytes& b, size_t) { b[s + 8 + 12 + 7] = 1; }, s + 8 + 12 + 7,
       StatusCode::kBlobBadTopology},
      {"input exponent -129", [&](Bytes& b, size_t) { u16(b, s + 8 + 12 + 8 + 4, 0xFF7F); }, s + 8 + 12 + 8 + 4,
       StatusCode::kBlobBadTopology},
      {"input exponent padding", [&](Bytes& b, size_t) { b[s + 8 + 12 + 8 + 6] = 1; }, s + 8 + 12 + 8 + 6,
       StatusCode::kBlobBadTopology},
      {"clamp min > max", [&](Bytes& b, size_t) { b[l0.header + 1] = 5; b[l0.header + 2] = 4; }, l0.header + 1,
       StatusCode::kBlobBadTopology},
      {"output scale -0.5", [&](Bytes& b, size_t) { f32(b, l1.header + 4, -0.5f); }, l1.header + 4,
       StatusCode::kBlobBadTopology},
      {"weight -128", [&](Bytes& b, size_t) { b[l0.weights + 7] = 0x80; }, l0.weights + 7, StatusCode::kBlobBadTopology},
      {"weight padding", [&](Bytes& b, size_t) { b[l0.weights + 15] = 1; }, l0.weights + 15,
       StatusCode::kBlobBadTopology},
      {"bias 2^30 + 1", [&](Bytes& b, size_t) { int8_test::set32(b, l1.biases + 4, (1u << 30) + 1u); }, l1.biases + 4,
       StatusCode::kBlobBadTopology},
      {"bias -2^30 - 1", [&](Bytes& b, size_t) { int8_test::set32(b, l1.biases, 0xBFFFFFFFu); }, l1.biases,
       StatusCode::kBlobBadTopology},
      {"multiplier 16383", [&](Bytes& b, size_t) { u16(b, l2.multipliers + 2, 16383); }, l2.multipliers + 2,
       StatusCode::kBlobBadTopology},
      {"multiplier 32768", [&](Bytes& b, size_t) { u16(b, l2.multipliers, 32768); }, l2.multipliers,
       StatusCode::kBlobBadTopology},
      {"multiplier padding", [&](Bytes& b, size_t) { b[l2.multipliers + 6] = 1; }, l2.multipliers + 6,
       StatusCode::kBlobBadTopology},
      {"shift 16", [&](Bytes& b, size_t) { b[l0.shifts + 4] = 16; }, l0.shifts + 4, StatusCode::kBlobBadTopology},
      {"shift 47", [&](Bytes& b, size_t) { b[l0.shifts] = 47; }, l0.shifts, StatusCode::kBlobBadTopology},
      {"shift padding", [&](Bytes& b, size_t) { b[l0.shifts + 5] = 1; }, l0.shifts + 5, StatusCode::kBlobBadTopology},
      {"negative multiplier 1", [&](Bytes& b, size_t) { u16(b, l0.neg_multipliers + 8, 1); }, l0.neg_multipliers + 8,
       StatusCode::kBlobBadTopology},
      {"negative shift 60", [&](Bytes& b, size_t) { b[l0.neg_shifts + 1] = 60; }, l0.neg_shifts + 1,
       StatusCode::kBlobBadTopology},
      {"negative shift padding", [&](Bytes& b, size_t) { b[l0.neg_shifts + 7] = 1; }, l0.neg_shifts + 7,
       StatusCode::kBlobBadTopology},
      {"exp table starts with 0", [&](Bytes& b, size_t) { u16(b, l2.table, 0); }, l2.table,
       StatusCode::kBlobBadTopology},
      {"exp table entry 32769", [&](Bytes& b, size_t) { u16(b, l2.table + 20, 32769); }, l2.table + 20,
       StatusCode::kBlobBadTopology},
  };
  for (const Case& c : cases) {
    uint32_t at = 0;
    INFO(c.what);
    CHECK(inspect_edited(c.edit, &at) == c.code);
    CHECK(at == c.offset);
  }
  // A sigmoid table takes any values; a multiplier of 0 is valid.
  uint32_t at = 0;
  CHECK(inspect_edited([&](Bytes& b, size_t) { b[l1.table + 9] = 0x80; }, &at) == StatusCode::kOk);
  CHECK(inspect_edited([&](Bytes& b, size_t) { u16(b, l1.multipliers, 0); }, &at) == StatusCode::kOk);
  // One byte more or less than the section needs.
  CHECK(inspect_edited([](Bytes& b, size_t) { b.insert(b.end() - 4, 0); }, &at) == StatusCode::kBlobBadTopology);
  CHECK(inspect_edited([](Bytes& b, size_t) { b.erase(b.end() - 5); }, &at) == StatusCode::kBlobBadTopology);
}

TEST_CASE("every single-byte corruption and every truncation of an int8 blob is rejected") {
  const Bytes good = int8_test::build(int8_net());
  for (size_t i = 0; i < good.size(); ++i)
    for (uint32_t x = 1; x < 256; ++x) {
      Bytes b = good;
      b[i] = static_cast<uint8_t>(b[i] ^ x);
      INFO("byte " << i << " xor " << x);
      REQUIRE(inspect(b) != StatusCode::kOk);
    }
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    INFO("length " << n);
    REQUIRE(dff::blob_inspect(cut.empty() ? nullptr : cut.data(), n, nullptr).code() == StatusCode::kBlobTruncated);
  }
}
