// Puts the microdff firmware and a model on an ATmega328P Arduino through its own bootloader
// (STK500v1: Optiboot on the Uno, ATmegaBOOT on older Nanos), over any BytePort with a reset
// line (Web Serial's setSignals). No DOM.
//
//   const image = await loadArduinoImage(fetchText, 'uno');     // manifest + firmware bytes
//   const r = await flashArduino(port, { image, blob, setSignals, onProgress, signal });
//   // r: { mode: 'full' | 'model', pages, bytesSent, bytesReceived, ms, signature, ... }
//
// The image's manifest (firmware/boards/atmega328p/image.cmake) says where the model region
// and the firmware identity are. When the board's identity already names this build, only the
// model region is written ("model-only"); otherwise the whole image, the page holding the
// identity last, so that a cut write never leaves a board that looks up to date. Every
// written page is read back and compared before the bootloader is left.
// Errors are BoardError with `boardState`: what the board holds now ('unchanged',
// 'partial-model': firmware intact, model region partly written; 'partial-firmware': the
// bootloader is intact, the firmware is not; 'written': all written and verified).
import { BoardError, ErrorCode } from './errors.js';
import { parseIntelHex } from './intel-hex.js';
import { buildModelRegion, readModelRegion, REGION_HEADER_BYTES } from './model-region.js';
import { NO_BOOTLOADER, Stk500, resetIntoBootloader } from './stk500.js';

export const ARDUINO_BOARDS = Object.freeze({
  uno: Object.freeze({ id: 'uno', name: 'Arduino Uno', bootloader: 'Optiboot', baudRate: 115200 }),
  nano: Object.freeze({ id: 'nano', name: 'Arduino Nano (old bootloader)', bootloader: 'ATmegaBOOT', baudRate: 57600 }),
});

export const SUPPORTED_BOARDS =
  'This works with an Arduino Uno (Optiboot, 115200 baud) and an Arduino Nano or Pro Mini with the old bootloader (57600 baud), both with an ATmega328P.';

export const FlashErrorCode = Object.freeze({ NO_BOOTLOADER, WRONG_CHIP: 'WRONG_CHIP', MODEL_TOO_LARGE: 'MODEL_TOO_LARGE', NO_IMAGE: 'NO_IMAGE' });

// Device signatures a bootloader may report (AVR061 READ_SIGN), to name what answered.
const CHIPS = {
  '1e950f': 'ATmega328P',
  '1e9514': 'ATmega328',
  '1e9516': 'ATmega328PB',
  '1e9406': 'ATmega168',
  '1e940b': 'ATmega168P',
  '1e9307': 'ATmega8',
  '1e9587': 'ATmega32U4',
  '1e9703': 'ATmega1280',
  '1e9801': 'ATmega2560',
  '1e9705': 'ATmega1284P',
};

const concat = (a, b) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};
const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const hex4 = (n) => `0x${n.toString(16).padStart(4, '0')}`;

// The firmware image for `board` as the page serves it (firmware/<file> next to the page):
// fetchText(path) -> text. Returns { manifest, bytes } or throws NO_IMAGE.
export async function loadArduinoImage(fetchText, board) {
  let manifest;
  let text;
  try {
    manifest = JSON.parse(await fetchText(`firmware/microdff-${board}.json`));
    text = await fetchText(`firmware/${manifest.hex}`);
  } catch (e) {
    throw new BoardError(FlashErrorCode.NO_IMAGE, `This page was built without the Arduino firmware images (firmware/microdff-${board}.json: ${e?.message ?? e}); scripts/run builds them.`, { cause: e });
  }
  return { manifest, bytes: parseIntelHex(text).bytes };
}

