#include "tests/firmware/fw_harness.h"

#include <catch2/catch.hpp>

namespace fwtest {

const float kSeedRows[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};

std::vector<Reply> parse_replies(const Bytes& wire_bytes) {
  std::vector<Reply> out;
  Bytes buf(70000);
  dff::fw::CobsDecoder dec(buf.data(), buf.size());
  for (uint8_t b : wire_bytes) {
    const auto r = dec.push(b);
    REQUIRE(r != dff::fw::CobsDecoder::Result::kBadFrame);
    if (r != dff::fw::CobsDecoder::Result::kFrame) continue;
    const Bytes f(buf.begin(), buf.begin() + static_cast<long>(dec.size()));
    REQUIRE(f.size() >= 8);
    REQUIRE(get_u32(f, f.size() - 4) == dff::crc32(f.data(), f.size() - 4));
    REQUIRE(get_u16(f, 2) == f.size() - 8);
    Reply reply;
    reply.type = f[0];
    reply.seq = f[1];
    reply.payload.assign(f.begin() + 4, f.end() - 4);
    REQUIRE(!reply.payload.empty());
    if (reply.type < dff::fw::kFirstEventType && reply.payload[0] != 0) {  // error replies: status, detail, printable message
      REQUIRE(reply.payload.size() >= 5);
      REQUIRE(reply.payload.size() <= 5 + dff::fw::kMaxMessage);
      for (size_t i = 5; i < reply.payload.size(); ++i) REQUIRE((reply.payload[i] >= 0x20 && reply.payload[i] < 0x7F));
    }
    out.push_back(reply);
  }
  REQUIRE(!dec.in_frame());  // the board always ends its output with a delimiter
  return out;
}

Board::Board(const Geometry& g, dff::fw::FirmwareConfig config, uint8_t* shared, dff::fw::Storage* storage,
             size_t model_ram)
    : geometry_(g), config_(config) {
  if (shared == nullptr) {
    own_.assign(g.bytes(), 0xFF);
    mem_ = own_.data();
  } else {
    mem_ = shared;
  }
  if (storage != nullptr) {
    storage_ = storage;
  } else if (g.flash) {
    flash_ = std::make_unique<dff::fw::FlashStorage>(mem_, g.page, g.pages(), g.unit);
    storage_ = flash_.get();
  } else {
    ram_ = std::make_unique<dff::fw::RamStorage>(mem_, g.page, g.pages(), g.unit);
    storage_ = ram_.get();
  }
  memory_ = std::make_unique<Memory>();
  dff::fw::FirmwareMemory view = memory_->view();
  if (model_ram != 0) view.model_size = model_ram;
  fw_ = std::make_unique<dff::fw::Firmware>(*storage_, transport, view, config_);
}

Reply Board::request_raw(uint8_t type, const Bytes& payload, uint8_t s) {
  const std::vector<Reply> replies = send(wire(type, s, payload));
  REQUIRE(replies.size() == 1);
  REQUIRE(replies[0].seq == s);
  REQUIRE(replies[0].type == static_cast<uint8_t>(type | 0x80));
  return replies[0];
}

Reply Board::request(Command c, const Bytes& payload) { return request_raw(static_cast<uint8_t>(c), payload, ++seq); }

std::vector<Reply> Board::send(const Bytes& bytes) {
  transport.bytes.clear();
  fw_->on_bytes(bytes.data(), bytes.size(), now);
  return parse_replies(transport.bytes);
}

void Board::upload(const std::string& blob, size_t chunk) {
  Reply r = request(Command::kBegin, begin_payload(blob));
  INFO(r.message());
  REQUIRE(r.status() == 0);
  for (size_t off = 0; off < blob.size(); off += chunk) {
    const size_t n = std::min(chunk, blob.size() - off);
    r = request(Command::kData, data_payload(blob, off, n));
    REQUIRE(r.status() == 0);
    REQUIRE(get_u32(r.payload, 1) == off + n);
  }
  r = request(Command::kCommit, {});
  INFO(r.message());
  REQUIRE(r.status() == 0);
}

Reply Board::predict(const std::vector<float>& x) {
  Bytes p;
  for (float v : x) put_f32(p, v);
  return request(Command::kPredict, p);
}

dff::DFF seed_model(uint64_t seed, int epochs) {
  dff::Matrix a{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  const dff::Matrix s{{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  dff::DFF ann({3, 4, 2}, dff::Activation::kSigmoid, dff::Activation::kSigmoid, true, seed);
  for (int epoch = 0; epoch < epochs; ++epoch) REQUIRE(ann.train(a, s, 1.0f).ok());
  ann.training.epochs = static_cast<uint32_t>(epochs);
  ann.training.seed = seed;
  ann.training.options.shuffle = false;
  return ann;
}

std::string blob_of(const dff::DFF& model) {
  const dff::Result<std::string> blob = dff::model_to_blob(model);
  INFO(blob.error());
  REQUIRE(blob.ok());
  return blob.value();
}

std::string seed_blob(uint64_t seed, int epochs) { return blob_of(seed_model(seed, epochs)); }

dff::DFF line_model(float w, float b) {
  dff::ModelSpec spec;
  spec.widths = {1, 1};
  spec.activations = {dff::Activation::kLinear};
  dff::Result<dff::DFF> m = dff::DFF::create(spec);
  REQUIRE(m.ok());
  dff::DFF model = m.value();
  model.network().weights(0)[0] = w;
  model.network().biases(0)[0] = b;
  return model;
}

std::string wide_blob() {
  dff::ModelSpec spec;
  spec.widths = {64, 32, 10};
  spec.activations = {dff::Activation::kRelu, dff::Activation::kSoftmax};
  dff::Result<dff::DFF> made = dff::DFF::create(spec);
  REQUIRE(made.ok());
  dff::DFF model = made.value();
  model.initialize(dff::Init::kHe, 42);
  return blob_of(model);
}

}  // namespace fwtest
