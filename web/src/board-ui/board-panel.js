// The Board card: connect over Web Serial, see what answers, send the current model, and check
// that the board computes what the browser computes. All talking to the board goes through
// the DOM-free clients in ../board/; this file is only the page around them. Everything a
// board says reaches the DOM as text (dom.js el()).
import { el, clear } from '../dom.js';
import { tapPort } from '../board/byte-port.js';
import { openWebSerialPort, webSerialUnavailableReason, COMMON_USB_FILTERS } from '../board/web-serial-port.js';
import { detectBoard } from '../board/detect.js';
import { ProtocolClient } from '../board/protocol-client.js';
import { RawRepl } from '../board/raw-repl.js';
import { compareOutputs } from '../board/compare.js';
import { BoardError, withPreviousModelKept } from '../board/errors.js';
import { SerialConsole } from './serial-console.js';
import { RecordPanel } from './record-panel.js';
import { libraryOption, sendLibraryToBoard } from './micropython-library.js';
import { ArduinoFlash } from './arduino-flash-panel.js';
import './board.css';

const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];
const VENDORS = {
  0x10c4: 'Silicon Labs CP210x', 0x1a86: 'WCH CH340', 0x0403: 'FTDI', 0x067b: 'Prolific', 0x2e8a: 'Raspberry Pi',
  0x303a: 'Espressif', 0x239a: 'Adafruit', 0x2341: 'Arduino', 0x0d28: 'DAPLink / micro:bit', 0xf055: 'MicroPython pyboard',
};
const hex4 = (n) => n.toString(16).padStart(4, '0');
const hex8 = (n) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const kb = (n) => (n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);
const fmtDiff = (v) => (v === 0 ? '0' : Number.isFinite(v) ? v.toExponential(2) : 'not a number');

export function portLabel(serialPort) {
  const i = serialPort?.getInfo?.() ?? {};
  if (i.usbVendorId === undefined) return 'serial port';
  return `${VENDORS[i.usbVendorId] ?? 'USB'} ${hex4(i.usbVendorId)}:${hex4(i.usbProductId ?? 0)}`;
}

const HEADLINES = {
  CANCELLED: 'Sending cancelled.',
  PORT_CLOSED: 'The board was disconnected.',
  TIMEOUT: 'The board stopped answering.',
  BLOB_CRC: 'The model arrived damaged.',
  TOO_LARGE: 'The model is too large for this board.',
  UNSUPPORTED_VERSION: 'The board speaks another protocol version.',
  VERIFY_FAILED: 'The check failed.',
  BOARD_EXCEPTION: 'MicroPython raised an error.',
};