// Whether `blob` can run on the image's board: { ok, message } (limits from the manifest; the
// RAM rule is the core's, reached through the model's info().viewWorkBytes when known).
export function checkModelFits(manifest, blob, { inputs, outputs, viewWorkBytes } = {}) {
  const { maxBlobBytes } = manifest.modelRegion;
  const { maxPayload, modelRamBytes } = manifest.limits;
  if (blob.length > maxBlobBytes) return { ok: false, message: `The model is ${blob.length} bytes; the ${manifest.boardName} holds at most ${maxBlobBytes} bytes of model next to the firmware.` };
  if (inputs !== undefined && 4 * inputs > maxPayload) return { ok: false, message: `The model takes ${inputs} inputs; this firmware accepts at most ${maxPayload / 4} per prediction.` };
  if (outputs !== undefined && 1 + 4 * outputs > maxPayload) return { ok: false, message: `The model has ${outputs} outputs; this firmware answers at most ${Math.floor((maxPayload - 1) / 4)}.` };
  if (viewWorkBytes !== undefined && viewWorkBytes > modelRamBytes) return { ok: false, message: `Running this model needs ${viewWorkBytes} bytes of RAM for its layer outputs; the firmware has ${modelRamBytes} (make the widest layers narrower).` };
  return { ok: true };
}

// The pages to write: { app: [{ address, bytes }], region: [...], identityPage }.
export function planPages(image, blob) {
  const m = image.manifest;
  const page = m.pageBytes;
  const region = buildModelRegion(blob, parseInt(m.buildId, 16));
  const split = (bytes, start) => {
    const out = [];
    for (let at = 0; at < bytes.length; at += page) {
      const p = new Uint8Array(page).fill(0xff);
      p.set(bytes.subarray(at, at + page));
      out.push({ address: start + at, bytes: p });
    }
    return out;
  };
  const app = split(image.bytes.subarray(0, m.imageBytes), 0);
  const identityPage = Math.floor(m.identityAddress / page);
  return { app, region: split(region, m.modelRegion.start), identityPage, regionBytes: region.length };
}

// What the board's identity and model region say (read through the bootloader).
async function readBoardState(stk, m) {
  const identity = await stk.readPage(m.identityAddress, 12);
  const header = await stk.readPage(m.modelRegion.start, REGION_HEADER_BYTES);
  const id = String.fromCharCode(...identity);
  const capacity = m.modelRegion.end - m.modelRegion.start;
  return {
    firmware: id.startsWith('DFFI') ? id.slice(4) : null,
    sameBuild: id === `DFFI${m.buildId}`,
    region: readModelRegion(header, { capacity, buildId: parseInt(m.buildId, 16) }),
  };
}

