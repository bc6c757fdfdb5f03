// The data table: column names, rows of cell strings and a role per column: input, target
// (a number to predict), classes (one column of class labels, one-hot encoded by the core)
// or ignore. Pure functions, no DOM; the page, its worker and node tests share them. Tables
// are never changed in place: an edit returns a new table that shares the rows it did not
// touch, so that the page and its worker can keep the same table by applying the same edits.
import { isNumber, toCsv } from './csv.js';

export const ROLES = ['input', 'target', 'classes', 'ignore'];
// Problems listed per validation (all are counted).
export const MAX_LISTED_PROBLEMS = 200;

const widest = (names, rows) => {
  let w = names.length;
  for (const r of rows) if (r.length > w) w = r.length;
  return w;
};

// A table from names and rows; the first `inputs` columns are inputs, the rest targets
// (default: all but the last, as `dff train` does). `lastRole` is the role the last
// column gets when it is the only target ('target' or 'classes').
export function makeTable(names, rows, inputs, lastRole = 'target') {
  const width = widest(names, rows);
  const n = Number.isInteger(inputs) && inputs >= 0 ? Math.min(inputs, width) : Math.max(width - 1, 0);
  const fullNames = names.slice();
  while (fullNames.length < width) fullNames.push('');
  // Extra cells beyond the header are kept (so they can be shown and flagged), but the
  // table's width is the header's when there is one.
  const cols = names.length || width;
  const roles = [];
  for (let c = 0; c < cols; c++) roles.push(c < n ? 'input' : c === cols - 1 && n === cols - 1 ? lastRole : 'target');
  return { names: fullNames.slice(0, cols), rows, roles };
}

export const inputCount = (t) => t.roles.filter((r) => r === 'input').length;
// A copy of the table the caller may change in place (the edits below never change theirs).
export const clone = (t) => ({ names: t.names.slice(), rows: t.rows.map((r) => r.slice()), roles: t.roles.slice() });
const withRows = (t, rows) => ({ names: t.names, rows, roles: t.roles });

// Sets the first n columns to inputs and the others to targets (keeps 'ignore' and 'classes').
export function setInputCount(t, n) {
  const roles = t.roles.map((r, c) => (r === 'ignore' ? r : c < n ? 'input' : r === 'classes' ? r : 'target'));
  return { names: t.names, rows: t.rows, roles };
}

export function setCell(t, row, col, value) {
  if (t.rows[row]?.[col] === value) return t;
  const rows = t.rows.slice();
  const r = rows[row].slice();
  while (r.length <= col) r.push('');
  r[col] = value;
  rows[row] = r;
  return withRows(t, rows);
}

export function setName(t, col, name) {
  if (t.names[col] === name) return t;
  const names = t.names.slice();
  names[col] = name;
  return { names, rows: t.rows, roles: t.roles };
}

export function setRole(t, col, role) {
  if (!ROLES.includes(role)) throw new Error(`unknown role ${role}`);
  if (t.roles[col] === role) return t;
  const roles = t.roles.slice();
  roles[col] = role;
  // One column of classes at most: another one becomes a target.
  if (role === 'classes') for (let c = 0; c < roles.length; c++) if (c !== col && roles[c] === 'classes') roles[c] = 'target';
  return { names: t.names, rows: t.rows, roles };
}

export function addRow(t, at = t.rows.length) {
  const rows = t.rows.slice();
  rows.splice(at, 0, t.names.map(() => ''));
  return withRows(t, rows);
}

export function removeRow(t, row) {
  const rows = t.rows.slice();
  rows.splice(row, 1);
  return withRows(t, rows);
}

// Appends rows of cells (copied); the way recorded readings join the table.
export function appendRows(t, rows) {
  const out = t.rows.slice();
  for (const r of rows) out.push(Array.from(r, (v) => String(v)));
  return withRows(t, out);
}

export function removeLastRows(t, n) {
  return withRows(t, t.rows.slice(0, Math.max(0, t.rows.length - n)));
}

export function addColumn(t, at = t.names.length, name = '', role = 'input') {
  const names = t.names.slice();
  const roles = t.roles.slice();
  names.splice(at, 0, name);
  roles.splice(at, 0, role);
  const rows = t.rows.map((r) => {
    if (r.length < at) return r;
    const out = r.slice();
    out.splice(at, 0, '');
    return out;
  });
  return { names, rows, roles };
}

export function removeColumn(t, col) {
  const names = t.names.slice();
  const roles = t.roles.slice();
  names.splice(col, 1);
  roles.splice(col, 1);
  const rows = t.rows.map((r) => {
    if (r.length <= col) return r;
    const out = r.slice();
    out.splice(col, 1);
    return out;
  });
  return { names, rows, roles };
}

