/**
 * COCO results lists: parsing, the checks possible without ground truth, and the cross-check
 * against a ground-truth file.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossCheckCocoResults, parseCocoResults } from '../../../src/core/formats/coco-results.js';
import { cocoFixture, resultsFixture } from './fixtures.js';

const source = 'results.json';

function rejects(mutate: (data: ReturnType<typeof resultsFixture>) => void, message: string): void {
  const data = resultsFixture();
  mutate(data);
  assert.throws(() => parseCocoResults(data, { source }), { name: 'InvalidInputError', message });
}

test('a valid list parses to an equal value; an empty list is valid', () => {
  const data = resultsFixture();
  assert.deepEqual(parseCocoResults(structuredClone(data)), data);
  assert.deepEqual(parseCocoResults([]), []);
});

test('schema errors are reported at the result index', () => {
  rejects((d) => {
    delete (d[1] as { score?: number }).score;
  }, 'results.json: [1].score: expected a number (missing)');
  rejects((d) => {
    d[0]!.image_id = '1' as unknown as number;
  }, 'results.json: [0].image_id: expected an integer (got "1")');
  assert.throws(() => parseCocoResults({ annotations: [] }, { source }), {
    message: 'results.json: expected a COCO results array [{ image_id, category_id, segmentation, score }] (got an object)',
  });
});

test('every RLE of one image has the same size; uncompressed runs add up', () => {
  rejects((d) => {
    d[1]!.segmentation = { size: [8, 6], counts: [10, 5, 33] };
  }, 'results.json: [1].segmentation.size: expected [6, 8], the size of [0].segmentation, the first RLE for image 1 (got [8, 6])');
  rejects((d) => {
    d[1]!.segmentation = { size: [6, 8], counts: [10, 5] };
  }, 'results.json: [1].segmentation.counts: expected runs summing to 48 (height × width) (got 15)');
  rejects((d) => {
    d[0]!.segmentation = [[1, 2, 3, 4, 5]];
  }, 'results.json: [0].segmentation[0]: expected at least 6 numbers, 3 (x, y) points (got 5)');
});

test('results are cross-checked against ground truth ids and image sizes', () => {
  const truth = cocoFixture();
  crossCheckCocoResults(resultsFixture(), truth, { source });
  const check = (mutate: (data: ReturnType<typeof resultsFixture>) => void, message: string) => {
    const results = resultsFixture();
    mutate(results);
    assert.throws(() => crossCheckCocoResults(results, truth, { source }), { name: 'InvalidInputError', message });
  };
  check((d) => {
    d[2]!.image_id = 9;
  }, 'results.json: [2].image_id: expected the id of an image (no image has id 9)');
  check((d) => {
    d[2]!.category_id = 2;
  }, 'results.json: [2].category_id: expected the id of a category (no category has id 2)');
  check((d) => {
    d[2]!.image_id = 1;
  }, 'results.json: [2].segmentation.size: expected [6, 8], the height and width of image 1 (got [4, 4])');
});
