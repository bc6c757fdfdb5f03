// "Flash Arduino (ATmega328P)" in the Board card: writes the microdff firmware and the current
// model into an Arduino Uno or Nano through its own bootloader (../board/arduino-flash.js),
// then asks the firmware and checks it against the browser as Send does. Uses the Board
// panel's port (opened at the board's rate) and its check and info views.
import { el, clear } from '../dom.js';
import { COMMON_USB_FILTERS } from '../board/web-serial-port.js';
import { ARDUINO_BOARDS, FlashErrorCode, checkModelFits, flashArduino, loadArduinoImage } from '../board/arduino-flash.js';
import { ProtocolClient } from '../board/protocol-client.js';
import { BoardError } from '../board/errors.js';

const HEADLINES = {
  NO_BOOTLOADER: 'No bootloader answered.',
  WRONG_CHIP: 'This is not an ATmega328P board.',
  MODEL_TOO_LARGE: 'The model does not fit this board.',
  NO_IMAGE: 'The firmware is not available.',
  CANCELLED: 'Flashing cancelled.',
  PORT_CLOSED: 'The board was disconnected.',
  TIMEOUT: 'The board stopped answering.',
  VERIFY_FAILED: 'The flash does not read back as written.',
};

async function fetchText(path) {
  const r = await fetch(path, { cache: 'no-cache' });
  if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
  return r.text();
}

const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;

export class ArduinoFlash {
  constructor(panel) {
    this.panel = panel;
    this.controller = null;
    this.board = el('select', { id: 'arduino-board', 'data-testid': 'arduino-board' },
      Object.values(ARDUINO_BOARDS).map((b) => el('option', { value: b.id, text: `${b.name}: ${b.bootloader}, ${b.baudRate} baud` })));
    this.flashBtn = el('button', { type: 'button', class: 'button primary', 'data-testid': 'arduino-flash', text: 'Flash Arduino (ATmega328P)', onclick: () => this.flash() });
    this.cancelBtn = el('button', { type: 'button', class: 'button', 'data-testid': 'arduino-cancel', text: 'Cancel', hidden: true, onclick: () => this.controller?.abort() });
    this.progress = el('progress', { max: 1, value: 0, 'data-testid': 'arduino-progress', 'aria-label': 'Flashing the Arduino' });
    this.progressText = el('span', { class: 'mono small', 'data-testid': 'arduino-progress-text' });
    this.result = el('p', { class: 'board-upload small', 'data-testid': 'arduino-result', hidden: true });
    this.error = el('div', { class: 'error-box board-error', 'data-testid': 'arduino-error', role: 'alert', hidden: true });
    this.root = el('div', { class: 'arduino-flash', 'data-testid': 'arduino' },
      el('h3', { text: 'Flash an Arduino Uno or Nano' }),
      el('p', { class: 'muted small', text: 'No toolchain, no IDE: the page writes the microdff firmware with this model inside through the board\'s own bootloader, reads it back, then checks the board against the browser. For boards with an ATmega328P: the Uno, and Nanos or Pro Minis with the old bootloader.' }),
      el('div', { class: 'toolbar' },
        el('label', { class: 'toolbar-label', for: 'arduino-board', text: 'Board' }), this.board, this.flashBtn, this.cancelBtn),
      el('div', { class: 'progress-row' }, this.progress, this.progressText),
      this.result,
      this.error);
  }

  update() {
    const p = this.panel;
    const unavailable = !p.unavailable.hidden;
    const recording = !!p.record?.recorder.recording;
    this.flashBtn.disabled = unavailable || p.busy || !p.ctx.hasModel() || recording;
    this.flashBtn.title = unavailable ? 'This browser has no Web Serial' : !p.ctx.hasModel() ? 'Train a model first' : recording ? 'Stop recording first' : '';
    this.board.disabled = p.busy;
    this.cancelBtn.hidden = !this.controller;
  }

  clear() {
    this.error.hidden = this.result.hidden = true;
    clear(this.error);
    this.progress.value = 0;
    this.progressText.textContent = '';
  }

