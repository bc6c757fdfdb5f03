#include "core/host/model/blob_model.h"

#include <stdint.h>
#include <string.h>

#include <vector>

#include "core/blob.h"
#include "core/crc32.h"
#include "core/little_endian.h"

namespace dff {
namespace {

void put_u8(std::string& out, uint32_t v) { out.push_back(static_cast<char>(v & 0xFFu)); }
void put_u16(std::string& out, uint32_t v) {
  put_u8(out, v);
  put_u8(out, v >> 8);
}
void put_u32(std::string& out, uint32_t v) {
  put_u16(out, v & 0xFFFFu);
  put_u16(out, v >> 16);
}
void put_f32(std::string& out, float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  put_u32(out, bits);
}
void pad4(std::string& out) {
  while (out.size() % 4u != 0u) put_u8(out, 0);
}
bool finite(float f) { return f - f == 0.0f; }

// The total size a blob's header declares (bytes 8..11); the caller checked there are 16 bytes.
uint32_t load_declared_size(const std::string& bytes) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes[8 + static_cast<size_t>(i)]);
  return v;
}

uint8_t flags_of(const DFF& model) {
  const Topology& t = model.topology();
  uint8_t flags = kBlobFlagTraining;
  if (t.bias) flags |= kBlobFlagBias;
  if (t.normalize) flags |= kBlobFlagNormalize;
  if (!model.class_names.empty()) flags |= kBlobFlagClassNames;
  return flags;
}

Outcome check_exportable(const DFF& model) {
  const Topology& t = model.topology();
  if (!model.class_names.empty() && model.class_names.size() != t.outputs())
    return Error{"blob: the model has " + std::to_string(model.class_names.size()) + " class names but " +
                 std::to_string(t.outputs()) + " outputs"};
  for (size_t i = 0; i < model.class_names.size(); ++i)
    if (model.class_names[i].size() > kBlobMaxClassName)
      return Error{"blob: class name " + std::to_string(i + 1) + " is " + std::to_string(model.class_names[i].size()) +
                   " bytes long; the blob allows at most 255"};
  const Network& net = model.network();
  for (uint32_t i = 0; i < net.parameter_count(); ++i)
    if (!finite(net.parameters()[i])) return Error{"blob: the model has a NaN or infinite weight; train it again"};
  if (t.normalize)
    for (uint32_t i = 0; i < t.inputs(); ++i)
      if (!finite(net.norm_mean()[i]) || !finite(net.norm_std()[i]) || !(net.norm_std()[i] > 0.0f))
        return Error{"blob: normalisation of input " + std::to_string(i + 1) + " is not finite and positive"};
  const TrainOptions& o = model.training.options;
  for (const float f : {o.learning_rate, o.momentum, o.beta1, o.beta2, o.epsilon, o.l2, model.training.final_loss})
    if (!finite(f)) return Error{"blob: a training setting is NaN or infinite"};
  return true;
}

void put_training(std::string& out, const TrainSettings& s) {
  const TrainOptions& o = s.options;
  put_u8(out, static_cast<uint8_t>(o.loss));
  put_u8(out, static_cast<uint8_t>(o.optimizer));
  put_u8(out, static_cast<uint8_t>(s.init));
  put_u8(out, o.shuffle ? 1u : 0u);
  for (const float f : {o.learning_rate, o.momentum, o.beta1, o.beta2, o.epsilon, o.l2}) put_f32(out, f);
  put_u32(out, o.batch_size);
  put_u32(out, s.epochs);
  put_f32(out, s.final_loss);
  put_u32(out, static_cast<uint32_t>(s.seed & 0xFFFFFFFFu));
  put_u32(out, static_cast<uint32_t>(s.seed >> 32));
}

}  // namespace

bool looks_like_blob(const std::string& bytes) {
  return bytes.size() >= sizeof kBlobMagic && memcmp(bytes.data(), kBlobMagic, sizeof kBlobMagic) == 0;
}

