/**
 * The app's COCO and owseg exports read back with owseg's own readers: valid files, one category
 * per distinct name, unnamed regions under "object", masks and boxes unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCocoInstances } from '../../src/core/formats/coco.js';
import { parseOwsegResult, regionFromMask, stringifyOwsegResult } from '../../src/core/formats/owseg-result.js';
import { cocoInstances, owsegResult } from '../../web/src/export/labels.js';
import { rectangleMask } from '../helpers/random.js';

const image = { fileName: 'scene.png', width: 12, height: 10 };
const regions = [
  regionFromMask(1, rectangleMask(10, 12, [0, 0, 4, 4]), { name: 'cat' }),
  regionFromMask(2, rectangleMask(10, 12, [5, 5, 9, 9])),
  regionFromMask(3, rectangleMask(10, 12, [1, 6, 3, 9]), { name: 'cat' }),
];

test('COCO export is a valid instances file with one category per name', () => {
  const coco = parseCocoInstances(JSON.parse(JSON.stringify(cocoInstances(image, regions))));
  assert.deepEqual(coco.images, [{ id: 1, file_name: 'scene.png', width: 12, height: 10 }]);
  assert.deepEqual(coco.categories, [{ id: 1, name: 'cat' }, { id: 2, name: 'object' }]);
  assert.deepEqual(coco.annotations.map((a) => [a.id, a.category_id, a.area, a.bbox]), [
    [1, 1, 16, [0, 0, 4, 4]],
    [2, 2, 16, [5, 5, 4, 4]],
    [3, 1, 6, [1, 6, 2, 3]],
  ]);
  assert.deepEqual(coco.annotations[1]!.segmentation, regions[1]!.segmentation);
});

test('owseg export reads back as the same regions', () => {
  const result = parseOwsegResult(JSON.parse(stringifyOwsegResult(owsegResult(image, regions))));
  assert.equal(result.task, 'web');
  assert.deepEqual(result.image, { path: 'scene.png', width: 12, height: 10 });
  assert.deepEqual(result.regions, regions);
});
