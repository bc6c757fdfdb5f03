// ModelStore: two model slots and a commit record, so that power loss at any instant
// leaves either the old or the new model active, never a corrupt one.
//
// Layout on the Storage (pages of page_size bytes):
//   page 0, page 1      commit records (one per page, at offset 0; ping-pong)
//   slot 0, slot 1      (pages - 2) / 2 pages each; a blob starts at the slot's first byte
// Commit record (32 bytes, little-endian):
//   0 magic "DFFR" | 4 generation u32 | 8 slot u8 | 9 reserved 3 bytes (0) |
//   12 blob_size u32 | 16 blob_crc u32 (the blob's CRC trailer: CRC-32 of all but its last 4 bytes) |
//   20 reserved 8 bytes (0) |
//   28 record_crc u32 (CRC-32 of bytes 0..27)
//
// Upload: begin_write() erases the slot the active record does NOT point to; append()
// programs it in order; finish() flushes the last partial program unit (padded 0xFF);
// commit() erases the record page that does not hold the active record and programs a
// record with generation + 1 there: the record is the last write, so until it is complete
// and its CRC matches, boot still finds the previous record and its untouched slot.
// open() (boot) reads both records, and takes the newest whose CRC is right and whose
// slot holds a blob with the recorded size and CRC that the core parser accepts.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "firmware/portable/storage.h"

namespace dff {
namespace fw {

constexpr uint32_t kRecordBytes = 32;
constexpr uint8_t kRecordMagic[4] = {'D', 'F', 'F', 'R'};
constexpr uint8_t kNoSlot = 0xFF;

class ModelStore {
 public:
  explicit ModelStore(Storage& storage) : storage_(storage) {}

  // Checks the geometry and finds the active model. Ok also when the store is empty.
  Status open();

  bool has_model() const { return active_slot_ != kNoSlot; }
  uint8_t active_slot() const { return active_slot_; }
  uint32_t generation() const { return generation_; }  // highest on a record with a valid CRC (0: none)
  uint32_t active_size() const { return active_size_; }
  uint32_t active_crc() const { return active_crc_; }
  const uint8_t* active_blob() const;  // mapped bytes, nullptr without a model
  uint32_t slot_capacity() const { return slot_pages_ * page_; }

  // Upload into the inactive slot: erase what `size` bytes need (kInvalidArgument if
  // larger than slot_capacity), then append bytes in order, then finish().
  Status begin_write(uint32_t size);
  Status append(const uint8_t* data, uint32_t n);
  Status finish();
  uint32_t written() const { return write_pos_ + tail_len_; }
  // The staged bytes in the inactive slot (valid after finish()).
  const uint8_t* staged(uint32_t size) const;
  // Writes the commit record for the staged blob; on success it is the active model.
  Status commit(uint32_t size, uint32_t crc);
  // Forgets a staged upload (nothing is written; the slot is erased again next time).
  void cancel_write() { writing_ = false; tail_len_ = 0; write_pos_ = 0; }

 private:
  struct Record {
    uint32_t generation = 0;
    uint8_t slot = kNoSlot;
    uint32_t size = 0;
    uint32_t crc = 0;
  };
  bool read_record(uint32_t page, Record* out) const;
  bool blob_ok(const Record& r) const;
  uint32_t slot_addr(uint8_t slot) const { return (2 + slot * slot_pages_) * page_; }
  uint8_t target_slot() const { return active_slot_ == 0 ? 1 : 0; }

  Storage& storage_;
  uint32_t page_ = 0;
  uint32_t unit_ = 1;
  uint32_t slot_pages_ = 0;
  uint8_t active_slot_ = kNoSlot;
  uint8_t active_page_ = 1;  // record page of the active record; the next record goes to the other one
  uint32_t generation_ = 0;  // highest generation seen on a record with a valid CRC
  uint32_t active_size_ = 0;
  uint32_t active_crc_ = 0;
  bool writing_ = false;
  uint32_t write_pos_ = 0;   // bytes programmed into the target slot
  uint8_t tail_[kMaxProgramUnit] = {};
  uint32_t tail_len_ = 0;
};

}  // namespace fw
}  // namespace dff
