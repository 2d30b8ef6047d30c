/**
 * tileGrid against the oracle's InternVL grid choice over a sweep of sizes, including exact ties
 * where the area rule decides, extreme ratios and tiny images.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../../src/core/errors.js';
import { tileGrid } from '../../../../src/tasks/name/preprocess/tile-grid.js';
import { seededRandom } from '../../../helpers/random.js';
import { oracle } from './oracle.js';

function sweep(): [number, number][] {
  const sizes: [number, number][] = [
    [896, 448], [448, 896], [448, 448], [1, 1], [2, 1], [1, 2], [1, 5000], [5000, 1], [10000, 3],
    [640, 480], [480, 640], [1344, 448], [447, 223], [449, 224], [300, 200], [200, 300], [2, 3],
    [3, 2], [1792, 448], [672, 448], [1000, 400], [500, 200], [5, 2], [5000, 2000], [6000, 4000],
  ];
  // Midpoints between neighbouring candidate ratios give exact float ties; scale them across sizes.
  for (const base of [[3, 2], [5, 2], [3, 4], [5, 4], [7, 2], [7, 4], [9, 2], [11, 2], [13, 4], [2, 5], [4, 5], [2, 7]] as const) {
    for (const k of [1, 10, 50, 100, 150, 200, 224, 300, 448, 600, 1000]) sizes.push([base[0] * k, base[1] * k]);
  }
  const random = seededRandom(7);
  for (let i = 0; i < 300; i++) sizes.push([1 + Math.floor(random() * 4000), 1 + Math.floor(random() * 4000)]);
  for (let w = 1; w <= 24; w++) for (let h = 1; h <= 24; h++) sizes.push([w, h]);
  return sizes;
}

test('tileGrid matches the reference for every size in the sweep, for several max tile counts', () => {
  const sizes = sweep();
  const settings = [
    { maxTiles: 12, tileSize: 448 },
    { maxTiles: 6, tileSize: 448 },
    { maxTiles: 4, tileSize: 448 },
    { maxTiles: 1, tileSize: 448 },
    { maxTiles: 12, tileSize: 14 },
    { maxTiles: 40, tileSize: 448 },
  ];
  const results = oracle<{ grids: [number, number][] }>(settings.map((s) => ({ op: 'grid', sizes, minTiles: 1, ...s })));
  settings.forEach((setting, k) => {
    sizes.forEach(([w, h], i) => {
      const { cols, rows } = tileGrid(w, h, setting);
      assert.deepEqual([cols, rows], results[k]!.grids[i], `${w}×${h} with ${JSON.stringify(setting)}`);
    });
  });
});

test('exact ties go to the later (larger) grid only when the image is large enough', () => {
  // With at most 4 tiles, 672×448 (1.5) ties between 1×1 and 2×1; area 301056 > 0.5·448²·2 = 200704 → 2×1.
  assert.deepEqual(tileGrid(672, 448, { maxTiles: 4 }), { cols: 2, rows: 1 });
  // The same ratio at 3×2 pixels is tiny: the earlier 1×1 stays.
  assert.deepEqual(tileGrid(3, 2, { maxTiles: 4 }), { cols: 1, rows: 1 });
  assert.deepEqual(tileGrid(896, 448), { cols: 2, rows: 1 });
  assert.deepEqual(tileGrid(448, 896), { cols: 1, rows: 2 });
});

test('tileGrid rejects bad sizes and options', () => {
  assert.throws(() => tileGrid(0, 10), InvalidInputError);
  assert.throws(() => tileGrid(10, 1.5), InvalidInputError);
  assert.throws(() => tileGrid(10, 10, { maxTiles: 0 }), InvalidInputError);
  assert.throws(() => tileGrid(10, 10, { minTiles: 5, maxTiles: 4 }), /options\.maxTiles/);
  assert.throws(() => tileGrid(10, 10, { tileSize: -1 }), /options\.tileSize/);
});
