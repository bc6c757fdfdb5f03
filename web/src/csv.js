// CSV text <-> table (header names + rows of cell strings), with papaparse. Reads files as
// people's files are: the separator is found (tab, semicolon, comma or bar), and with a
// separator other than the comma, decimal commas ("1,5") are read as 1.5. Then the core's
// conventions: quotes, cells trimmed, blank lines skipped, a first row whose would-be input
// cells are not all numbers is a header. What was found is returned, so the page can say it.
import Papa from 'papaparse';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/;
const FLOAT_MAX = 3.4028234663852886e38;

// Separators tried, in this order: the first that splits the first rows into the same
// number (2 or more) of cells wins. The comma comes after the semicolon because files with
// decimal commas separate their cells with semicolons.
const SEPARATORS = ['\t', ';', ',', '|'];
export const SEPARATOR_NAMES = { '\t': 'tab', ';': 'semicolon', ',': 'comma', '|': 'bar' };
const PROBE_ROWS = 20;

// True when the cell is a number the core accepts (decimal, finite, within float range).
export function isNumber(text) {
  if (!NUMBER.test(text)) return false;
  const v = Number(text);
  return Number.isFinite(v) && Math.abs(v) <= FLOAT_MAX;
}

// The separator of a CSV text (see SEPARATORS).
export function detectSeparator(text) {
  let best = ',';
  let bestCells = 1;
  for (const sep of SEPARATORS) {
    const rows = Papa.parse(text, { delimiter: sep, preview: PROBE_ROWS, skipEmptyLines: 'greedy' }).data;
    if (!rows.length) continue;
    const n = rows[0].length;
    if (n >= 2 && rows.every((r) => r.length === n)) return sep;
    const mean = rows.reduce((a, r) => a + r.length, 0) / rows.length;
    if (mean > bestCells) [best, bestCells] = [sep, mean];
  }
  return best;
}

// The first record with more than `max` cells, scanning the text once without splitting it:
// { line, cells } (cells counted up to max + 1), or null. Quotes follow RFC 4180.
export function firstTooWide(text, sep, max) {
  let cells = 1;
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      } else if (c === 10) line++;
      continue;
    }
    if (c === 34 && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      cells = 1;
      recordLine = line;
      atCellStart = true;
    } else if (text[i] === sep) {
      cells++;
      atCellStart = true;
      if (cells > max) return { line: recordLine, cells };
    } else if (c !== 32 && c !== 9) {
      atCellStart = false;
    }
  }
  return null;
}

// Parses CSV text into { names, rows, hasHeader, problems, format, tooWide }. Rows may be
// ragged; that is reported by validation at the cell, not here. `problems` are syntax
// errors (e.g. an unclosed quote) with a 0-based data row index. format: { separator,
// decimalComma } as found. tooWide ({ line, cells }): a record has more than maxColumns
// cells; nothing else is read then.
export function parseCsv(text, { maxColumns = Infinity } = {}) {
  const src = text.replace(/^\uFEFF/, '');
  const separator = detectSeparator(src);
  const format = { separator, decimalComma: false };
  const tooWide = Number.isFinite(maxColumns) ? firstTooWide(src, separator, maxColumns) : null;
  if (tooWide) return { names: [], rows: [], hasHeader: false, problems: [], format, tooWide };
  const res = Papa.parse(src, { delimiter: separator, skipEmptyLines: 'greedy' });
  let rows = res.data;
  trimCells(rows);
  if (separator !== ',') format.decimalComma = readDecimalCommas(rows);
  const problems = res.errors
    .filter((e) => e.type === 'Quotes')
    .map((e) => ({ row: e.row ?? 0, message: `${e.message}` }));
  if (rows.length === 0) return { names: [], rows: [], hasHeader: false, problems, format, tooWide: null };
  const first = rows[0];
  const probe = first.length > 1 ? first.slice(0, -1) : first;
  const hasHeader = probe.some((c) => !isNumber(c));
  let names;
  if (hasHeader) {
    names = first.slice();
    rows = rows.slice(1);
    for (const p of problems) p.row -= 1;
  } else {
    names = defaultNames(first.length);
  }
  return { names, rows, hasHeader, problems, format, tooWide: null };
}

// Trims spaces and tabs around cells, in place (a loop: papaparse's per-cell transform
// costs a call per cell).
function trimCells(rows) {
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) {
      const c = r[i];
      const a = c.charCodeAt(0);
      const b = c.charCodeAt(c.length - 1);
      if (a === 32 || a === 9 || b === 32 || b === 9 || a === 13 || b === 13) r[i] = c.trim();
    }
  }
}

// Rewrites decimal-comma numbers ("1,5", "-,5e3") as the core reads them, in place; true if any.
function readDecimalCommas(rows) {
  let any = false;
  for (const r of rows) {
    for (let c = 0; c < r.length; c++) {
      if (DECIMAL_COMMA.test(r[c])) {
        r[c] = r[c].replace(',', '.');
        any = true;
      }
    }
  }
  return any;
}

// Default column names as the core gives them: inputs x1..xN, the last column y1.
export function defaultNames(count) {
  const names = [];
  for (let i = 0; i < count; i++) names.push(i === count - 1 && count > 1 ? 'y1' : `x${i + 1}`);
  return names;
}

// Table -> CSV text, header first; cells with commas, quotes, line ends or spaces at their
// ends are quoted. One pass over the cells (large tables are written in the worker).
export function toCsv(names, rows) {
  const parts = [line(names)];
  for (const r of rows) parts.push(line(r));
  return parts.join('\n') + '\n';
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
function line(cells) {
  for (let i = 0; i < cells.length; i++) if (NEEDS_QUOTES.test(cells[i] ?? '')) return cells.map(quote).join(',');
  return cells.join(',');
}
const quote = (cell) => {
  const v = String(cell ?? '');
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};
