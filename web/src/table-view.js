// The editable data table: names, roles, cells; invalid cells are marked where they are.
import { el, clear } from './dom.js';

const PAGE_ROWS = 100;

export class TableView {
  // handlers: { cell(row, col, value), name(col, value), role(col, role), removeRow(row), removeColumn(col) }
  constructor(root, handlers) {
    this.root = root;
    this.h = handlers;
    this.shown = PAGE_ROWS;
    this.cells = new Map(); // "row:col" -> td
  }

  render(table, validation) {
    const width = table.names.length;
    const widest = Math.max(width, ...table.rows.map((r) => r.length));
    const focusKey = this.#focusKey();
    this.cells.clear();
    const head = el('tr', {}, el('th', { class: 'rownum', scope: 'col', text: '#' }));
    const roles = el('tr', { class: 'roles' }, el('th', { class: 'rownum', scope: 'row' }, el('span', { class: 'visually-hidden', text: 'Role' })));
    for (let c = 0; c < widest; c++) {
      if (c < width) {
        const role = table.roles[c];
        const name = el('input', {
          value: table.names[c], class: `name ${role}`, 'aria-label': `Name of column ${c + 1}`, spellcheck: 'false', autocomplete: 'off',
          dataset: { key: `h:${c}` },
          onchange: (e) => this.h.name(c, e.target.value.trim()),
        });
        const rm = el('button', { type: 'button', class: 'icon', text: '×', 'aria-label': `Remove column ${c + 1}`, onclick: () => this.h.removeColumn(c) });
        const th = el('th', { scope: 'col', class: `col ${role}` }, el('div', { class: 'th-inner' }, name, rm));
        this.cells.set(`-1:${c}`, th);
        head.append(th);
        const sel = el('select', { class: `role ${role}`, 'aria-label': `Role of column ${c + 1}`, dataset: { key: `r:${c}` }, onchange: (e) => this.h.role(c, e.target.value) },
          el('option', { value: 'input', text: 'input' }), el('option', { value: 'target', text: 'target' }), el('option', { value: 'ignore', text: 'ignore' }));
        sel.value = role;
        roles.append(el('td', { class: `col ${role}` }, sel));
      } else {
        const th = el('th', { scope: 'col', class: 'col extra', text: 'no column' });
        this.cells.set(`-1:${c}`, th);
        head.append(th);
        roles.append(el('td', { class: 'col extra' }));
      }
    }
    head.append(el('th', { class: 'actions', scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Row actions' })));
    roles.append(el('td'));

    const body = el('tbody');
    const n = Math.min(table.rows.length, this.shown);
    for (let r = 0; r < n; r++) {
      const row = table.rows[r];
      const tr = el('tr', {}, el('th', { class: 'rownum', scope: 'row', text: String(r + 1) }));
      for (let c = 0; c < widest; c++) {
        const missing = c >= row.length;
        const cls = c < width ? table.roles[c] : 'extra';
        const input = el('input', {
          value: missing ? '' : row[c], placeholder: missing && c < width ? 'missing' : '', spellcheck: 'false', autocomplete: 'off',
          'aria-label': `Row ${r + 1}, ${c < width ? table.names[c] || `column ${c + 1}` : 'extra cell'}`,
          dataset: { key: `c:${r}:${c}` },
          onchange: (e) => this.h.cell(r, c, e.target.value.trim()),
          onkeydown: (e) => this.#navigate(e, r, c),
        });
        const td = el('td', { class: `cell ${cls}${missing ? ' missing' : ''}` }, input);
        this.cells.set(`${r}:${c}`, td);
        tr.append(td);
      }
      tr.append(el('td', { class: 'actions' }, el('button', { type: 'button', class: 'icon', text: '×', 'aria-label': `Remove row ${r + 1}`, onclick: () => this.h.removeRow(r) })));
      body.append(tr);
    }
    const parts = [el('table', { class: 'data-table' }, el('thead', {}, head, roles), body)];
    if (table.rows.length > n) {
      parts.push(el('button', {
        type: 'button', class: 'button ghost small more', text: `Show all ${table.rows.length} rows`,
        onclick: () => { this.shown = Infinity; this.h.rerender(); },
      }));
    }
    clear(this.root).append(...parts);
    this.mark(validation);
    if (focusKey) this.root.querySelector(`[data-key="${focusKey}"]`)?.focus();
  }

  // Marks invalid cells (class, aria-invalid, the message at the cell).
  mark(validation) {
    for (const td of this.root.querySelectorAll('.invalid')) {
      td.classList.remove('invalid', 'first-error');
      td.removeAttribute('data-error');
      const input = td.querySelector('input');
      input?.removeAttribute('aria-invalid');
      if (input) input.title = '';
    }
    let first = true;
    for (const e of validation?.errors ?? []) {
      const td = this.cells.get(`${e.row}:${e.col}`) ?? this.cells.get(`${e.row}:${e.col - 1}`);
      if (!td) continue;
      td.classList.add('invalid');
      if (first) td.classList.add('first-error');
      first = false;
      td.dataset.error = e.message;
      const input = td.querySelector('input');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.title = e.message;
      }
    }
  }

  focusCell(row, col) {
    const td = this.cells.get(`${row}:${col}`);
    if (!td && row >= this.shown) { this.shown = Infinity; this.h.rerender(); }
    (this.cells.get(`${row}:${col}`)?.querySelector('input,select'))?.focus();
  }

  #focusKey() {
    const a = document.activeElement;
    return this.root.contains(a) ? a.dataset.key : null;
  }

  // Arrow up/down and Enter move between rows like a spreadsheet.
  #navigate(e, r, c) {
    const to = e.key === 'ArrowDown' || e.key === 'Enter' ? r + 1 : e.key === 'ArrowUp' ? r - 1 : null;
    if (to === null || to < 0) return;
    const next = this.root.querySelector(`[data-key="c:${to}:${c}"]`);
    if (next) {
      e.preventDefault();
      e.target.dispatchEvent(new Event('change'));
      next.focus();
      next.select();
    }
  }
}
