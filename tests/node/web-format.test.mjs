// The page's number formats: a loss reads as a plain number, never "0.000e+0".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtLoss } from '../../web/src/format.js';

test('fmtLoss: zero, tiny, ordinary and large losses', () => {
  assert.equal(fmtLoss(0), '0');
  assert.equal(fmtLoss(5.96e-8), '5.96e-8');
  assert.equal(fmtLoss(0.0002), '0.0002');
  assert.equal(fmtLoss(0.02384), '0.02384');
  assert.equal(fmtLoss(0.5), '0.5');
  assert.equal(fmtLoss(12.34567), '12.35');
  assert.equal(fmtLoss(12345.6), '12346');
  assert.equal(fmtLoss(2.5e12), '2.500e12');
  for (const v of [null, undefined, NaN, Infinity]) assert.equal(fmtLoss(v), '–');
});
