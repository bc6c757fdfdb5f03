// MicroPython raw-REPL client over a BytePort (byte-port.js): enter the raw REPL, run code
// and collect stdout/stderr, ask the version, write a file safely (raw-paste mode with flow
// control, plain raw mode as fallback; temp file + os.rename) and run a model's predict().
//
// The raw REPL (MicroPython shared/runtime/pyexec.c): Ctrl-A enters it ("raw REPL; CTRL-B to
// exit\r\n>"), code then Ctrl-D runs it: "OK", stdout, \x04, stderr, \x04, ">". Raw-paste:
// "\x05A\x01" -> "R\x01" + window size (uint16 LE) and a first "\x01"; the host may send one
// window per "\x01" received; "\x04" ends the code, the board echoes "\x04", then stdout etc.
// as above (no "OK"). "R\x00" means the board knows raw-paste but refuses it; a board too old
// to know it answers Ctrl-A's banner instead.
import { BoardError, ErrorCode, withPreviousModelKept } from './errors.js';
import { ByteReader, ascii, sleep } from './byte-port.js';
import { crc32 } from './crc32.js';

const CTRL_A = 0x01;
const CTRL_B = 0x02;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
export const RAW_REPL_BANNER = 'raw REPL; CTRL-B to exit\r\n>';

const utf8 = new TextEncoder();
const decoder = new TextDecoder();

// A Python str literal for any JS string (ASCII only in the output).
export function pyString(s) {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c < 0x100) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + "'";
}