// Checks every cell. Returns { errors: [{row, col, message}] (the first
// MAX_LISTED_PROBLEMS, in table order), count (all of them), inputCount, targetCount }; row
// -1 is the header row. The core reads the data afterwards and may find more.
export function validate(t) {
  const errors = [];
  let count = 0;
  const add = (row, col, message) => {
    count++;
    if (errors.length < MAX_LISTED_PROBLEMS * 4) errors.push({ row, col, message });
  };
  const width = t.names.length;
  const inputs = [];
  const targets = [];
  const classes = [];
  t.roles.forEach((r, c) => (r === 'input' ? inputs : r === 'target' ? targets : r === 'classes' ? classes : null)?.push(c));
  const label = (c) => (t.names[c] ? `'${t.names[c]}'` : `${c + 1}`);

  if (width === 0 || t.rows.length === 0) add(-1, 0, 'The data set is empty: paste CSV or pick a preset.');
  else if (inputs.length === 0) add(-1, 0, 'Mark at least one column as an input.');
  else if (targets.length + classes.length === 0) add(-1, width - 1, 'Mark at least one column as a target or as classes.');
  else if (classes.length && targets.length) add(-1, targets[0], `Column ${label(classes[0])} holds classes, so it must be the only target: mark ${label(targets[0])} as an input or ignore it.`);

  for (let i = 0; i < t.rows.length; i++) {
    const r = t.rows[i];
    if (r.length < width) add(i, r.length, `Row ${i + 1} has ${r.length} cells, the header has ${width}: a value is missing.`);
    else if (r.length > width) add(i, width, `Row ${i + 1} has ${r.length} cells, the header has ${width}: remove the extra cell or add a column.`);
    for (const c of inputs) {
      if (c >= r.length) continue;
      if (r[c] === '') add(i, c, `Row ${i + 1}, column ${label(c)}: the cell is empty.`);
      else if (!isNumber(r[c])) add(i, c, `Row ${i + 1}, column ${label(c)}: '${clip(r[c])}' is not a number.`);
    }
    for (const c of targets) {
      if (c >= r.length) continue;
      if (r[c] === '') add(i, c, `Row ${i + 1}, column ${label(c)}: the cell is empty.`);
      else if (!isNumber(r[c])) add(i, c, `Row ${i + 1}, column ${label(c)}: '${clip(r[c])}' is not a number${targets.length === 1 ? '; if the column holds class labels, set its role to classes' : ''}.`);
    }
    for (const c of classes) if (c < r.length && r[c] === '') add(i, c, `Row ${i + 1}, column ${label(c)}: the class label is empty.`);
  }
  errors.sort((a, b) => a.row - b.row || a.col - b.col);
  errors.length = Math.min(errors.length, MAX_LISTED_PROBLEMS);
  return { errors, count, inputCount: inputs.length, targetCount: targets.length + classes.length };
}

const clip = (s) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

// The table as the CSV the core reads: input columns first, then targets, header row,
// ignored columns dropped; `targets` says how the core reads them ('classes' or 'numbers').
// `columns[k]` is the table column of CSV field k, so a core error's (line, column) maps
// back to a cell: row = line - 2, col = columns[column - 1].
export function toDatasetCsv(t) {
  const inputs = [];
  const targets = [];
  t.roles.forEach((r, c) => (r === 'input' ? inputs : r === 'target' || r === 'classes' ? targets : null)?.push(c));
  const columns = [...inputs, ...targets];
  const names = columns.map((c) => t.names[c]);
  // Columns already in that order (the usual case): the table's own rows.
  const same = columns.length === t.names.length && columns.every((c, k) => c === k);
  const rows = same ? t.rows : t.rows.map((r) => columns.map((c) => r[c] ?? ''));
  return { csv: toCsv(names, rows), inputs: inputs.length, columns, targets: t.roles.includes('classes') ? 'classes' : 'numbers' };
}

// Maps a core parse error ({line, column}, 1-based) back to a table cell.
export function cellOfCoreError(columns, line, column) {
  const row = Number.isInteger(line) ? line - 2 : -1;
  const col = Number.isInteger(column) && column >= 1 ? columns[column - 1] ?? 0 : 0;
  return { row, col };
}

// The table as the CSV shown in the text box (table order, header row).
export const tableCsv = (t) => toCsv(t.names, t.rows);

// Whether two tables have the same header (names in order): the text box keeps the roles
// of a table whose header did not change.
export const sameHeader = (a, b) => a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i]);
