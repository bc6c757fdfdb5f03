// Data generators in the manner of TensorFlow Playground: two inputs (x, y, within about
// -1..1) and a class column, drawn from a seeded generator so that a seed always gives the
// same table. Pure functions, no DOM; the page hands the CSV to the data controller.

export const KINDS = {
  circle: 'a disc inside a ring',
  xor: 'quadrants: same or opposite sign',
  spiral: 'two interleaved spirals',
  gaussian: 'Gaussian clusters',
};

// mulberry32: a small, fast generator of uniform numbers in [0, 1).
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// { names, rows: [[x, y, label]] } for `kind` ('circle' | 'xor' | 'spiral' | 'gaussian');
// rows points, noise 0..1 (how far points stray), classes (gaussian only, 2..10), seed.
export function generate({ kind, rows, noise = 0, classes = 2, seed = 1 }) {
  if (!KINDS[kind]) throw new Error(`unknown pattern '${kind}'`);
  const rand = random(seed);
  const uniform = (lo, hi) => lo + (hi - lo) * rand();
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const jitter = () => uniform(-1, 1) * noise * 0.5;
  const out = [];
  for (let i = 0; i < rows; i++) {
    let x;
    let y;
    let label;
    if (kind === 'circle') {
      const inside = i % 2 === 0;
      const r = inside ? uniform(0, 0.5) : uniform(0.7, 1);
      const t = uniform(0, 2 * Math.PI);
      [x, y, label] = [r * Math.sin(t) + jitter(), r * Math.cos(t) + jitter(), inside ? 'inside' : 'outside'];
    } else if (kind === 'xor') {
      const pad = 0.06;
      const px = uniform(-1, 1);
      const py = uniform(-1, 1);
      x = px + (px > 0 ? pad : -pad);
      y = py + (py > 0 ? pad : -pad);
      label = x * y >= 0 ? 'same' : 'opposite';
      x += jitter();
      y += jitter();
    } else if (kind === 'spiral') {
      const arm = i % 2;
      const k = Math.floor(i / 2);
      const n = Math.ceil(rows / 2);
      const r = (k / n) * 0.95 + 0.05;
      const t = 1.75 * (k / n) * 2 * Math.PI + arm * Math.PI;
      [x, y, label] = [r * Math.sin(t) + jitter(), r * Math.cos(t) + jitter(), arm ? 'arm_b' : 'arm_a'];
    } else {
      const c = i % classes;
      const angle = (2 * Math.PI * c) / classes + Math.PI / 4;
      const spread = 0.08 + 0.3 * noise;
      [x, y, label] = [0.6 * Math.cos(angle) + spread * normal(), 0.6 * Math.sin(angle) + spread * normal(), `c${c + 1}`];
    }
    out.push([round(x), round(y), label]);
  }
  return { names: ['x', 'y', 'class'], rows: out };
}

const round = (v) => Math.round(v * 1e4) / 1e4;

// The table as CSV text (header first), as a person would paste it.
export function toCsvText({ names, rows }) {
  return [names, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}
