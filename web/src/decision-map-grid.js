// The plane of the decision map: two inputs spanning a square grid, every other input held
// at one value. Pure functions shared by the page (decision-map.js) and the worker, which
// builds the grid's rows for the core.

// The grid's n x n points as rows of `base.length` raw inputs: `base` with input ax running
// from x0 to x1 (left to right) and input ay from y1 to y0 (top to bottom), at cell centres.
export function gridRows({ base, axes: [ax, ay], x0, x1, y0, y1, n }) {
  const width = base.length;
  const rows = new Float32Array(n * n * width);
  for (let j = 0; j < n; j++) {
    const y = y1 - ((j + 0.5) / n) * (y1 - y0);
    for (let i = 0; i < n; i++) {
      const k = (j * n + i) * width;
      rows.set(base, k);
      rows[k + ax] = x0 + ((i + 0.5) / n) * (x1 - x0);
      rows[k + ay] = y;
    }
  }
  return rows;
}

// The span of input `axis` over the row sets given (each { rows, inputCount, inputs }), with
// `pad` of it added on both sides; a constant input spans value +- 1.
export function axisSpan(sets, axis, pad = 0.15) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of sets) {
    if (!s) continue;
    for (let r = 0; r < s.rows; r++) {
      const v = s.inputs[r * s.inputCount + axis];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return { lo: -1, hi: 1 };
  if (hi === lo) return { lo: lo - 1, hi: hi + 1 };
  const p = (hi - lo) * pad;
  return { lo: lo - p, hi: hi + p };
}

// The mean of every input over a row set: where the inputs off the plane are held by default.
export function inputMeans(set) {
  const n = set.inputCount;
  const sums = new Float64Array(n);
  for (let r = 0; r < set.rows; r++) for (let c = 0; c < n; c++) sums[c] += set.inputs[r * n + c];
  return Float32Array.from(sums, (v) => (set.rows ? v / set.rows : 0));
}

// The grid cell (i, j) under a point of the plane, or null outside it.
export function cellAt({ x0, x1, y0, y1, n }, x, y) {
  const i = Math.floor(((x - x0) / (x1 - x0)) * n);
  const j = Math.floor(((y1 - y) / (y1 - y0)) * n);
  return i >= 0 && j >= 0 && i < n && j < n ? { i, j, k: j * n + i } : null;
}
