// The Web Serial adapter (web/src/board/web-serial-port.js) over a SerialPort stand-in made of
// real WHATWG streams (node's ReadableStream/WritableStream, as in the browser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWebSerialPort, webSerialUnavailableReason, COMMON_USB_FILTERS } from '../../web/src/board/web-serial-port.js';
import { ByteReader } from '../../web/src/board/byte-port.js';
import { ErrorCode } from '../../web/src/board/errors.js';

function fakeSerialPort() {
  const fake = { written: [], opened: null, closed: false };
  let controller;
  const makeReadable = () =>
    new ReadableStream({
      start(c) {
        controller = c;
      },
    });
  fake.open = async (options) => {
    fake.opened = options;
    fake.readable = makeReadable();
    fake.writable = new WritableStream({ write: (chunk) => void fake.written.push(...chunk) });
  };
  fake.close = async () => {
    fake.closed = true;
  };
  fake.receive = (bytes) => controller.enqueue(Uint8Array.from(bytes));
  // A recoverable line error: this stream errors, the port offers a fresh one.
  fake.lineError = (name) => {
    const old = controller;
    fake.readable = makeReadable();
    old.error(Object.assign(new Error(name), { name }));
  };
  fake.unplug = () => {
    const old = controller;
    fake.readable = null;
    old.error(Object.assign(new Error('The device has been lost.'), { name: 'NetworkError' }));
  };
  return fake;
}

test('opens with the baud rate, writes, receives, survives a framing error, closes the SerialPort', async () => {
  const serial = fakeSerialPort();
  const port = await openWebSerialPort(serial, { baudRate: 9600 });
  assert.equal(serial.opened.baudRate, 9600);
  const reader = new ByteReader(port);
  await port.write(Uint8Array.from([1, 2, 3]));
  assert.deepEqual(serial.written, [1, 2, 3]);
  serial.receive([10, 11]);
  assert.deepEqual([...(await reader.read(2, { timeoutMs: 500 }))], [10, 11]);
  serial.lineError('FramingError');
  await new Promise((r) => setTimeout(r, 10));
  serial.receive([12]);
  assert.deepEqual([...(await reader.read(1, { timeoutMs: 500 }))], [12]);
  assert.equal(port.closed, false);
  await port.close();
  assert.equal(serial.closed, true);
  await assert.rejects(port.write(Uint8Array.of(1)), (e) => e.code === ErrorCode.PORT_CLOSED);
});

test('a pulled cable ends every wait at once with PORT_CLOSED naming the cause', async () => {
  const serial = fakeSerialPort();
  const port = await openWebSerialPort(serial);
  const reader = new ByteReader(port);
  const pending = reader.read(5, { timeoutMs: 10000 });
  const started = Date.now();
  serial.unplug();
  await assert.rejects(pending, (e) => e.code === ErrorCode.PORT_CLOSED && /device has been lost/.test(e.message));
  assert.ok(Date.now() - started < 1000);
  assert.equal(port.closed, true);
});

test('says plainly when Web Serial cannot be used', () => {
  assert.match(webSerialUnavailableReason({ isSecureContext: false, navigator: { serial: {} } }), /secure/);
  assert.match(webSerialUnavailableReason({ isSecureContext: true, navigator: {} }), /no Web Serial/);
  assert.equal(webSerialUnavailableReason({ isSecureContext: true, navigator: { serial: {} } }), null);
  assert.ok(COMMON_USB_FILTERS.every((f) => Number.isInteger(f.usbVendorId)));
});

test('a port listener that throws: the other listeners still get every byte, the port stays open, the error is reported', async () => {
  const { createBytePort } = await import('../../web/src/board/byte-port.js');
  const errors = [];
  const { port, deliver, end } = createBytePort({ write: async () => {}, onListenerError: (e) => errors.push(e.message) });
  const got = [];
  port.subscribe({ data: () => { throw new Error('a bug in the page'); }, close: () => { throw new Error('and on close'); } });
  port.subscribe({ data: (c) => got.push(...c), close: () => got.push('closed') });
  deliver(Uint8Array.of(1, 2));
  deliver(Uint8Array.of(3));
  assert.equal(port.closed, false);
  end();
  assert.deepEqual(got, [1, 2, 3, 'closed']);
  assert.deepEqual(errors, ['a bug in the page', 'a bug in the page', 'and on close']);
});
