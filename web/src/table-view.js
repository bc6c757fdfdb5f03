// The editable data table, as one ARIA grid: one tab stop, arrow keys (Home/End, Page
// Up/Down, Ctrl+Home/End) move the active cell, Enter or F2 or typing edits it, Escape
// cancels, Delete empties it; the header's name and role cells and the row and column
// remove buttons are cells too. Only the rows and columns in view are in the page
// (virtualised both ways), so a table of 50,000 rows or 8,000 columns costs what a
// screenful costs. Invalid cells carry their message (aria-invalid, aria-description).
import { el, clear } from './dom.js';
import './table-view.css';

const ROW_H = 32;
const NAME_H = 40;
const ROLE_H = 36;
const COL_W = 120;
const NUM_W = 56;
const ACT_W = 40;
const OVERSCAN_ROWS = 8;
const OVERSCAN_COLS = 2;
const NAMES = -2; // the header row of names
const ROLES = -1; // the header row of roles
const ROLE_LABELS = { input: 'input', target: 'target (number)', classes: 'classes', ignore: 'ignore' };

export class TableView {
  #table = { names: [], rows: [], roles: [] };
  #validation = null;
  #bottom = null; // the spacer row under the rows drawn
  #errors = new Map(); // "row:col" -> message
  #first = null; // "row:col" of the first problem
  #active = { row: 0, col: 0 };
  #editor = null; // { row, col, input } while a cell is edited
  #readOnly = false;
  #window = null;
  #frame = 0;
  #moving = false; // the editor is being moved into a redrawn cell: its blur is not a commit

