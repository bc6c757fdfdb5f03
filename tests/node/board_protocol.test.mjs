// The JS protocol implementation (web/src/board/{crc32,cobs,frame,protocol-client}.js) against
// the shared test vectors firmware/protocol/test-vectors.json, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32 } from '../../web/src/board/crc32.js';
import { cobsDecode, cobsEncode } from '../../web/src/board/cobs.js';
import { Command, Event, FrameDecoder, encodeDecodedFrame, encodeFrame, replies, requests, events, blobCrc, isEventType, REPLY_BIT, NAK_TYPE, parseError } from '../../web/src/board/frame.js';
import { ProtocolClient, parameterCount, trainTimeoutMs } from '../../web/src/board/protocol-client.js';
import { createBytePort } from '../../web/src/board/byte-port.js';
import { BoardError, ErrorCode } from '../../web/src/board/errors.js';

const vectors = JSON.parse(readFileSync(new URL('../../firmware/protocol/test-vectors.json', import.meta.url), 'utf8'));
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const f32 = (x) => new Float32Array([x])[0];

test('CRC-32 vectors', () => {
  assert.ok(vectors.crc32.length >= 4);
  for (const v of vectors.crc32) assert.equal(crc32(new TextEncoder().encode(v.ascii)), v.crc32, v.ascii);
  assert.equal(crc32(new TextEncoder().encode('6789'), crc32(new TextEncoder().encode('12345'))), 0xcbf43926, 'continues over pieces');
});

test('COBS vectors both ways, and invalid input is refused', () => {
  for (const v of vectors.cobs) {
    assert.equal(hex(cobsEncode(unhex(v.decoded))), v.encoded, `encode ${v.decoded.slice(0, 16)}… (${v.decoded.length / 2} bytes)`);
    assert.equal(hex(cobsDecode(unhex(v.encoded))), v.decoded, `decode ${v.encoded.slice(0, 16)}…`);
  }
  for (const bad of ['05112233', '0300', '00']) assert.equal(cobsDecode(unhex(bad)), null, bad);
  // Round trip of random frames of every length up to 600 (the 254-byte block edges included).
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let n = 0; n < 600; n++) {
    const data = Uint8Array.from({ length: n }, () => (rand() < 40 ? 0 : rand()));
    const enc = cobsEncode(data);
    assert.ok(!enc.includes(0), 'no zero byte in the encoding');
    assert.ok(enc.length <= n + 1 + Math.floor(n / 254), `overhead within 1 + n/254 for ${n}`);
    assert.deepEqual(cobsDecode(enc), data, `round trip ${n}`);
  }
});

// The request payload built by frame.js from a vector's fields.
function requestPayload(f) {
  const x = f.fields;
  switch (f.type) {
    case Command.HELLO:
      return requests.hello(x.version);
    case Command.INFO:
      return requests.info();
    case Command.BEGIN:
      return requests.begin(x.total_size, x.blob_crc);
    case Command.DATA:
      return requests.data(x.offset, unhex(x.chunk));
    case Command.COMMIT:
      return requests.commit();
    case Command.ABORT:
      return requests.abort();
    case Command.PREDICT:
      return requests.predict(x.inputs.map((v) => (v === 'nan' ? NaN : v)));
    case Command.TRAIN:
      return requests.train(x.rows, { epochs: x.epochs, shuffle: !!(x.flags & 1), learningRate: x.learning_rate });
    case Command.RECORD:
      return requests.record(x.interval_ms, x.sources);
    case Command.LIVE:
      return requests.live(x.interval_ms, x.sources, x.indicate_class);
    default:
      throw new Error(`no encoder for type ${f.type}`);
  }
}

