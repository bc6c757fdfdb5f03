// Turning outputs into classes: argmax for several outputs, 0.5 threshold for one.
// Pure functions, shared by the confusion matrix, the predictions table and Predict.

// Class index of one output vector (or -1 when the outputs are not a classification).
export function classOf(outputs, kind) {
  if (kind === 'regression') return -1;
  if (outputs.length === 1) return outputs[0] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let i = 1; i < outputs.length; i++) if (outputs[i] > outputs[best]) best = i;
  return best;
}

// 'classes' (label column or several 0/1 outputs), 'binary' (one output in {0,1}) or 'regression'.
export function problemKind(targets, width, rows) {
  let binary = true;
  for (let i = 0; i < rows * width; i++) if (targets[i] !== 0 && targets[i] !== 1) binary = false;
  if (!binary) return 'regression';
  return width === 1 ? 'binary' : 'classes';
}

// Confusion matrix counts[true][pred] and accuracy from flat outputs and targets.
export function confusion(outputs, targets, width, rows, kind) {
  const n = width === 1 ? 2 : width;
  const counts = Array.from({ length: n }, () => new Array(n).fill(0));
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = outputs.subarray(r * width, (r + 1) * width);
    const t = targets.subarray(r * width, (r + 1) * width);
    const p = classOf(o, kind);
    const a = classOf(t, kind);
    counts[a][p] += 1;
    if (a === p) correct += 1;
  }
  return { counts, accuracy: rows ? correct / rows : 0, correct, rows };
}

export function classLabels(kind, width, names) {
  if (kind === 'binary') return [`${names[0] ?? 'y'} = 0`, `${names[0] ?? 'y'} = 1`];
  return Array.from({ length: width }, (_, i) => names[i] ?? `class ${i + 1}`);
}
