// The model region an ATmega328P firmware runs its model from (layout and meaning:
// firmware/portable/model_region.h): a 20-byte header, then the model blob. The page writes
// it into flash through the bootloader; firmware/protocol/model-region-vectors.json pins this
// file and the firmware's check_model_region() to the same bytes.
import { crc32 } from './crc32.js';

export const REGION_HEADER_BYTES = 20;
const MAGIC = [0x44, 0x46, 0x46, 0x4d]; // "DFFM"
const VERSION = 1;

// Header + blob for the firmware build `buildId` (a 32-bit number).
export function buildModelRegion(blob, buildId) {
  const out = new Uint8Array(REGION_HEADER_BYTES + blob.length);
  const v = new DataView(out.buffer);
  out.set(MAGIC, 0);
  v.setUint16(4, VERSION, true);
  v.setUint16(6, REGION_HEADER_BYTES, true);
  v.setUint32(8, blob.length, true);
  v.setUint32(12, crc32(blob.subarray(0, blob.length - 4)), true);
  v.setUint32(16, buildId >>> 0, true);
  out.set(blob, REGION_HEADER_BYTES);
  return out;
}

// What a region holds: { state: 'valid' | 'empty' | 'bad_header' | 'other_build' | 'bad_crc',
// blobSize, blobCrc, buildId, blob (valid only) }, by the firmware's rules. `bytes` may be only
// the header (then a region whose header is fine says 'valid' with no blob: the CRC is unchecked).
export function readModelRegion(bytes, { capacity = bytes.length, buildId } = {}) {
  if (capacity < REGION_HEADER_BYTES || bytes.length < REGION_HEADER_BYTES || MAGIC.some((m, i) => bytes[i] !== m)) return { state: 'empty' };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const blobSize = v.getUint32(8, true);
  if (v.getUint16(4, true) !== VERSION || v.getUint16(6, true) !== REGION_HEADER_BYTES || blobSize < 8 || blobSize > capacity - REGION_HEADER_BYTES) {
    return { state: 'bad_header' };
  }
  const r = { blobSize, blobCrc: v.getUint32(12, true), buildId: v.getUint32(16, true) };
  if (buildId !== undefined && r.buildId !== buildId >>> 0) return { ...r, state: 'other_build' };
  if (bytes.length < REGION_HEADER_BYTES + blobSize) return { ...r, state: 'valid', checked: false };
  const blob = bytes.subarray(REGION_HEADER_BYTES, REGION_HEADER_BYTES + blobSize);
  const trailer = new DataView(blob.buffer, blob.byteOffset + blobSize - 4, 4).getUint32(0, true);
  if (crc32(blob.subarray(0, blobSize - 4)) !== r.blobCrc || trailer !== r.blobCrc) return { ...r, state: 'bad_crc' };
  return { ...r, state: 'valid', checked: true, blob };
}
