// Intel HEX (records 00 data, 01 end, 02/04 segment/linear base; 03/05 start address ignored)
// to bytes, as avr-objcopy writes firmware images.
import { BoardError, ErrorCode } from './errors.js';

// -> { bytes: Uint8Array (from address 0 to the last byte, gaps 0xFF), start, end }
export function parseIntelHex(text, { fill = 0xff, maxBytes = 1 << 20 } = {}) {
  const chunks = [];
  let base = 0;
  let end = 0;
  let start = Infinity;
  let ended = false;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length && !ended; n++) {
    const line = lines[n].trim();
    if (!line) continue;
    const bad = (why) => new BoardError(ErrorCode.PROTOCOL, `Firmware image, line ${n + 1}: ${why}.`);
    if (line[0] !== ':' || line.length < 11 || line.length % 2 === 0 || !/^:[0-9a-fA-F]+$/.test(line)) throw bad('not an Intel HEX record');
    const b = Uint8Array.from({ length: (line.length - 1) / 2 }, (_, i) => parseInt(line.substr(1 + 2 * i, 2), 16));
    const count = b[0];
    if (b.length !== count + 5) throw bad(`the record says ${count} data bytes but has ${b.length - 5}`);
    if (b.reduce((s, v) => s + v, 0) & 0xff) throw bad('checksum error');
    const type = b[3];
    const data = b.subarray(4, 4 + count);
    if (type === 0) {
      const at = base + ((b[1] << 8) | b[2]);
      if (at + count > maxBytes) throw bad(`data at 0x${at.toString(16)} is beyond ${maxBytes} bytes`);
      chunks.push([at, data]);
      start = Math.min(start, at);
      end = Math.max(end, at + count);
    } else if (type === 1) {
      ended = true;
    } else if (type === 2) {
      base = ((data[0] << 8) | data[1]) << 4;
    } else if (type === 4) {
      base = ((data[0] << 8) | data[1]) * 0x10000;
    }
  }
  if (!ended) throw new BoardError(ErrorCode.PROTOCOL, 'Firmware image: no end-of-file record (the file is cut short).');
  const bytes = new Uint8Array(end).fill(fill);
  for (const [at, data] of chunks) bytes.set(data, at);
  return { bytes, start: chunks.length ? start : 0, end };
}
