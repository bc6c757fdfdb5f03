// The recorder the page pushes to a MicroPython board (through the raw REPL, as it pushes a
// model): a module that prints one line of comma-separated ADC readings every interval, read
// by the page's LineParser. No DOM.
//
//   await repl.writeFile(RECORDER_FILE, recorderModule());
//   await repl.stream(recorderCall([26, 27], 20), (bytes) => parser.push(bytes));   // Ctrl-C stops it
import { BoardError, ErrorCode } from './errors.js';
import { pyString } from './raw-repl.js';

export const RECORDER_MODULE = 'dff_recorder';
export const RECORDER_FILE = `${RECORDER_MODULE}.py`;

// machine.ADC takes a Pin on most ports (RP2040, ESP32, STM32) and a channel number on some
// (ESP8266 ADC(0), older ports); read_u16() (0..65535) is the portable reading, read() the
// fallback of older firmware.
const SOURCE = `# microdff recorder: one line of comma-separated ADC readings per interval.
# run(pins, interval_ms, count): count 0 runs until Ctrl-C.
import time
from machine import ADC, Pin


def _adc(p):
    try:
        return ADC(Pin(p))
    except Exception:
        return ADC(p)


def _reader(a):
    return a.read_u16 if hasattr(a, 'read_u16') else a.read


def run(pins, interval_ms=20, count=0):
    rd = [_reader(_adc(p)) for p in pins]
    n = 0
    due = time.ticks_ms()
    try:
        while count == 0 or n < count:
            print(','.join([str(r()) for r in rd]))
            n += 1
            due = time.ticks_add(due, interval_ms)
            wait = time.ticks_diff(due, time.ticks_ms())
            if wait > 0:
                time.sleep_ms(wait)
            else:
                due = time.ticks_ms()
    except KeyboardInterrupt:
        pass
`;

export function recorderModule() {
  return SOURCE;
}

// "26, 27" or "X1 X2" or "A0,A1" -> pin ids for Python: numbers stay numbers, names are strings.
export function parsePins(text) {
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) throw new BoardError(ErrorCode.PROTOCOL, 'Name at least one ADC pin (for example 26, 27 or X1).');
  if (parts.length > 16) throw new BoardError(ErrorCode.PROTOCOL, `${parts.length} pins: the recorder reads at most 16.`);
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

// The code that runs the recorder: re-imports the module (a pushed update replaces the cached one).
export function recorderCall(pins, intervalMs, count = 0) {
  if (!(Number.isInteger(intervalMs) && intervalMs >= 1 && intervalMs <= 60000)) throw new RangeError('interval: 1 to 60000 ms');
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError('count: a whole number >= 0');
  const list = pins.map((p) => (typeof p === 'number' ? String(p) : pyString(p))).join(',');
  return [
    'import sys',
    `sys.modules.pop(${pyString(RECORDER_MODULE)}, None)`,
    `import ${RECORDER_MODULE}`,
    `${RECORDER_MODULE}.run((${list},), ${intervalMs}, ${count})`,
  ].join('\n');
}
