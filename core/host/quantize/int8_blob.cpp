#include "core/host/quantize/int8_blob.h"

#include "core/blob.h"
#include "core/crc32.h"
#include "core/host/model/blob_model.h"
#include "core/host/quantize/int8_section.h"
#include "core/little_endian.h"

namespace dff {

Result<std::string> model_to_int8_blob(const DFF& model, const Int8Params& params) {
  Result<std::string> float_blob = model_to_blob(model);
  if (!float_blob.ok()) return Error{float_blob.error()};
  std::string& out = float_blob.value();
  BlobInfo info;
  const Status inspected = blob_inspect(reinterpret_cast<const uint8_t*>(out.data()), out.size(), &info);
  if (!inspected.ok()) return error_from(inspected, "blob");
  out.resize(info.topology.normalize ? info.norm_offset : info.params_offset);
  auto* bytes = reinterpret_cast<uint8_t*>(&out[0]);
  le::store_u16(bytes + 4, kBlobVersionInt8);
  bytes[13] = static_cast<uint8_t>((bytes[13] & ~kBlobFlagNormalize) | kBlobFlagInt8);
  append_int8_section(params, &out);
  const uint64_t total = static_cast<uint64_t>(out.size()) + kBlobCrcBytes;
  if (total > 0xFFFFFFFFu) return Error{"blob: the model is larger than 4 GiB"};
  le::store_u32(reinterpret_cast<uint8_t*>(&out[0]) + 8, static_cast<uint32_t>(total));
  uint8_t crc[4];
  le::store_u32(crc, crc32(reinterpret_cast<const uint8_t*>(out.data()), out.size()));
  out.append(reinterpret_cast<const char*>(crc), 4);
  return std::move(out);
}

Result<Int8Blob> Int8Blob::parse(std::string bytes, const std::string& source) {
  Int8Model m;
  uint32_t offset = 0;
  BlobInfo info;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  Status s = blob_inspect(data, bytes.size(), &info, &offset);
  if (s.ok()) s = blob_int8_model(data, bytes.size(), &m);
  if (!s.ok()) return Error{source + ": byte " + std::to_string(offset) + ": " + s.message()};
  Int8Blob b;
  b.bytes_ = std::move(bytes);
  b.topology_ = m.topology;
  b.section_ = m.section;
  return b;
}

Result<Int8Blob> Int8Blob::quantize(const DFF& model, const Dataset& calibration) {
  Result<Int8Params> params = quantize_int8(model, calibration);
  if (!params.ok()) return Error{params.error()};
  Result<std::string> blob = model_to_int8_blob(model, params.value());
  if (!blob.ok()) return Error{blob.error()};
  return parse(std::move(blob.value()), "int8 blob");
}

Int8Model Int8Blob::model() const {
  Int8Model m;
  m.bytes = reinterpret_cast<const uint8_t*>(bytes_.data());
  m.topology = topology_;
  m.section = section_;
  return m;
}

std::vector<int8_t> Int8Blob::quantize_input(const float* raw) const {
  std::vector<int8_t> q(topology_.inputs());
  int8_quantize_input(model(), raw, q.data());
  return q;
}

std::vector<int8_t> Int8Blob::run(const std::vector<int8_t>& input) const {
  std::vector<int8_t> scratch(int8_scratch_bytes(topology_)), out(topology_.outputs());
  int8_run(model(), input.data(), out.data(), scratch.data());
  return out;
}

std::vector<float> Int8Blob::predict(const float* raw) const {
  std::vector<int8_t> scratch(int8_scratch_bytes(topology_));
  std::vector<float> out(topology_.outputs());
  const Status s = int8_predict(model(), raw, topology_.inputs(), out.data(), topology_.outputs(), scratch.data(),
                                scratch.size());
  DFF_ASSERT(s.ok());
  return out;
}

Result<Matrix> Int8Blob::predict(const Matrix& inputs) const {
  if (inputs.cols() != topology_.inputs())
    return Error{"the data has " + std::to_string(inputs.cols()) + " input columns but the network expects " +
                 std::to_string(topology_.inputs())};
  Matrix out(inputs.rows(), topology_.outputs());
  for (uint32_t r = 0; r < inputs.rows(); ++r) {
    const std::vector<float> y = predict(inputs.data() + static_cast<size_t>(r) * inputs.cols());
    for (uint32_t k = 0; k < y.size(); ++k) out(r, k) = y[k];
  }
  return out;
}

uint16_t Int8Blob::classify(const float* raw) const {
  std::vector<int8_t> scratch(int8_scratch_bytes(topology_));
  int8_quantize_input(model(), raw, scratch.data());
  return int8_classify(model(), scratch.data(), scratch.data());
}

}  // namespace dff
