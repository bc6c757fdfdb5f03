// web/src/board/model-region.js against firmware/protocol/model-region-vectors.json (the same
// file tests/firmware/test_model_region.cpp checks the firmware with), and intel-hex.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildModelRegion, readModelRegion, REGION_HEADER_BYTES } from '../../web/src/board/model-region.js';
import { parseIntelHex } from '../../web/src/board/intel-hex.js';

const vectors = JSON.parse(readFileSync(new URL('../../firmware/protocol/model-region-vectors.json', import.meta.url), 'utf8'));
const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b) => Buffer.from(b).toString('hex');

test('buildModelRegion writes the vectors\' header and blob byte for byte', () => {
  assert.equal(REGION_HEADER_BYTES, vectors.header_bytes);
  assert.equal(toHex(buildModelRegion(hex(vectors.blob), vectors.build_id)), vectors.region);
});

test('readModelRegion gives every vector case its state, size and CRC', () => {
  assert.ok(vectors.cases.length >= 10);
  for (const c of vectors.cases) {
    const r = readModelRegion(hex(c.region), { capacity: c.capacity, buildId: c.build_id });
    assert.equal(r.state, c.state, `${c.name}: ${c.meaning}`);
    if (c.blob_size !== undefined) assert.equal(r.blobSize, c.blob_size, c.name);
    if (c.blob_crc !== undefined) assert.equal(r.blobCrc, c.blob_crc, c.name);
    if (c.state === 'valid') assert.equal(toHex(r.blob), vectors.blob, c.name);
  }
});

test('readModelRegion on the header alone: the model it names, CRC not checked', () => {
  const header = hex(vectors.region).subarray(0, REGION_HEADER_BYTES);
  const r = readModelRegion(header, { capacity: 256, buildId: vectors.build_id });
  assert.deepEqual([r.state, r.checked, r.blobSize], ['valid', false, 88]);
  assert.equal(readModelRegion(header, { capacity: 256, buildId: 1 }).state, 'other_build');
});

test('parseIntelHex: data, gaps, extended addresses, checksum and truncation errors', () => {
  const image = parseIntelHex(':0400000001020304F2\n:02000A00AABB8F\n:00000001FF\n');
  assert.deepEqual([...image.bytes], [1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xbb]);
  assert.deepEqual([image.start, image.end], [0, 12]);
  const far = parseIntelHex(':020000040001F9\n:0100000042BD\n:00000001FF\n');
  assert.equal(far.bytes.length, 0x10001);
  assert.equal(far.bytes[0x10000], 0x42);
  assert.throws(() => parseIntelHex(':0400000001020304F3\n:00000001FF\n'), /line 1: checksum error/);
  assert.throws(() => parseIntelHex(':0400000001020304F2\n'), /no end-of-file record/);
  assert.throws(() => parseIntelHex('hello\n'), /line 1: not an Intel HEX record/);
});
