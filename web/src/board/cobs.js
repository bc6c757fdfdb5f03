// COBS (Consistent Overhead Byte Stuffing), as docs/serial-protocol.md §2: the encoding
// never contains 0x00, which delimits frames on the wire.
export function cobsEncode(data) {
  const out = new Uint8Array(data.length + Math.floor(data.length / 254) + 2);
  let o = 1;
  let codeAt = 0;
  let code = 1;
  let afterFullBlock = false;
  for (let i = 0; i < data.length; i++) {
    afterFullBlock = false;
    if (data[i] === 0) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
      continue;
    }
    out[o++] = data[i];
    if (++code === 0xff) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
      afterFullBlock = true;
    }
  }
  // A frame ending with a full 254-byte block has no implied zero to mark: no empty block.
  if (afterFullBlock) return out.slice(0, o - 1);
  out[codeAt] = code;
  return out.slice(0, o);
}

// The decoded bytes, or null when `data` is not valid COBS (a 0x00 inside, or a block that
// runs past the end).
export function cobsDecode(data) {
  const out = new Uint8Array(data.length);
  let o = 0;
  let i = 0;
  while (i < data.length) {
    const code = data[i++];
    if (code === 0 || i + code - 1 > data.length) return null;
    for (let k = 1; k < code; k++) {
      const b = data[i++];
      if (b === 0) return null;
      out[o++] = b;
    }
    if (code !== 0xff && i < data.length) out[o++] = 0;
  }
  return out.slice(0, o);
}
