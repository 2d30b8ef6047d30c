/**
 * Tests for bitmap.resizeNearest: the two source-index conventions on hand-worked sizes, the
 * float32 behaviour torch has, and bad arguments. Library comparisons live in oracle.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resizeNearest } from '../../../src/core/bitmap/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskFromRows, rowsOf } from './masks.js';
import { sourceIndicesOf } from './resize-indices.js';

test("'floor' samples floor(d × in/out): 4 → 3 picks 0, 1, 2; 3 → 4 picks 0, 0, 1, 2", () => {
  assert.deepEqual(sourceIndicesOf(4, 3, 'floor'), [0, 1, 2]);
  assert.deepEqual(sourceIndicesOf(3, 4, 'floor'), [0, 0, 1, 2]);
  assert.deepEqual(sourceIndicesOf(5, 2, 'floor'), [0, 2]);
});

test("'center' samples floor((d + ½) × in/out): 4 → 3 picks 0, 2, 3; 3 → 4 picks 0, 1, 1, 2", () => {
  assert.deepEqual(sourceIndicesOf(4, 3, 'center'), [0, 2, 3]);
  assert.deepEqual(sourceIndicesOf(3, 4, 'center'), [0, 1, 1, 2]);
  assert.deepEqual(sourceIndicesOf(5, 2, 'center'), [1, 3]);
});

test('the scale is float32 like torch: 6 → 74 picks index 2 at d = 37, not the exact 3', () => {
  // 37 × 6 / 74 is exactly 3, but float32(6 / 74) is slightly below 6 / 74, and torch's
  // F.interpolate(size=74, mode='nearest') indeed reads source index 2 there.
  assert.equal((37 * 6) / 74, 3);
  assert.deepEqual(sourceIndicesOf(6, 74, 'floor').slice(36, 39), [2, 2, 3]);
});

test('the default convention is floor, and rows and columns are resized independently', () => {
  const mask = maskFromRows(['10', '01', '11']);
  const out = resizeNearest(mask, 2, 4);
  assert.deepEqual(rowsOf(out), ['1100', '0011']);
  assert.deepEqual(rowsOf(resizeNearest(mask, 2, 4, { convention: 'floor' })), rowsOf(out));
  assert.deepEqual(rowsOf(resizeNearest(mask, 2, 4, { convention: 'center' })), ['1100', '1111']);
});

test('same size is a copy; integer factors repeat or subsample exactly', () => {
  const mask = maskFromRows(['100', '011']);
  const same = resizeNearest(mask, 2, 3);
  assert.deepEqual(rowsOf(same), rowsOf(mask));
  assert.notEqual(same.data, mask.data);
  assert.deepEqual(rowsOf(resizeNearest(mask, 4, 6)), ['110000', '110000', '001111', '001111']);
  assert.deepEqual(sourceIndicesOf(1023, 1023, 'center').slice(-2), [1021, 1022]);
});

test('resizeNearest rejects bad sizes, conventions and empty masks, naming each', () => {
  const mask = maskFromRows(['10']);
  const field = (name: string) => (e: unknown) => e instanceof InvalidInputError && e.field === name;
  assert.throws(() => resizeNearest(mask, 0, 2), field('height'));
  assert.throws(() => resizeNearest(mask, 1.5, 2), field('height'));
  assert.throws(() => resizeNearest(mask, 2, -1), field('width'));
  assert.throws(() => resizeNearest(mask, 2, 2, { convention: 'bilinear' as never }), field('options.convention'));
  assert.throws(() => resizeNearest(mask, 2, 2, 'floor' as never), field('options'));
  assert.throws(() => resizeNearest({ height: 0, width: 3, data: new Uint8Array(0) }, 2, 2), field('mask'));
  assert.throws(() => resizeNearest({ height: 1, width: 1, data: new Uint8Array([2]) }, 2, 2), field('mask.data'));
});
