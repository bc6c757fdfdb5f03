// The data generators: same seed, same table; the size asked for; labels that follow
// the pattern when there is no noise; noise and seed change the points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate, toCsvText, KINDS } from '../../web/src/generators.js';

test('each pattern gives the rows asked for, two numeric inputs and a class, the same for a seed', () => {
  for (const kind of Object.keys(KINDS)) {
    const a = generate({ kind, rows: 101, noise: 0.2, classes: 3, seed: 7 });
    assert.deepEqual(a, generate({ kind, rows: 101, noise: 0.2, classes: 3, seed: 7 }), `${kind}: deterministic`);
    assert.notDeepEqual(a, generate({ kind, rows: 101, noise: 0.2, classes: 3, seed: 8 }), `${kind}: the seed matters`);
    assert.notDeepEqual(a, generate({ kind, rows: 101, noise: 0, classes: 3, seed: 7 }), `${kind}: the noise matters`);
    assert.equal(a.rows.length, 101);
    assert.deepEqual(a.names, ['x', 'y', 'class']);
    for (const [x, y, label] of a.rows) {
      assert.ok(Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) < 3 && Math.abs(y) < 3, `${kind}: ${x},${y}`);
      assert.match(label, /^[a-z_0-9]+$/);
    }
    const classes = new Set(a.rows.map((r) => r[2]));
    assert.equal(classes.size, kind === 'gaussian' ? 3 : 2, `${kind}: classes ${[...classes]}`);
  }
  assert.throws(() => generate({ kind: 'moons', rows: 3 }), /unknown pattern 'moons'/);
});

test('without noise the labels follow the pattern', () => {
  for (const [x, y, label] of generate({ kind: 'circle', rows: 300, seed: 3 }).rows) {
    const r = Math.hypot(x, y);
    assert.ok(label === 'inside' ? r <= 0.5001 : r >= 0.6999 && r <= 1.0001, `${label} at r=${r}`);
  }
  for (const [x, y, label] of generate({ kind: 'xor', rows: 300, seed: 3 }).rows) assert.equal(label, x * y >= 0 ? 'same' : 'opposite');
  const csv = toCsvText(generate({ kind: 'gaussian', rows: 4, classes: 2, seed: 1 }));
  assert.match(csv, /^x,y,class\n(-?\d+(\.\d+)?,-?\d+(\.\d+)?,c[12]\n){4}$/);
});
