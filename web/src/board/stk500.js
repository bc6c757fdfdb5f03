// STK500 version 1 over a BytePort: the part of Atmel's AVR061 protocol that the Arduino
// bootloaders speak (Optiboot on the Uno, ATmegaBOOT on older Nanos). Every request ends with
// CRC_EOP (0x20); the bootloader answers INSYNC (0x14), the request's data, then OK (0x10), or
// NOSYNC (0x15) when it lost track. One request at a time; the page waits for each answer
// before the next (the bootloader has a two-byte receive buffer and no flow control).
//
//   const stk = new Stk500(port, { signal });
//   await stk.sync();                        // after the reset: GET_SYNC until it answers
//   const sig = await stk.signature();       // Uint8Array [0x1e, 0x95, 0x0f] for an ATmega328P
//   await stk.writePage(0x0000, bytes128);   // LOAD_ADDRESS (word address) + PROG_PAGE 'F'
//   const back = await stk.readPage(0x0000, 256);
//   await stk.leave();                       // LEAVE_PROGMODE: the bootloader starts the application
//
// Errors are BoardError: NO_BOOTLOADER (sync never answered), TIMEOUT (an answer stopped
// coming), PROTOCOL (NOSYNC or bytes that are not an answer), PORT_CLOSED, CANCELLED.
import { BoardError, ErrorCode } from './errors.js';
import { ByteReader, describeBytes, portClosedError, sleep } from './byte-port.js';

export const Stk = Object.freeze({
  OK: 0x10,
  INSYNC: 0x14,
  NOSYNC: 0x15,
  CRC_EOP: 0x20,
  GET_SYNC: 0x30,
  GET_PARAMETER: 0x41,
  ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51,
  LOAD_ADDRESS: 0x55,
  PROG_PAGE: 0x64,
  READ_PAGE: 0x74,
  READ_SIGN: 0x75,
  PARM_SW_MAJOR: 0x81,
  PARM_SW_MINOR: 0x82,
});

export const NO_BOOTLOADER = 'NO_BOOTLOADER';

// Transmission time of n bytes at `baudRate` (8N1), in ms, rounded up.
export const lineMs = (n, baudRate) => (baudRate ? Math.ceil((n * 10 * 1000) / baudRate) : 0);

export class Stk500 {
  // timeoutMs: an answer must come this soon after the request went out (plus the bytes' line
  // time at baudRate); bootloaders answer within a few ms, a page write in ~5 ms, so this only
  // bounds how long a dead line takes to be noticed.
  constructor(port, { timeoutMs = 1000, baudRate = 115200, signal } = {}) {
    this.port = port;
    this.reader = new ByteReader(port);
    Object.assign(this, { timeoutMs, baudRate, signal });
    this.stats = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  }

  dispose() {
    this.reader.dispose();
  }

  // Sends GET_SYNC until INSYNC OK comes back, then lets stray answers to earlier tries arrive
  // and drops them, so that the next answer belongs to the next request.
  async sync({ attempts = 12, tryMs = 150 } = {}) {
    for (let i = 0; i < attempts; i++) {
      this.reader.drain();
      await this._write(Uint8Array.of(Stk.GET_SYNC, Stk.CRC_EOP));
      try {
        await this.reader.wait((b) => (endsWith(b, [Stk.INSYNC, Stk.OK]) ? b.length : -1), {
          timeoutMs: tryMs + lineMs(4, this.baudRate),
          signal: this.signal,
          what: 'the bootloader',
        });
        await this.reader.settle(30, { timeoutMs: 300, signal: this.signal });
        await this.command([Stk.GET_SYNC], 0, { what: 'GET_SYNC' });
        return { attempts: i + 1 };
      } catch (e) {
        if (e.code !== ErrorCode.TIMEOUT && e.code !== ErrorCode.PROTOCOL) throw e;
      }
    }
    throw new BoardError(NO_BOOTLOADER, `No bootloader answered (${attempts} tries to sync at ${this.baudRate} baud).`);
  }

  // One request: `bytes` then CRC_EOP; resolves with the `replyLength` data bytes between INSYNC and OK.
  async command(bytes, replyLength, { what = 'the bootloader', timeoutMs = this.timeoutMs } = {}) {
    const [data] = await this.exchange([{ bytes, replyLength, what }], { timeoutMs });
    return data;
  }

