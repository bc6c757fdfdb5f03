// check_model_region() against the shared vectors (firmware/protocol/model-region-vectors.json,
// written from model_region.h's layout by make_model_region_vectors.py); the page's
// web/src/board/model-region.js passes the same file (tests/node/board_model_region.test.mjs).
#include "firmware/portable/model_region.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;
using dff::fw::RegionState;

namespace {

json load_vectors() {
  std::ifstream in(std::string(DFF_SOURCE_DIR) + "/firmware/protocol/model-region-vectors.json");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::vector<uint8_t> hex(const std::string& h) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  return out;
}

RegionState state_named(const std::string& s) {
  if (s == "valid") return RegionState::kValid;
  if (s == "empty") return RegionState::kEmpty;
  if (s == "bad_header") return RegionState::kBadHeader;
  if (s == "other_build") return RegionState::kOtherBuild;
  REQUIRE(s == "bad_crc");
  return RegionState::kBadCrc;
}

}  // namespace

TEST_CASE("model region: every vector case gets the state, blob, size and CRC the vectors say") {
  const json v = load_vectors();
  CHECK(v["header_bytes"] == dff::fw::kRegionHeaderBytes);
  REQUIRE(v["cases"].size() >= 10);
  for (const json& c : v["cases"]) {
    INFO(c["name"].get<std::string>() << ": " << c["meaning"].get<std::string>());
    const std::vector<uint8_t> region = hex(c["region"]);
    REQUIRE(region.size() == c["capacity"].get<size_t>());
    const dff::fw::RegionCheck r = dff::fw::check_model_region(region.data(), static_cast<uint32_t>(region.size()),
                                                               dff::BlobMemory::kData, c["build_id"].get<uint32_t>());
    CHECK(r.state == state_named(c["state"]));
    if (r.state == RegionState::kValid) {
      CHECK(r.blob == region.data() + c["blob_offset"].get<size_t>());
      CHECK(r.blob_size == c["blob_size"].get<uint32_t>());
      CHECK(r.blob_crc == c["blob_crc"].get<uint32_t>());
      CHECK(std::strlen(dff::fw::region_state_text(r.state)) == 0);
    } else {
      CHECK(r.blob == nullptr);
      const size_t text = std::strlen(dff::fw::region_state_text(r.state));
      CHECK(text > 0);
      CHECK(text <= 48);  // fits an error reply's message
    }
    if (c.contains("blob_size")) CHECK(r.blob_size == c["blob_size"].get<uint32_t>());
  }
}

TEST_CASE("model region: a region smaller than its header is empty, and the blob it names runs in a view") {
  const json v = load_vectors();
  const std::vector<uint8_t> region = hex(v["region"]);
  CHECK(dff::fw::check_model_region(region.data(), 19, dff::BlobMemory::kData, v["build_id"]).state == RegionState::kEmpty);
  CHECK(dff::fw::check_model_region(nullptr, 256, dff::BlobMemory::kData, v["build_id"]).state == RegionState::kEmpty);
  const dff::fw::RegionCheck r = dff::fw::check_model_region(region.data(), static_cast<uint32_t>(region.size()),
                                                             dff::BlobMemory::kData, v["build_id"]);
  REQUIRE(r.state == RegionState::kValid);
  dff::ModelView view;
  REQUIRE(view.open(r.blob, r.blob_size).ok());
  float io[2] = {1.0f, 2.0f};
  float work[4];
  REQUIRE(view.predict(io, 2, 1, work, 4).ok());
  CHECK(io[0] == 0.5f * 1.0f - 2.0f + 0.25f);
}
