/**
 * From file segmentations to owseg's RLE and Mask: each kind converts as pycocotools' annToRLE
 * does, and a segmentation that does not fit its image fails with the field named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotationMask, segmentationToRle } from '../../../src/core/formats/masks.js';
import { decode, fromPolygons } from '../../../src/core/rle/index.js';
import { maskWith } from './fixtures.js';

test('compressed RLE passes through; uncompressed runs are compressed', () => {
  assert.deepEqual(segmentationToRle({ size: [4, 4], counts: '538' }, 4, 4), { size: [4, 4], counts: '538' });
  assert.deepEqual(segmentationToRle({ size: [6, 8], counts: [10, 5, 33] }, 6, 8), { size: [6, 8], counts: ':5Q1' });
});

test('annotationMask decodes the column-major runs into row-major pixels', () => {
  const expected = maskWith(8, 6, [[1, 4], [1, 5], [2, 0], [2, 1], [2, 2]]);
  assert.deepEqual(annotationMask({ segmentation: { size: [6, 8], counts: [10, 5, 33] } }, { height: 6, width: 8 }), expected);
  assert.deepEqual(annotationMask({ segmentation: { size: [6, 8], counts: ':5Q1' } }, { height: 6, width: 8 }), expected);
});

test('polygons are rasterised and merged like pycocotools', () => {
  const polygons = [[1, 1, 5, 1, 5, 4, 1, 4], [6, 0, 8, 0, 8, 2]];
  const rle = segmentationToRle(polygons, 6, 8);
  assert.deepEqual(rle, fromPolygons(polygons, 6, 8));
  assert.deepEqual(annotationMask({ segmentation: polygons }, { height: 6, width: 8 }), decode(rle));
});

test('a segmentation that does not fit the image names the field', () => {
  assert.throws(() => segmentationToRle({ size: [4, 4], counts: '538' }, 6, 8, 'annotations[3].segmentation'), {
    name: 'InvalidInputError',
    message: 'annotations[3].segmentation.size: expected [6, 8], the image height and width (got [4, 4])',
  });
  assert.throws(() => annotationMask({ segmentation: [[0, 0, 1]] }, { height: 2, width: 2 }), {
    message: 'segmentation[0]: expected at least 6 numbers, 3 (x, y) points (got 3)',
  });
});
