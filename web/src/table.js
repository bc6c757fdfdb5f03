// The data table: column names, rows of cell strings and a role per column
// (input, target or ignore). Pure functions, no DOM; the page and node tests share them.
import { isNumber, toCsv } from './csv.js';

export const ROLES = ['input', 'target', 'ignore'];

// A table from names and rows; the first `inputs` columns are inputs, the rest targets
// (default: all but the last, as `dff train` does).
export function makeTable(names, rows, inputs) {
  const width = Math.max(names.length, ...rows.map((r) => r.length), 0);
  const n = Number.isInteger(inputs) && inputs >= 0 ? Math.min(inputs, width) : Math.max(width - 1, 0);
  const fullNames = names.slice();
  while (fullNames.length < width) fullNames.push('');
  // Extra cells beyond the header are kept (so they can be shown and flagged), but the
  // table's width is the header's when there is one.
  const cols = names.length || width;
  const roles = [];
  for (let c = 0; c < cols; c++) roles.push(c < n ? 'input' : 'target');
  return { names: fullNames.slice(0, cols), rows: rows.map((r) => r.slice()), roles };
}

export const clone = (t) => ({ names: t.names.slice(), rows: t.rows.map((r) => r.slice()), roles: t.roles.slice() });
export const inputCount = (t) => t.roles.filter((r) => r === 'input').length;

// Sets the first n columns to inputs and the others to targets (keeps 'ignore' marks).
export function setInputCount(t, n) {
  const out = clone(t);
  out.roles = out.roles.map((r, c) => (r === 'ignore' ? r : c < n ? 'input' : 'target'));
  return out;
}

export function setCell(t, row, col, value) {
  const out = clone(t);
  const r = out.rows[row];
  while (r.length <= col) r.push('');
  r[col] = value;
  return out;
}

export function setName(t, col, name) {
  const out = clone(t);
  out.names[col] = name;
  return out;
}

export function setRole(t, col, role) {
  if (!ROLES.includes(role)) throw new Error(`unknown role ${role}`);
  const out = clone(t);
  out.roles[col] = role;
  return out;
}

export function addRow(t, at = t.rows.length) {
  const out = clone(t);
  out.rows.splice(at, 0, t.names.map(() => ''));
  return out;
}

export function removeRow(t, row) {
  const out = clone(t);
  out.rows.splice(row, 1);
  return out;
}

export function addColumn(t, at = t.names.length, name = '', role = 'input') {
  const out = clone(t);
  out.names.splice(at, 0, name);
  out.roles.splice(at, 0, role);
  for (const r of out.rows) if (r.length >= at) r.splice(at, 0, '');
  return out;
}

export function removeColumn(t, col) {
  const out = clone(t);
  out.names.splice(col, 1);
  out.roles.splice(col, 1);
  for (const r of out.rows) if (r.length > col) r.splice(col, 1);
  return out;
}

// Checks every cell. Returns { errors: [{row, col, message}], kind, classNames,
// inputCount, outputCount }; row -1 is the header row. `kind` is 'classes' when a
// single target column holds labels (one-hot encoded by the core), else 'numeric'.
export function validate(t) {
  const errors = [];
  const width = t.names.length;
  const inputs = [];
  const targets = [];
  t.roles.forEach((r, c) => (r === 'input' ? inputs : r === 'target' ? targets : null)?.push(c));
  const label = (c) => (t.names[c] ? `'${t.names[c]}'` : `${c + 1}`);

  if (width === 0 || t.rows.length === 0) errors.push({ row: -1, col: 0, message: 'The data set is empty: paste CSV or pick a preset.' });
  else if (inputs.length === 0) errors.push({ row: -1, col: 0, message: 'Mark at least one column as an input.' });
  else if (targets.length === 0) errors.push({ row: -1, col: width - 1, message: 'Mark at least one column as a target.' });

  t.rows.forEach((r, i) => {
    if (r.length < width) {
      errors.push({ row: i, col: r.length, message: `Row ${i + 1} has ${r.length} cells, the header has ${width}: a value is missing.` });
    } else if (r.length > width) {
      errors.push({ row: i, col: width, message: `Row ${i + 1} has ${r.length} cells, the header has ${width}: remove the extra cell or add a column.` });
    }
  });

  for (const c of inputs) {
    t.rows.forEach((r, i) => {
      if (c >= r.length) return;
      if (r[c] === '') errors.push({ row: i, col: c, message: `Row ${i + 1}, column ${label(c)}: the cell is empty.` });
      else if (!isNumber(r[c])) errors.push({ row: i, col: c, message: `Row ${i + 1}, column ${label(c)}: '${r[c]}' is not a number.` });
    });
  }

  let kind = 'numeric';
  let classNames = [];
  if (targets.length === 1) {
    const c = targets[0];
    const cells = t.rows.map((r, i) => ({ i, v: r[c] })).filter((x) => x.v !== undefined);
    const texts = cells.filter((x) => x.v !== '' && !isNumber(x.v));
    const numbers = cells.filter((x) => x.v !== '' && isNumber(x.v));
    for (const x of cells.filter((y) => y.v === '')) {
      errors.push({ row: x.i, col: c, message: `Row ${x.i + 1}, column ${label(c)}: the cell is empty.` });
    }
    if (texts.length > 0) {
      kind = 'classes';
      classNames = [...new Set(texts.map((x) => x.v))];
      // A column must hold numbers or labels, not both: flag the smaller group.
      const odd = numbers.length > 0 && numbers.length <= texts.length ? numbers : numbers.length > 0 ? texts : [];
      const why = odd === numbers ? 'is a number, but this column holds class labels' : 'is not a number, but this column holds numbers';
      for (const x of odd) errors.push({ row: x.i, col: c, message: `Row ${x.i + 1}, column ${label(c)}: '${x.v}' ${why}.` });
    }
  } else {
    for (const c of targets) {
      t.rows.forEach((r, i) => {
        if (c >= r.length) return;
        if (r[c] === '') errors.push({ row: i, col: c, message: `Row ${i + 1}, column ${label(c)}: the cell is empty.` });
        else if (!isNumber(r[c])) errors.push({ row: i, col: c, message: `Row ${i + 1}, column ${label(c)}: '${r[c]}' is not a number (with several target columns all must be numbers; use one class-label column for classes).` });
      });
    }
  }
  errors.sort((a, b) => a.row - b.row || a.col - b.col);
  const outputCount = kind === 'classes' ? classNames.length : targets.length;
  return { errors, kind, classNames, inputCount: inputs.length, outputCount };
}

// The table as the CSV the core reads: input columns first, then targets, header row,
// ignored columns dropped. `columns[k]` is the table column of CSV field k, so a core
// error's (line, column) maps back to a cell: row = line - 2, col = columns[column - 1].
export function toDatasetCsv(t) {
  const inputs = [];
  const targets = [];
  t.roles.forEach((r, c) => (r === 'input' ? inputs : r === 'target' ? targets : null)?.push(c));
  const columns = [...inputs, ...targets];
  const names = columns.map((c) => t.names[c]);
  const rows = t.rows.map((r) => columns.map((c) => r[c] ?? ''));
  return { csv: toCsv(names, rows), inputs: inputs.length, columns };
}

// Maps a core parse error ({line, column}, 1-based) back to a table cell.
export function cellOfCoreError(columns, line, column) {
  const row = Number.isInteger(line) ? line - 2 : -1;
  const col = Number.isInteger(column) && column >= 1 ? columns[column - 1] ?? 0 : 0;
  return { row, col };
}

// The table as the CSV shown in the text box (table order, header row).
export const tableCsv = (t) => toCsv(t.names, t.rows);
