// Checks a session read from a share link or from browser storage before the page uses or
// saves any of it, with the rules the page's own fields follow: the table's shape and caps,
// each setting's type as the form holds it and then the core's checks (dff.parseHidden,
// dff.checkSettings, the menus of dff.rules), the model through the core's reader
// (dff.loadModel), the test data's split with the core's limits (as the Data card checks
// it). A table that does not fit refuses the whole session; a setting, a model or test data
// that does not fit is left out, with a note saying which and why. Never throws;
// time and memory are linear in the session's size and stop at the first cap passed.
import { SESSION_VERSION } from './session.js';
import { ROLES } from './table.js';
import { NO_TEST_DATA, sanitizeChoice, splitRequest } from './test-data.js';

const NUMBER_FIELDS = ['learningRate', 'epochs', 'earlyStop', 'batchSize', 'seed', 'l2'];
const MENU_FIELDS = { output: 'outputActivations', loss: 'losses', optimizer: 'optimizers', init: 'inits' };
const FLAG_FIELDS = ['normalize', 'bias'];
const FIELDS = ['hidden', 'activations', ...Object.keys(MENU_FIELDS), ...NUMBER_FIELDS, ...FLAG_FIELDS];
const LABELS = {
  hidden: 'hidden layers', activations: 'hidden activation', output: 'output activation', loss: 'loss', optimizer: 'optimizer',
  learningRate: 'learning rate', epochs: 'epochs', batchSize: 'batch size', seed: 'seed', init: 'weight init', normalize: 'normalise inputs', bias: 'bias',
  l2: 'L2 penalty', earlyStop: 'early stopping patience',
};
const MAX_TYPED = 64; // characters of a number or widths as typed in a field
const MAX_KEY = 4096; // characters of a model key (settings and a digest of the data)

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isString = (x) => typeof x === 'string';
const typedNumber = (x) => (typeof x === 'number' && Number.isFinite(x)) || (isString(x) && x.length <= MAX_TYPED);
const quoted = (v) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return `'${s.length > 30 ? `${s.slice(0, 29)}…` : s}'`;
};
const utf8Bytes = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3;
  }
  return n;
};

// raw (parsed JSON) -> { session, notes } with only checked fields, or { problem }.
// dff: the core's API (rules, parseHidden, checkSettings, loadModel); caps: pageCaps();
// presets: the names of the page's presets.
export function checkSession(raw, dff, caps, presets = []) {
  try {
    return check(raw, dff, caps, presets);
  } catch (e) {
    return { problem: `the session could not be read (${e?.message ?? e})` };
  }
}

function check(raw, dff, caps, presets) {
  if (!isObject(raw)) return { problem: 'it is not a microdff session' };
  if (raw.v !== SESSION_VERSION) return { problem: `it is a session of another version (${quoted(raw.v)}); this page reads version ${SESSION_VERSION}` };
  const table = checkTable(raw.table, caps);
  if (table.problem) return { problem: table.problem };
  const notes = [];
  const settings = isObject(raw.settings) ? raw.settings : {};
  const touched = Array.isArray(raw.touched) ? raw.touched.filter((k) => FIELDS.includes(k) && Object.hasOwn(settings, k)) : [];
  const given = {};
  for (const key of new Set(touched)) {
    const value = checkType(key, settings[key], dff.rules, caps);
    if (value === undefined) notes.push(`the ${LABELS[key]} ${quoted(settings[key])} were left out: not a value that field takes`);
    else given[key] = value;
  }
  coreChecks(given, dff, notes);
  const exportName = isString(settings.exportName) && utf8Bytes(settings.exportName) <= caps.maxNameBytes ? settings.exportName : undefined;
  if (settings.exportName !== undefined && exportName === undefined) notes.push('the export name was left out: not a name of at most 256 bytes');
  let model = isString(raw.model) ? raw.model : '';
  if (model) {
    try {
      dff.loadModel(model).dispose();
    } catch (e) {
      notes.push(`the trained model was left out: ${e?.detail ?? e?.message ?? e}`);
      model = '';
    }
  }
  const testData = checkTestData(raw.testData, dff, caps, notes);
  const session = {
    v: SESSION_VERSION,
    table: table.value,
    settings: exportName === undefined ? { ...given } : { ...given, exportName },
    touched: Object.keys(given),
    model,
    history: model ? checkHistory(raw.history, caps) : [],
    testHistory: model ? checkHistory(raw.testHistory, caps) : [],
    testData,
    preset: isString(raw.preset) && presets.includes(raw.preset) ? raw.preset : '',
    meta: checkMeta(raw.meta, dff),
  };
  return { session, notes };
}