// A reply vector's fields as frame.js reads them, in the vector's naming.
function replyFields(f) {
  const p = unhex(f.payload);
  if (f.type === Event.READING) return events.reading(p);
  if (f.type === Event.LIVE) {
    const e = events.live(p, f.fields.readings.length);
    return { ...e, readings: e.readings, outputs: e.outputs };
  }
  if (p[0] !== 0) {
    const e = parseError(p);
    return { status: e.status, detail: e.detail };
  }
  switch (f.type & ~REPLY_BIT) {
    case Command.HELLO:
    case Command.INFO: {
      const i = replies.info(p);
      return {
        status: 0,
        protocol_version: i.protocolVersion,
        capabilities: i.capabilities.bits,
        upload_state: i.uploading ? 1 : 0,
        max_payload: i.maxPayload,
        max_model_bytes: i.maxModelBytes,
        model_ram: i.modelRam,
        next_offset: i.nextOffset,
        model_source: { builtin: 1, uploaded: 2 }[i.model?.source] ?? 0,
        model_flags: i.model?.trainedInRam ? 1 : 0,
        model_size: i.model?.size ?? 0,
        model_crc: i.model?.crc ?? 0,
        widths: i.model?.topology ?? [],
        activations: (i.model?.activations ?? []).map((a) => ['sigmoid', 'relu', 'leaky_relu', 'tanh', 'linear', 'softmax'].indexOf(a)),
        name: i.firmware.name,
        version: i.firmware.version,
        sources: i.sources,
        stream: i.stream.mode,
        stream_interval_ms: i.stream.intervalMs,
        stream_sources: i.stream.sources,
        train_ns_per_step: i.trainNsPerStep,
      };
    }
    case Command.BEGIN:
      return { status: 0, max_chunk: replies.begin(p).maxChunk };
    case Command.DATA:
      return { status: 0, next_offset: replies.data(p).nextOffset };
    case Command.COMMIT:
      return { status: 0, ...replies.commit(p) };
    case Command.ABORT:
      return { status: 0 };
    case Command.PREDICT:
      return { status: 0, outputs: replies.predict(p) };
    case Command.TRAIN: {
      const t = replies.train(p);
      return { status: 0, loss_before: t.lossBefore, loss_after: t.lossAfter, epochs: t.epochs };
    }
    case Command.RECORD:
    case Command.LIVE: {
      const r = replies.stream(p);
      return { status: 0, interval_ms: r.intervalMs, sources: r.sources };
    }
    default:
      throw new Error(`no parser for type ${f.type}`);
  }
}

test('every annotated frame: encoding, wire bytes, decoding and fields', () => {
  assert.ok(vectors.frames.length >= 20);
  const kinds = new Set();
  for (const f of vectors.frames) {
    const where = `${f.name} (seq ${f.seq}): ${f.meaning}`;
    const payload = f.direction === 'host_to_board' ? requestPayload(f) : unhex(f.payload);
    assert.equal(hex(payload), f.payload, `${where}: payload`);
    assert.equal(hex(encodeDecodedFrame(f.type, f.seq, payload)), f.decoded, `${where}: decoded frame`);
    assert.equal(hex(encodeFrame(f.type, f.seq, payload)), f.wire, `${where}: wire`);
    const [got, ...rest] = new FrameDecoder().push(unhex(f.wire));
    assert.equal(rest.length, 0);
    assert.equal(got.error, undefined, `${where}: decodes cleanly`);
    assert.deepEqual([got.type, got.seq, hex(got.payload)], [f.type, f.seq, f.payload], `${where}: decoded`);
    if (f.direction === 'board_to_host') {
      const fields = replyFields(f);
      const expected = { ...f.fields };
      // Floats: the vector holds the float32 values as JSON numbers.
      for (const k of ['loss_before', 'loss_after']) if (k in expected) expected[k] = f32(expected[k]);
      for (const k of ['readings', 'outputs']) if (k in expected) expected[k] = expected[k].map(f32);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(fields[k], v, `${where}: field ${k}`);
      kinds.add(isEventType(f.type) ? `event ${f.type}` : `${f.type === NAK_TYPE ? 'NAK' : f.type & ~REPLY_BIT}:${fields.status}`);
    } else kinds.add(`req ${f.type}`);
  }
  for (const t of Object.values(Command)) assert.ok([...kinds].some((k) => k === `req ${t}` || k.startsWith(`${t}:`)), `command ${t} is covered`);
  for (const t of Object.values(Event)) assert.ok(kinds.has(`event ${t}`), `event 0x${t.toString(16)} is covered`);
});

test('blob vectors: the BEGIN CRC is the trailer, which is the CRC-32 of the rest', () => {
  for (const [name, h] of Object.entries(vectors.blobs)) {
    const blob = unhex(h);
    assert.equal(blobCrc(blob), crc32(blob.subarray(0, blob.length - 4)), name);
    assert.equal(crc32(blob), 0x2144df1c, `${name}: CRC-32 over blob and trailer is the constant`);
  }
});

