/**
 * COCO instances: a valid file parses unchanged, and each schema rule and cross-check fails
 * with the exact message, JSON path included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCocoInstances } from '../../../src/core/formats/coco.js';
import { cocoFixture } from './fixtures.js';

const source = 'instances.json';

function rejects(mutate: (data: ReturnType<typeof cocoFixture>) => void, message: string): void {
  const data = cocoFixture();
  mutate(data);
  assert.throws(() => parseCocoInstances(structuredClone(data), { source }), { name: 'InvalidInputError', message });
}

test('a valid file parses to an equal value, unknown fields kept', () => {
  const data = cocoFixture();
  assert.deepEqual(parseCocoInstances(structuredClone(data)), data);
  assert.equal(parseCocoInstances(data).images[1]!.license, 1);
});

test('schema errors name the field and what was found', () => {
  rejects((d) => {
    (d.annotations[2]!.segmentation as { counts: unknown }).counts = 5;
  }, 'instances.json: annotations[2].segmentation.counts: expected string or number[] (got 5)');
  rejects((d) => {
    (d.annotations[2]!.segmentation as { counts: unknown }).counts = '53~';
  }, 'instances.json: annotations[2].segmentation.counts: expected a COCO RLE string of characters \'0\' to \'o\' (got "~" at character 2)');
  rejects((d) => {
    (d.annotations[0]!.segmentation as unknown[][])[0]![2] = '5';
  }, 'instances.json: annotations[0].segmentation[0][2]: expected a number (got "5")');
  rejects((d) => {
    d.annotations[0]!.segmentation = [5] as unknown as number[][];
  }, 'instances.json: annotations[0].segmentation[0]: expected a polygon [x1, y1, x2, y2, …] (got 5)');
  rejects((d) => {
    d.annotations[0]!.segmentation = 'polygon' as unknown as number[][];
  }, 'instances.json: annotations[0].segmentation: expected polygons (number[][]) or an RLE object { size, counts } (got "polygon")');
  rejects((d) => {
    delete (d.images[1] as { width?: number }).width;
  }, 'instances.json: images[1].width: expected an integer (missing)');
  rejects((d) => {
    d.annotations[0]!.iscrowd = 2 as 0;
  }, 'instances.json: annotations[0].iscrowd: expected one of 0, 1 (got 2)');
  rejects((d) => {
    d.annotations[0]!.bbox = [1, 2, 3] as unknown as [number, number, number, number];
  }, 'instances.json: annotations[0].bbox: expected [x, y, width, height] (got 3 items)');
  rejects((d) => {
    d.annotations[0]!.bbox[2] = -1;
  }, 'instances.json: annotations[0].bbox[2]: expected a number >= 0 (got -1)');
  rejects((d) => {
    d.categories[1]!.name = 7 as unknown as string;
  }, 'instances.json: categories[1].name: expected a string (got 7)');
  assert.throws(() => parseCocoInstances([], { source }), {
    message: 'instances.json: expected a COCO instances object { images, annotations, categories } (got an array)',
  });
  assert.throws(() => parseCocoInstances({ images: [], categories: [] }), {
    message: 'annotations: expected an array (missing)',
  });
});

test('ids must be unique in each list', () => {
  rejects((d) => {
    d.annotations[2]!.id = 10;
  }, 'instances.json: annotations[2].id: expected a unique id (10 is also annotations[0].id)');
  rejects((d) => {
    d.images[1]!.id = 1;
  }, 'instances.json: images[1].id: expected a unique id (1 is also images[0].id)');
  rejects((d) => {
    d.categories[1]!.id = 1;
  }, 'instances.json: categories[1].id: expected a unique id (1 is also categories[0].id)');
});

test('annotations must name an existing image and category', () => {
  rejects((d) => {
    d.annotations[1]!.image_id = 99;
  }, 'instances.json: annotations[1].image_id: expected the id of an image (no image has id 99)');
  rejects((d) => {
    d.annotations[1]!.category_id = 2;
  }, 'instances.json: annotations[1].category_id: expected the id of a category (no category has id 2)');
});

test('an RLE must have its image size, and its runs must cover it exactly', () => {
  rejects((d) => {
    d.annotations[1]!.segmentation = { size: [8, 6], counts: [10, 5, 33] };
  }, 'instances.json: annotations[1].segmentation.size: expected [6, 8], the height and width of image 1 (got [8, 6])');
  rejects((d) => {
    d.annotations[2]!.image_id = 1;
  }, 'instances.json: annotations[2].segmentation.size: expected [6, 8], the height and width of image 1 (got [4, 4])');
  rejects((d) => {
    d.annotations[2]!.segmentation = { size: [4, 4], counts: '537' };
  }, 'instances.json: annotations[2].segmentation.counts: expected runs summing to 16 (height × width) (got 15)');
  rejects((d) => {
    d.annotations[1]!.segmentation = { size: [6, 8], counts: [10, 5, 32] };
  }, 'instances.json: annotations[1].segmentation.counts: expected runs summing to 48 (height × width) (got 47)');
});

test('polygons need three or more (x, y) points each, and at least one polygon', () => {
  rejects((d) => {
    d.annotations[0]!.segmentation = [[1, 1, 5, 1, 5, 4, 1, 4], [1, 1, 2, 2, 3, 3, 4]];
  }, 'instances.json: annotations[0].segmentation[1]: expected an even count of numbers, (x, y) pairs (got 7)');
  rejects((d) => {
    d.annotations[0]!.segmentation = [[1, 1, 5, 1]];
  }, 'instances.json: annotations[0].segmentation[0]: expected at least 6 numbers, 3 (x, y) points (got 4)');
  rejects((d) => {
    d.annotations[0]!.segmentation = [];
  }, 'instances.json: annotations[0].segmentation: expected at least one polygon (got an empty list)');
});

test('without a source the message is the bare path', () => {
  const data = cocoFixture();
  data.annotations[0]!.category_id = 5;
  assert.throws(() => parseCocoInstances(data), {
    message: 'annotations[0].category_id: expected the id of a category (no category has id 5)',
  });
});