  // Several requests in one write, then their answers in order (one round trip). Only for
  // requests a bootloader answers without pausing its UART: after LOAD_ADDRESS it sends two
  // bytes and reads on; after PROG_PAGE it is busy writing flash, so that one goes last.
  async exchange(list, { timeoutMs = this.timeoutMs } = {}) {
    const request = Uint8Array.from(list.flatMap((r) => [...r.bytes, Stk.CRC_EOP]));
    await this._write(request);
    this.stats.requests += list.length;
    const out = [];
    for (const { replyLength, what = 'the bootloader' } of list) {
      const total = replyLength + 2;
      const reply = await this.reader.wait(
        (b) => {
          if (b.length > 0 && b[0] === Stk.NOSYNC) throw new BoardError(ErrorCode.PROTOCOL, `The bootloader lost sync (NOSYNC) on ${what}.`);
          if (b.length > 0 && b[0] !== Stk.INSYNC) throw new BoardError(ErrorCode.PROTOCOL, `The bootloader answered ${what} with ${describeBytes(b)}, not INSYNC.`);
          return b.length >= total ? total : -1;
        },
        { timeoutMs: timeoutMs + lineMs(request.length + total, this.baudRate), signal: this.signal, what: `the answer to ${what}` },
      );
      this.stats.bytesReceived += reply.length;
      if (reply[total - 1] !== Stk.OK) throw new BoardError(ErrorCode.PROTOCOL, `The bootloader's answer to ${what} did not end with OK: ${describeBytes(reply)}.`);
      out.push(reply.subarray(1, total - 1));
    }
    return out;
  }

  async signature() {
    return this.command([Stk.READ_SIGN], 3, { what: 'READ_SIGN' });
  }

  // Bootloader software version, e.g. Optiboot 4.4 or 8.0 (ATmegaBOOT answers 2.x).
  async version() {
    const [major] = await this.command([Stk.GET_PARAMETER, Stk.PARM_SW_MAJOR], 1, { what: 'GET_PARAMETER' });
    const [minor] = await this.command([Stk.GET_PARAMETER, Stk.PARM_SW_MINOR], 1, { what: 'GET_PARAMETER' });
    return { major, minor };
  }

  async enterProgramming() {
    await this.command([Stk.ENTER_PROGMODE], 0, { what: 'ENTER_PROGMODE' });
  }

  // Flash is addressed in 16-bit words.
  async loadAddress(byteAddress) {
    await this.exchange([loadAddressRequest(byteAddress)]);
  }

  // Erases and programs one flash page (the bootloader does both): LOAD_ADDRESS and PROG_PAGE
  // in one round trip.
  async writePage(byteAddress, data) {
    const n = data.length;
    const what = `PROG_PAGE at 0x${hex4(byteAddress)}`;
    await this.exchange([loadAddressRequest(byteAddress), { bytes: [Stk.PROG_PAGE, n >> 8, n & 0xff, 0x46, ...data], replyLength: 0, what }], { timeoutMs: this.timeoutMs + 50 });
  }

  // Reads `length` bytes (up to 256: Optiboot counts them in one byte, 0 meaning 256).
  async readPage(byteAddress, length) {
    if (length < 1 || length > 256) throw new RangeError(`READ_PAGE reads 1 to 256 bytes, not ${length}`);
    const what = `READ_PAGE at 0x${hex4(byteAddress)}`;
    const [, data] = await this.exchange([loadAddressRequest(byteAddress), { bytes: [Stk.READ_PAGE, length >> 8, length & 0xff, 0x46], replyLength: length, what }]);
    return data;
  }

  // Leaves the bootloader; Optiboot then starts the application.
  async leave() {
    await this.command([Stk.LEAVE_PROGMODE], 0, { what: 'LEAVE_PROGMODE' });
  }

  async _write(bytes) {
    if (this.signal?.aborted) throw this.signal.reason instanceof BoardError ? this.signal.reason : new BoardError(ErrorCode.CANCELLED, 'Cancelled.');
    this.stats.bytesSent += bytes.length;
    try {
      await this.port.write(bytes);
    } catch (e) {
      throw e instanceof BoardError ? e : portClosedError(this.port.label ?? 'port', e);
    }
  }
}

// Pulls the board's reset line through DTR and RTS (the Arduino's auto-reset capacitor turns
// their falling edge into a reset pulse), as avrdude does: both off, 250 ms, both on, 50 ms.
export async function resetIntoBootloader(setSignals, { signal } = {}) {
  await setSignals({ dataTerminalReady: false, requestToSend: false });
  await sleep(250, signal);
  await setSignals({ dataTerminalReady: true, requestToSend: true });
  await sleep(50, signal);
}

const hex4 = (n) => n.toString(16).padStart(4, '0');

function loadAddressRequest(byteAddress) {
  if (byteAddress % 2 !== 0 || byteAddress >= 0x20000) throw new RangeError(`flash address 0x${byteAddress.toString(16)} is not an even address below 128 KB`);
  const word = byteAddress >> 1;
  return { bytes: [Stk.LOAD_ADDRESS, word & 0xff, word >> 8], replyLength: 0, what: 'LOAD_ADDRESS' };
}

function endsWith(b, tail) {
  if (b.length < tail.length) return false;
  return tail.every((v, i) => b[b.length - tail.length + i] === v);
}