// { value } or { problem }: arrays of strings within the caps, a role per column.
function checkTable(t, caps) {
  const bad = (why) => ({ problem: `its data table ${why}` });
  if (!isObject(t)) return bad('is missing');
  const { names, rows, roles } = t;
  if (!Array.isArray(names) || !Array.isArray(rows) || !Array.isArray(roles)) return bad('is not a table (names, rows and roles)');
  if (names.length > caps.maxColumns) return bad(`has ${names.length} columns; at most ${caps.maxColumns}`);
  if (roles.length !== names.length) return bad('has not one role per column');
  for (const n of names) if (!isString(n) || utf8Bytes(n) > caps.maxNameBytes) return bad(`has a column name that is not a text of at most ${caps.maxNameBytes} bytes`);
  for (const r of roles) if (!ROLES.includes(r)) return bad(`has a column role ${quoted(r)} (roles: ${ROLES.join(', ')})`);
  let chars = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) return bad(`row ${i + 1} is not a list of cells`);
    if (row.length > caps.maxColumns) return bad(`row ${i + 1} has more than ${caps.maxColumns} cells`);
    for (const cell of row) {
      if (!isString(cell)) return bad(`row ${i + 1} has a cell that is not text`);
      chars += cell.length + 1;
    }
    if (chars > caps.maxChars) return bad(`holds more than ${caps.maxChars.toLocaleString('en-US')} characters, more than the page reads`);
  }
  // The arrays are the caller's own (parsed JSON, a stored record): used as they are.
  return { value: { names, rows, roles } };
}

// The value as a form field can hold it, or undefined.
function checkType(key, v, rules, caps) {
  if (key === 'hidden') {
    if (isString(v)) return v.length <= MAX_TYPED ? v : undefined;
    return Array.isArray(v) && v.length <= caps.maxHiddenLayers && v.every(typedNumber) ? v.slice() : undefined;
  }
  if (key === 'activations') {
    const names = rules.hiddenActivations;
    if (isString(v)) return names.includes(v) ? [v] : undefined;
    return Array.isArray(v) && v.length >= 1 && v.length <= caps.maxHiddenLayers && v.every((a) => names.includes(a)) ? v.slice() : undefined;
  }
  if (Object.hasOwn(MENU_FIELDS, key)) return rules[MENU_FIELDS[key]].includes(v) ? v : undefined;
  if (NUMBER_FIELDS.includes(key)) return typedNumber(v) ? v : undefined;
  if (FLAG_FIELDS.includes(key)) return typeof v === 'boolean' ? v : undefined;
  return undefined;
}

// Leaves out what the core refuses: hidden widths it cannot read, values out of range,
// combinations it does not allow (the same checks the form shows).
function coreChecks(given, dff, notes) {
  const drop = (key, message) => {
    notes.push(`the ${LABELS[key] ?? key} ${quoted(given[key])} were left out: ${message}`);
    delete given[key];
  };
  if (isString(given.hidden)) {
    try {
      dff.parseHidden(given.hidden);
    } catch (e) {
      drop('hidden', e?.detail ?? e?.message ?? String(e));
    }
  }
  // A combination (one activation per hidden layer, a loss for the output) can fail once a
  // field is left out: check again, a few times at most.
  for (let pass = 0; pass < 3; pass++) {
    const asChecked = { ...given };
    if (isString(asChecked.hidden)) asChecked.hidden = dff.parseHidden(asChecked.hidden);
    const problems = dff.checkSettings(asChecked).filter((p) => Object.hasOwn(given, p.field));
    if (!problems.length) break;
    for (const p of problems) if (Object.hasOwn(given, p.field)) drop(p.field, p.message);
  }
}

// The test data as the Data card holds it (test-data.js), or none with a note: a split's
// percent and seed as typed and within the core's limits (splitRequest), a second CSV as
// text within the page's cap. A session from before test data has none, without a note.
function checkTestData(x, dff, caps, notes) {
  if (x === undefined) return NO_TEST_DATA;
  const leftOut = (why) => {
    notes.push(`the test data were left out: ${why}`);
    return NO_TEST_DATA;
  };
  if (!isObject(x) || !['none', 'split', 'file'].includes(x.mode)) return leftOut('not a choice the Data card offers (none, a split or a second CSV)');
  if (x.mode === 'split') {
    for (const key of ['percent', 'seed']) if (x[key] !== undefined && !typedNumber(x[key])) return leftOut(`the split's ${key} ${quoted(x[key])} is not a number`);
    const choice = sanitizeChoice(x);
    const ask = splitRequest(choice, dff.rules.limits);
    return ask.problem ? leftOut(ask.problem) : choice;
  }
  if (x.mode === 'file') {
    if (!isString(x.csv)) return leftOut('the second CSV is not text');
    if (x.csv.length > caps.maxChars) return leftOut(`the second CSV holds more than ${caps.maxChars.toLocaleString('en-US')} characters, more than the page reads`);
    if (x.name !== undefined && !(isString(x.name) && utf8Bytes(x.name) <= caps.maxNameBytes)) return leftOut(`its file name is not a text of at most ${caps.maxNameBytes} bytes`);
    return sanitizeChoice(x);
  }
  return NO_TEST_DATA;
}

function checkHistory(h, caps) {
  if (!Array.isArray(h)) return [];
  const out = [];
  for (const p of h.slice(0, caps.maxHistory)) {
    if (Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && p[0] >= 0 && Number.isFinite(p[1])) out.push([p[0], p[1]]);
  }
  return out;
}

function checkMeta(m, dff) {
  const max = dff.rules.limits.epochs?.max ?? 1e8;
  const epochs = (x) => (Number.isInteger(x) && x >= 0 && x <= 4 * max ? x : 0);
  if (!isObject(m)) return { epoch: 0, base: 0, target: 0, key: '' };
  return { epoch: epochs(m.epoch), base: epochs(m.base), target: epochs(m.target), key: isString(m.key) && m.key.length <= MAX_KEY ? m.key : '' };
}
