// Tests for firmware/portable/model_store.h: slots, commit records, fallback, program-unit
// buffering, and the power-loss simulation: for every erase/program of an upload + commit
// (and torn inside each one) power is cut, the board reboots, and the active model must be
// exactly the old or the new one, and the store must still take a new upload.
#include "firmware/portable/model_store.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "core/crc32.h"
#include "tests/firmware/fw_harness.h"

using namespace fwtest;
using dff::fw::ModelStore;

namespace {

const uint8_t* bytes_of(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

void store_blob(ModelStore& s, const std::string& blob, size_t chunk) {
  REQUIRE(s.begin_write(static_cast<uint32_t>(blob.size())).ok());
  for (size_t off = 0; off < blob.size(); off += chunk)
    REQUIRE(s.append(bytes_of(blob) + off, static_cast<uint32_t>(std::min(chunk, blob.size() - off))).ok());
  REQUIRE(s.finish().ok());
  REQUIRE(s.commit(static_cast<uint32_t>(blob.size()), blob_crc(blob)).ok());
}

// FlashStorage wrapper: counts operations; operation number `cut` is torn after `tear`
// bytes (the byte at `tear` is left half done: some bits of `garbage`), then power is off
// and every later operation fails.
class CutStorage final : public dff::fw::Storage {
 public:
  struct Op {
    bool erase;
    uint32_t addr, n;
  };
  CutStorage(dff::fw::Storage& inner, uint8_t* mem, long cut, uint32_t tear, uint8_t garbage)
      : inner_(inner), mem_(mem), cut_(cut), tear_(tear), garbage_(garbage) {}

  uint32_t size() const override { return inner_.size(); }
  uint32_t page_size() const override { return inner_.page_size(); }
  uint32_t program_unit() const override { return inner_.program_unit(); }
  const uint8_t* map(uint32_t addr, uint32_t n) const override { return inner_.map(addr, n); }

  dff::Status erase_page(uint32_t addr) override {
    if (dead) return off();
    ops.push_back({true, addr, page_size()});
    if (static_cast<long>(ops.size()) - 1 == cut_) {
      for (uint32_t i = 0; i < tear_ && i < page_size(); ++i) mem_[addr + i] = 0xFF;
      if (tear_ < page_size()) mem_[addr + tear_] = static_cast<uint8_t>(mem_[addr + tear_] | garbage_);
      dead = true;
      return off();
    }
    return inner_.erase_page(addr);
  }
  dff::Status program(uint32_t addr, const uint8_t* data, uint32_t n) override {
    if (dead) return off();
    ops.push_back({false, addr, n});
    if (static_cast<long>(ops.size()) - 1 == cut_) {
      for (uint32_t i = 0; i < tear_ && i < n; ++i) mem_[addr + i] = static_cast<uint8_t>(mem_[addr + i] & data[i]);
      if (tear_ < n) mem_[addr + tear_] = static_cast<uint8_t>(mem_[addr + tear_] & (data[tear_] | garbage_));
      dead = true;
      return off();
    }
    return inner_.program(addr, data, n);
  }

  std::vector<Op> ops;
  bool dead = false;

 private:
  static dff::Status off() { return dff::Status(dff::StatusCode::kInvalidArgument, "power is off"); }
  dff::fw::Storage& inner_;
  uint8_t* mem_;
  long cut_;
  uint32_t tear_;
  uint8_t garbage_;
};

// Sends BEGIN, DATA..., COMMIT and stops at the first error (after a power cut every
// storage operation fails, so the firmware reports STORAGE).
void try_upload(Board& b, const std::string& blob, size_t chunk) {
  if (b.request(Command::kBegin, begin_payload(blob)).status() != 0) return;
  for (size_t off = 0; off < blob.size(); off += chunk)
    if (b.request(Command::kData, data_payload(blob, off, std::min(chunk, blob.size() - off))).status() != 0) return;
  (void)b.request(Command::kCommit, {});
}

std::vector<uint32_t> tears_for(uint32_t n) {
  std::set<uint32_t> t{0, 1, n / 2, n - 1};
  if (n <= 40) {
    for (uint32_t i = 0; i < n; ++i) t.insert(i);
  } else {
    for (uint32_t i = 0; i < n; i += 7) t.insert(i);
  }
  return std::vector<uint32_t>(t.begin(), t.end());
}

struct Outcome {
  long cut_points = 0;
  long old_active = 0;
  long new_active = 0;
};

// One scenario: `setup` blobs are uploaded first (the last one is "old"), then `next` is
// uploaded with power cut at every operation and every tear position.
Outcome power_cut_scenario(const Geometry& g, const std::vector<std::string>& setup, const std::string& builtin,
                           const std::string& next, size_t chunk) {
  dff::fw::FirmwareConfig config;
  if (!builtin.empty()) {
    config.default_blob = bytes_of(builtin);
    config.default_blob_size = builtin.size();
  }
  std::vector<uint8_t> image(g.bytes(), 0xFF);
  {
    Board b(g, config, image.data());
    REQUIRE(b.begin().ok());
    for (const std::string& s : setup) b.upload(s, chunk);
  }
  const uint32_t old_crc =
      !setup.empty() ? blob_crc(setup.back()) : (builtin.empty() ? 0u : blob_crc(builtin));
  const uint32_t new_crc = blob_crc(next);
  REQUIRE(old_crc != new_crc);
  const std::string third = seed_blob(77, 50);

  // Recording pass: the operations of one complete upload + commit.
  std::vector<CutStorage::Op> ops;
  {
    std::vector<uint8_t> mem = image;
    dff::fw::FlashStorage flash(mem.data(), g.page, g.pages(), g.unit);
    CutStorage cut(flash, mem.data(), -1, 0, 0);
    Board b(g, config, mem.data(), &cut);
    REQUIRE(b.begin().ok());
    REQUIRE(cut.ops.empty());  // booting never writes
    b.upload(next, chunk);
    ops = cut.ops;
    REQUIRE(!ops.back().erase);  // the commit record is the last write
    REQUIRE(ops.back().addr % g.page == 0);
    REQUIRE(ops.back().addr < 2 * g.page);
  }
  const size_t record_op = ops.size() - 1;

  Outcome out;
  for (size_t i = 0; i < ops.size(); ++i) {
    for (uint32_t tear : tears_for(ops[i].n)) {
      for (uint8_t garbage : {uint8_t{0x00}, uint8_t{0x5A}}) {
        std::vector<uint8_t> mem = image;
        dff::fw::FlashStorage flash(mem.data(), g.page, g.pages(), g.unit);
        {
          CutStorage cut(flash, mem.data(), static_cast<long>(i), tear, garbage);
          Board b(g, config, mem.data(), &cut);
          REQUIRE(b.begin().ok());
          try_upload(b, next, chunk);
          REQUIRE(cut.dead);
        }
        ++out.cut_points;
        // Reboot on the same flash.
        Board b(g, config, mem.data(), &flash);
        REQUIRE(b.begin().ok());
        const uint32_t crc = b.fw().has_model() ? b.fw().model_crc() : 0u;
        INFO("op " << i << " of " << ops.size() << (ops[i].erase ? " erase" : " program") << " addr " << ops[i].addr
                   << " n " << ops[i].n << " tear " << tear << " garbage " << int(garbage));
        REQUIRE((crc == old_crc || crc == new_crc));
        if (i < record_op) REQUIRE(crc == old_crc);
        if (crc == new_crc) ++out.new_active; else ++out.old_active;
        if (crc != 0) {  // the active model really predicts
          const Reply p = b.predict({1.0f, 0.0f, 1.0f});
          REQUIRE(p.status() == 0);
        }
        // The store takes a new upload and keeps it across a reboot.
        b.upload(third, chunk);
        Board again(g, config, mem.data(), &flash);
        REQUIRE(again.begin().ok());
        REQUIRE(again.fw().model_crc() == blob_crc(third));
        REQUIRE(again.fw().model_source() == dff::fw::ModelSource::kStored);
      }
    }
  }
  // Power never cut: the new model.
  std::vector<uint8_t> mem = image;
  {
    Board b(g, config, mem.data());
    REQUIRE(b.begin().ok());
    b.upload(next, chunk);
  }
  Board b(g, config, mem.data());
  REQUIRE(b.begin().ok());
  REQUIRE(b.fw().model_crc() == new_crc);
  ++out.new_active;
  ++out.cut_points;
  return out;
}

}  // namespace

TEST_CASE("empty store: no model; a committed blob is active after reopen") {
  std::vector<uint8_t> mem(10 * 256, 0xFF);
  dff::fw::FlashStorage flash(mem.data(), 256, 10, 4);
  ModelStore s(flash);
  REQUIRE(s.open().ok());
  CHECK(!s.has_model());
  CHECK(s.active_blob() == nullptr);
  CHECK(s.slot_capacity() == 1024);
  const std::string a = seed_blob(1, 10);
  store_blob(s, a, 33);
  CHECK(s.has_model());
  CHECK(s.active_slot() == 0);
  CHECK(s.generation() == 1);
  ModelStore reopened(flash);
  REQUIRE(reopened.open().ok());
  REQUIRE(reopened.has_model());
  CHECK(reopened.active_size() == a.size());
  CHECK(std::string(reinterpret_cast<const char*>(reopened.active_blob()), a.size()) == a);
  // The record: magic, generation 1, slot 0, size, CRC, record CRC.
  CHECK(memcmp(mem.data(), "DFFR", 4) == 0);
  CHECK(get_u32(Bytes(mem.begin(), mem.begin() + 32), 28) == dff::crc32(mem.data(), 28));
}

TEST_CASE("uploads alternate slots and record pages; generations increase") {
  std::vector<uint8_t> mem(10 * 256, 0xFF);
  dff::fw::FlashStorage flash(mem.data(), 256, 10, 16);
  ModelStore s(flash);
  REQUIRE(s.open().ok());
  std::vector<std::string> blobs;
  for (int k = 0; k < 5; ++k) blobs.push_back(seed_blob(static_cast<uint64_t>(k + 1), 5));
  for (int k = 0; k < 5; ++k) {
    store_blob(s, blobs[static_cast<size_t>(k)], static_cast<size_t>(7 + 13 * k));
    CHECK(s.active_slot() == k % 2);
    CHECK(s.generation() == static_cast<uint32_t>(k + 1));
    ModelStore r(flash);
    REQUIRE(r.open().ok());
    CHECK(r.active_crc() == blob_crc(blobs[static_cast<size_t>(k)]));
    CHECK(r.generation() == static_cast<uint32_t>(k + 1));
  }
}

TEST_CASE("a corrupted newest slot falls back to the previous record; a bad record is ignored") {
  std::vector<uint8_t> mem(10 * 256, 0xFF);
  dff::fw::RamStorage ram(mem.data(), 256, 10);
  ModelStore s(ram);
  REQUIRE(s.open().ok());
  const std::string a = seed_blob(1, 5), b = seed_blob(2, 5);
  store_blob(s, a, 50);
  store_blob(s, b, 50);
  // Flip one bit of b in slot 1 (bit rot): the store falls back to a.
  mem[(2 + 4) * 256 + 100] ^= 0x04;
  ModelStore r(ram);
  REQUIRE(r.open().ok());
  CHECK(r.active_crc() == blob_crc(a));
  CHECK(r.generation() == 2);  // the next record still gets generation 3
  // Next upload goes to slot 1 (not the active slot 0).
  store_blob(r, b, 50);
  CHECK(r.active_slot() == 1);
  CHECK(r.generation() == 3);
  // A record with a bad CRC is ignored.
  const uint32_t page = r.active_slot() == 1 ? 0 : 1;
  (void)page;
  mem[0 * 256 + 4] ^= 0x01;  // generation byte of the record in page 0 (a: gen 1 or b: gen 3)
  mem[1 * 256 + 4] ^= 0x01;
  ModelStore none(ram);
  REQUIRE(none.open().ok());
  CHECK(!none.has_model());
}

TEST_CASE("store API misuse and bad geometry are errors, not crashes") {
  std::vector<uint8_t> mem(10 * 256, 0xFF);
  dff::fw::RamStorage ram(mem.data(), 256, 10);
  ModelStore s(ram);
  REQUIRE(s.open().ok());
  const uint8_t x[4] = {1, 2, 3, 4};
  CHECK(!s.append(x, 4).ok());
  CHECK(!s.finish().ok());
  CHECK(!s.commit(20, 0).ok());
  CHECK(!s.begin_write(1025).ok());
  REQUIRE(s.begin_write(1024).ok());
  std::vector<uint8_t> big(1025, 1);
  CHECK(!s.append(big.data(), 1025).ok());
  REQUIRE(s.append(big.data(), 100).ok());
  REQUIRE(s.finish().ok());
  CHECK(!s.commit(200, 0).ok());  // size differs from what was written
  dff::fw::RamStorage three(mem.data(), 256, 3);
  CHECK(!ModelStore(three).open().ok());
  dff::fw::RamStorage tiny_pages(mem.data(), 16, 100);
  CHECK(!ModelStore(tiny_pages).open().ok());
  dff::fw::RamStorage odd_unit(mem.data(), 256, 10, 3);
  CHECK(!ModelStore(odd_unit).open().ok());
  dff::fw::RamStorage unit32(mem.data(), 256, 10, 32);
  CHECK(!ModelStore(unit32).open().ok());
}

TEST_CASE("power cut at every erase and program of an upload + commit (torn too): old or new, never corrupt") {
  Geometry g;
  g.page = 64;
  g.slot_pages = 4;
  g.unit = 8;
  g.flash = true;
  const std::string old_blob = seed_blob(1, 20);
  const std::string new_blob = seed_blob(2, 20);
  const std::string builtin = seed_blob(3, 20);
  std::map<std::string, Outcome> results;
  results["empty store"] = power_cut_scenario(g, {}, "", new_blob, 50);
  results["built-in only"] = power_cut_scenario(g, {}, builtin, new_blob, 50);
  results["one stored model"] = power_cut_scenario(g, {old_blob}, builtin, new_blob, 50);
  results["two stored models"] = power_cut_scenario(g, {new_blob, old_blob}, "", new_blob, 50);
  Geometry bytewise = g;
  bytewise.unit = 1;
  bytewise.page = 128;
  bytewise.slot_pages = 2;
  results["byte-programmable, 128-byte pages"] = power_cut_scenario(bytewise, {old_blob}, "", new_blob, 37);
  long total = 0;
  for (const auto& [name, o] : results) {
    WARN(name << ": " << o.cut_points << " cut points, old model active after " << o.old_active
              << ", new after " << o.new_active);
    total += o.cut_points;
    CHECK(o.new_active >= 1);
    CHECK(o.old_active >= 1);
  }
  WARN("power-cut points tried: " << total);
  CHECK(total > 1000);
}