Result<std::string> model_to_blob(const DFF& model) {
  const Outcome exportable = check_exportable(model);
  if (!exportable.ok()) return Error{exportable.error()};
  const Topology& t = model.topology();
  const Network& net = model.network();

  std::string out;
  out.append(reinterpret_cast<const char*>(kBlobMagic), sizeof kBlobMagic);
  put_u16(out, kBlobVersion);
  put_u16(out, kBlobHeaderBytes);
  put_u32(out, 0);  // total size, patched below
  put_u8(out, t.layer_count);
  put_u8(out, flags_of(model));
  put_u16(out, 0);
  for (uint32_t i = 0; i <= t.layer_count; ++i) put_u16(out, t.widths[i]);
  for (uint32_t i = 0; i < t.layer_count; ++i) put_u8(out, static_cast<uint8_t>(t.activations[i]));
  pad4(out);
  put_training(out, model.training);
  if (!model.class_names.empty()) {
    for (const std::string& name : model.class_names) {
      put_u8(out, static_cast<uint32_t>(name.size()));
      out += name;
    }
    pad4(out);
  }
  if (t.normalize) {
    for (uint32_t i = 0; i < t.inputs(); ++i) put_f32(out, net.norm_mean()[i]);
    for (uint32_t i = 0; i < t.inputs(); ++i) put_f32(out, net.norm_std()[i]);
  }
  for (uint32_t i = 0; i < net.parameter_count(); ++i) put_f32(out, net.parameters()[i]);
  const uint64_t total = static_cast<uint64_t>(out.size()) + kBlobCrcBytes;
  if (total > 0xFFFFFFFFu) return Error{"blob: the model is larger than 4 GiB"};
  std::string size_bytes;
  put_u32(size_bytes, static_cast<uint32_t>(total));
  out.replace(8, 4, size_bytes);
  put_u32(out, crc32(reinterpret_cast<const uint8_t*>(out.data()), out.size()));
  return out;
}

Result<DFF> model_from_blob(const std::string& bytes, const std::string& source) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  BlobInfo info;
  uint32_t offset = 0;
  const Status s = blob_inspect(data, bytes.size(), &info, &offset);
  if (!s.ok()) {
    std::string where = source + ": ";
    if (s.code() == StatusCode::kBlobTruncated && bytes.size() >= kBlobHeaderBytes)
      where += std::to_string(bytes.size()) + " of " + std::to_string(load_declared_size(bytes)) + " bytes: ";
    else if (s.code() == StatusCode::kBlobOversized)
      where += std::to_string(bytes.size()) + " bytes, " + std::to_string(offset) + " declared: ";
    else if (s.code() != StatusCode::kBlobTruncated)
      where += "byte " + std::to_string(offset) + ": ";
    return Error{where + s.message()};
  }

  if (info.int8)
    return Error{source + ": holds an int8 model (blob format version 2), which runs only as int8 on a board; "
                          "read the float model it was exported from"};
  const Topology& t = info.topology;
  ModelSpec spec;
  spec.widths.assign(t.widths, t.widths + t.layer_count + 1);
  spec.activations.assign(t.activations, t.activations + t.layer_count);
  spec.bias = t.bias;
  spec.normalize = t.normalize;
  Result<DFF> made = DFF::create(spec);
  if (!made.ok()) return Error{source + ": " + made.error()};
  DFF& model = made.value();

  // blob_inspect() checked every section and value, and the blob's size holds them all: the
  // numbers go straight from the bytes into the model.
  Network& net = model.network();
  const uint8_t* params = data + info.params_offset;
  for (uint32_t i = 0; i < net.parameter_count(); ++i) net.parameters()[i] = le::load_f32(params + 4u * i);
  if (t.normalize) {
    const uint8_t* norm = data + info.norm_offset;
    for (uint32_t i = 0; i < t.inputs(); ++i) {
      net.norm_mean()[i] = le::load_f32(norm + 4u * i);
      net.norm_std()[i] = le::load_f32(norm + 4u * (t.inputs() + i));
    }
  }

  if (info.has_training) {
    model.training.options = info.training.options;
    model.training.init = info.training.init;
    model.training.seed = info.training.seed;
    model.training.epochs = info.training.epochs;
    model.training.final_loss = info.training.final_loss;
  }
  for (uint16_t i = 0; i < info.class_count; ++i) {
    const char* name = nullptr;
    uint8_t length = 0;
    const Status named = blob_class_name(data, bytes.size(), info, i, &name, &length);
    if (!named.ok()) return Error{source + ": " + named.message()};
    model.class_names.emplace_back(name, length);
  }
  return made;
}

}  // namespace dff