export class BoardPanel {
  // ctx: { engine, hasModel(), exportName(), exportFile(format) -> { identifier, fileName },
  //        rows() -> { inputs: Float32Array, rows, width } | null,
  //        modelInputs() -> number | undefined,
  //        table() -> the data table, replaceTable(table), classNames() -> string[] | null (Record) }
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.raw = null; // the open BytePort
    this.port = null; // the same, tapped for the console
    this.serialPort = null;
    this.detected = null;
    this.busy = false;
    this.controller = null;
    this.build();
    this.root.setAttribute('aria-busy', 'false');
    const reason = webSerialUnavailableReason();
    if (reason) this.showUnavailable(reason);
    else {
      this.setStatus('Not connected. Plug the board in and press Connect board.');
      this.refreshGranted();
      navigator.serial.addEventListener?.('connect', () => this.refreshGranted());
      navigator.serial.addEventListener?.('disconnect', () => this.refreshGranted());
    }
    this.update();
  }

  build() {
    const btn = (text, testid, onclick, cls = 'button') => el('button', { type: 'button', class: cls, text, 'data-testid': testid, onclick });
    this.baud = el('select', { id: 'board-baud', 'data-testid': 'board-baud' },
      BAUD_RATES.map((b) => el('option', { value: String(b), text: `${b} baud`, selected: b === 115200 })));
    this.connectBtn = btn('Connect board…', 'board-connect', () => this.choosePort(true), 'button primary');
    this.anyBtn = btn('Any serial port…', 'board-connect-any', () => this.choosePort(false), 'button ghost');
    this.disconnectBtn = btn('Disconnect', 'board-disconnect', () => this.disconnect(), 'button ghost');
    this.granted = el('div', { class: 'granted', 'data-testid': 'board-granted', role: 'group', 'aria-label': 'Ports used before' });
    this.status = el('p', { class: 'board-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'board-status' });
    this.info = el('div', { class: 'board-info', 'data-testid': 'board-kind', 'data-kind': 'none' });
    this.sendBtn = btn('Send to board', 'board-send', () => this.send(), 'button primary');
    this.cancelBtn = btn('Cancel', 'board-cancel', () => this.controller?.abort(), 'button');
    this.library = libraryOption();
    this.progress = el('progress', { max: 1, value: 0, 'data-testid': 'board-progress', 'aria-label': 'Sending to the board' });
    this.progressText = el('span', { class: 'mono small', 'data-testid': 'board-progress-text', text: '' });
    this.upload = el('p', { class: 'board-upload small', 'data-testid': 'board-upload', hidden: true });
    this.verify = el('div', { class: 'board-verify', 'data-testid': 'board-verify', 'aria-live': 'polite', hidden: true });
    this.error = el('div', { class: 'error-box board-error', 'data-testid': 'board-error', role: 'alert', hidden: true });
    this.unavailable = el('div', { class: 'board-unavailable', 'data-testid': 'board-unavailable', hidden: true });
    this.recordBox = el('section', { class: 'board-record', 'data-testid': 'board-record', 'aria-label': 'Record from the board', hidden: true });
    this.arduino = new ArduinoFlash(this);
    const consoleBox = el('details', { class: 'board-console', 'data-testid': 'board-console' }, el('summary', { text: 'Serial console ' }, el('span', { class: 'muted', text: '(every byte sent and received, as text and hex)' })));
    this.console = new SerialConsole(consoleBox);

    clear(this.root).append(
      this.unavailable,
      el('div', { class: 'board-grid' },
        el('div', { class: 'board-col' },
          el('div', { class: 'toolbar board-connect' },
            el('label', { class: 'toolbar-label', for: 'board-baud', text: 'Speed' }), this.baud,
            this.connectBtn, this.anyBtn, this.disconnectBtn),
          this.granted,
          this.status,
          this.info),
        el('div', { class: 'board-col' },
          el('div', { class: 'toolbar' }, this.sendBtn, this.cancelBtn, this.library.element),
          el('div', { class: 'progress-row' }, this.progress, this.progressText),
          this.upload,
          this.verify,
          this.error)),
      this.arduino.root,
      this.recordBox,
      consoleBox,
    );
    this.record = new RecordPanel(this.recordBox, this, this.ctx);
  }

  showUnavailable(reason) {
    this.unavailable.hidden = false;
    clear(this.unavailable).append(
      el('strong', { text: 'Web Serial is not available here. ' }),
      reason, ' ',
      'You can still put the network on a board: download the ',
      el('a', { href: '#export', text: 'C header or the MicroPython module in Export' }),
      ' and build or copy it yourself.',
    );
    this.setStatus('Web Serial is not available in this browser.', 'bad');
    this.connectBtn.disabled = this.anyBtn.disabled = true;
  }

  setStatus(text, tone = '') {
    this.status.textContent = text;
    this.status.dataset.tone = tone;
  }

  // Enables what can be done now (called by the page when the model changes).
  update() {
    const connected = !!this.port && !this.port.closed;
    const usable = connected && (this.detected?.kind === 'micropython' || (this.detected?.kind === 'microdff' && this.detected.supported !== false));
    const unavailable = !this.unavailable.hidden;
    this.connectBtn.disabled = this.anyBtn.disabled = unavailable || this.busy;
    this.baud.disabled = this.busy;
    this.disconnectBtn.hidden = !connected;
    this.disconnectBtn.disabled = this.busy;
    this.sendBtn.disabled = this.busy || !usable || !this.ctx.hasModel() || !!this.record?.recorder.recording;
    this.sendBtn.title = !connected ? 'Connect a board first' : !this.ctx.hasModel() ? 'Train a model first' : '';
    this.cancelBtn.hidden = !this.busy;
    this.library.element.hidden = !connected || this.detected?.kind !== 'micropython';
    this.library.input.disabled = this.busy;
    for (const b of this.granted.querySelectorAll('button')) b.disabled = this.busy;
    this.arduino.update();
    this.record?.update();
  }

  async refreshGranted() {
    let ports = [];
    try {
      ports = await navigator.serial.getPorts();
    } catch {
      ports = [];
    }
    clear(this.granted);
    if (!ports.length) return;
    this.granted.append(el('span', { class: 'muted small', text: 'Used before: ' }));
    for (const p of ports) {
      this.granted.append(el('button', {
        type: 'button', class: 'chip small', 'data-testid': 'board-reconnect', text: `Reconnect ${portLabel(p)}`,
        onclick: () => this.connectTo(p),
      }));
    }
    this.update();
  }

  // From the click: the browser's port picker (filters for common boards, or any port).
  async choosePort(filtered) {
    if (this.busy) return;
    let serialPort;
    try {
      serialPort = await navigator.serial.requestPort(filtered ? { filters: [...COMMON_USB_FILTERS] } : {});
    } catch (e) {
      if (e?.name === 'NotFoundError') {
        this.setStatus(this.port ? 'No port chosen; still connected as before.' : 'No port chosen. Nothing was changed.');
        return;
      }
      this.setStatus(`The browser refused the serial port: ${e?.message ?? e}`, 'bad');
      return;
    }
    await this.connectTo(serialPort);
  }

  async connectTo(serialPort) {
    if (this.busy) return;
    await this.disconnect({ quiet: true });
    const baudRate = Number(this.baud.value);
    const label = portLabel(serialPort);
    this.setBusy(true);
    this.clearResults();
    this.setStatus(`Opening ${label} at ${baudRate} baud…`, 'busy');
    try {
      await this.openPort(serialPort, baudRate);
      this.setStatus('Connected. Asking what is on the other end…', 'busy');
      this.detected = await detectBoard(this.port);
      this.renderInfo();
      const d = this.detected;
      if (d.kind === 'microdff' && d.supported) this.setStatus(`Connected to the microdff firmware on ${label}.`, 'good');
      else if (d.kind === 'microdff') this.setStatus(d.message, 'bad');
      else if (d.kind === 'micropython') this.setStatus(`Connected to MicroPython on ${label}.`, 'good');
      else if (d.printsNumbers) this.setStatus(`Connected to ${label}: it prints lines of numbers, which you can record below.`, 'good');
      else this.setStatus(d.message, 'bad');
      await this.record.connected();
    } catch (e) {
      this.setStatus(e?.message ?? String(e), 'bad');
    } finally {
      this.setBusy(false);
      this.refreshGranted();
    }
  }

  // Opens `serialPort` at `baudRate` as the panel's port (tapped for the console); no detection.
  async openPort(serialPort, baudRate) {
    const label = portLabel(serialPort);
    let raw;
    try {
      raw = await openWebSerialPort(serialPort, { baudRate, label });
    } catch (e) {
      const why = e?.name === 'InvalidStateError' ? 'it is already open (another tab or program?)' : e?.message ?? String(e);
      throw new BoardError('PORT_CLOSED', `Could not open ${label}: ${why}.`);
    }
    this.raw = raw;
    this.serialPort = serialPort;
    this.baudRate = baudRate;
    this.baud.value = String(baudRate);
    this.port = tapPort(raw, { sent: (b) => this.console.sent(b), received: (b) => this.console.received(b) });
    raw.subscribe({ close: (e) => this.onClosed(raw, e) });
    this.console.note(`opened ${label} at ${baudRate} baud`);
  }

  async disconnect({ quiet = false } = {}) {
    const raw = this.raw;
    if (!raw) return;
    await this.record.stopAll().catch(() => {});
    this.closingByUser = true;
    try {
      await raw.close();
    } catch {}
    this.closingByUser = false;
    this.forget();
    if (!quiet) this.setStatus('Disconnected.');
  }

  forget() {
    this.record.forget();
    this.raw = this.port = this.serialPort = null;
    this.detected = null;
    this.renderInfo();
    this.update();
  }

  onClosed(raw, error) {
    if (raw !== this.raw || this.closingByUser) return;
    this.console.note(`port closed${error ? `: ${error.message ?? error}` : ''}`);
    this.serialPort?.close().catch(() => {});
    this.forget();
    this.setStatus(`The board went away${error ? ` (${error.message ?? error})` : ''}. Plug it in again and press Connect board.`, 'bad');
  }

  setBusy(on) {
    this.busy = on;
    this.root.setAttribute('aria-busy', on ? 'true' : 'false');
    this.update();
  }

  clearResults() {
    this.error.hidden = true;
    clear(this.error);
    this.verify.hidden = true;
    clear(this.verify);
    this.upload.hidden = true;
    this.progress.value = 0;
    this.progressText.textContent = '';
  }

  renderInfo() {
    const d = this.detected;
    const box = clear(this.info);
    box.dataset.kind = d?.kind ?? 'none';
    if (!d) return;
    const rows = [];
    if (d.kind === 'microdff') {
      rows.push(['Board', 'microdff firmware']);
      if (d.firmware) rows.push(['Firmware', `${d.firmware.name} ${d.firmware.version}`]);
      rows.push(['Protocol', `version ${d.protocolVersion}${d.supported ? '' : ' (not supported by this page)'}`]);
      if (d.maxModelBytes !== undefined) rows.push(['Largest model', d.maxModelBytes ? kb(d.maxModelBytes) : 'sent with the firmware (Flash Arduino below)']);
      if (d.supported) {
        const m = d.model;
        rows.push(['Active model', m ? `${m.topology.join('–')} · CRC ${hex8(m.crc)} · ${kb(m.size)} · ${m.source}` : 'none']);
        box.dataset.crc = m ? hex8(m.crc) : '';
      }
    } else if (d.kind === 'micropython') {
      const p = d.micropython;
      rows.push(['Board', 'MicroPython REPL']);
      rows.push(['Version', `${p.name} ${p.version}`]);
      rows.push(['Platform', [p.platform, p.machine].filter(Boolean).join(' · ')]);
    } else {
      rows.push(['Board', 'unknown']);
      if (d.received) rows.push(['It said', JSON.stringify(d.received.slice(0, 80))]);
    }
    box.append(el('dl', {}, rows.map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', { text: v })))));
  }

  async send() {
    if (this.busy || !this.port || !this.ctx.hasModel()) return;
    await this.record.stopAll();
    this.controller = new AbortController();
    this.setBusy(true);
    this.clearResults();
    const kind = this.detected?.kind;
    try {
      if (kind === 'microdff') await this.sendToFirmware(this.controller.signal);
      else if (kind === 'micropython') await this.sendToMicroPython(this.controller.signal);
    } catch (e) {
      this.showError(e);
    } finally {
      this.controller = null;
      this.setBusy(false);
    }
  }

  onProgress(sent, total, extra = '') {
    this.progress.max = Math.max(1, total);
    this.progress.value = sent;
    this.progressText.textContent = `${sent} / ${total} bytes${extra}`;
  }

  async sendToFirmware(signal) {
    const blob = await this.ctx.engine.call('export', { format: 'blob', name: this.ctx.exportName() });
    const client = new ProtocolClient(this.port, { baudRate: this.baudRate, signal });
    try {
      try {
        const info = await client.hello();
        this.detected = { ...this.detected, ...info, kind: 'microdff', supported: true };
        this.renderInfo();
      } catch (e) {
        throw withPreviousModelKept(e, 'Nothing was sent: the board kept its previous model.');
      }
      this.setStatus(`Sending the model (${blob.length} bytes)…`, 'busy');
      const r = await client.upload(blob, { signal, onProgress: (p) => this.onProgress(p.sent, p.total, ` · ${p.chunks} chunks acknowledged`) });
      this.showUpload(r.bytesSent, r.bytesReceived, r.ms, `the ${blob.length}-byte model in ${r.chunks} chunk${r.chunks === 1 ? '' : 's'} of ≤ ${r.chunkBytes} bytes, committed (CRC ${hex8(r.crc)})${r.retransmissions ? `; ${r.retransmissions} resent` : ''}`);
      this.setStatus('Committed. Checking the board against the browser…', 'busy');
      await this.afterActivation(() => this.check((rows) => client.predictRows(rows, { signal, onProgress: (n, t) => (this.progressText.textContent = `checked ${n} / ${t} rows`) })));
      try {
        const info = await client.getInfo({ signal });
        this.detected = { ...this.detected, model: info.model };
        this.renderInfo();
      } catch {}
    } finally {
      client.dispose();
    }
  }

  async sendToMicroPython(signal) {
    // The module and file name are the core's (dff.exportName), which refuses a keyword or a
    // name that would shadow a module the board has.
    let target;
    try {
      target = await this.ctx.exportFile('micropython');
    } catch (e) {
      throw withPreviousModelKept(e, 'Nothing was written to the board.');
    }
    const { identifier: name, fileName: file } = target;
    const code = await this.ctx.engine.call('export', { format: 'micropython', name: this.ctx.exportName() });
    const repl = new RawRepl(this.port, { timeoutMs: 5000, signal });
    try {
      this.setStatus(`Writing ${file} (${code.length} bytes)…`, 'busy');
      const started = performance.now();
      const before = { ...this.console.totals };
      try {
        await repl.enter();
      } catch (e) {
        throw withPreviousModelKept(e, `Nothing was written: ${file} on the board is unchanged.`);
      }
      const w = await repl.writeFile(file, code, { onProgress: (n, t) => this.onProgress(n, t) });
      const ms = Math.round(performance.now() - started);
      this.showUpload(this.console.totals.sent - before.sent, this.console.totals.received - before.received, ms,
        `${file}: ${w.bytes} bytes in ${w.chunks} chunk${w.chunks === 1 ? '' : 's'} (${w.encoding}, ${w.rawPaste ? 'raw-paste' : 'raw REPL'}), checked by ${w.checked === 'crc32' ? 'CRC-32' : 'size'}, then renamed into place`);
      this.setStatus(`Importing ${name} on the board and checking it…`, 'busy');
      await this.afterActivation(() => this.check((rows) => repl.predict(name, rows, { onProgress: (n, t) => (this.progressText.textContent = `checked ${n} / ${t} rows`) })));
      if (this.library.input.checked) await this.afterActivation(() => sendLibraryToBoard(this, repl, name));
      await repl.exit().catch(() => {});
    } finally {
      repl.dispose();
    }
  }

  // Errors after the board switched to the new model say so (no "kept" sentence).
  async afterActivation(fn) {
    try {
      await fn();
    } catch (e) {
      const err = e instanceof BoardError ? e : new BoardError('PROTOCOL', String(e?.message ?? e));
      if (err.keptPreviousModel === undefined) {
        err.keptPreviousModel = false;
        err.message = `The new model is on the board, but checking it failed: ${err.message}`;
      }
      throw err;
    }
  }

  showUpload(sent, received, ms, what) {
    this.upload.hidden = false;
    this.upload.dataset.bytesSent = String(sent);
    this.upload.dataset.bytesReceived = String(received);
    this.upload.dataset.ms = String(ms);
    const line = ((sent + received) * 10 * 1000) / this.baudRate;
    this.upload.textContent = `Sent ${what}. On the wire: ${sent} bytes out, ${received} back (${Math.round(line)} ms of line time at ${this.baudRate} baud); took ${ms} ms.`;
  }

  // Runs `boardPredict` on every row of the data and compares with the browser's outputs.
  async check(boardPredict) {
    const data = this.ctx.rows();
    const width = this.ctx.modelInputs();
    if (!data || !data.rows || (width !== undefined && width !== data.width)) {
      this.renderVerify(null, 'The model was sent; there are no data rows of its input width to check it with.');
      this.setStatus('Sent. Nothing to check it against.', 'good');
      return;
    }
    const rows = Array.from({ length: data.rows }, (_, r) => Array.from(data.inputs.subarray(r * data.width, (r + 1) * data.width)));
    const browser = [];
    for (const values of rows) browser.push(Array.from((await this.ctx.engine.call('predict', { values })).outputs));
    const board = await boardPredict(rows);
    const cmp = compareOutputs(board, browser);
    this.renderVerify(cmp);
    this.setStatus(cmp.agree ? 'The board runs the new model and agrees with the browser.' : 'The board runs the new model, but its outputs differ from the browser.', cmp.agree ? 'good' : 'bad');
  }

  renderVerify(cmp, note) {
    const v = clear(this.verify);
    v.hidden = false;
    if (!cmp) {
      v.dataset.agree = '';
      v.append(el('p', { class: 'muted', text: note }));
      return;
    }
    Object.assign(v.dataset, { agree: String(cmp.agree), rows: String(cmp.rows), maxDiff: String(cmp.maxDiff), disagreements: String(cmp.classDisagreements.length) });
    v.classList.toggle('good', cmp.agree);
    v.classList.toggle('bad', !cmp.agree);
    v.append(
      el('strong', { text: cmp.agree ? `✓ The board agrees with the browser on all ${cmp.rows} rows.` : `✗ The board disagrees with the browser.` }),
      el('dl', {},
        el('div', {}, el('dt', { text: 'Rows checked' }), el('dd', { class: 'mono', text: String(cmp.rows) })),
        el('div', {}, el('dt', { text: 'Largest difference' }), el('dd', { class: 'mono', text: fmtDiff(cmp.maxDiff) })),
        el('div', {}, el('dt', { text: 'Class disagreements' }), el('dd', { class: 'mono', text: String(cmp.classDisagreements.length) }))),
    );
    if (cmp.classDisagreements.length) {
      v.append(el('p', { class: 'small', text: `Rows ${cmp.classDisagreements.slice(0, 10).map((d) => `${d.row + 1} (board ${d.board}, browser ${d.browser})`).join(', ')}` }));
    }
  }

  showError(e) {
    const err = e instanceof BoardError ? e : new BoardError('PROTOCOL', String(e?.message ?? e));
    const kept = err.keptPreviousModel === true ? 'true' : err.keptPreviousModel === null ? 'unknown' : 'false';
    const message = err.message.replace(/\.\.(\s|$)/g, '.$1');
    const headline = HEADLINES[!this.port && err.code === 'PROTOCOL' ? 'PORT_CLOSED' : err.code] ?? 'Sending failed.';
    clear(this.error).append(el('strong', { text: `${headline} ` }), message);
    Object.assign(this.error.dataset, { code: err.code ?? '', kept });
    this.error.hidden = false;
    const gone = this.port ? '' : 'The board went away. ';
    this.setStatus(`${gone}${kept === 'true' ? 'Not sent: the board kept its previous model.' : message}${gone ? ' Plug it in again and press Connect board.' : ''}`, 'bad');
  }
}
