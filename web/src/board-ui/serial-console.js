// The serial console: every chunk sent to and received from the board, as text and hex.
// Fed by tapPort(); rendering is batched per animation frame, touches only the entries that
// changed, and the log is capped, so a long upload or a flash (hundreds of exchanges) never
// slows the page down. Bytes only ever reach the DOM as text.
import { el, clear } from '../dom.js';

const MAX_ENTRIES = 300;
const MAX_SHOWN_BYTES = 96;

const printable = (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x0a ? '↵' : b === 0x0d ? '' : '·');
export const asText = (bytes) => Array.from(bytes, printable).join('');
export const asHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

export class SerialConsole {
  constructor(root) {
    this.entries = [];
    this.totals = { sent: 0, received: 0 };
    this.pending = false;
    this.nodes = new Map(); // entry -> its <li>
    this.list = el('ol', { class: 'console-log mono', 'aria-label': 'Bytes sent and received' });
    this.summary = el('span', { class: 'muted small', text: 'Nothing sent yet.' });
    this.hex = el('input', { type: 'checkbox', id: 'board-console-hex', checked: true, onchange: () => this.render(true) });
    root.append(
      el('div', { class: 'console-bar' },
        this.summary,
        el('label', { class: 'check small', for: 'board-console-hex' }, this.hex, ' hex'),
        el('button', { type: 'button', class: 'button ghost small', text: 'Clear', onclick: () => this.clear() })),
      this.list,
    );
  }

  sent(bytes) {
    this.add('sent', bytes);
  }

  received(bytes) {
    this.add('received', bytes);
  }

  note(text) {
    this.entries.push({ dir: 'note', text, at: performance.now() });
    this.schedule();
  }

  add(dir, bytes) {
    this.totals[dir] += bytes.length;
    const last = this.entries.at(-1);
    const now = performance.now();
    // Chunks arriving in quick succession in one direction are one entry.
    if (last && last.dir === dir && now - last.at < 40 && last.bytes.length < MAX_SHOWN_BYTES) {
      last.bytes = concat(last.bytes, bytes);
      last.count += bytes.length;
      last.at = now;
      last.changed = true;
    } else {
      this.entries.push({ dir, bytes: bytes.slice(0, MAX_SHOWN_BYTES * 2), count: bytes.length, at: now });
      if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    }
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  clear() {
    this.entries = [];
    this.totals = { sent: 0, received: 0 };
    this.render(true);
  }

  // Brings the list up to date: drops the entries that fell off the front, redraws the one
  // that grew, appends the new ones (everything when `all`, e.g. the hex switch changed).
  render(all = false) {
    this.summary.textContent = `${this.totals.sent} bytes sent · ${this.totals.received} received`;
    this.list.dataset.sent = String(this.totals.sent);
    this.list.dataset.received = String(this.totals.received);
    if (all) {
      clear(this.list);
      this.nodes.clear();
    }
    const kept = new Set(this.entries);
    for (const [entry, node] of this.nodes) {
      if (kept.has(entry)) continue;
      node.remove();
      this.nodes.delete(entry);
    }
    for (const entry of this.entries) {
      const old = this.nodes.get(entry);
      if (old && !entry.changed) continue;
      const node = this.node(entry);
      if (old) old.replaceWith(node);
      else this.list.append(node);
      this.nodes.set(entry, node);
      entry.changed = false;
    }
    this.list.scrollTop = this.list.scrollHeight;
  }

  node(e) {
    if (e.dir === 'note') return el('li', { class: 'note', text: e.text });
    const shown = e.bytes.subarray(0, MAX_SHOWN_BYTES);
    const more = e.count > shown.length ? ` … +${e.count - shown.length} bytes` : '';
    return el('li', { class: e.dir },
      el('span', { class: 'dir', text: e.dir === 'sent' ? '→' : '←', title: e.dir }),
      el('span', { class: 'count', text: String(e.count) }),
      el('span', { class: 'bytes' },
        el('span', { class: 'text', text: asText(shown) + more }),
        this.hex.checked ? el('span', { class: 'hex', text: asHex(shown) + more }) : null));
  }
}

function concat(a, b) {
  const out = new Uint8Array(Math.min(a.length + b.length, MAX_SHOWN_BYTES * 2));
  out.set(a.subarray(0, out.length));
  if (a.length < out.length) out.set(b.subarray(0, out.length - a.length), a.length);
  return out;
}
