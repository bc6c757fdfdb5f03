// CSV text <-> table (header names + rows of cell strings), with papaparse.
// Same conventions as the core's reader: comma separated, quotes, cells trimmed,
// blank lines skipped, a first row whose would-be input cells are not all numbers is a header.
import Papa from 'papaparse';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FLOAT_MAX = 3.4028234663852886e38;

// True when the cell is a number the core accepts (decimal, finite, within float range).
export function isNumber(text) {
  if (!NUMBER.test(text)) return false;
  const v = Number(text);
  return Number.isFinite(v) && Math.abs(v) <= FLOAT_MAX;
}

// Parses CSV text into { names, rows, hasHeader, problems }. Rows may be ragged; that
// is reported by validation at the cell, not here. `problems` are syntax errors
// (e.g. an unclosed quote) with a 0-based data row index.
export function parseCsv(text) {
  const src = text.replace(/^\uFEFF/, '');
  const res = Papa.parse(src, { delimiter: ',', skipEmptyLines: 'greedy', transform: (v) => v.trim() });
  let rows = res.data.map((r) => r.map((c) => String(c)));
  const problems = res.errors
    .filter((e) => e.type === 'Quotes')
    .map((e) => ({ row: e.row ?? 0, message: `${e.message}` }));
  if (rows.length === 0) return { names: [], rows: [], hasHeader: false, problems };
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
  return { names, rows, hasHeader, problems };
}

// Default column names as the core gives them: inputs x1..xN, the last column y1.
export function defaultNames(count) {
  const names = [];
  for (let i = 0; i < count; i++) names.push(i === count - 1 && count > 1 ? 'y1' : `x${i + 1}`);
  return names;
}

// Table -> CSV text, header first. Papaparse quotes cells with commas, quotes or line ends.
export function toCsv(names, rows) {
  const lines = [names, ...rows].map((r) => Papa.unparse([r], { newline: '\n', quotes: needsQuote }));
  return lines.join('\n') + '\n';
}

function needsQuote(value) {
  return /[",\r\n]|^\s|\s$/.test(String(value));
}