// A Python bytes literal holding exactly `bytes` (printable ASCII as is, the rest escaped).
export function pyBytes(bytes) {
  let out = "b'";
  for (const c of bytes) {
    if (c === 0x27 || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + "'";
}

export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// A Python number literal for a JS number.
export function pyNumber(v) {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "float('-inf')";
  return String(v);
}

// repr() of a float on the board back to a JS number.
export function parsePyFloat(text) {
  const t = text.trim();
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const v = Number(t);
  if (t === '' || Number.isNaN(v)) throw new BoardError(ErrorCode.PROTOCOL, `The board printed ${JSON.stringify(text)} where a number was expected.`);
  return v;
}

// The last line of a MicroPython traceback ("ValueError: ...").
function exceptionLine(stderr) {
  const lines = stderr.trim().split(/\r?\n/);
  return lines[lines.length - 1] || stderr;
}

export class RawRepl {
  // options: timeoutMs for every wait (default 5000), rawPaste 'auto' | 'never',
  // rawChunkBytes/rawChunkDelayMs pace plain raw mode (a board's UART buffer may be small).
  constructor(port, { timeoutMs = 5000, rawPaste = 'auto', rawChunkBytes = 256, rawChunkDelayMs = 10, signal } = {}) {
    this.port = port;
    this.reader = new ByteReader(port);
    this.timeoutMs = timeoutMs;
    this.useRawPaste = rawPaste !== 'never';
    this.rawPasteUsed = null; // how the last exec went: true raw-paste, false plain raw
    this.rawChunkBytes = rawChunkBytes;
    this.rawChunkDelayMs = rawChunkDelayMs;
    this.signal = signal;
    this.inRawRepl = false;
  }

  dispose() {
    this.reader.dispose();
  }

  _opts(what, timeoutMs = this.timeoutMs) {
    return { timeoutMs, signal: this.signal, what };
  }

  async _write(bytes) {
    await this.port.write(typeof bytes === 'string' ? ascii(bytes) : bytes);
  }

  // Interrupts whatever runs (Ctrl-C twice), then Ctrl-A; resolves at the raw prompt.
  async enter({ timeoutMs = this.timeoutMs } = {}) {
    this.inRawRepl = false;
    await this._write(new Uint8Array([0x0d, CTRL_C]));
    await sleep(50, this.signal);
    await this._write(new Uint8Array([CTRL_C]));
    await this.reader.settle(100, { timeoutMs: Math.min(timeoutMs, 1000), signal: this.signal });
    await this._write(new Uint8Array([CTRL_A]));
    await this.reader.readUntil(RAW_REPL_BANNER, { ...this._opts('the raw REPL banner after Ctrl-A ("raw REPL; CTRL-B to exit")', timeoutMs), maxBytes: 64 * 1024 });
    this.inRawRepl = true;
  }

  // Back to the friendly REPL (Ctrl-B); resolves at its ">>> " prompt.
  async exit({ timeoutMs = this.timeoutMs } = {}) {
    await this._write(new Uint8Array([CTRL_B]));
    await this.reader.readUntil('>>> ', this._opts('the ">>> " prompt after Ctrl-B', timeoutMs));
    this.inRawRepl = false;
  }

  // Runs `code` and returns { stdout, stderr } (text). Does not throw for Python exceptions.
  async execRaw(code, { timeoutMs = this.timeoutMs, onProgress } = {}) {
    await this._sendCode(code, onProgress);
    const out = await this.reader.readUntil(new Uint8Array([CTRL_D]), this._opts('the end of the program output', timeoutMs));
    return this._finish(out.subarray(0, -1));
  }

  // Runs `code` that prints for as long as it runs (a loop): every byte it prints goes to
  // onOutput(bytes) as it arrives. interrupt() (Ctrl-C) stops it. Resolves with { stderr } when
  // the program ended and the raw REPL prompt is back; rejects if the connection goes away.
  async stream(code, onOutput, { signal } = {}) {
    await this._sendCode(code);
    await this.reader.forward(onOutput, { until: CTRL_D, signal, what: 'the end of the program' });
    const { stderr } = await this._finish(new Uint8Array(0));
    return { stderr };
  }

  // Ctrl-C: raises KeyboardInterrupt in the program the board runs.
  async interrupt() {
    await this._write(new Uint8Array([CTRL_C]));
  }

  // Sends code and Ctrl-D (raw-paste when the board can); resolves once the board runs it.
  async _sendCode(code, onProgress) {
    if (!this.inRawRepl) throw new BoardError(ErrorCode.PROTOCOL, 'Not in the raw REPL: call enter() first.');
    const bytes = typeof code === 'string' ? utf8.encode(code) : code;
    this.inRawRepl = false; // until the prompt is back
    let pasted = false;
    if (this.useRawPaste) pasted = await this._rawPasteWrite(bytes, onProgress);
    if (!pasted) {
      for (let i = 0; i < bytes.length; i += this.rawChunkBytes) {
        await this._write(bytes.subarray(i, i + this.rawChunkBytes));
        onProgress?.(Math.min(i + this.rawChunkBytes, bytes.length), bytes.length);
        if (this.rawChunkDelayMs) await sleep(this.rawChunkDelayMs, this.signal);
      }
      await this._write(new Uint8Array([CTRL_D]));
      const ok = await this.reader.read(2, this._opts('"OK" after the code was sent'));
      if (ok[0] !== 0x4f || ok[1] !== 0x4b) {
        throw new BoardError(ErrorCode.PROTOCOL, `The board did not accept the code (it answered ${JSON.stringify(String.fromCharCode(...ok))} instead of "OK").`);
      }
    }
    this.rawPasteUsed = pasted;
  }

  // After the program's stdout and its \x04: stderr, \x04 and the prompt.
  async _finish(stdout) {
    const err = await this.reader.readUntil(new Uint8Array([CTRL_D]), this._opts('the end of the error output'));
    await this.reader.readUntil('>', this._opts('the raw REPL prompt ">"'));
    this.inRawRepl = true;
    return { stdout: decoder.decode(stdout), stderr: decoder.decode(err.subarray(0, -1)) };
  }

  // Runs `code`; returns stdout, throws BoardError BOARD_EXCEPTION with the traceback.
  async exec(code, options) {
    const { stdout, stderr } = await this.execRaw(code, options);
    if (stderr) {
      throw new BoardError(ErrorCode.BOARD_EXCEPTION, `MicroPython raised ${exceptionLine(stderr)}`, { details: { stdout, stderr } });
    }
    return stdout;
  }

  // Returns true when the code went through raw-paste, false when the board declined (then
  // raw-paste is not tried again on this connection).
  async _rawPasteWrite(bytes, onProgress) {
    await this._write(new Uint8Array([0x05, 0x41, CTRL_A]));
    const head = await this.reader.read(2, this._opts('the answer to the raw-paste request'));
    if (head[0] === 0x52 && head[1] === 0x00) {
      await this.reader.readUntil('>', this._opts('the raw REPL prompt after "R\\x00"'));
      this.useRawPaste = false;
      return false;
    }
    if (!(head[0] === 0x52 && head[1] === 0x01)) {
      // A board without raw-paste took Ctrl-A as "reset the raw REPL": its banner follows.
      this.reader.unread(head);
      await this.reader.readUntil(RAW_REPL_BANNER, this._opts('the raw REPL banner (the board does not know raw-paste)'));
      this.useRawPaste = false;
      return false;
    }
    const ws = await this.reader.read(2, this._opts('the raw-paste window size'));
    const window = ws[0] | (ws[1] << 8);
    if (window === 0) throw new BoardError(ErrorCode.PROTOCOL, 'The board announced a raw-paste window of 0 bytes.');
    let remain = window;
    let i = 0;
    while (i < bytes.length) {
      while (remain === 0 || this.reader.available > 0) {
        const b = await this.reader.readByte(this._opts('raw-paste flow control (the board did not ask for more data)'));
        if (b === CTRL_A) remain += window;
        else if (b === CTRL_D) {
          // The board stopped reading (a syntax error): acknowledge; its error output follows.
          await this._write(new Uint8Array([CTRL_D]));
          return true;
        } else throw new BoardError(ErrorCode.PROTOCOL, `Unexpected byte 0x${b.toString(16)} from the board during raw-paste.`);
      }
      const n = Math.min(remain, bytes.length - i);
      await this._write(bytes.subarray(i, i + n));
      remain -= n;
      i += n;
      onProgress?.(i, bytes.length);
    }
    await this._write(new Uint8Array([CTRL_D]));
    for (;;) {
      const b = await this.reader.readByte(this._opts('the end of raw-paste (\\x04)'));
      if (b === CTRL_D) return true;
      if (b !== CTRL_A) throw new BoardError(ErrorCode.PROTOCOL, `Unexpected byte 0x${b.toString(16)} at the end of raw-paste.`);
    }
  }

  // { name, version, machine, platform, sysVersion, uname: {sysname, release, version, machine} | null }
  async info() {
    const out = await this.exec(
      [
        'import sys',
        '_i=sys.implementation',
        "print(_i.name)",
        "print('.'.join(str(_x) for _x in _i.version[:3]))",
        "print(getattr(_i,'_machine',''))",
        'print(sys.platform)',
        'print(sys.version)',
        'try:',
        ' try:',
        '  import os',
        ' except ImportError:',
        '  import uos as os',
        ' _u=os.uname()',
        " print('\\t'.join((_u.sysname,_u.release,_u.version,_u.machine)))",
        'except Exception:',
        " print('-')",
        'del _i',
      ].join('\n'),
    );
    const [name, version, machine, platform, sysVersion, uname] = out.replace(/\r/g, '').split('\n');
    const u = uname && uname !== '-' ? uname.split('\t') : null;
    return {
      name,
      version,
      machine,
      platform,
      sysVersion,
      uname: u ? { sysname: u[0], release: u[1], version: u[2], machine: u[3] } : null,
    };
  }

  // Writes `data` (Uint8Array or string) to `path` on the board: into `path + '.part'` in
  // chunks, checks its size and CRC-32 (when the board has binascii.crc32), then renames it
  // over `path`. Until the rename the old file is untouched. Returns
  // { bytes, chunks, checked: 'crc32' | 'size', rawPaste, encoding }.
  async writeFile(path, data, { chunkBytes = 768, encoding = 'auto', onProgress, timeoutMs = this.timeoutMs } = {}) {
    const bytes = typeof data === 'string' ? utf8.encode(data) : data;
    const tmp = path + '.part';
    try {
      const decoders = await this.exec(
        [
          `_f=open(${pyString(tmp)},'wb')`,
          '_w=_f.write',
          '_b=None',
          'try:',
          ' from binascii import a2b_base64 as _b',
          'except ImportError:',
          ' try:',
          '  from ubinascii import a2b_base64 as _b',
          ' except ImportError:',
          '  pass',
          "print('b64' if _b else 'lit')",
        ].join('\n'),
        { timeoutMs },
      );
      const useBase64 = encoding === 'base64' || (encoding === 'auto' && decoders.trim() === 'b64');
      if (encoding === 'base64' && decoders.trim() !== 'b64') {
        throw new BoardError(ErrorCode.PROTOCOL, 'The board has no binascii.a2b_base64 (use encoding "literal").');
      }
      let chunks = 0;
      onProgress?.(0, bytes.length);
      for (let i = 0; i < bytes.length; i += chunkBytes) {
        const part = bytes.subarray(i, i + chunkBytes);
        await this.exec(useBase64 ? `_w(_b(b'${toBase64(part)}'))` : `_w(${pyBytes(part)})`, { timeoutMs });
        chunks++;
        onProgress?.(i + part.length, bytes.length);
      }
      const check = await this.exec(
        [
          '_f.close()',
          'try:\n import os\nexcept ImportError:\n import uos as os',
          `_s=os.stat(${pyString(tmp)})[6]`,
          '_c=-1',
          'try:',
          ' try:',
          '  from binascii import crc32 as _k',
          ' except ImportError:',
          '  from ubinascii import crc32 as _k',
          ` with open(${pyString(tmp)},'rb') as _g:`,
          '  _c=0',
          '  while 1:',
          '   _d=_g.read(256)',
          '   if not _d:break',
          '   _c=_k(_d,_c)',
          '  _c&=0xffffffff',
          'except ImportError:',
          ' pass',
          'print(_s,_c)',
          'del _f,_w,_b',
        ].join('\n'),
        { timeoutMs },
      );
      const [size, crc] = check.trim().split(/\s+/).map(Number);
      const expectedCrc = crc32(bytes);
      if (size !== bytes.length || (crc !== -1 && crc !== expectedCrc)) {
        await this.execRaw(`try:\n import os\nexcept ImportError:\n import uos as os\nos.remove(${pyString(tmp)})`).catch(() => {});
        throw new BoardError(
          ErrorCode.VERIFY_FAILED,
          `The copy on the board does not match: ${size} bytes, CRC-32 ${crc === -1 ? 'unknown' : hex32(crc)}; sent ${bytes.length} bytes, CRC-32 ${hex32(expectedCrc)}.`,
        );
      }
      await this.exec(
        ['try:\n import os\nexcept ImportError:\n import uos as os', 'try:', ` os.rename(${pyString(tmp)},${pyString(path)})`, 'except OSError:', ` os.remove(${pyString(path)})`, ` os.rename(${pyString(tmp)},${pyString(path)})`].join('\n'),
        { timeoutMs },
      );
      return { bytes: bytes.length, chunks, checked: crc === -1 ? 'size' : 'crc32', rawPaste: this.rawPasteUsed, encoding: useBase64 ? 'base64' : 'literal' };
    } catch (e) {
      throw withPreviousModelKept(e, `${path} on the board was not replaced: it still holds its previous contents.`);
    }
  }

  // Reads a file back (tests, and checking what a board holds).
  async readFile(path, { chunkBytes = 512, timeoutMs = this.timeoutMs } = {}) {
    const out = await this.exec(
      [
        `with open(${pyString(path)},'rb') as _g:`,
        ' while 1:',
        `  _d=_g.read(${chunkBytes})`,
        '  if not _d:break',
        "  print(''.join('%02x'%_x for _x in _d))",
      ].join('\n'),
      { timeoutMs },
    );
    const hex = out.replace(/\s+/g, '');
    return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  }

  // (Re-)imports `moduleName` (dropping a cached copy) and returns its predict() for every row
  // as arrays of numbers. Rows go in batches so the board compiles little code at a time.
  async predict(moduleName, rows, { batch = 8, timeoutMs = this.timeoutMs, onProgress } = {}) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(moduleName)) throw new BoardError(ErrorCode.PROTOCOL, `${JSON.stringify(moduleName)} is not a Python module name.`);
    await this.exec(`import sys\ntry:\n del sys.modules['${moduleName}']\nexcept KeyError:\n pass\nimport ${moduleName}`, { timeoutMs });
    const results = [];
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const literal = '(' + part.map((r) => '(' + r.map(pyNumber).join(',') + ',)').join(',') + ',)';
      const out = await this.exec(`for _r in ${literal}:\n print(' '.join(repr(_v) for _v in ${moduleName}.predict(_r)))`, { timeoutMs });
      const lines = out.replace(/\r/g, '').split('\n').filter((l) => l.length);
      if (lines.length !== part.length) throw new BoardError(ErrorCode.PROTOCOL, `Expected ${part.length} lines of outputs from the board, got ${lines.length}: ${JSON.stringify(out.slice(0, 200))}`);
      for (const l of lines) results.push(l.trim().split(/\s+/).map(parsePyFloat));
      onProgress?.(results.length, rows.length);
    }
    return results;
  }
}

const hex32 = (v) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
