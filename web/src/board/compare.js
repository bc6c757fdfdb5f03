// Agreement between the board's outputs and the browser's for the same rows: the largest
// absolute difference, and the rows whose predicted class (largest output) differs.
// Ties within `tolerance` are not counted as disagreements.
export function compareOutputs(board, browser, { tolerance = 1e-5 } = {}) {
  if (board.length !== browser.length) throw new RangeError(`board gave ${board.length} rows, the browser ${browser.length}`);
  let maxDiff = 0;
  let worstRow = -1;
  const classDisagreements = [];
  board.forEach((row, i) => {
    const ref = browser[i];
    if (row.length !== ref.length) throw new RangeError(`row ${i}: board gave ${row.length} outputs, the browser ${ref.length}`);
    row.forEach((v, j) => {
      const d = Number.isNaN(v) || Number.isNaN(ref[j]) ? Infinity : Math.abs(v - ref[j]);
      if (d > maxDiff) {
        maxDiff = d;
        worstRow = i;
      }
    });
    if (row.length > 1) {
      const a = argmax(row);
      const b = argmax(ref);
      if (a !== b && Math.abs(ref[a] - ref[b]) > tolerance) classDisagreements.push({ row: i, board: a, browser: b });
    }
  });
  return { rows: board.length, maxDiff, worstRow, classDisagreements, agree: maxDiff <= tolerance && classDisagreements.length === 0, tolerance };
}

function argmax(v) {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
}
