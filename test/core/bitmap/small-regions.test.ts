/**
 * Tests for bitmap.removeSmallRegions against hand-worked cases of segment-anything's rule:
 * 8-connected regions, border background as holes, and keeping the largest island.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeSmallRegions } from '../../../src/core/bitmap/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskFromRows, rowsOf } from './masks.js';

test("'islands' drops foreground regions with area < threshold", () => {
  const mask = maskFromRows(['1100000', '1100010', '0000000', '0000011']);
  const { mask: out, changed } = removeSmallRegions(mask, 3, 'islands');
  assert.equal(changed, true);
  assert.deepEqual(rowsOf(out), ['1100000', '1100000', '0000000', '0000000']);
});

test('area equal to the threshold is kept (strict <)', () => {
  const mask = maskFromRows(['110', '000', '001']);
  assert.deepEqual(rowsOf(removeSmallRegions(mask, 2, 'islands').mask), ['110', '000', '000']);
});

test('regions are 8-connected: a diagonal chain is one island', () => {
  const mask = maskFromRows(['1000', '0100', '0010', '0000']);
  const result = removeSmallRegions(mask, 3, 'islands');
  assert.equal(result.changed, false);
  assert.equal(result.mask, mask);
});

test("'holes' fills small background regions, including ones on the border", () => {
  const mask = maskFromRows(['1111', '1011', '1110', '1111']);
  // The hole at (1, 1) and the border notch at (3, 2) each have area 1.
  assert.deepEqual(rowsOf(removeSmallRegions(mask, 2, 'holes').mask), ['1111', '1111', '1111', '1111']);
  const big = maskFromRows(['0000', '0110', '0000']);
  assert.equal(removeSmallRegions(big, 2, 'holes').changed, false);
});

test("'holes' joins background regions through diagonal gaps (8-connectivity)", () => {
  // The enclosed pixel (1, 1) touches the outside background at a corner, so it is not a
  // separate small hole: together they are one large region and nothing is filled.
  const mask = maskFromRows(['11100', '10100', '11010', '00000']);
  assert.equal(removeSmallRegions(mask, 2, 'holes').changed, false);
});

test('when every island is small the largest is kept, and changed is still true', () => {
  const mask = maskFromRows(['11000', '00011', '00001']);
  const result = removeSmallRegions(mask, 10, 'islands');
  assert.equal(result.changed, true);
  assert.deepEqual(rowsOf(result.mask), ['00000', '00011', '00001']);
  const single = maskFromRows(['010']);
  const kept = removeSmallRegions(single, 5, 'islands');
  assert.equal(kept.changed, true);
  assert.deepEqual(rowsOf(kept.mask), ['010']);
});

test('ties for largest go to the island OpenCV labels first (2 × 2-block scan order)', () => {
  // Raster order meets (5, 0) first, but OpenCV scans two rows at a time block by block and
  // reaches the block holding (1, 1) first, so that island is the one kept.
  const mask = maskFromRows(['000001', '010000']);
  assert.deepEqual(rowsOf(removeSmallRegions(mask, 5, 'islands').mask), ['000000', '010000']);
  // In a later block row the raster-first island wins again.
  const lower = maskFromRows(['000000', '000000', '000010', '100000']);
  assert.deepEqual(rowsOf(removeSmallRegions(lower, 5, 'islands').mask), ['000000', '000000', '000000', '100000']);
});

test('no small region: the input itself comes back with changed = false', () => {
  const mask = maskFromRows(['0110', '0110']);
  for (const mode of ['holes', 'islands'] as const) {
    const result = removeSmallRegions(mask, 0, mode);
    assert.equal(result.mask, mask);
    assert.equal(result.changed, false);
  }
  const empty = maskFromRows(['00']);
  assert.equal(removeSmallRegions(empty, 100, 'islands').changed, false);
  assert.equal(removeSmallRegions(maskFromRows(['11']), 100, 'holes').changed, false);
});

test('bad arguments are named', () => {
  const mask = maskFromRows(['1']);
  const field = (name: string) => (e: unknown) => e instanceof InvalidInputError && e.field === name;
  assert.throws(() => removeSmallRegions(mask, -1, 'holes'), field('areaThresh'));
  assert.throws(() => removeSmallRegions(mask, NaN, 'holes'), field('areaThresh'));
  assert.throws(() => removeSmallRegions(mask, '5' as never, 'holes'), field('areaThresh'));
  assert.throws(() => removeSmallRegions(mask, 5, 'both' as never), field('mode'));
  assert.throws(() => removeSmallRegions({ height: 2, width: 1, data: new Uint8Array(1) }, 5, 'holes'), field('mask.data'));
});