export async function flashArduino(port, { image, blob, setSignals, signal, onProgress, forceFull = false, timeoutMs } = {}) {
  const m = image.manifest;
  const started = Date.now();
  const stk = new Stk500(port, { baudRate: m.baudRate, signal, timeoutMs });
  let boardState = 'unchanged';
  let mode = null;
  const progress = (p) => onProgress?.({ mode, ...p });
  try {
    const fits = checkModelFits(m, blob);
    if (!fits.ok) throw new BoardError(FlashErrorCode.MODEL_TOO_LARGE, fits.message);
    progress({ phase: 'reset' });
    if (setSignals) await resetIntoBootloader(setSignals, { signal });
    progress({ phase: 'sync' });
    let synced;
    try {
      synced = await stk.sync();
    } catch (e) {
      if (e.code !== NO_BOOTLOADER) throw e;
      throw new BoardError(NO_BOOTLOADER, `No bootloader answered at ${m.baudRate} baud after the reset (is this an ${m.boardName}, and is nothing else using the port?). ${SUPPORTED_BOARDS} Nothing was written: the board is unchanged.`);
    }
    const signature = await stk.signature();
    if (hex(signature) !== m.signature) {
      const chip = CHIPS[hex(signature)];
      await stk.leave().catch(() => {});
      throw new BoardError(
        FlashErrorCode.WRONG_CHIP,
        `The bootloader answered, but the chip is ${chip ? `an ${chip}` : 'unknown to this page'} (signature ${[...signature].map((b) => b.toString(16).padStart(2, '0')).join(' ')}), not the ATmega328P this firmware is for. ${SUPPORTED_BOARDS} Nothing was written: the board is unchanged.`,
        { details: { signature: hex(signature), chip } },
      );
    }
    const before = await readBoardState(stk, m);
    mode = before.sameBuild && !forceFull ? 'model' : 'full';
    const plan = planPages(image, blob);
    // Full: the identity's page first with the identity erased, the rest, the model, then the
    // identity's page for real. Model-only: the model region's pages.
    const writes = [];
    if (mode === 'full') {
      const first = plan.app[plan.identityPage];
      const blank = first.bytes.slice();
      blank.fill(0xff, m.identityAddress - first.address, m.identityAddress - first.address + 12);
      writes.push({ address: first.address, bytes: blank });
      plan.app.forEach((p, i) => i !== plan.identityPage && writes.push(p));
    }
    writes.push(...plan.region);
    if (mode === 'full') writes.push(plan.app[plan.identityPage]);
    const total = writes.length;
    for (let i = 0; i < total; i++) {
      const w = writes[i];
      await again(stk, () => stk.writePage(w.address, w.bytes));
      boardState = mode === 'full' ? 'partial-firmware' : 'partial-model';
      progress({ phase: 'write', done: i + 1, total, address: w.address });
    }
    // Read back what each page holds now (a page written twice: its last contents), two
    // neighbouring pages per request.
    const expected = new Map();
    for (const w of writes) expected.set(w.address, w.bytes);
    const addresses = [...expected.keys()].sort((a, b) => a - b);
    let checked = 0;
    for (let i = 0; i < addresses.length; ) {
      const address = addresses[i];
      const two = addresses[i + 1] === address + m.pageBytes && 2 * m.pageBytes <= 256;
      const want = two ? concat(expected.get(address), expected.get(address + m.pageBytes)) : expected.get(address);
      const back = await again(stk, () => stk.readPage(address, want.length));
      const at = back.findIndex((b, k) => b !== want[k]);
      if (at >= 0) {
        throw new BoardError(ErrorCode.VERIFY_FAILED, `Flash byte ${hex4(address + at)} reads back 0x${back[at].toString(16).padStart(2, '0')}, not the 0x${want[at].toString(16).padStart(2, '0')} written.`);
      }
      i += two ? 2 : 1;
      checked += two ? 2 : 1;
      progress({ phase: 'verify', done: checked, total: addresses.length, address });
    }
    boardState = 'written';
    await stk.leave();
    progress({ phase: 'done' });
    return {
      mode,
      board: m.board,
      pages: total,
      bytesWritten: total * m.pageBytes,
      blobBytes: blob.length,
      bytesSent: stk.stats.bytesSent,
      bytesReceived: stk.stats.bytesReceived,
      ms: Date.now() - started,
      syncAttempts: synced.attempts,
      signature: hex(signature),
      previous: { firmware: before.firmware, sameBuild: before.sameBuild, region: before.region },
      buildId: m.buildId,
      expected,
    };
  } catch (e) {
    throw describeFailure(e, boardState);
  } finally {
    stk.dispose();
  }
}

// A page request that got no answer, or a garbled one, is sent again after the bootloader is
// back in sync (both requests may repeat: a page written twice holds the same bytes). A cut
// line (PORT_CLOSED) or a Cancel stops at once.
async function again(stk, request, tries = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (e) {
      if (attempt >= tries || (e.code !== ErrorCode.TIMEOUT && e.code !== ErrorCode.PROTOCOL)) throw e;
      await stk.reader.settle(50, { timeoutMs: 500, signal: stk.signal });
      await stk.sync({ attempts: 4 });
    }
  }
}

const HOLDS = {
  unchanged: 'Nothing was written: the board is unchanged.',
  'partial-model': 'The firmware on the board is intact, its model region is partly written: the board runs but says it has no model until you flash again.',
  'partial-firmware': 'The bootloader is intact (it lives in its own flash section), the firmware is partly written: press Flash again (the reset brings the bootloader back).',
  written: 'Everything was written and verified; the board should start the new firmware.',
};

// The error, with one sentence on what the board holds now.
function describeFailure(e, boardState) {
  const err = e instanceof BoardError ? e : new BoardError(ErrorCode.PROTOCOL, String(e?.message ?? e), { cause: e });
  if (err.boardState === undefined) {
    err.boardState = boardState;
    if (!/the board is unchanged\.$/.test(err.message)) err.message = `${err.message.replace(/\.?$/, '.')} ${HOLDS[err.boardState]}`;
  }
  return err;
}
