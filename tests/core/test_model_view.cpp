// ModelView: outputs equal Network::forward's bit for bit on the same blob, work memory is
// exactly work_floats(), and open() accepts and rejects exactly the blobs blob_inspect does
// (with the same StatusCode) for every single-byte edit outside the training section.
#include "core/model_view.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/blob.h"
#include "core/crc32.h"

using dff::BlobMemory;
using dff::ModelView;
using dff::StatusCode;

namespace {

using Bytes = std::vector<uint8_t>;

void put_u16(Bytes& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
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
void pad(Bytes& b) {
  while (b.size() % 4) b.push_back(0);
}
void reseal(Bytes& b) {
  const uint32_t crc = dff::crc32(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<size_t>(i)] = static_cast<uint8_t>(crc >> (8 * i));
}

// A blob as docs/model-format.md lays it out; `training_at` receives the training section's offset.
struct Spec {
  std::vector<uint16_t> widths;
  std::vector<uint8_t> activations;
  bool bias = true;
  bool normalize = false;
  bool training = false;
  std::vector<std::string> names;
};

Bytes build(const Spec& s, size_t* training_at = nullptr) {
  Bytes b{'D', 'F', 'F', 'B'};
  put_u16(b, 1);
  put_u16(b, 16);
  put_u32(b, 0);  // total, below
  const auto layers = static_cast<uint8_t>(s.widths.size() - 1);
  b.push_back(layers);
  b.push_back(static_cast<uint8_t>((s.bias ? 1 : 0) | (s.normalize ? 2 : 0) | (s.training ? 4 : 0) | (s.names.empty() ? 0 : 8)));
  put_u16(b, 0);
  for (uint16_t w : s.widths) put_u16(b, w);
  for (uint8_t a : s.activations) b.push_back(a);
  pad(b);
  if (training_at != nullptr) *training_at = s.training ? b.size() : 0;
  if (s.training) {
    for (int i = 0; i < 4; ++i) b.push_back(0);  // loss, optimizer, init, flags
    for (int i = 0; i < 6; ++i) put_f32(b, 0.1f);  // learning rate, momentum, beta1, beta2, epsilon, l2
    put_u32(b, 1);                                 // batch size
    put_u32(b, 10);                                // epochs
    put_f32(b, 0.5f);                              // final loss
    put_u32(b, 7);                                 // seed, low and high words
    put_u32(b, 0);
  }
  for (const std::string& n : s.names) {
    b.push_back(static_cast<uint8_t>(n.size()));
    b.insert(b.end(), n.begin(), n.end());
  }
  pad(b);
  uint32_t k = 0;
  if (s.normalize) {
    for (size_t i = 0; i < s.widths[0]; ++i) put_f32(b, 0.25f * static_cast<float>(i) - 0.5f);
    for (size_t i = 0; i < s.widths[0]; ++i) put_f32(b, 0.5f + 0.125f * static_cast<float>(i));
  }
  for (size_t l = 0; l + 1 < s.widths.size(); ++l) {
    const uint32_t n = s.widths[l] * s.widths[l + 1] + (s.bias ? s.widths[l + 1] : 0u);
    for (uint32_t i = 0; i < n; ++i, ++k) put_f32(b, std::sin(0.7f * static_cast<float>(k)) * 0.8f);
  }
  put_u32(b, 0);
  const auto total = static_cast<uint32_t>(b.size());
  for (int i = 0; i < 4; ++i) b[8 + static_cast<size_t>(i)] = static_cast<uint8_t>(total >> (8 * i));
  reseal(b);
  return b;
}

std::vector<Spec> specs() {
  return {
      {{3, 4, 2}, {0, 0}, true, false, true, {}},                      // the seed example
      {{3, 4, 2}, {0, 0}, false, false, false, {}},                    // the seed's own equations (no bias)
      {{4, 8, 3}, {3, 5}, true, true, true, {"setosa", "versicolor", "virginica"}},
      {{64, 32, 10}, {1, 5}, true, false, false, {}},                  // digits
      {{5, 9, 7, 6, 1}, {2, 3, 1, 4}, true, true, false, {}},           // odd/even buffers, 4 layers
      {{1, 1}, {4}, false, false, false, {}},
  };
}

// Inputs that exercise every activation's range.
std::vector<float> inputs_for(size_t n, int row) {
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = std::cos(1.3f * static_cast<float>(i + 1) * static_cast<float>(row + 1)) * 2.5f;
  return x;
}

}  // namespace

TEST_CASE("model view: outputs equal Network::forward bit for bit") {
  for (const Spec& s : specs()) {
    const Bytes blob = build(s);
    dff::BlobInfo info;
    REQUIRE(dff::blob_inspect(blob.data(), blob.size(), &info).ok());
    std::vector<float> ram(dff::bytes_required(info.topology, dff::MemoryPlan{false}) / 4 + 1);
    dff::Network net;
    REQUIRE(dff::blob_load(blob.data(), blob.size(), dff::MemoryPlan{false}, ram.data(), ram.size() * 4, &net).ok());

    ModelView view;
    REQUIRE(view.open(blob.data(), static_cast<uint32_t>(blob.size())).ok());
    CHECK(view.valid());
    CHECK(view.blob_size() == blob.size());
    CHECK(view.crc32() == info.crc32);
    CHECK(view.topology().layer_count == info.topology.layer_count);
    for (uint32_t i = 0; i <= info.topology.layer_count; ++i) CHECK(view.topology().widths[i] == info.topology.widths[i]);
    const uint32_t n_in = info.topology.inputs();
    const uint32_t n_out = info.topology.outputs();
    for (int row = 0; row < 5; ++row) {
      const std::vector<float> x = inputs_for(n_in, row);
      std::vector<float> expected(n_out);
      REQUIRE(net.predict(x.data(), n_in, expected.data(), n_out).ok());
      // io and work exactly as long as needed, fenced by values predict() must not touch.
      std::vector<float> io(std::max(n_in, n_out) + 2, 12345.0f);
      std::copy(x.begin(), x.end(), io.begin() + 1);
      std::vector<float> work(view.work_floats() + 2, 12345.0f);
      REQUIRE(view.predict(io.data() + 1, n_in, n_out, work.data() + 1, view.work_floats()).ok());
      CHECK(work.front() == 12345.0f);
      CHECK(work.back() == 12345.0f);
      CHECK(io.front() == 12345.0f);
      CHECK(io.back() == 12345.0f);
      for (uint32_t k = 0; k < n_out; ++k) CHECK(std::memcmp(&io[1 + k], &expected[k], 4) == 0);
    }
  }
}

TEST_CASE("model view: work memory is two layer outputs, by layer parity") {
  ModelView view;
  Bytes seed = build(specs()[0]);
  REQUIRE(view.open(seed.data(), static_cast<uint32_t>(seed.size())).ok());
  CHECK(view.work_floats() == 4 + 2);
  Bytes digits = build(specs()[3]);
  REQUIRE(view.open(digits.data(), static_cast<uint32_t>(digits.size())).ok());
  CHECK(view.work_floats() == 32 + 10);
  Bytes deep = build(specs()[4]);
  REQUIRE(view.open(deep.data(), static_cast<uint32_t>(deep.size())).ok());
  CHECK(view.work_floats() == 9 + 7);  // max(9, 6) + max(7, 1); the input is normalised in place

  float x[5] = {1, 2, 3, 4, 5};
  float work[16];
  CHECK(view.predict(x, 5, 1, work, 15).code() == StatusCode::kBufferTooSmall);
  CHECK(view.predict(x, 4, 1, work, 16).code() == StatusCode::kDimensionMismatch);
  CHECK(view.predict(x, 5, 2, work, 16).code() == StatusCode::kDimensionMismatch);
  CHECK(x[0] == 1.0f);  // a refused call leaves the inputs alone
  CHECK(view.predict(x, 5, 1, work, 16).ok());
}

TEST_CASE("model view: a failed open() leaves the view as it was") {
  const Bytes good = build(specs()[0]);
  Bytes bad = good;
  bad[40] ^= 0x01;
  ModelView view;
  CHECK(view.open(bad.data(), static_cast<uint32_t>(bad.size())).code() == StatusCode::kBlobBadCrc);
  CHECK_FALSE(view.valid());
  REQUIRE(view.open(good.data(), static_cast<uint32_t>(good.size())).ok());
  CHECK(view.open(bad.data(), static_cast<uint32_t>(bad.size())).code() == StatusCode::kBlobBadCrc);
  CHECK(view.valid());
  CHECK(view.crc32() == dff::crc32(good.data(), good.size() - 4));
  CHECK(view.open(nullptr, 10).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("model view: open() and blob_inspect agree on every single-byte edit and every length") {
  const uint8_t edits[] = {0x01, 0x02, 0x10, 0x80, 0xFF};
  size_t compared = 0;
  for (const Spec& s : specs()) {
    size_t training_at = 0;
    const Bytes blob = build(s, &training_at);
    const auto agree = [&](const Bytes& b, const char* what, size_t at) {
      const dff::Status inspected = dff::blob_inspect(b.data(), b.size(), nullptr);
      ModelView view;
      const dff::Status opened = view.open(b.data(), static_cast<uint32_t>(b.size()));
      INFO(what << " at byte " << at << " of a " << blob.size() << "-byte blob: blob_inspect says " << inspected.message()
                << ", the view " << opened.message());
      CHECK(opened.code() == inspected.code());
      ++compared;
    };
    // Large blobs: the header, topology and first weights (the rest repeats the same check).
    const size_t edit_end = blob.size() < 2048 ? blob.size() - 4 : 256;
    for (size_t at = 0; at < edit_end; ++at) {
      if (training_at != 0 && at >= training_at && at < training_at + dff::kBlobTrainingBytes) continue;
      for (uint8_t e : edits) {
        Bytes b = blob;
        b[at] = static_cast<uint8_t>(b[at] ^ e);
        agree(b, "unsealed edit", at);  // the CRC catches it
        reseal(b);
        agree(b, "edit with a matching CRC", at);
      }
    }
    for (size_t n = 0; n < blob.size() + 8; n += (n < 24 ? 1 : 7)) {
      Bytes b = blob;
      b.resize(n, 0);
      agree(b, "length", n);
    }
  }
  CHECK(compared > 10000);
}

TEST_CASE("model view: kProgram reads like kData where flash is memory-mapped") {
  const Bytes blob = build(specs()[2]);
  ModelView data;
  ModelView program;
  REQUIRE(data.open(blob.data(), static_cast<uint32_t>(blob.size()), BlobMemory::kData).ok());
  REQUIRE(program.open(blob.data(), static_cast<uint32_t>(blob.size()), BlobMemory::kProgram).ok());
  float a[4] = {5.1f, 3.5f, 1.4f, 0.2f};
  float b[4] = {5.1f, 3.5f, 1.4f, 0.2f};
  float work[32];
  REQUIRE(data.predict(a, 4, 3, work, 32).ok());
  REQUIRE(program.predict(b, 4, 3, work, 32).ok());
  CHECK(std::memcmp(a, b, 3 * sizeof(float)) == 0);
}

TEST_CASE("view_work_floats() is what an open view asks for") {
  for (const Spec& s : specs()) {
    const Bytes blob = build(s);
    ModelView view;
    REQUIRE(view.open(blob.data(), static_cast<uint32_t>(blob.size())).ok());
    CHECK(dff::view_work_floats(view.topology()) == view.work_floats());
  }
}