  // handlers: { cell(row, col, value), name(col, value), role(col, role), removeRow(row), removeColumn(col) }
  constructor(root, handlers) {
    this.root = root;
    this.h = handlers;
    this.grid = el('table', { class: 'data-grid', role: 'grid', tabindex: 0, 'aria-label': 'Data table', 'aria-readonly': 'false' });
    this.grid.addEventListener('keydown', (e) => this.#key(e));
    this.grid.addEventListener('mousedown', (e) => this.#pointer(e));
    this.grid.addEventListener('focus', () => this.#scrollTo(this.#active));
    root.removeAttribute('tabindex');
    root.addEventListener('scroll', () => this.#schedule(), { passive: true });
    new ResizeObserver(() => this.#schedule()).observe(root);
    this.message = el('div', { class: 'cell-message', 'aria-hidden': 'true', hidden: true });
    clear(root).append(this.grid, this.message);
  }

  // Draws `table` (only what is in view); readOnly while its rows are still arriving.
  render(table, validation, { readOnly = false } = {}) {
    // Rows arriving at the end of the table shown: only what is in view is redrawn, if anything.
    const growing = table === this.#table && validation === this.#validation && readOnly === this.#readOnly;
    this.#table = table;
    this.#validation = validation;
    this.#readOnly = readOnly;
    this.grid.setAttribute('aria-readonly', String(readOnly));
    if (validation !== undefined && !growing) this.#setErrors(validation);
    this.#clampActive();
    this.#draw(!growing);
  }

  // Marks invalid cells (class, aria-invalid, the message at the cell).
  mark(validation) {
    this.#setErrors(validation);
    this.#draw(true);
  }

  // Makes a cell active, scrolls to it and focuses it; a data cell opens for editing.
  focusCell(row, col) {
    this.#active = { row: row < 0 ? NAMES : row, col: Math.max(0, col) };
    this.#clampActive();
    this.#scrollTo(this.#active);
    this.#draw(true);
    if (this.#active.row >= 0 && !this.#readOnly) this.#edit('');
    else this.grid.focus();
  }

  #setErrors(validation) {
    this.#errors.clear();
    this.#first = null;
    for (const e of validation?.errors ?? []) {
      const key = `${e.row < 0 ? NAMES : e.row}:${e.col}`;
      if (!this.#errors.has(key)) this.#errors.set(key, e.message);
      this.#first ??= key;
    }
  }

  #widest() {
    const t = this.#table;
    let w = t.names.length;
    for (const r of t.rows) if (r.length > w) w = r.length;
    return w;
  }

  #schedule() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw(false);
    });
  }

  // The rows and columns in view (plus a margin); redraws when they or the table changed.
  #draw(force) {
    const t = this.#table;
    const width = this.#widest();
    const viewH = this.root.clientHeight || 440;
    const viewW = this.root.clientWidth || 800;
    const top = Math.max(0, this.root.scrollTop - NAME_H - ROLE_H);
    const r0 = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN_ROWS);
    const r1 = Math.min(t.rows.length, Math.ceil((top + viewH) / ROW_H) + OVERSCAN_ROWS);
    const left = Math.max(0, this.root.scrollLeft - NUM_W);
    const c0 = Math.max(0, Math.floor(left / COL_W) - OVERSCAN_COLS);
    const c1 = Math.min(width, Math.ceil((left + viewW) / COL_W) + OVERSCAN_COLS);
    // The rows below the window only size a spacer: more of them is no reason to redraw.
    const win = `${r0}:${r1}:${c0}:${c1}:${width}:${r1 < t.rows.length}`;
    if (!force && win === this.#window) {
      this.grid.setAttribute('aria-rowcount', String(t.rows.length + 2));
      if (this.#bottom) this.#bottom.style.height = `${(t.rows.length - r1) * ROW_H}px`;
      return;
    }
    this.#window = win;
    const keepEditor = this.#editor;
    const hadFocus = this.grid.contains(document.activeElement);
    const focusedSelect = hadFocus && document.activeElement.tagName === 'SELECT' ? document.activeElement.dataset.col : null;

    const cols = [];
    for (let c = c0; c < c1; c++) cols.push(c);
    const spacerL = c0 * COL_W;
    const spacerR = (width - c1) * COL_W;
    const colgroup = el('colgroup', {},
      sized(el('col'), 'width', NUM_W),
      spacerL ? sized(el('col'), 'width', spacerL) : null,
      cols.map(() => sized(el('col'), 'width', COL_W)),
      spacerR ? sized(el('col'), 'width', spacerR) : null,
      sized(el('col'), 'width', ACT_W));
    const spacers = (tag = 'td') => [spacerL ? el(tag, { class: 'spacer', 'aria-hidden': 'true' }) : null];
    const spacersR = (tag = 'td') => [spacerR ? el(tag, { class: 'spacer', 'aria-hidden': 'true' }) : null];

    const names = el('tr', { class: 'names', 'aria-rowindex': 1 },
      el('th', { class: 'rownum', role: 'columnheader', 'aria-colindex': 1, text: '#' }), spacers('th'),
      cols.map((c) => this.#nameCell(c)), spacersR('th'),
      el('th', { class: 'actions', role: 'columnheader', 'aria-colindex': width + 2 }, el('span', { class: 'visually-hidden', text: 'Row actions' })));
    const roles = el('tr', { class: 'roles', 'aria-rowindex': 2 },
      el('th', { class: 'rownum', role: 'rowheader', 'aria-colindex': 1 }, el('span', { class: 'visually-hidden', text: 'Role' })), spacers(),
      cols.map((c) => this.#roleCell(c)), spacersR(),
      el('td', { class: 'actions', role: 'gridcell', 'aria-colindex': width + 2 }));
    const body = el('tbody');
    if (r0 > 0) body.append(sized(el('tr', { class: 'spacer', 'aria-hidden': 'true' }, el('td', { colspan: cols.length + 4 })), 'height', r0 * ROW_H));
    for (let r = r0; r < r1; r++) {
      body.append(el('tr', { class: 'row', 'aria-rowindex': r + 3 },
        el('th', { class: 'rownum', role: 'rowheader', 'aria-colindex': 1, text: String(r + 1) }), spacers(),
        cols.map((c) => this.#dataCell(r, c)), spacersR(),
        this.#actionCell(r, width)));
    }
    this.#bottom = r1 < t.rows.length ? sized(el('tr', { class: 'spacer', 'aria-hidden': 'true' }, el('td', { colspan: cols.length + 4 })), 'height', (t.rows.length - r1) * ROW_H) : null;
    if (this.#bottom) body.append(this.#bottom);

    this.grid.style.width = `${NUM_W + width * COL_W + ACT_W}px`;
    this.grid.setAttribute('aria-rowcount', String(t.rows.length + 2));
    this.grid.setAttribute('aria-colcount', String(width + 2));
    this.#moving = true;
    this.grid.replaceChildren(colgroup, el('thead', {}, names, roles), body);
    this.#showActive();
    this.#showMessage();
    if (keepEditor) {
      const td = this.#cellNode(keepEditor.row, keepEditor.col);
      if (td) {
        td.classList.add('editing');
        td.replaceChildren(keepEditor.input);
        keepEditor.input.focus({ preventScroll: true });
        this.#moving = false;
      } else {
        this.#moving = false;
        keepEditor.commit(null, false);
      }
    } else if (focusedSelect !== null) {
      this.grid.querySelector(`select[data-col="${focusedSelect}"]`)?.focus({ preventScroll: true });
    } else if (hadFocus && !this.grid.contains(document.activeElement)) {
      this.grid.focus({ preventScroll: true });
    }
    this.#moving = false;
  }

  #id(row, col) {
    return `grid-${row < 0 ? (row === NAMES ? 'n' : 'r') : row}-${col}`;
  }

  #invalid(node, key) {
    const message = this.#errors.get(key);
    if (!message) return node;
    node.classList.add('invalid');
    if (key === this.#first) node.classList.add('first-error');
    node.dataset.error = message;
    node.setAttribute('aria-invalid', 'true');
    node.setAttribute('aria-description', message);
    node.title = message;
    return node;
  }

  #nameCell(c) {
    const t = this.#table;
    const base = { id: this.#id(NAMES, c), 'aria-colindex': c + 2, dataset: { row: String(-1), col: String(c), kind: 'name' } };
    if (c >= t.names.length) return this.#invalid(el('th', { ...base, role: 'columnheader', class: 'col extra', text: 'no column' }), `${NAMES}:${c}`);
    const role = t.roles[c];
    const rm = el('button', { type: 'button', class: 'icon', tabindex: -1, text: '×', 'aria-label': `Remove column ${c + 1}`, dataset: { action: 'remove-column' } });
    return this.#invalid(el('th', { ...base, role: 'columnheader', class: `col name ${role}` },
      el('span', { class: 'name-text', text: t.names[c] || `column ${c + 1}` }), rm), `${NAMES}:${c}`);
  }

  #roleCell(c) {
    const t = this.#table;
    const base = { id: this.#id(ROLES, c), role: 'gridcell', 'aria-colindex': c + 2, dataset: { row: String(-2), col: String(c), kind: 'role' } };
    if (c >= t.names.length) return el('td', { ...base, class: 'col extra' });
    const role = t.roles[c];
    const sel = el('select', { class: `role ${role}`, tabindex: -1, 'aria-label': `Role of column ${c + 1}`, dataset: { col: String(c) }, disabled: this.#readOnly },
      Object.entries(ROLE_LABELS).map(([value, text]) => el('option', { value, text })));
    sel.value = role;
    sel.addEventListener('change', () => {
      this.#active = { row: ROLES, col: c };
      this.h.role(c, sel.value);
    });
    sel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.grid.focus();
      }
    });
    return el('td', { ...base, class: `col ${role}` }, sel);
  }

  #dataCell(r, c) {
    const t = this.#table;
    const row = t.rows[r];
    const missing = c >= row.length;
    const cls = c < t.names.length ? t.roles[c] : 'extra';
    const label = c < t.names.length ? t.names[c] || `column ${c + 1}` : 'extra cell';
    const td = el('td', {
      id: this.#id(r, c), role: 'gridcell', 'aria-colindex': c + 2, class: `cell ${cls}${missing ? ' missing' : ''}`,
      dataset: { row: String(r), col: String(c), key: `c:${r}:${c}`, label: `Row ${r + 1}, ${label}` },
      text: missing ? (c < t.names.length ? 'missing' : '') : row[c],
    });
    return this.#invalid(td, `${r}:${c}`);
  }

  #actionCell(r, width) {
    return el('td', { id: this.#id(r, width), role: 'gridcell', class: 'actions', 'aria-colindex': width + 2, dataset: { row: String(r), col: String(width), kind: 'action' } },
      el('button', { type: 'button', class: 'icon', tabindex: -1, text: '×', 'aria-label': `Remove row ${r + 1}`, dataset: { action: 'remove-row' } }));
  }

  #cellNode(row, col) {
    return this.grid.querySelector(`#${this.#id(row, col)}`);
  }

