// Data files the browser tests open, made on the fly (deterministic, nothing downloaded).

// A deterministic generator in [0, 1).
export function random(seed = 1) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The "5 MB CSV": 50,000 rows x 20 columns (19 numeric inputs, a class label of 3 values).
export function bigCsv(rows = 50000, inputs = 19) {
  const rnd = random(7);
  const lines = [[...Array.from({ length: inputs }, (_, i) => `f${i + 1}`), 'kind'].join(',')];
  for (let r = 0; r < rows; r++) {
    const cls = r % 3;
    const cells = Array.from({ length: inputs }, (_, i) => (cls * 0.8 + (i % 5) + rnd() * 3).toFixed(6));
    lines.push(`${cells.join(',')},${['low', 'mid', 'high'][cls]}`);
  }
  return lines.join('\n') + '\n';
}

// Shaped like scikit-learn's digits: 1797 rows of 64 pixel values 0..16, classes d0..d9
// (written in shuffled order, so first appearance is not the natural order).
export function digitsCsv(rows = 1797) {
  const rnd = random(3);
  const lines = [[...Array.from({ length: 64 }, (_, i) => `p${i}`), 'digit'].join(',')];
  const order = [3, 7, 1, 9, 0, 5, 2, 8, 4, 6];
  for (let r = 0; r < rows; r++) {
    const d = order[r % 10];
    const px = Array.from({ length: 64 }, (_, i) => Math.min(16, Math.max(0, Math.round(((i * (d + 3)) % 17) + (rnd() - 0.5) * 6))));
    lines.push(`${px.join(',')},d${d}`);
  }
  return lines.join('\n') + '\n';
}

// Shaped like scikit-learn's wine: 178 rows of 13 measurements, classes class_0..class_2.
export function wineCsv() {
  const rnd = random(11);
  const names = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280', 'proline'];
  const lines = [[...names, 'class'].join(',')];
  for (let r = 0; r < 178; r++) {
    const c = r < 59 ? 0 : r < 130 ? 1 : 2;
    lines.push(`${names.map((_, i) => ((i + 1) * (c + 1) + rnd() * 2).toFixed(2)).join(',')},class_${c}`);
  }
  return lines.join('\n') + '\n';
}

// A CSV text with `rows` rows and `columns` numeric columns (the last one 0/1).
export function gridCsv(rows, columns) {
  const lines = [Array.from({ length: columns }, (_, c) => `c${c + 1}`).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => (c === columns - 1 ? r % 2 : (r + c) % 10)).join(','));
  return lines.join('\n') + '\n';
}
