// Settings helpers of the web page: hidden-layer text and output classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHidden, MAX_HIDDEN_LAYERS } from '../../web/src/settings.js';
import { classOf, confusion, problemKind } from '../../web/src/results.js';

test('hidden layers: "8,8", spaces, empty; bad widths are errors', () => {
  assert.deepEqual(parseHidden('8,8'), [8, 8]);
  assert.deepEqual(parseHidden(' 16 ; 4 '), [16, 4]);
  assert.deepEqual(parseHidden(''), []);
  assert.throws(() => parseHidden('8,x'), /'x' is not a layer width/);
  assert.throws(() => parseHidden('0'), /1\.\.1024/);
  assert.throws(() => parseHidden('2.5'), /not a layer width/);
  assert.throws(() => parseHidden(Array(MAX_HIDDEN_LAYERS + 1).fill(4).join(',')), /at most/);
});

test('classes: argmax for several outputs, 0.5 threshold for one, none for regression', () => {
  assert.equal(classOf(Float32Array.of(0.1, 0.7, 0.2), 'classes'), 1);
  assert.equal(classOf(Float32Array.of(0.51), 'binary'), 1);
  assert.equal(classOf(Float32Array.of(0.49), 'binary'), 0);
  assert.equal(classOf(Float32Array.of(3.2), 'regression'), -1);
  assert.equal(problemKind(Float32Array.of(0, 1, 1, 0), 2, 2), 'classes');
  assert.equal(problemKind(Float32Array.of(0, 1, 1), 1, 3), 'binary');
  assert.equal(problemKind(Float32Array.of(0.5, 1), 1, 2), 'regression');
});

test('confusion matrix counts true x predicted and the accuracy', () => {
  const outputs = Float32Array.of(0.9, 0.1, 0.2, 0.8, 0.6, 0.4);
  const targets = Float32Array.of(1, 0, 0, 1, 0, 1);
  const m = confusion(outputs, targets, 2, 3, 'classes');
  assert.deepEqual(m.counts, [[1, 0], [1, 1]]);
  assert.equal(m.correct, 2);
  assert.equal(m.accuracy, 2 / 3);
});
