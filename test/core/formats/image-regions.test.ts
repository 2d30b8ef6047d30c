/**
 * regionsForImage: labelled masks of one picture out of each file format, with image selection,
 * score filtering and size checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { regionsForImage } from '../../../src/core/formats/image-regions.js';
import { cocoFixture, maskWith, owsegFixture, resultsFixture } from './fixtures.js';

test('owseg result: names with scores, "#id" for unnamed regions, masks decoded', () => {
  const regions = regionsForImage({ format: 'owseg-result', data: owsegFixture() }, { width: 5, height: 4 });
  assert.deepEqual(regions.map((r) => r.label), ['cat 0.75', 'cat 0.50', '#7']);
  assert.deepEqual(regions[1]!.mask, maskWith(5, 4, [[4, 3]]));
});

test('owseg result: minScore drops lower scores and keeps unscored regions', () => {
  const regions = regionsForImage({ format: 'owseg-result', data: owsegFixture() }, { width: 5, height: 4, minScore: 0.6 });
  assert.deepEqual(regions.map((r) => r.label), ['cat 0.75', '#7']);
});

test('COCO instances: image chosen by file name or id, labelled by category name', () => {
  const file = { format: 'coco-instances', data: cocoFixture() } as const;
  const byName = regionsForImage(file, { width: 8, height: 6, fileName: '/photos/a.jpg' });
  assert.deepEqual(byName.map((r) => r.label), ['cat', 'dog']);
  const byId = regionsForImage(file, { width: 4, height: 4, imageId: 2 });
  assert.equal(byId.length, 1);
  assert.deepEqual(byId[0]!.mask, maskWith(4, 4, [[1, 1], [1, 2], [1, 3]]));
});

test('COCO instances: no way to choose among several images is an error naming the file', () => {
  const file = { format: 'coco-instances', data: cocoFixture() } as const;
  assert.throws(
    () => regionsForImage(file, { width: 8, height: 6, fileName: 'c.jpg' }, 'gt.json'),
    (error: unknown) => error instanceof InvalidInputError && error.field === 'gt.json: images' && /0 of 2 images match/.test(error.message),
  );
});

test('COCO results: the one image they cover, or the image id; labels carry category id and score', () => {
  const file = { format: 'coco-results', data: resultsFixture() } as const;
  const one = regionsForImage(file, { width: 8, height: 6, imageId: 1 });
  assert.deepEqual(one.map((r) => r.label), ['category 3 0.90', 'category 1 0.25']);
  assert.throws(() => regionsForImage(file, { width: 8, height: 6 }), /the results cover 2 images/);
});

test('a picture whose size differs from the file: the record is named', () => {
  const file = { format: 'coco-instances', data: cocoFixture() } as const;
  assert.throws(() => regionsForImage(file, { width: 9, height: 6, imageId: 1 }, 'gt.json'), /gt\.json: images\[0\]: expected width 9 and height 6/);
});