// The session replayed with the JS client as the host: for every step that is one ordinary
// request, the client must write exactly the step's bytes, and read the step's answer.
function scriptedBoard() {
  const written = [];
  let answer = null;
  const { port, deliver } = createBytePort({
    label: 'scripted board',
    write: async (bytes) => {
      written.push(...bytes);
      const a = answer;
      answer = null;
      if (a) setImmediate(() => deliver(a));
    },
  });
  return { port, written, answerNext: (bytes) => (answer = bytes), push: (bytes) => deliver(bytes) };
}

test('session replay: the client sends each request byte-exact and reads each answer', async (t) => {
  const board = scriptedBoard();
  const client = new ProtocolClient(board.port, { timeoutMs: 500, retries: 0 });
  const byReplyKey = new Map(vectors.frames.filter((f) => f.direction === 'board_to_host').map((f) => [`${f.type}/${f.seq}`, f]));
  let replayed = 0;
  let first = true;
  for (const step of vectors.session.steps) {
    const send = unhex(step.send);
    const frames = new FrameDecoder().push(send);
    const flush = send[0] === 0 ? 1 : 0;
    // Only steps that are one well-formed request (after an optional flush byte).
    if (frames.length !== 1 || frames[0].error || frames[0].type > 0x7e || send.length - flush !== hex(encodeFrame(frames[0].type, frames[0].seq, frames[0].payload)).length / 2) continue;
    if (!!flush !== first) continue; // the client flushes before its first frame only
    first = false;
    const { type, seq, payload } = frames[0];
    board.written.length = 0;
    board.answerNext(unhex(step.expect));
    const reply = await client.request(type, payload, { seq });
    assert.equal(hex(board.written), step.send, `${step.note}: bytes written`);
    const expected = new FrameDecoder().push(unhex(step.expect)).find((f) => f.type === (type | REPLY_BIT));
    assert.deepEqual([reply.type, reply.seq, hex(reply.payload)], [expected.type, expected.seq, hex(expected.payload)], `${step.note}: reply`);
    const annotated = byReplyKey.get(`${reply.type}/${reply.seq}`);
    if (annotated && annotated.payload === hex(reply.payload)) {
      const fields = replyFields(annotated);
      assert.equal(fields.status, annotated.fields.status, `${step.note}: status`);
    }
    replayed++;
  }
  assert.ok(replayed >= 30, `replayed ${replayed} of ${vectors.session.steps.length} steps`);
  t.diagnostic(`replayed ${replayed} of ${vectors.session.steps.length} session steps byte-exact`);
});

test('session answers that are not one request still decode: NAKs, two replies in one chunk, nothing', () => {
  let naks = 0;
  let multi = 0;
  for (const step of vectors.session.steps) {
    const results = new FrameDecoder().push(unhex(step.expect));
    for (const r of results) {
      assert.equal(r.error, undefined, `${step.note}: the board's answer decodes`);
      if (r.type === NAK_TYPE) {
        naks++;
        assert.ok(['BAD_FRAME', 'BAD_CRC'].includes(parseError(r.payload).name));
      }
    }
    if (results.length > 1) multi++;
  }
  assert.ok(naks >= 2 && multi >= 1, `${naks} NAKs, ${multi} multi-reply steps`);
});

