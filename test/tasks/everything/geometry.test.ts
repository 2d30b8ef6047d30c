/**
 * The generator's building blocks against values worked out from the reference's formulas:
 * point grids (numpy's linspace rounding), crop boxes, the crop-edge rule and box NMS tie rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLayerGrids, buildPointGrid, generateCropBoxes } from '../../../src/tasks/everything/index.js';
import { isBoxNearCropEdge } from '../../../src/tasks/everything/crop-edge.js';
import { boxNms } from '../../../src/tasks/everything/nms.js';

test('point grids follow np.linspace, not (i + 0.5) / n, to the last bit', () => {
  // np.linspace(0.1, 0.9, 5) gives 0.30000000000000004 and 0.7000000000000001.
  const grid = buildPointGrid(5);
  assert.deepEqual(Array.from(grid.filter((_, i) => i % 2 === 0).subarray(0, 5)), [0.1, 0.30000000000000004, 0.5, 0.7000000000000001, 0.9]);
  // x varies fastest; y is constant along a row.
  assert.deepEqual(Array.from(buildPointGrid(2)), [0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75]);
  assert.deepEqual(Array.from(buildPointGrid(1)), [0.5, 0.5]);
  assert.deepEqual(buildLayerGrids(32, 2, 2).map((g) => g.length / 2), [1024, 256, 64]);
  assert.deepEqual(buildLayerGrids(10, 2, 3).map((g) => g.length / 2), [100, 9, 1]);
});

test('crop boxes: 1500 × 1000 with two layers and the default overlap', () => {
  const boxes = generateCropBoxes(1500, 1000, 2, 512 / 1500);
  assert.equal(boxes.length, 1 + 4 + 16);
  assert.deepEqual(boxes[0], { box: [0, 0, 1500, 1000], layer: 0 });
  // Layer 1: overlap int(341.33) = 341, crops ceil(1841 / 2) = 921 by ceil(1341 / 2) = 671.
  assert.deepEqual(
    boxes.slice(1, 5).map((b) => b.box),
    [
      [0, 0, 921, 671],
      [0, 330, 921, 1000],
      [580, 0, 1500, 671],
      [580, 330, 1500, 1000],
    ],
  );
  // Layer 2: overlap int(170.67) = 170, crops 503 × 378 from x0 0, 333, 666, 999 and y0 0, 208, 416, 624.
  const layer2 = boxes.slice(5).map((b) => b.box);
  assert.deepEqual(layer2[0], [0, 0, 503, 378]);
  assert.deepEqual(layer2[1], [0, 208, 503, 586]);
  assert.deepEqual(layer2[15], [999, 624, 1500, 1000]);
  assert.ok(boxes.slice(5).every((b) => b.layer === 2));
});

test('inner crop edges within 20 px drop a box; image edges never do', () => {
  const crop: [number, number, number, number] = [100, 50, 300, 250];
  // Boxes are in crop coordinates with inclusive right/bottom; the image is 400 × 250.
  assert.equal(isBoxNearCropEdge([30, 30, 100, 100], crop, 400, 250), false);
  assert.equal(isBoxNearCropEdge([20, 30, 100, 100], crop, 400, 250), true, 'left at 20 px from x0 = 100');
  assert.equal(isBoxNearCropEdge([21, 30, 100, 100], crop, 400, 250), false);
  assert.equal(isBoxNearCropEdge([30, 30, 179, 100], crop, 400, 250), false, 'right at x = 279 is 21 px from x1 = 300');
  assert.equal(isBoxNearCropEdge([30, 30, 180, 100], crop, 400, 250), true, 'right at x = 280 is 20 px from x1 = 300');
  assert.equal(isBoxNearCropEdge([30, 30, 199, 199], crop, 400, 250), true, 'right edge at the crop border');
  assert.equal(isBoxNearCropEdge([30, 30, 150, 199], crop, 400, 250), false, 'bottom at 249 is near the image bottom 250');
  assert.equal(isBoxNearCropEdge([0, 0, 10, 10], [0, 0, 400, 250], 400, 250), false, 'layer 0 never drops');
});

test('box NMS: stable score order, suppression only above the threshold', () => {
  const a: [number, number, number, number] = [0, 0, 10, 10];
  // Identical boxes with tied scores: the first in input order survives.
  assert.deepEqual(boxNms([a, a, a], [0.5, 0.5, 0.5], 0.7), [0]);
  // Higher score first regardless of position.
  assert.deepEqual(boxNms([a, a], [0.5, 0.9], 0.7), [1]);
  // IoU exactly 0.5 (50 / 100 vs a 10 × 5 box inside) is not > 0.5.
  assert.deepEqual(boxNms([a, [0, 0, 10, 5]], [1, 0.9], 0.5), [0, 1]);
  assert.deepEqual(boxNms([a, [0, 0, 10, 5]], [1, 0.9], 0.4999), [0]);
  // Kept indices come back best first: IoU 80/100 and 50/80 with the 0.9 box.
  assert.deepEqual(boxNms([[0, 0, 10, 10], [0, 0, 10, 8], [0, 0, 10, 5]], [0.1, 0.9, 0.5], 0.7), [1, 2]);
  // Disjoint and zero-area boxes (0 / 0 IoU) never suppress.
  assert.deepEqual(boxNms([a, [20, 20, 30, 30], [5, 5, 5, 5], [5, 5, 5, 5]], [0.9, 0.8, 0.7, 0.6], 0.1), [0, 1, 2, 3]);
  assert.deepEqual(boxNms([], [], 0.7), []);
});