  #showActive() {
    for (const n of this.grid.querySelectorAll('.active')) n.classList.remove('active');
    const node = this.#cellNode(this.#active.row, this.#active.col);
    if (node) {
      node.classList.add('active');
      this.#showMessage();
      this.grid.setAttribute('aria-activedescendant', node.id);
    } else {
      this.grid.removeAttribute('aria-activedescendant');
    }
  }

  // The message of the active cell when it is invalid, else of the first problem, under it.
  #showMessage() {
    const key = (p) => `${p.row}:${p.col}`;
    const at = this.#errors.has(key(this.#active)) ? this.#active : this.#first ? { row: Number(this.#first.split(':')[0]), col: Number(this.#first.split(':')[1]) } : null;
    const node = at && this.#cellNode(at.row, at.col);
    this.message.hidden = !node;
    if (!node) return;
    this.message.textContent = this.#errors.get(key(at));
    const top = at.row === NAMES ? NAME_H : NAME_H + ROLE_H + (at.row + 1) * ROW_H;
    this.message.style.top = `${top}px`;
    this.message.style.left = `${NUM_W + at.col * COL_W}px`;
  }

  #clampActive() {
    const rows = this.#table.rows.length;
    const width = this.#widest();
    let { row, col } = this.#active;
    row = Math.min(Math.max(row, NAMES), rows - 1);
    col = Math.min(Math.max(col, 0), row >= 0 ? width : Math.max(0, this.#table.names.length - 1));
    this.#active = { row, col };
  }

  #scrollTo({ row, col }) {
    const root = this.root;
    if (row >= 0) {
      const y = NAME_H + ROLE_H + row * ROW_H;
      if (y - NAME_H - ROLE_H < root.scrollTop) root.scrollTop = y - NAME_H - ROLE_H;
      else if (y + ROW_H > root.scrollTop + root.clientHeight) root.scrollTop = y + ROW_H - root.clientHeight;
    }
    const x = NUM_W + col * COL_W;
    if (x - NUM_W < root.scrollLeft) root.scrollLeft = x - NUM_W;
    else if (x + COL_W > root.scrollLeft + root.clientWidth) root.scrollLeft = x + COL_W - root.clientWidth;
  }

  #move(row, col) {
    this.#editor?.commit(null, false);
    this.#active = { row, col };
    this.#clampActive();
    this.#scrollTo(this.#active);
    this.#draw(true);
    this.grid.focus({ preventScroll: true });
  }

  #pageRows() {
    return Math.max(1, Math.floor((this.root.clientHeight - NAME_H - ROLE_H) / ROW_H) - 1);
  }

  #key(e) {
    if (e.target !== this.grid) return;
    const { row, col } = this.#active;
    const width = this.#widest();
    const last = this.#table.rows.length - 1;
    const ctrl = e.ctrlKey || e.metaKey;
    const moves = {
      ArrowUp: [row - 1, col], ArrowDown: [row + 1, col], ArrowLeft: [row, col - 1], ArrowRight: [row, col + 1],
      Home: ctrl ? [NAMES, 0] : [row, 0], End: ctrl ? [last, width] : [row, row >= 0 ? width : width - 1],
      PageUp: [Math.max(row - this.#pageRows(), row >= 0 ? 0 : NAMES), col], PageDown: [Math.min(row + this.#pageRows(), last), col],
    };
    if (moves[e.key]) {
      e.preventDefault();
      this.#move(...moves[e.key]);
      return;
    }
    const kind = this.#kind(row, col);
    if (e.key === 'Enter' || e.key === 'F2' || (e.key === ' ' && kind !== 'data')) {
      e.preventDefault();
      this.#activate(kind);
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && kind === 'data' && !this.#readOnly) {
      e.preventDefault();
      this.h.cell(row, col, '');
      return;
    }
    if (e.key.length === 1 && !ctrl && !e.altKey && (kind === 'data' || kind === 'name')) {
      e.preventDefault();
      this.#edit(e.key, true);
      return;
    }
    if (ctrl && e.key.toLowerCase() === 'a') e.preventDefault(); // no page-wide selection from the grid
  }

  #kind(row, col) {
    const width = this.#widest();
    if (row === NAMES) return col < this.#table.names.length ? 'name' : 'none';
    if (row === ROLES) return col < this.#table.names.length ? 'role' : 'none';
    return col === width ? 'action' : 'data';
  }

  #activate(kind) {
    if (this.#readOnly) return;
    const { row, col } = this.#active;
    if (kind === 'data' || kind === 'name') this.#edit('');
    else if (kind === 'role') this.#cellNode(row, col)?.querySelector('select')?.focus();
    else if (kind === 'action') this.h.removeRow(row);
  }

  // Opens the active cell's editor: with `text` in place of the value when `replace`.
  #edit(text, replace = false) {
    if (this.#readOnly) return;
    this.#editor?.commit(null, false);
    const { row, col } = this.#active;
    const kind = this.#kind(row, col);
    if (kind !== 'data' && kind !== 'name') return;
    const t = this.#table;
    const current = kind === 'name' ? t.names[col] : t.rows[row][col] ?? '';
    const label = kind === 'name' ? `Name of column ${col + 1}` : `Row ${row + 1}, ${col < t.names.length ? t.names[col] || `column ${col + 1}` : 'extra cell'}`;
    const input = el('input', { class: 'cell-editor', value: replace ? text : current, spellcheck: 'false', autocomplete: 'off', 'aria-label': label });
    const editor = { row, col, input, kind, done: false };
    // Applies the edit once (Enter, an arrow, leaving the cell), then moves to `move`.
    const commit = (move, redraw = true) => {
      if (editor.done) return;
      editor.done = true;
      if (this.#editor === editor) this.#editor = null;
      const value = input.value.trim();
      if (move) this.#active = { row: move[0], col: move[1] };
      this.#clampActive();
      if (kind === 'name') this.h.name(col, value);
      else this.h.cell(row, col, value);
      if (redraw) this.#draw(true);
    };
    editor.commit = commit;
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const down = e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey) ? -1 : 1;
        commit(kind === 'data' ? [row + down, col] : null);
        this.#scrollTo(this.#active);
        this.grid.focus({ preventScroll: true });
      } else if (e.key === 'Escape') {
        e.preventDefault();
        editor.done = true;
        if (this.#editor === editor) this.#editor = null;
        this.#draw(true);
        this.grid.focus({ preventScroll: true });
      }
    });
    input.addEventListener('blur', () => {
      if (!this.#moving) commit(null);
    });
    this.#editor = editor;
    this.#scrollTo(this.#active);
    this.#draw(true);
    input.focus();
    const end = input.value.length;
    input.setSelectionRange(end, end);
  }

  #pointer(e) {
    const button = e.target.closest('button[data-action]');
    const cell = e.target.closest('[data-row]');
    if (!cell || e.target.closest('.cell-editor')) return;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    const at = { row: row === -1 ? NAMES : row === -2 ? ROLES : row, col };
    if (button) {
      e.preventDefault();
      if (this.#readOnly) return;
      this.#active = at;
      if (button.dataset.action === 'remove-row') this.h.removeRow(row);
      else this.h.removeColumn(col);
      return;
    }
    if (e.target.tagName === 'SELECT') {
      this.#active = at;
      this.#showActive();
      return;
    }
    e.preventDefault();
    this.#active = at;
    this.#clampActive();
    const kind = this.#kind(this.#active.row, this.#active.col);
    if ((kind === 'data' || kind === 'name') && !this.#readOnly) this.#edit('');
    else this.#move(this.#active.row, this.#active.col);
  }
}

// Sizes a node through the CSSOM (the page's Content-Security-Policy refuses style attributes).
function sized(node, prop, px) {
  node.style[prop] = `${px}px`;
  return node;
}