test('high-level calls on the session: HELLO, version mismatch, PREDICT, DIMENSION, TOO_LARGE, BLOB_CRC', async () => {
  const steps = vectors.session.steps;
  const at = (note) => steps.find((s) => s.note.startsWith(note));
  const board = scriptedBoard();
  const client = new ProtocolClient(board.port, { timeoutMs: 500, retries: 0 });
  const seqOf = (s) => new FrameDecoder().push(unhex(s.send))[0].seq;
  const run = async (note, fn) => {
    const s = at(note);
    board.answerNext(unhex(s.expect));
    client.seq = (seqOf(s) - 1) & 0xff;
    return fn();
  };
  const info = await run('flush byte, then HELLO v1', () => client.hello());
  assert.equal(info.firmware.name, vectors.session.board.name);
  assert.equal(info.maxPayload, vectors.session.board.max_payload);
  assert.deepEqual(info.model.topology, [2, 1]);
  assert.equal(info.model.source, 'builtin');
  await assert.rejects(run('HELLO with protocol version 2', () => client.hello({ version: 2 })), (e) => {
    assert.equal(e.code, 'UNSUPPORTED_VERSION');
    assert.equal(e.detail, 1);
    assert.match(e.message, /protocol version 1, this page speaks version 2/);
    return true;
  });
  assert.deepEqual(await run('PREDICT (1, 2) on 0.5', () => client.predict([1, 2])), [-1.25]);
  await assert.rejects(run('PREDICT with 1 input', () => client.predict([1])), (e) => e.code === 'DIMENSION' && e.detail === 2 && /takes 2 inputs/.test(e.message));
  await assert.rejects(
    run('BEGIN of 300 bytes', () => client.call(Command.BEGIN, requests.begin(300, 0x12345678), replies.begin, {}, { size: 300 })),
    (e) => e.code === 'TOO_LARGE' && /300 bytes\) is too large for this board: it stores at most 256 bytes/.test(e.message),
  );
  await assert.rejects(
    run('COMMIT: the CRC does not match', () => client.call(Command.COMMIT, requests.commit(), replies.commit)),
    (e) => e.code === 'BLOB_CRC' && /arrived damaged/.test(e.message) && /board: "blob CRC differs/.test(e.message),
  );
  await assert.rejects(run('COMMIT: the parser rejects it', () => client.call(Command.COMMIT, requests.commit(), replies.commit)), (e) => e.code === 'MODEL_INVALID' && e.detail === 17);
  await assert.rejects(run('DATA after the 5 s idle timeout', () => client.call(Command.DATA, requests.data(40, new Uint8Array(48)), replies.data)), (e) => e.code === 'TIMEOUT' && /idle timeout/.test(e.message));
});

test('a model larger than the board is refused before anything is sent, and the old model is kept', async () => {
  const board = scriptedBoard();
  const client = new ProtocolClient(board.port, { timeoutMs: 200, retries: 0 });
  client.info = { maxModelBytes: 256, maxPayload: 128 };
  const blob = new Uint8Array(300);
  new DataView(blob.buffer).setUint32(296, crc32(blob.subarray(0, 296)), true);
  await assert.rejects(client.upload(blob), (e) => e.code === 'TOO_LARGE' && e.keptPreviousModel === true && /kept its previous model/.test(e.message));
  assert.equal(board.written.length, 0);
  const broken = blob.slice();
  broken[5] ^= 1;
  await assert.rejects(client.upload(broken), (e) => e.code === 'BAD_BLOB');
});

