#include "firmware/portable/model_store.h"

#include <string.h>

#include "core/blob.h"
#include "core/crc32.h"
#include "core/little_endian.h"

namespace dff {
namespace fw {
namespace {

constexpr uint32_t kMinBlobBytes = 20;

}  // namespace

Status ModelStore::open() {
  page_ = storage_.page_size();
  unit_ = storage_.program_unit();
  const uint32_t pages = page_ ? storage_.size() / page_ : 0;
  active_slot_ = kNoSlot;
  active_page_ = 1;
  generation_ = 0;
  active_size_ = 0;
  active_crc_ = 0;
  cancel_write();
  if (page_ < kRecordBytes || pages < 4 || storage_.size() % page_ != 0)
    return Status(StatusCode::kInvalidArgument, "store: storage needs >= 4 pages of >= 32 bytes");
  if (unit_ == 0 || unit_ > kMaxProgramUnit || (unit_ & (unit_ - 1)) != 0 || kRecordBytes % unit_ != 0 ||
      page_ % unit_ != 0)
    return Status(StatusCode::kInvalidArgument, "store: program unit must be 1, 2, 4, 8 or 16 bytes");
  slot_pages_ = (pages - 2) / 2;

  Record records[2];
  bool valid[2];
  for (uint32_t p = 0; p < 2; ++p) {
    valid[p] = read_record(p, &records[p]);
    if (valid[p] && records[p].generation > generation_) generation_ = records[p].generation;
  }
  // Newest first; a record whose slot does not check out falls back to the other one.
  const uint32_t first = (valid[0] && valid[1]) ? (records[1].generation > records[0].generation ? 1u : 0u)
                                                : (valid[1] ? 1u : 0u);
  for (uint32_t k = 0; k < 2; ++k) {
    const uint32_t p = k == 0 ? first : 1 - first;
    if (!valid[p] || !blob_ok(records[p])) continue;
    active_slot_ = records[p].slot;
    active_page_ = static_cast<uint8_t>(p);
    active_size_ = records[p].size;
    active_crc_ = records[p].crc;
    break;
  }
  return Status::Ok();
}

bool ModelStore::read_record(uint32_t page, Record* out) const {
  const uint8_t* r = storage_.map(page * page_, kRecordBytes);
  if (r == nullptr || memcmp(r, kRecordMagic, 4) != 0) return false;
  if (le::load_u32(r + 28) != crc32(r, 28)) return false;
  out->generation = le::load_u32(r + 4);
  out->slot = r[8];
  out->size = le::load_u32(r + 12);
  out->crc = le::load_u32(r + 16);
  return out->slot < 2 && out->size >= kMinBlobBytes && out->size <= slot_capacity();
}

bool ModelStore::blob_ok(const Record& r) const {
  const uint8_t* blob = storage_.map(slot_addr(r.slot), r.size);
  if (blob == nullptr || crc32(blob, r.size - 4) != r.crc || le::load_u32(blob + r.size - 4) != r.crc) return false;
  return blob_inspect(blob, r.size, nullptr).ok();
}

const uint8_t* ModelStore::active_blob() const {
  return has_model() ? storage_.map(slot_addr(active_slot_), active_size_) : nullptr;
}

const uint8_t* ModelStore::staged(uint32_t size) const {
  if (size > slot_capacity()) return nullptr;
  return storage_.map(slot_addr(target_slot()), size);
}

Status ModelStore::begin_write(uint32_t size) {
  cancel_write();
  if (slot_pages_ == 0) return Status(StatusCode::kInvalidArgument, "store: not opened");
  if (size > slot_capacity()) return Status(StatusCode::kInvalidArgument, "store: blob larger than a slot");
  const uint32_t base = slot_addr(target_slot());
  const uint32_t pages = (size + page_ - 1) / page_;
  for (uint32_t p = 0; p < pages; ++p) DFF_RETURN_IF_ERROR(storage_.erase_page(base + p * page_));
  writing_ = true;
  return Status::Ok();
}

Status ModelStore::append(const uint8_t* data, uint32_t n) {
  if (!writing_) return Status(StatusCode::kInvalidArgument, "store: no write in progress");
  if (n > slot_capacity() - written()) return Status(StatusCode::kInvalidArgument, "store: write past the slot");
  const uint32_t base = slot_addr(target_slot());
  while (n > 0) {
    if (tail_len_ == 0 && n >= unit_) {  // whole units straight from the caller's bytes
      const uint32_t whole = n - n % unit_;
      DFF_RETURN_IF_ERROR(storage_.program(base + write_pos_, data, whole));
      write_pos_ += whole;
      data += whole;
      n -= whole;
      continue;
    }
    tail_[tail_len_++] = *data++;
    --n;
    if (tail_len_ == unit_) {
      DFF_RETURN_IF_ERROR(storage_.program(base + write_pos_, tail_, unit_));
      write_pos_ += unit_;
      tail_len_ = 0;
    }
  }
  return Status::Ok();
}

Status ModelStore::finish() {
  if (!writing_) return Status(StatusCode::kInvalidArgument, "store: no write in progress");
  if (tail_len_ == 0) return Status::Ok();
  for (uint32_t i = tail_len_; i < unit_; ++i) tail_[i] = 0xFF;
  DFF_RETURN_IF_ERROR(storage_.program(slot_addr(target_slot()) + write_pos_, tail_, unit_));
  write_pos_ += tail_len_;
  tail_len_ = 0;
  return Status::Ok();
}

Status ModelStore::commit(uint32_t size, uint32_t crc) {
  if (!writing_ || tail_len_ != 0 || write_pos_ != size || size < kMinBlobBytes)
    return Status(StatusCode::kInvalidArgument, "store: commit without a finished write of that size");
  const uint8_t slot = target_slot();
  const uint8_t page = active_page_ == 0 ? 1 : 0;
  uint8_t r[kRecordBytes] = {};
  memcpy(r, kRecordMagic, 4);
  le::store_u32(r + 4, generation_ + 1);
  r[8] = slot;
  le::store_u32(r + 12, size);
  le::store_u32(r + 16, crc);
  le::store_u32(r + 28, crc32(r, 28));
  writing_ = false;
  DFF_RETURN_IF_ERROR(storage_.erase_page(page * page_));
  DFF_RETURN_IF_ERROR(storage_.program(page * page_, r, kRecordBytes));
  Record check;
  if (!read_record(page, &check) || check.generation != generation_ + 1 || !blob_ok(check))
    return Status(StatusCode::kInvalidArgument, "store: commit record or blob did not verify");
  generation_ += 1;
  active_slot_ = slot;
  active_page_ = page;
  active_size_ = size;
  active_crc_ = crc;
  return Status::Ok();
}

}  // namespace fw
}  // namespace dff
