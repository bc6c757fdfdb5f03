// What answers on a BytePort: the microdff firmware (HELLO), a MicroPython REPL (Ctrl-C,
// Ctrl-A and its raw REPL banner), or something else.
//
// The REPL is probed first: Ctrl-C/Ctrl-A are harmless line noise to the firmware (its COBS
// receiver drops them), while a HELLO frame typed into a MicroPython REPL contains Ctrl-D
// and would soft-reset the board.
//
// Returns one of
//   { kind: 'microdff', protocolVersion, supported: true, firmware: { name, version },
//     maxModelBytes, maxPayload, modelRam, capabilities, model: {...} | null, info }
//   { kind: 'microdff', protocolVersion, supported: false, message }   (other protocol version)
//   { kind: 'micropython', micropython: { name, version, machine, platform, sysVersion, uname } }
//   { kind: 'unknown', received: '<first bytes seen, as text>', printsNumbers, message }
//     (printsNumbers: what it sent holds lines of numbers, readings the page can record)
import { RawRepl } from './raw-repl.js';
import { ProtocolClient } from './protocol-client.js';
import { PROTOCOL_VERSION } from './frame.js';
import { ErrorCode } from './errors.js';
import { sleep } from './byte-port.js';
import { LineParser } from './line-parser.js';

export async function detectBoard(port, { replTimeoutMs = 1500, helloTimeoutMs = 1000, signal, leaveInRawRepl = false } = {}) {
  const seen = [];
  const unsubscribe = port.subscribe({ data: (c) => seen.length < 256 && seen.push(...c.subarray(0, 256 - seen.length)) });
  try {
    const repl = new RawRepl(port, { timeoutMs: replTimeoutMs, signal });
    try {
      await repl.enter();
      const micropython = await repl.info();
      if (!leaveInRawRepl) await repl.exit().catch(() => {});
      return { kind: 'micropython', micropython };
    } catch (e) {
      if (e.code !== ErrorCode.TIMEOUT && e.code !== ErrorCode.PROTOCOL) throw e;
    } finally {
      repl.dispose();
    }

    // Flush the firmware's receiver (it may NAK what the REPL probe sent), then HELLO.
    await port.write(Uint8Array.of(0));
    await sleep(100, signal);
    const client = new ProtocolClient(port, { timeoutMs: helloTimeoutMs, retries: 1, signal });
    client.needFlush = false;
    try {
      const info = await client.hello();
      return {
        kind: 'microdff',
        supported: info.protocolVersion === PROTOCOL_VERSION,
        protocolVersion: info.protocolVersion,
        firmware: info.firmware,
        maxModelBytes: info.maxModelBytes,
        maxPayload: info.maxPayload,
        modelRam: info.modelRam,
        capabilities: info.capabilities,
        model: info.model,
        info,
      };
    } catch (e) {
      if (e.code === 'UNSUPPORTED_VERSION') {
        return { kind: 'microdff', supported: false, protocolVersion: e.detail, message: e.message };
      }
      if (e.code !== ErrorCode.TIMEOUT) throw e;
    } finally {
      client.dispose();
    }
    const received = new TextDecoder('latin1').decode(Uint8Array.from(seen));
    const lines = new LineParser();
    const printsNumbers = lines.push(Uint8Array.from(seen)).length > 0;
    return {
      kind: 'unknown',
      received,
      printsNumbers,
      message: seen.length
        ? 'The device answered, but neither as the microdff firmware nor as a MicroPython REPL (wrong baud rate?).'
        : 'The device did not answer (is it running the microdff firmware or MicroPython, at this baud rate?).',
    };
  } finally {
    unsubscribe();
  }
}
