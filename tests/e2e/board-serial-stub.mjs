// TEST ONLY, never shipped in the page: a stand-in for navigator.serial, injected into the page
// by the test (page.addInitScript), whose ports' byte streams are carried to node through
// exposed functions and bridged there to a real "board" BytePort: the microdff firmware under
// QEMU (tests/node/fixtures/board/qemu-board.mjs), the MicroPython WebAssembly REPL
// (micropython-board.mjs) or a simulated Arduino (avr-board.mjs). A backend's connect({ baudRate })
// gets the rate the page opened the port at; setSignals() (DTR/RTS) goes to the port's
// setSignals when it has one. Faults are injected in node, on the bytes going to the board:
//   bridge.fault = (bytes, ctx) => bytes | null (lost) | 'cut' (cable pulled)
//   bridge.faultToPage = (chunk) => chunk (rewritten) on the bytes coming back
//   bridge.stall(ms)  holds every byte in both directions for ms, then delivers them late
// ctx: { id, writes (count of writes so far on this connection) }.

// Runs in the page before its scripts.
function pageSide(mode) {
  const b64 = (u8) => {
    let s = '';
    for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  if (mode === 'missing') {
    delete Navigator.prototype.serial;
    delete navigator.serial;
    return;
  }
  const byId = new Map();
  const documentId = `${Date.now()}-${Math.random()}`; // a reload is a new document
  class FakeSerialPort extends EventTarget {
    constructor(id, info) {
      super();
      this.id = id;
      this.info = info;
      this.readable = null;
      this.writable = null;
    }
    getInfo() {
      return { ...this.info };
    }
    async open({ baudRate } = {}) {
      if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
      if (!(baudRate > 0)) throw new TypeError('A baudRate is required.');
      await window.__fakeSerialOpen(this.id, baudRate, documentId);
      this.lost = false;
      const self = this;
      this.readable = new ReadableStream({
        start(c) {
          self.controller = c;
        },
        cancel() {
          self.controller = null;
        },
      });
      this.writable = new WritableStream({
        async write(chunk) {
          if (self.lost) throw new DOMException('The device has been lost.', 'NetworkError');
          await window.__fakeSerialWrite(self.id, b64(chunk));
        },
      });
      byId.set(this.id, this);
    }
    async close() {
      this.readable = this.writable = this.controller = null;
      await window.__fakeSerialClose(this.id);
    }
    async setSignals(signals = {}) {
      if (!this.readable) throw new DOMException('The port is not open.', 'InvalidStateError');
      await window.__fakeSerialSignals(this.id, JSON.stringify(signals));
    }
    deliver(data) {
      try {
        this.controller?.enqueue(unb64(data));
      } catch {}
    }
    lose(message) {
      this.lost = true;
      try {
        this.controller?.error(new DOMException(message, 'NetworkError'));
      } catch {}
      this.controller = null;
      // Like a real port whose device went away: its streams are gone and it can be opened again.
      this.readable = this.writable = null;
    }
  }
  const known = new Map();
  const portFor = ({ id, info }) => {
    if (!known.has(id)) known.set(id, new FakeSerialPort(id, info));
    return known.get(id);
  };
  const serial = new EventTarget();
  serial.requestPort = async (options = {}) => {
    const chosen = await window.__fakeSerialRequest(JSON.stringify(options));
    if (!chosen) throw new DOMException('No port selected by the user.', 'NotFoundError');
    return portFor(chosen);
  };
  serial.getPorts = async () => (await window.__fakeSerialGranted()).map(portFor);
  Object.defineProperty(Navigator.prototype, 'serial', { get: () => serial, configurable: true });
  window.__fakeSerial = {
    deliver: (id, data) => byId.get(id)?.deliver(data),
    lose: (id, message) => byId.get(id)?.lose(message),
  };
}

// Installs the stand-in on `page` (before page.goto). backends: { name: { info, connect() -> BytePort } }.
// Returns the bridge: set `choose` (the picker's answer: a backend name, or null = cancelled),
// `fault`, call stall(ms); `requests` lists the options requestPort was called with.
export async function installFakeSerial(page, backends = {}) {
  const bridge = {
    choose: null,
    requests: [],
    signals: [],
    granted: [],
    conns: new Map(),
    fault: null,
    faultToPage: null,
    holdUntil: 0,
    stall(ms) {
      this.holdUntil = Date.now() + ms;
    },
    // Bytes carried, per direction, since the last reset (for wire figures).
    wire: { toBoard: 0, toPage: 0 },
  };
  const held = () => Math.max(0, bridge.holdUntil - Date.now());
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  // Bytes for the page are batched: while one page.evaluate is on its way, the next chunks
  // (MicroPython prints a byte at a time) gather into one delivery.
  let toPage = Promise.resolve();
  const outbox = new Map();
  const sendToPage = (id, chunk) => {
    if (bridge.faultToPage) chunk = bridge.faultToPage(chunk);
    if (!chunk?.length) return;
    const queued = outbox.get(id);
    if (queued) return void queued.push(chunk);
    outbox.set(id, [chunk]);
    toPage = toPage.then(async () => {
      if (held()) await wait(held());
      const parts = outbox.get(id);
      outbox.delete(id);
      const all = Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)));
      bridge.wire.toPage += all.length;
      await page.evaluate(([i, d]) => window.__fakeSerial?.deliver(i, d), [id, all.toString('base64')]).catch(() => {});
    });
  };
  const loseInPage = (id, message) => {
    toPage = toPage.then(() => page.evaluate(([i, m]) => window.__fakeSerial?.lose(i, m), [id, message]).catch(() => {}));
  };

  await page.exposeFunction('__fakeSerialRequest', async (options) => {
    bridge.requests.push(JSON.parse(options));
    const name = typeof bridge.choose === 'function' ? bridge.choose() : bridge.choose;
    if (!name) return null;
    if (!backends[name]) throw new Error(`no test backend ${name}`);
    if (!bridge.granted.includes(name)) bridge.granted.push(name);
    return { id: name, info: backends[name].info };
  });
  await page.exposeFunction('__fakeSerialGranted', async () => bridge.granted.map((id) => ({ id, info: backends[id].info })));
  await page.exposeFunction('__fakeSerialOpen', async (id, baudRate, documentId) => {
    const open = bridge.conns.get(id);
    if (open && open.documentId === documentId) throw new Error('already open');
    if (open) {
      // The page was reloaded with the port open: the browser closed it with the old document.
      open.closing = true;
      bridge.conns.delete(id);
      await open.pumping;
      await open.port.close().catch(() => {});
    }
    const port = await backends[id].connect({ baudRate });
    const conn = { port, documentId, writes: 0, queue: [], pumping: null, closing: false };
    bridge.conns.set(id, conn);
    port.subscribe({
      data: (chunk) => bridge.conns.get(id) === conn && sendToPage(id, chunk),
      close: (e) => {
        if (bridge.conns.get(id) !== conn) return;
        bridge.conns.delete(id);
        if (!conn.closing) loseInPage(id, `The device has been lost (${e?.message ?? 'closed'}).`);
      },
    });
  });
  // Bytes to the board go through a queue, so that a stalled line does not block the page's
  // write() (a real UART driver accepts the bytes and sends them late).
  const pump = async (id, conn) => {
    while (conn.queue.length) {
      if (held()) await wait(held());
      const bytes = conn.queue.shift();
      bridge.wire.toBoard += bytes.length;
      await conn.port.write(bytes).catch(() => {});
    }
    conn.pumping = null;
  };
  await page.exposeFunction('__fakeSerialWrite', async (id, data) => {
    const conn = bridge.conns.get(id);
    if (!conn) throw new Error('The device has been lost.');
    let bytes = new Uint8Array(Buffer.from(data, 'base64'));
    const writes = conn.writes++;
    if (bridge.fault) {
      const r = bridge.fault(bytes, { id, writes });
      if (r === 'cut') {
        conn.closing = true;
        bridge.conns.delete(id);
        await conn.port.close().catch(() => {});
        loseInPage(id, 'The device has been lost.');
        await toPage;
        throw new Error('The device has been lost.');
      }
      if (!r) return;
      bytes = r;
    }
    conn.queue.push(bytes);
    conn.pumping ??= pump(id, conn);
  });
  await page.exposeFunction('__fakeSerialSignals', async (id, signals) => {
    bridge.signals.push({ id, ...JSON.parse(signals) });
    await bridge.conns.get(id)?.port.setSignals?.(JSON.parse(signals));
  });
  await page.exposeFunction('__fakeSerialClose', async (id) => {
    const conn = bridge.conns.get(id);
    if (!conn) return;
    conn.closing = true;
    bridge.conns.delete(id);
    await conn.pumping;
    await conn.port.close().catch(() => {});
  });
  await page.addInitScript(pageSide, 'fake');
  bridge.idle = async () => {
    for (const c of bridge.conns.values()) await c.pumping;
    await toPage;
  };
  return bridge;
}

// A page whose browser has no Web Serial at all (Safari, Firefox).
export async function removeWebSerial(page) {
  await page.addInitScript(pageSide, 'missing');
}
