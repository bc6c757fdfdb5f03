import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareOutputs } from '../../web/src/board/compare.js';

test('max difference, worst row and class disagreements between board and browser', () => {
  const browser = [[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]];
  const same = compareOutputs(browser.map((r) => r.map((v) => v + 1e-7)), browser);
  assert.equal(same.agree, true);
  assert.ok(same.maxDiff > 0 && same.maxDiff < 2e-7);
  const off = compareOutputs([[0.9, 0.1], [0.7, 0.3], [0.5 + 1e-6, 0.5]], browser);
  assert.equal(off.agree, false);
  assert.equal(off.worstRow, 1);
  assert.ok(Math.abs(off.maxDiff - 0.5) < 1e-12);
  assert.deepEqual(off.classDisagreements, [{ row: 1, board: 0, browser: 1 }], 'the tie in row 2 is not a disagreement');
  assert.equal(compareOutputs([[NaN]], [[1]]).maxDiff, Infinity);
  assert.throws(() => compareOutputs([[1]], [[1], [2]]), /1 rows, the browser 2/);
});
