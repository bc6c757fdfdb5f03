// Test data: rows the network is judged on but never learns from, either a share of the
// data set held out by the core's split (dff.splitDataset, as `dff train --validation
// FRACTION`) or a second CSV (as `dff train --validation FILE.csv`). Pure functions shared
// by the page, the worker and node tests: the person's choice and its checks, its part of
// the model key, and the training and test row sets the views draw.

export const NO_TEST_DATA = Object.freeze({ mode: 'none' });
export const DEFAULT_PERCENT = 20;
export const DEFAULT_SPLIT_SEED = 1;

// A choice as a session or share link holds it, with only known fields of the right types:
// { mode: 'none' } | { mode: 'split', percent, seed } | { mode: 'file', name, csv }.
export function sanitizeChoice(x) {
  if (!x || typeof x !== 'object') return NO_TEST_DATA;
  if (x.mode === 'split') {
    // Text as typed stays as typed (a blank or wrong field is a problem splitRequest names).
    const number = (v, fallback) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' ? v.trim() : fallback);
    return { mode: 'split', percent: number(x.percent, DEFAULT_PERCENT), seed: number(x.seed, DEFAULT_SPLIT_SEED) };
  }
  if (x.mode === 'file' && typeof x.csv === 'string') return { mode: 'file', name: typeof x.name === 'string' ? x.name : '', csv: x.csv };
  return NO_TEST_DATA;
}

// What a split choice asks of the core: { fraction, seed } or a problem stated with the
// core's limits (rules.limits.validationFraction and .seed), in the percent the page shows.
export function splitRequest(choice, limits) {
  const f = limits?.validationFraction ?? { min: 0.01, max: 0.9 };
  const s = limits?.seed ?? { min: 0, max: Number.MAX_SAFE_INTEGER };
  const percent = choice.percent === '' ? NaN : Number(choice.percent);
  const seed = choice.seed === '' ? NaN : Number(choice.seed);
  const lo = +(f.min * 100).toPrecision(6);
  const hi = +(f.max * 100).toPrecision(6);
  if (!Number.isFinite(percent) || percent < lo || percent > hi) return { problem: `Hold out from ${lo} to ${hi} % of the rows.` };
  if (!Number.isInteger(seed) || seed < s.min || seed > s.max) return { problem: `The split's seed is a whole number from ${s.min} to ${s.max}.` };
  return { fraction: percent / 100, seed };
}

// Why a second CSV of `chars` characters (or bytes of a file) is not read.
export const tooLong = (chars, max) => `it has ${chars.toLocaleString('en-US')} characters; the page reads CSV texts of up to ${max.toLocaleString('en-US')} (dff train reads larger files)`;

// The part of the model key that the test data decides: which rows the network learns from.
// A second CSV leaves the training rows alone; a split takes some of them away.
export function trainingRowsKey(choice) {
  return choice?.mode === 'split' ? `split:${Number(choice.percent)}:${Number(choice.seed)}` : '';
}

// The rows of one set, as the views draw them: the data set's names and shape, its inputs,
// targets and labels, and the 1-based row number of each in the table or file it came from.
function rowSet(data, rows, from) {
  const n = data.inputCount;
  const w = data.outputCount;
  const inputs = new Float32Array(rows.length * n);
  const targets = new Float32Array(rows.length * w);
  const labels = data.labels?.length ? new Uint32Array(rows.length) : null;
  rows.forEach((r, k) => {
    inputs.set(data.inputs.subarray(r * n, (r + 1) * n), k * n);
    targets.set(data.targets.subarray(r * w, (r + 1) * w), k * w);
    if (labels) labels[k] = data.labels[r];
  });
  return { ...names(data), rows: rows.length, inputs, targets, labels, rowNumbers: Uint32Array.from(rows, (r) => r + 1), from };
}

const names = (d) => ({ inputCount: d.inputCount, outputCount: d.outputCount, inputNames: d.inputNames, outputNames: d.outputNames, classNames: d.classNames ?? [] });

// The training and test rows for the views. data: the table's parse; test: what the worker
// reported for the choice ({ heldOut: table rows held out (Uint32Array) | null, file: the
// second CSV's parse | null }). Without test data every row is a training row.
export function rowSets(data, test) {
  if (!data) return { train: null, test: null };
  const all = { ...names(data), rows: data.rows, inputs: data.inputs, targets: data.targets, labels: data.labels?.length ? data.labels : null, rowNumbers: null, from: 'table' };
  if (test?.heldOut?.length) {
    const held = new Uint8Array(data.rows);
    for (const r of test.heldOut) held[r] = 1;
    const train = [];
    for (let r = 0; r < data.rows; r++) if (!held[r]) train.push(r);
    return { train: rowSet(data, train, 'table'), test: rowSet(data, Array.from(test.heldOut), 'table') };
  }
  if (test?.file) return { train: all, test: { ...rowSet(test.file, Array.from({ length: test.file.rows }, (_, r) => r), 'file') } };
  return { train: all, test: null };
}

// One line saying what the test data is, for the Data card.
export function describeTest(choice, summary) {
  if (!summary || choice.mode === 'none') return 'No test data: the network is judged on the rows it learns from.';
  const rows = (n) => `${n} row${n === 1 ? '' : 's'}`;
  if (choice.mode === 'split') return `${rows(summary.testRows)} held out for testing, ${rows(summary.trainRows)} to learn from.`;
  return `${rows(summary.testRows)} of test data${choice.name ? ` from ${choice.name}` : ''}; the network learns from the table's ${rows(summary.trainRows)}.`;
}
