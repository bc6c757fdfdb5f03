// libFuzzer target for the model blob: the bare-metal parser (core/blob.h) and the
// host conversion (core/host/model/blob_model.h). Besides "never crash, never read out of
// bounds" (ASan/UBSan), it checks the parser's promises:
//   - blob_inspect and blob_load agree; a failed load leaves `out` and the buffer untouched;
//   - a loaded network predicts bit-identically to the DFF built by model_from_blob;
//   - blob -> DFF -> blob -> DFF -> blob is stable (the second and third blobs are equal).
// Random bytes almost never carry a valid CRC, so each input is also parsed a second
// time with its total size and CRC rewritten, which lets the fuzzer reach the topology
// and section checks behind the CRC.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <string>
#include <vector>

#include "core/blob.h"
#include "core/crc32.h"
#include "core/host/model/blob_model.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

void exercise(const uint8_t* data, size_t size) {
  dff::BlobInfo info;
  const dff::Status inspected = dff::blob_inspect(data, size, &info);

  for (const dff::MemoryPlan plan : {dff::MemoryPlan{false, dff::Optimizer::kSgd},
                                     dff::MemoryPlan{true, dff::Optimizer::kAdam}}) {
    const size_t need = inspected.ok() ? dff::bytes_required(info.topology, plan) : 64;
    std::vector<float> buffer(need / sizeof(float) + 1, 7.0f);
    const std::vector<float> before = buffer;
    dff::Network net;
    // One float short first: must fail with kBlobTooLarge (or the blob's own error) and touch nothing.
    const dff::Status small = dff::blob_load(data, size, plan, buffer.data(), need - sizeof(float), &net);
    check(!small.ok());
    check(inspected.ok() ? small.code() == dff::StatusCode::kBlobTooLarge : small.code() == inspected.code());
    check(!net.valid());
    check(memcmp(before.data(), buffer.data(), buffer.size() * sizeof(float)) == 0);
    const dff::Status loaded = dff::blob_load(data, size, plan, buffer.data(), need, &net);
    check(loaded.code() == inspected.code());
    if (!loaded.ok()) {
      check(!net.valid());
      check(memcmp(before.data(), buffer.data(), buffer.size() * sizeof(float)) == 0);
    }
  }
  if (!inspected.ok()) return;

  for (uint16_t i = 0; i < info.class_count; ++i) {
    const char* name = nullptr;
    uint8_t length = 0;
    check(dff::blob_class_name(data, size, info, i, &name, &length).ok());
    check(name >= reinterpret_cast<const char*>(data) && name + length <= reinterpret_cast<const char*>(data) + size);
  }

  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const dff::Result<dff::DFF> model = dff::model_from_blob(bytes, "fuzz");
  check(model.ok());
  const dff::Result<std::string> again = dff::model_to_blob(model.value());
  check(again.ok());
  const dff::Result<dff::DFF> model2 = dff::model_from_blob(again.value(), "fuzz");
  check(model2.ok());
  const dff::Result<std::string> again2 = dff::model_to_blob(model2.value());
  check(again2.ok() && again2.value() == again.value());

  // Core network and host model compute the same outputs, bit for bit (NaN included).
  const dff::MemoryPlan plan{false, dff::Optimizer::kSgd};
  std::vector<float> buffer(dff::bytes_required(info.topology, plan) / sizeof(float));
  dff::Network net;
  check(dff::blob_load(data, size, plan, buffer.data(), buffer.size() * sizeof(float), &net).ok());
  const uint32_t n_in = info.topology.inputs();
  const uint32_t n_out = info.topology.outputs();
  dff::Matrix x(1, n_in);
  for (uint32_t i = 0; i < n_in; ++i) x(0, i) = static_cast<float>(i % 5) - 2.0f;
  std::vector<float> out(n_out);
  check(net.predict(x.data(), n_in, out.data(), n_out).ok());
  const dff::Matrix want = model->predict(x);
  check(memcmp(out.data(), want.data(), n_out * sizeof(float)) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Exact-size heap copy: any read past the end is an ASan report.
  std::vector<uint8_t> copy(data, data + size);
  exercise(copy.empty() ? nullptr : copy.data(), size);

  if (size >= dff::kBlobHeaderBytes + dff::kBlobCrcBytes && size <= 0xFFFFFFFFu) {
    const auto total = static_cast<uint32_t>(size);
    for (int i = 0; i < 4; ++i) copy[8 + static_cast<size_t>(i)] = static_cast<uint8_t>(total >> (8 * i));
    const uint32_t crc = dff::crc32(copy.data(), size - 4);
    for (int i = 0; i < 4; ++i) copy[size - 4 + static_cast<size_t>(i)] = static_cast<uint8_t>(crc >> (8 * i));
    exercise(copy.data(), size);
  }
  return 0;
}
