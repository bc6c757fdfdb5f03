// Engine errors across the worker boundary, keeping the core's structured fields (the
// message without its position; where: source, line, column; which settings field) so
// that nobody parses them back out of the message.
const FIELDS = ['detail', 'source', 'line', 'column', 'field'];

// Worker side: a thrown error as a plain message.
export function toMessage(err) {
  const out = { message: String(err?.message ?? err) };
  for (const k of FIELDS) if (err?.[k] !== undefined && err[k] !== null) out[k] = err[k];
  return out;
}

// Page side: the message as an Error with the same fields.
export function fromMessage(m) {
  const error = new Error(m.message);
  for (const k of FIELDS) if (m[k] !== undefined) error[k] = m[k];
  return error;
}
