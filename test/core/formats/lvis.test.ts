/**
 * LVIS: federated labels and frequency groups parse, COCO's cross-checks apply, and the
 * category lists of each image must name real categories.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLvis } from '../../../src/core/formats/lvis.js';
import { lvisFixture } from './fixtures.js';

const source = 'lvis_v1_val.json';

function rejects(mutate: (data: ReturnType<typeof lvisFixture>) => void, message: string): void {
  const data = lvisFixture();
  mutate(data);
  assert.throws(() => parseLvis(data, { source }), { name: 'InvalidInputError', message });
}

test('a valid file parses to an equal value', () => {
  const data = lvisFixture();
  assert.deepEqual(parseLvis(structuredClone(data)), data);
});

test('LVIS-specific fields are validated', () => {
  rejects((d) => {
    d.categories[0]!.frequency = 'x' as 'r';
  }, 'lvis_v1_val.json: categories[0].frequency: expected one of "r", "c", "f" (got "x")');
  rejects((d) => {
    delete (d.images[1] as { not_exhaustive_category_ids?: number[] }).not_exhaustive_category_ids;
  }, 'lvis_v1_val.json: images[1].not_exhaustive_category_ids: expected an array (missing)');
  rejects((d) => {
    d.categories[2]!.synonyms = ['banana', 3] as unknown as string[];
  }, 'lvis_v1_val.json: categories[2].synonyms[1]: expected a string (got 3)');
});

test('federated category lists must name existing categories', () => {
  rejects((d) => {
    d.images[0]!.neg_category_ids = [3, 77];
  }, 'lvis_v1_val.json: images[0].neg_category_ids[1]: expected the id of a category (no category has id 77)');
  rejects((d) => {
    d.images[1]!.not_exhaustive_category_ids = [0];
  }, 'lvis_v1_val.json: images[1].not_exhaustive_category_ids[0]: expected the id of a category (no category has id 0)');
});

test('the COCO cross-checks apply to LVIS too', () => {
  rejects((d) => {
    d.annotations[1]!.id = 1;
  }, 'lvis_v1_val.json: annotations[1].id: expected a unique id (1 is also annotations[0].id)');
  rejects((d) => {
    d.annotations[2]!.image_id = 5;
  }, 'lvis_v1_val.json: annotations[2].image_id: expected the id of an image (no image has id 5)');
  rejects((d) => {
    d.annotations[1]!.segmentation = [[0, 0, 2, 0, 2]];
  }, 'lvis_v1_val.json: annotations[1].segmentation[0]: expected at least 6 numbers, 3 (x, y) points (got 5)');
});
