// Recorded rows into the page's data table (table.js shape: names, rows of cell strings,
// roles), as pure functions: the record panel hands the results to the page's
// replaceTable(). No DOM.
import * as T from '../table.js';
import { isNumber } from '../csv.js';

const columnsWith = (t, ...roles) => t.roles.map((r, c) => (roles.includes(r) ? c : -1)).filter((c) => c >= 0);

// Whether readings of `width` numbers plus `targets` cells fit the table's columns; for an
// empty table, the columns a recording creates. -> { ok: true } | { ok: false, problem }
export function recordingFit(table, width, targets) {
  if (isEmpty(table)) return { ok: true, creates: true };
  const inputs = columnsWith(table, 'input').length;
  const outputs = columnsWith(table, 'target', 'classes').length;
  if (inputs !== width) {
    return { ok: false, problem: `The table has ${inputs} input column${inputs === 1 ? '' : 's'}; the board sends ${width} number${width === 1 ? '' : 's'} per reading.` };
  }
  if (outputs !== targets) {
    return { ok: false, problem: `The table has ${outputs} target column${outputs === 1 ? '' : 's'}; give ${outputs} target value${outputs === 1 ? '' : 's'} (separated by commas), not ${targets}.` };
  }
  return { ok: true, creates: false };
}

export const isEmpty = (t) => t.rows.length === 0 && t.names.every((n) => !n);

// Target cells from what the user typed: one class label ("wave") or numbers ("0.5, 1").
export function targetCells(text) {
  const t = String(text).trim();
  if (!t) return [];
  const parts = t.split(',').map((s) => s.trim());
  return parts.length > 1 && parts.every((p) => p !== '' && Number.isFinite(Number(p))) ? parts : [t];
}

// Appends rows (reading cells, then target cells) to the table; an empty table gets columns
// named after the readings (`inputNames`) and `label` (one target: a column of classes when
// the label is a word, of numbers when it is a number) or y1…yn.
export function appendRecorded(table, rows, { inputNames, targets }) {
  if (!rows.length) return table;
  if (isEmpty(table)) {
    const width = rows[0].length - targets;
    const names = Array.from({ length: width }, (_, i) => inputNames[i] || `x${i + 1}`);
    names.push(...(targets === 1 ? ['label'] : Array.from({ length: targets }, (_, i) => `y${i + 1}`)));
    const labels = targets === 1 && !rows.every((r) => isNumber(r[width]));
    return T.makeTable(names, rows, width, labels ? 'classes' : 'target');
  }
  const ins = columnsWith(table, 'input');
  const outs = columnsWith(table, 'target', 'classes');
  const out = T.clone(table);
  for (const r of rows) {
    const row = table.names.map(() => '');
    ins.forEach((c, i) => (row[c] = r[i]));
    outs.forEach((c, i) => (row[c] = r[ins.length + i]));
    out.rows.push(row);
  }
  return out;
}

// The table without its last n rows.
export function dropLastRows(table, n) {
  const out = T.clone(table);
  out.rows.splice(Math.max(0, out.rows.length - n), n);
  return out;
}