test('no answer: retransmits the same frame with a flush byte, then TIMEOUT with a clear message', async () => {
  const board = scriptedBoard();
  const client = new ProtocolClient(board.port, { timeoutMs: 100, retries: 2, baudRate: 0 });
  const started = Date.now();
  await assert.rejects(client.hello(), (e) => e instanceof BoardError && e.code === ErrorCode.TIMEOUT && /did not answer HELLO \(3 tries/.test(e.message));
  assert.ok(Date.now() - started < 1000);
  const frame = encodeFrame(Command.HELLO, 1, requests.hello());
  assert.equal(hex(board.written), hex([0, ...frame, 0, ...frame, 0, ...frame]));
  const controller = new AbortController();
  const slow = new ProtocolClient(scriptedBoard().port, { timeoutMs: 10000 });
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(slow.getInfo({ signal: controller.signal }), (e) => e.code === ErrorCode.CANCELLED);
});

test('session events reach onEvent() in order with their readings; replies in between are still matched', async () => {
  const steps = vectors.session.steps;
  const start = steps.findIndex((s) => s.note.startsWith('RECORD sources 0 and 1'));
  const stop = steps.findIndex((s) => s.note.startsWith('LIVE with interval 0'));
  assert.ok(start > 0 && stop > start);
  const board = scriptedBoard();
  const client = new ProtocolClient(board.port, { timeoutMs: 500, retries: 0 });
  client.needFlush = false;
  const seen = [];
  client.onEvent((e) => seen.push(e));
  for (const s of steps.slice(start, stop + 1)) {
    const [f] = new FrameDecoder().push(unhex(s.send));
    if (!f) {
      board.push(unhex(s.expect)); // no request: the board's events arrive on their own
      continue;
    }
    board.answerNext(unhex(s.expect));
    client.seq = (f.seq - 1) & 0xff;
    if (f.type === Command.RECORD) await client.record({ intervalMs: 100, sources: 3 });
    else if (f.type === Command.LIVE && f.payload[0]) await client.live({ intervalMs: 100, sources: 3, indicateClass: 1 });
    else if (f.type === Command.LIVE) await client.call(Command.LIVE, f.payload, replies.stream);
    else await client.request(f.type, f.payload, { seq: f.seq });
  }
  assert.deepEqual(seen.map((e) => [e.type, e.index]), [['reading', 0], ['reading', 1], ['reading', 2], ['live', 0]]);
  const live = vectors.frames.find((f) => f.name === 'LIVE event').fields;
  assert.deepEqual(seen[3].readings, live.readings.map(f32));
  assert.deepEqual(seen[3].outputs, live.outputs.map(f32));
  assert.equal(seen[3].class, live.class);
});

test('TRAIN waits as long as the board says a request may take: 1 s + epochs x rows x parameters x ns', () => {
  assert.equal(parameterCount([3, 4, 2]), 4 * 4 + 5 * 2);
  assert.equal(parameterCount([64, 32, 10]), 65 * 32 + 33 * 10);
  const info = { trainNsPerStep: 50000, model: { topology: [3, 4, 2] } };
  assert.equal(trainTimeoutMs(info, 8, 1000), 1000 + Math.ceil((1000 * 8 * 26 * 50000) / 1e6));
  assert.equal(trainTimeoutMs({ ...info, trainNsPerStep: 100 }, 8, 1000), 1000 + 21);
  assert.equal(trainTimeoutMs({ ...info, trainNsPerStep: null }, 1, 1), 1000 + 3, 'a board that states none: 100 us');
});

test('a NAK, then the reply, then the same reply again: one result, and the stale copy does not answer the next request', async () => {
  const written = [];
  let n = 0;
  const { port, deliver } = createBytePort({
    label: 'nak-then-reply',
    write: async (bytes) => {
      written.push(bytes);
      const [f] = new FrameDecoder().push(bytes[0] === 0 ? bytes.subarray(1) : bytes);
      if (!f || f.error) return;
      n++;
      const reply = encodeFrame(f.type | REPLY_BIT, f.seq, Uint8Array.of(0, ...new Uint8Array(new Float32Array([n]).buffer)));
      // First request: a NAK for the flushed noise, then the reply; the retransmission gets the stored reply.
      if (f.type === Command.PREDICT && f.seq === 1 && n === 1) {
        const nak = encodeFrame(NAK_TYPE, 0, Uint8Array.of(1, 0, 0, 0, 0));
        setImmediate(() => deliver(Uint8Array.from([...nak, ...reply])));
      } else if (f.type === Command.PREDICT && f.seq === 1) {
        setTimeout(() => deliver(encodeFrame(f.type | REPLY_BIT, f.seq, Uint8Array.of(0, ...new Uint8Array(new Float32Array([1]).buffer)))), 20);
      } else setTimeout(() => deliver(reply), 40);
    },
  });
  const client = new ProtocolClient(port, { timeoutMs: 300, retries: 3, baudRate: 0 });
  assert.deepEqual(await client.predict([1]), [1]);
  assert.equal(client.stats.naks, 1);
  assert.equal(client.stats.retransmissions, 1);
  // The stored reply to seq 1 arrives while seq 2 is outstanding: ignored; seq 2's own reply wins.
  assert.deepEqual(await client.predict([2]), [3]);
});

test('a LIVE event in the same chunk as the LIVE reply is read with the requested sources; a listener that throws does not end the connection', async () => {
  const live = vectors.frames.find((f) => f.name === 'LIVE event');
  const { port, deliver } = createBytePort({
    label: 'reply and event together',
    write: async (bytes) => {
      const [f] = new FrameDecoder().push(bytes[0] === 0 ? bytes.subarray(1) : bytes);
      const reply = encodeFrame(f.type | REPLY_BIT, f.seq, Uint8Array.of(0, 100, 0, 3, 0));
      setImmediate(() => deliver(Uint8Array.from([...reply, ...unhex(live.wire)])));
    },
  });
  const thrown = [];
  const client = new ProtocolClient(port, { timeoutMs: 300, baudRate: 0, listenerError: (e) => thrown.push(e.message) });
  const seen = [];
  client.onEvent(() => {
    throw new Error('a bug in a listener');
  });
  client.onEvent((e) => seen.push(e));
  await client.live({ intervalMs: 100, sources: 3, indicateClass: 1 });
  await new Promise((r) => setImmediate(r));
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0].readings, live.fields.readings.map(f32));
  assert.deepEqual(seen[0].outputs, live.fields.outputs.map(f32));
  assert.deepEqual(thrown, ['a bug in a listener'], 'reported');
  assert.equal(port.closed, false, 'the connection stays');
});
