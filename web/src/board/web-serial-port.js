// A Web Serial SerialPort as a BytePort (see byte-port.js). No DOM: the page passes the
// SerialPort it got from navigator.serial.requestPort()/getPorts().
import { createBytePort } from './byte-port.js';

// Errors after which the port is still open and `readable` is replaced by a fresh stream
// (bytes were lost; the protocol's CRCs and timeouts deal with that).
const RECOVERABLE = new Set(['BreakError', 'FramingError', 'ParityError', 'BufferOverrunError']);

// USB vendor ids of common USB-serial bridges and native-USB boards, for requestPort's
// filters list (the page should still offer "any port" for other chips).
export const COMMON_USB_FILTERS = Object.freeze([
  { usbVendorId: 0x10c4 }, // Silicon Labs CP210x
  { usbVendorId: 0x1a86 }, // WCH CH340/CH9102
  { usbVendorId: 0x0403 }, // FTDI
  { usbVendorId: 0x067b }, // Prolific PL2303
  { usbVendorId: 0x2e8a }, // Raspberry Pi (RP2040/RP2350)
  { usbVendorId: 0x303a }, // Espressif native USB (ESP32-S2/S3/C3)
  { usbVendorId: 0x239a }, // Adafruit
  { usbVendorId: 0x2341 }, // Arduino
  { usbVendorId: 0x0d28 }, // ARM mbed DAPLink (micro:bit)
  { usbVendorId: 0xf055 }, // MicroPython pyboard
]);

// Why Web Serial cannot be used here, or null when it can.
export function webSerialUnavailableReason(env = globalThis) {
  if (env.isSecureContext === false) return 'Web Serial needs a secure page (https or localhost).';
  if (!env.navigator?.serial) return 'This browser has no Web Serial (use Chrome, Edge or Opera on a desktop).';
  return null;
}

export async function openWebSerialPort(serialPort, { baudRate = 115200, bufferSize = 4096, label } = {}) {
  await serialPort.open({ baudRate, bufferSize });
  return fromOpenWebSerialPort(serialPort, { label: label ?? `serial ${baudRate} baud` });
}

// `serialPort` must already be open.
export function fromOpenWebSerialPort(serialPort, { label = 'serial port' } = {}) {
  const writer = serialPort.writable.getWriter();
  let reader = serialPort.readable.getReader();
  let closing = false;
  const { port, deliver, end } = createBytePort({
    label,
    write: (bytes) => writer.write(bytes),
    close: async () => {
      closing = true;
      await reader.cancel().catch(() => {});
      try {
        reader.releaseLock();
      } catch {}
      await writer.abort().catch(() => {});
      try {
        writer.releaseLock();
      } catch {}
      await serialPort.close().catch(() => {});
    },
  });
  // DTR/RTS, which reset an Arduino into its bootloader (stk500.js resetIntoBootloader).
  port.setSignals = (signals) => serialPort.setSignals(signals);
  (async () => {
    for (;;) {
      try {
        const { value, done } = await reader.read();
        if (done) break;
        deliver(value);
      } catch (e) {
        if (!closing && RECOVERABLE.has(e?.name) && serialPort.readable) {
          try {
            reader.releaseLock();
          } catch {}
          reader = serialPort.readable.getReader();
          continue;
        }
        if (!closing) end(e);
        return;
      }
    }
    end(closing ? undefined : new Error('the serial port stopped delivering data'));
  })();
  return port;
}
