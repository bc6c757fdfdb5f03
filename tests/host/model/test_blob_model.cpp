// Tests for core/host/model/blob_model.h: blob -> DFF with full metadata, error messages
// naming source, byte offset and problem, and blob detection in model_io by content.
#include "core/host/model/blob_model.h"

#include <stdio.h>
#include <string.h>

#include <catch2/catch.hpp>
#include <string>

#include "core/crc32.h"
#include "core/host/model/model_io.h"
#include "core/host/model/model_json.h"
#include "tests/host/model/heap_peak.h"

namespace {

using dff::Activation;
using dff::DFF;

DFF sample_model() {
  dff::ModelSpec spec;
  spec.widths = {3, 5, 2};
  spec.activations = {Activation::kTanh, Activation::kSoftmax};
  spec.normalize = true;
  dff::Result<DFF> made = DFF::create(spec);
  REQUIRE(made.ok());
  DFF model = made.value();
  model.initialize(dff::Init::kXavier, 99);
  REQUIRE(model.set_normalization({1.0f, -2.0f, 0.5f}, {0.25f, 3.0f, 1.0f}).ok());
  model.class_names = {"off", "on"};
  model.input_names = {"a", "b", "c"};
  model.output_names = {"off", "on"};
  dff::TrainOptions& o = model.training.options;
  o.loss = dff::Loss::kCrossEntropy;
  o.optimizer = dff::Optimizer::kMomentum;
  o.learning_rate = 0.05f;
  o.momentum = 0.8f;
  o.l2 = 1e-4f;
  o.batch_size = 4;
  o.shuffle = false;
  model.training.epochs = 321;
  model.training.final_loss = 0.0421f;
  return model;
}

std::string blob_of(const DFF& model) {
  const dff::Result<std::string> b = dff::model_to_blob(model);
  REQUIRE(b.ok());
  return b.value();
}

void reseal(std::string& b) {
  const uint32_t crc = dff::crc32(reinterpret_cast<const uint8_t*>(b.data()), b.size() - 4);
  for (size_t i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
}

std::string error_of(const std::string& bytes) {
  const dff::Result<DFF> r = dff::model_from_blob(bytes, "m.blob");
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("looks_like_blob checks the magic only") {
  CHECK(dff::looks_like_blob(std::string("DFFB")));
  CHECK(dff::looks_like_blob(blob_of(sample_model())));
  CHECK_FALSE(dff::looks_like_blob(std::string("DFF")));
  CHECK_FALSE(dff::looks_like_blob(std::string("{\"format\":1}")));
  CHECK_FALSE(dff::looks_like_blob(std::string()));
}

TEST_CASE("blob -> DFF keeps topology, weights, normalisation, training settings and class names") {
  const DFF model = sample_model();
  const dff::Result<DFF> back = dff::model_from_blob(blob_of(model), "m.blob");
  REQUIRE(back.ok());
  const dff::Topology& t = back->topology();
  CHECK(t.layer_count == 2);
  CHECK(t.widths[1] == 5);
  CHECK(t.activations[0] == Activation::kTanh);
  CHECK(t.activations[1] == Activation::kSoftmax);
  CHECK(t.normalize);
  CHECK(t.bias);
  CHECK(memcmp(back->network().parameters(), model.network().parameters(), model.network().parameter_count() * 4) == 0);
  CHECK(back->network().norm_mean()[1] == -2.0f);
  CHECK(back->network().norm_std()[0] == 0.25f);
  CHECK(back->class_names == model.class_names);
  const dff::TrainSettings& s = back->training;
  CHECK(s.options.loss == dff::Loss::kCrossEntropy);
  CHECK(s.options.optimizer == dff::Optimizer::kMomentum);
  CHECK(s.options.learning_rate == 0.05f);
  CHECK(s.options.momentum == 0.8f);
  CHECK(s.options.l2 == 1e-4f);
  CHECK(s.options.batch_size == 4);
  CHECK_FALSE(s.options.shuffle);
  CHECK(s.init == dff::Init::kXavier);
  CHECK(s.seed == 99);
  CHECK(s.epochs == 321);
  CHECK(s.final_loss == 0.0421f);
  // Column names are JSON-only (documented): the blob stays small for boards.
  CHECK(back->input_names.empty());
  // The loaded model trains on like the original.
  dff::DFF a = model, b = back.value();
  const dff::Matrix x{{1, 2, 3}, {0, -1, 2}};
  const dff::Matrix y{{1, 0}, {0, 1}};
  REQUIRE(a.train(x, y, model.training.options).ok());
  REQUIRE(b.train(x, y, model.training.options).ok());
  CHECK(a.predict(x) == b.predict(x));
}

TEST_CASE("errors name the source, where and what") {
  const std::string good = blob_of(sample_model());
  const std::string total = std::to_string(good.size());
  CHECK(error_of(good.substr(0, 100)) ==
        "m.blob: 100 of " + total + " bytes: blob: shorter than its declared size (transfer stopped early?)");
  CHECK(error_of(good.substr(0, 9)) == "m.blob: blob: truncated inside the header (check the transfer)");
  CHECK(error_of(good + "xyz") == "m.blob: " + std::to_string(good.size() + 3) + " bytes, " + total +
                                      " declared: blob: extra bytes after its declared end (two files joined?)");
  std::string corrupt = good;
  corrupt[150] ^= 0x01;
  CHECK(error_of(corrupt) == "m.blob: byte " + std::to_string(good.size() - 4) +
                                 ": blob: CRC32 mismatch, the content is corrupted (send it again)");
  std::string version = good;
  version[4] = 7;
  CHECK(error_of(version) ==
        "m.blob: byte 4: blob: format version is not 1 or 2; export the model again with this version of dff");
  std::string activation = good;
  activation[16 + 6] = 5;  // widths at 16..21, activations at 22..23: softmax on the hidden layer
  reseal(activation);
  CHECK(error_of(activation) == "m.blob: byte 16: softmax is only allowed on the output layer");
  std::string magic = good;
  magic[0] = 'X';
  CHECK(error_of(magic) == "m.blob: byte 0: blob: not a microdff model blob (does not start with \"DFFB\")");
}

TEST_CASE("a blob declaring more network than it holds is refused before anything is allocated for it") {
  std::string huge = blob_of(sample_model());  // 3-5-2: widths at bytes 16..21
  for (size_t i = 16; i < 22; ++i) huge[i] = static_cast<char>(i % 2 == 0 ? 0x00 : 0x10);  // 4096-4096-4096
  reseal(huge);
  const heap_peak::Measure heap;
  CHECK(error_of(huge).find("runs past the declared size") != std::string::npos);
  CHECK(heap.peak_bytes() < (size_t{1} << 20));
}

TEST_CASE("a model read from a blob holds what inference needs until it trains") {
  const dff::Result<DFF> back = dff::model_from_blob(blob_of(sample_model()), "m.blob");
  REQUIRE(back.ok());
  CHECK_FALSE(back->ready_to_train());
}

TEST_CASE("model_io tells a blob from JSON by content, not by file name") {
  const DFF model = sample_model();
  const std::string blob = blob_of(model);
  const dff::Result<DFF> parsed = dff::parse_model(blob, "model.json");
  REQUIRE(parsed.ok());
  CHECK(parsed->class_names == model.class_names);
  const dff::Result<DFF> from_json = dff::parse_model(dff::model_to_json(model), "model.blob");
  REQUIRE(from_json.ok());
  CHECK(from_json->input_names == model.input_names);

  const std::string path = std::string(DFF_BINARY_DIR) + "/test_blob_model.model";
  FILE* f = fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(fwrite(blob.data(), 1, blob.size(), f) == blob.size());
  fclose(f);
  const dff::Result<DFF> loaded = dff::load_model(path);
  remove(path.c_str());
  REQUIRE(loaded.ok());
  const dff::Matrix x{{0.5f, 1.5f, -3.0f}};
  CHECK(loaded->predict(x) == model.predict(x));

  std::string truncated = blob.substr(0, blob.size() - 1);
  const dff::Result<DFF> bad = dff::parse_model(truncated, "upload.bin");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().rfind("upload.bin: ", 0) == 0);
  CHECK(bad.error().find("shorter than its declared size") != std::string::npos);
}
