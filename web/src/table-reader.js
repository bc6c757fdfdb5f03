// One way to read a CSV text into the table, whether it was opened, dropped, pasted, typed
// or picked as a preset: the separator, decimal commas and header (csv.js), the caps, and
// the columns' roles. Roles: those of the table shown when the text has its header (an
// edit of the same data), else the given number of inputs (presets) or all columns but the
// last, and for a single target column the core's guess (dff.guessClasses: class labels
// when most cells are text, or a few whole numbers). Runs in the worker; pure otherwise.
import { parseCsv, SEPARATOR_NAMES } from './csv.js';
import * as T from './table.js';

const fmtInt = (n) => n.toLocaleString('en-US');

// text -> { table, format, problems, guess, refused }. refused: why the text was not read
// (the table is then null). guess: { column, distinct } when a few whole numbers were taken
// for classes. caps: { maxChars, maxColumns }; guessClasses(cells) -> { classes, fromNumbers, distinct }.
export function readTable(text, { caps, previous = null, inputs, guessClasses }) {
  if (text.length > caps.maxChars) {
    return refusal(`it has ${fmtInt(text.length)} characters; the page reads CSV texts of up to ${fmtInt(caps.maxChars)} (dff train reads larger files)`);
  }
  const p = parseCsv(text, { maxColumns: caps.maxColumns });
  if (p.tooWide) {
    return refusal(`line ${fmtInt(p.tooWide.line)} has more than ${fmtInt(caps.maxColumns)} columns; a network has at most ${fmtInt(caps.maxColumns / 2)} inputs and ${fmtInt(caps.maxColumns / 2)} outputs`);
  }
  let table = T.makeTable(p.names, p.rows, Number.isInteger(inputs) ? inputs : undefined);
  let guess = null;
  if (previous && !Number.isInteger(inputs) && T.sameHeader(previous, table)) {
    table = { ...table, roles: previous.roles.slice() };
  } else {
    const targets = table.roles.flatMap((r, c) => (r === 'target' ? [c] : []));
    if (targets.length === 1) {
      const c = targets[0];
      const g = guessClasses(table.rows.map((r) => r[c] ?? ''));
      if (g.classes) table = T.setRole(table, c, 'classes');
      if (g.fromNumbers) guess = { column: table.names[c] || `column ${c + 1}`, distinct: g.distinct };
    }
  }
  const syntax = p.problems.length ? { row: Math.max(0, p.problems[0].row), col: 0, message: `CSV syntax: ${p.problems[0].message}` } : null;
  return { table, format: p.format, problems: syntax ? [syntax] : [], guess, refused: null };
}

function refusal(message) {
  return { table: null, format: null, problems: [], guess: null, refused: message };
}

// What the reader found, in words for the data summary ('' for a plain comma CSV).
export function describeFormat(format) {
  if (!format) return '';
  const parts = [];
  if (format.separator !== ',') parts.push(`${SEPARATOR_NAMES[format.separator]}-separated`);
  if (format.decimalComma) parts.push('decimal commas read as points (1,5 = 1.5)');
  return parts.join(', ');
}