  async flash() {
    const p = this.panel;
    if (p.busy || !p.ctx.hasModel()) return;
    const board = ARDUINO_BOARDS[this.board.value];
    // The port picker needs the click's user activation: ask before anything else waits.
    let serialPort = p.serialPort;
    if (!serialPort) {
      try {
        serialPort = await navigator.serial.requestPort({ filters: [...COMMON_USB_FILTERS] });
      } catch (e) {
        p.setStatus(e?.name === 'NotFoundError' ? 'No port chosen. Nothing was changed.' : `The browser refused the serial port: ${e?.message ?? e}`, e?.name === 'NotFoundError' ? '' : 'bad');
        return;
      }
    }
    this.controller = new AbortController();
    const signal = this.controller.signal;
    p.controller = this.controller;
    p.setBusy(true);
    p.clearResults();
    this.clear();
    let client = null;
    try {
      p.setStatus('Preparing the firmware and the model…', 'busy');
      const [image, blob, snap] = await Promise.all([
        loadArduinoImage(fetchText, board.id),
        p.ctx.engine.call('export', { format: 'blob', name: p.ctx.exportName() }),
        p.ctx.engine.call('snapshot'),
      ]);
      const widths = snap.info.widths;
      const fits = checkModelFits(image.manifest, blob, { inputs: widths[0], outputs: widths.at(-1), viewWorkBytes: snap.info.viewWorkBytes });
      if (!fits.ok) throw new BoardError(FlashErrorCode.MODEL_TOO_LARGE, `${fits.message} Nothing was written: the board is unchanged.`);
      if (p.raw && !p.raw.closed && p.baudRate === board.baudRate) {
        await p.record.stopAll();
        p.console.note(`flashing at ${board.baudRate} baud`);
      } else {
        await p.disconnect({ quiet: true });
        await p.openPort(serialPort, board.baudRate);
      }
      p.detected = null;
      p.renderInfo();
      p.setStatus(`Resetting the ${board.name} into its bootloader…`, 'busy');
      const r = await flashArduino(p.port, { image, blob, setSignals: p.port.setSignals, signal, onProgress: (e) => this.onProgress(e) });
      this.showResult(r, board);
      p.setStatus('Written and verified. Asking the firmware…', 'busy');
      // The bootloader has started the firmware; HELLO is repeated until it answers.
      client = new ProtocolClient(p.port, { baudRate: board.baudRate, signal, timeoutMs: 400, retries: 6 });
      let info;
      await p.afterActivation(async () => {
        info = await client.hello();
      });
      p.detected = { kind: 'microdff', supported: true, protocolVersion: info.protocolVersion, firmware: info.firmware, maxModelBytes: info.maxModelBytes, maxPayload: info.maxPayload, modelRam: info.modelRam, capabilities: info.capabilities, model: info.model, info };
      p.renderInfo();
      if (info.model?.crc !== new DataView(blob.buffer, blob.byteOffset + blob.length - 4, 4).getUint32(0, true)) {
        throw new BoardError('VERIFY_FAILED', `The firmware answers, but it runs ${info.model ? 'another model' : 'no model'}: flash again.`);
      }
      p.setStatus('The firmware runs the new model. Checking the board against the browser…', 'busy');
      await p.afterActivation(() => p.check((rows) => client.predictRows(rows, { signal, onProgress: (n, t) => (p.progressText.textContent = `checked ${n} / ${t} rows`) })));
    } catch (e) {
      this.showError(e);
    } finally {
      client?.dispose();
      this.controller = null;
      p.controller = null;
      p.setBusy(false);
    }
  }

  onProgress(e) {
    const phases = { reset: 'resetting into the bootloader', sync: 'talking to the bootloader', write: 'writing', verify: 'reading back', done: 'leaving the bootloader' };
    if (e.total) {
      this.progress.max = e.total;
      this.progress.value = e.done;
    }
    this.root.dataset.phase = e.phase;
    this.root.dataset.mode = e.mode ?? '';
    const what = e.mode === 'model' ? 'model pages' : 'pages';
    this.progressText.textContent = e.total ? `${phases[e.phase]}: ${e.done} / ${e.total} ${what}` : phases[e.phase];
    if (e.phase === 'write' && e.done === 1) this.panel.setStatus(e.mode === 'model' ? 'The board already runs this firmware build: writing only the model…' : 'Writing the firmware and the model…', 'busy');
  }

  showResult(r, board) {
    const line = Math.round(((r.bytesSent + r.bytesReceived) * 10 * 1000) / board.baudRate);
    this.result.hidden = false;
    Object.assign(this.result.dataset, { mode: r.mode, pages: String(r.pages), ms: String(r.ms), buildId: r.buildId });
    this.result.textContent =
      (r.mode === 'model'
        ? `The board already ran this firmware build (${r.buildId}): wrote only the model, ${r.pages} page${r.pages === 1 ? '' : 's'}`
        : `Wrote the microdff firmware (build ${r.buildId}) and the model: ${r.pages} pages`) +
      ` of ${r.bytesWritten / r.pages} bytes, read back and compared, in ${seconds(r.ms)} (${r.bytesSent} bytes out, ${r.bytesReceived} back: ${seconds(line)} of line time at ${board.baudRate} baud).`;
  }

  showError(e) {
    const err = e instanceof BoardError ? e : new BoardError('PROTOCOL', String(e?.message ?? e));
    clear(this.error).append(el('strong', { text: `${HEADLINES[err.code] ?? 'Flashing failed.'} ` }), err.message);
    Object.assign(this.error.dataset, { code: err.code ?? '', boardState: err.boardState ?? '' });
    this.error.hidden = false;
    this.panel.setStatus(err.message, 'bad');
  }
}
