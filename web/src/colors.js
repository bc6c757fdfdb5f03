// Diverging colours for weights: blue positive, orange negative (as TensorFlow Playground).
export const POS = [37, 99, 235];
export const NEG = [234, 88, 12];

// Colour for value v scaled by max |v| (0..1 intensity), as an "rgb()" string.
export function weightColor(v, max) {
  const t = max > 0 ? Math.min(1, Math.abs(v) / max) : 0;
  const c = v >= 0 ? POS : NEG;
  const mix = (k) => Math.round(248 + (c[k] - 248) * t);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

// The same colour as [r, g, b] numbers (for ImageData).
export function weightRgb(v, max) {
  const t = max > 0 ? Math.min(1, Math.abs(v) / max) : 0;
  const c = v >= 0 ? POS : NEG;
  return [0, 1, 2].map((k) => Math.round(248 + (c[k] - 248) * t));
}

// Categorical colours for classes / outputs.
export const CLASS_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
export const classColor = (i) => CLASS_COLORS[i % CLASS_COLORS.length];

export const fmtNum = (v) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(3) : v.toFixed(4));

// The largest |value| in `values`, at least `floor` (a loop, never a spread: layers and
// data sets hold millions of values, more than a function call takes as arguments).
export function largestMagnitude(values, floor = 0) {
  let m = floor;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a;
  }
  return m;
}
