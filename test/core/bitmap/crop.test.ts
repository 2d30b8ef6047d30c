/**
 * Tests for bitmap.crop: end-exclusive boxes, empty boxes, and boxes outside the mask rejected
 * with an error naming `box`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crop } from '../../../src/core/bitmap/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskFromRows, rowsOf } from './masks.js';

const mask = maskFromRows(['1000', '0110', '0011']);

test('crop takes columns x0…x1−1 and rows y0…y1−1', () => {
  assert.deepEqual(rowsOf(crop(mask, [1, 1, 4, 3])), ['110', '011']);
  assert.deepEqual(rowsOf(crop(mask, [0, 0, 4, 3])), rowsOf(mask));
  assert.deepEqual(rowsOf(crop(mask, [3, 2, 4, 3])), ['1']);
});

test('crop with an empty box gives an empty mask of the box size', () => {
  const empty = crop(mask, [2, 1, 2, 3]);
  assert.equal(empty.width, 0);
  assert.equal(empty.height, 2);
  assert.equal(empty.data.length, 0);
});

test('crop copies: changing the crop leaves the source alone', () => {
  const part = crop(mask, [0, 0, 2, 2]);
  part.data[0] = 0;
  assert.equal(mask.data[0], 1);
});

test('crop rejects a box outside or partly outside the mask, naming box', () => {
  for (const box of [[-1, 0, 2, 2], [0, 0, 5, 3], [0, 0, 4, 4], [2, 0, 1, 3], [0, 2, 4, 1]] as const) {
    assert.throws(() => crop(mask, box), (e: unknown) => e instanceof InvalidInputError && e.field === 'box', String(box));
  }
});

test('crop rejects malformed boxes and masks', () => {
  const bad: unknown[] = [[0, 0, 1], [0, 0.5, 1, 1], '0,0,1,1', null, [0, 0, 1, NaN]];
  for (const box of bad) {
    assert.throws(() => crop(mask, box as never), /^InvalidInputError: box: expected four integers/);
  }
  assert.throws(() => crop({ height: 1, width: 2, data: new Uint8Array(1) }, [0, 0, 1, 1]), /mask\.data/);
});
