// ByteReader (web/src/board/byte-port.js) against what a board may send: bytes arrive in any
// chunking and come out whole and in order; a flood nobody reads stays within the cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader, MAX_BUFFERED_BYTES, createBytePort } from '../../web/src/board/byte-port.js';
import { ErrorCode } from '../../web/src/board/errors.js';

function reader(options) {
  const { port, deliver } = createBytePort({ write: async () => {} });
  return { r: new ByteReader(port, options), deliver };
}

test('bytes in random chunks come out whole and in order, through read, readUntil and drain', async () => {
  const { r, deliver } = reader();
  let seed = 7;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const sent = Uint8Array.from({ length: 200000 }, () => 1 + rnd(255));
  for (let i = 0; i < sent.length; ) {
    const n = 1 + rnd(3000);
    deliver(sent.subarray(i, i + n));
    i += n;
  }
  const got = [];
  let at = 0;
  while (at < 150000) {
    const b = await r.read(1 + rnd(5000), { timeoutMs: 100 });
    got.push(b);
    at += b.length;
  }
  const rest = r.drain();
  const all = new Uint8Array(at + rest.length);
  let o = 0;
  for (const b of [...got, rest]) {
    all.set(b, o);
    o += b.length;
  }
  assert.deepEqual(all, sent);
  deliver(Uint8Array.of(1, 2, 0x3e, 3));
  assert.deepEqual(await r.readUntil('>', { timeoutMs: 100 }), Uint8Array.of(1, 2, 0x3e));
  assert.deepEqual(r.drain(), Uint8Array.of(3));
});

test('a board printing in a loop while nobody reads: the reader keeps the newest bytes up to the cap', { timeout: 20000 }, () => {
  const { r, deliver } = reader();
  const line = new TextEncoder().encode('0.12,0.34,0.56,0.78,0.90,1.23,4.56,7.89,0.00,1.11,2.22,3.33\n');
  const chunks = Math.ceil((16 * MAX_BUFFERED_BYTES) / line.length);
  for (let i = 0; i < chunks; i++) deliver(line);
  assert.equal(r.available, MAX_BUFFERED_BYTES);
  assert.equal(r.dropped, chunks * line.length - MAX_BUFFERED_BYTES);
  assert.ok(r.store.length <= 2 * MAX_BUFFERED_BYTES);
  const tail = r.drain();
  assert.deepEqual(tail.subarray(tail.length - line.length), line);
});

test('a wait under way fails once the board sent more than the cap without what it waits for; the reader goes on', async () => {
  const { r, deliver } = reader({ maxBufferedBytes: 4096 });
  const waiting = r.readUntil('>>> ', { timeoutMs: 5000, what: 'the ">>> " prompt' });
  for (let i = 0; i < 100; i++) deliver(new Uint8Array(100).fill(0x41));
  await assert.rejects(waiting, (e) => e.code === ErrorCode.PROTOCOL && e.message === 'The board sent more than 4096 bytes without the ">>> " prompt.');
  assert.ok(r.available <= 4096);
  r.drain();
  deliver(new TextEncoder().encode('ok>>> '));
  assert.equal(new TextDecoder().decode(await r.readUntil('>>> ', { timeoutMs: 100 })), 'ok>>> ');
});
