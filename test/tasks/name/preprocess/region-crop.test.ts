/**
 * regionCrop and resizeMaskToImage against the oracle's mask2token (boxes and raw 16×16 selectors)
 * on hand-made masks and random ones, plus the zero-cell rule and bad input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../../src/core/errors.js';
import type { Mask } from '../../../../src/core/mask.js';
import { regionCrop, resizeMaskToImage } from '../../../../src/tasks/name/preprocess/region-crop.js';
import { blobMask, noiseMask, seededRandom } from '../../../helpers/random.js';
import { imageCase, maskCase, oracle, pixelMask, randomImage, rectMask, type RegionResult } from './oracle.js';

const W = 96;
const H = 64;
const handMade: [string, Mask][] = [
  ['single pixel centre', pixelMask(W, H, [[40, 30]])],
  ['single pixel top-left', pixelMask(W, H, [[0, 0]])],
  ['single pixel top-right', pixelMask(W, H, [[W - 1, 0]])],
  ['single pixel bottom-left', pixelMask(W, H, [[0, H - 1]])],
  ['single pixel bottom-right', pixelMask(W, H, [[W - 1, H - 1]])],
  ['full image', rectMask(W, H, [0, 0, W, H])],
  ['corner block top-left', rectMask(W, H, [0, 0, 7, 5])],
  ['corner block bottom-right', rectMask(W, H, [W - 9, H - 4, W, H])],
  ['corner block top-right', rectMask(W, H, [W - 6, 0, W, 6])],
  ['corner block bottom-left', rectMask(W, H, [0, H - 10, 3, H])],
  ['left border strip', rectMask(W, H, [0, 10, 2, 50])],
  ['bottom border strip', rectMask(W, H, [20, H - 1, 80, H])],
  ['horizontal line', rectMask(W, H, [5, 31, 90, 32])],
  ['vertical line', rectMask(W, H, [47, 2, 48, 60])],
  ['diagonal line', pixelMask(W, H, Array.from({ length: 60 }, (_, i) => [i + 10, i] as [number, number]))],
  ['two far pixels', pixelMask(W, H, [[3, 60], [90, 2]])],
  ['odd box', rectMask(W, H, [10, 11, 23, 18])],
  ['even box', rectMask(W, H, [10, 11, 24, 19])],
  ['wider than half', rectMask(W, H, [20, 20, 70, 30])],
  ['taller than half', rectMask(W, H, [60, 1, 64, 62])],
];

interface RegionRun {
  masks: [string, Mask][];
  scale: number;
  grid: number;
}

/** One oracle call for all runs: starting torch dominates the cost. */
function compare(image: { width: number; height: number; data: Uint8Array }, runs: RegionRun[]): void {
  const results = oracle<{ regions: RegionResult[] }>(
    runs.map(({ masks, scale, grid }) => ({ op: 'region', ...imageCase(image), masks: masks.map(([, m]) => maskCase(m)), scale, grid, tileSize: 28 })),
  );
  runs.forEach((run, k) => compareRun(image, run, results[k]!.regions));
}

function compareRun(image: { width: number; height: number }, { masks, scale, grid }: RegionRun, results: RegionResult[]): void {
  masks.forEach(([name, mask], i) => {
    const expected = results[i]!;
    const resized = resizeMaskToImage(mask, image.width, image.height);
    if ('empty' in expected) {
      assert.throws(() => regionCrop(resized, { contextScale: scale, grid }), InvalidInputError, name);
      return;
    }
    const { box, selector } = regionCrop(resized, { contextScale: scale, grid });
    assert.deepEqual(box, expected.box, `${name} (scale ${scale}): box`);
    if (expected.selector.includes(1)) {
      assert.deepEqual([...selector], expected.selector, `${name} (scale ${scale}): selector`);
    } else {
      // The reference keeps zero tokens here; owseg's rule sets exactly one cell.
      assert.equal(selector.reduce((s, v) => s + v, 0), 1, `${name}: zero-cell rule`);
    }
  });
}

test('hand-made masks: boxes and selectors match the reference at scales 2, 2.5, 1 and 3.3', () => {
  const image = randomImage(W, H, seededRandom(3));
  compare(image, [2, 2.5, 1, 3.3].map((scale) => ({ masks: handMade, scale, grid: 16 })));
});

test('random masks of other sizes, resized to the tiled image first, match the reference', () => {
  const random = seededRandom(5);
  const image = randomImage(112, 56, random);
  const masks: [string, Mask][] = [];
  for (let i = 0; i < 40; i++) {
    const h = 20 + Math.floor(random() * 150);
    const w = 20 + Math.floor(random() * 150);
    masks.push([`blob ${i} (${w}×${h})`, blobMask(h, w, 1 + Math.floor(random() * 3), random)]);
    masks.push([`noise ${i} (${w}×${h})`, noiseMask(h, w, 0.002 + random() * 0.02, random)]);
  }
  compare(image, [
    { masks, scale: 2, grid: 16 },
    { masks: masks.slice(0, 20), scale: 2.5, grid: 8 },
  ]);
});

test('resizeMaskToImage samples floor(d × in / out), as F.interpolate nearest does', () => {
  const mask = pixelMask(3, 1, [[1, 0]]);
  assert.deepEqual([...resizeMaskToImage(mask, 6, 1).data], [0, 0, 1, 1, 0, 0]);
  assert.deepEqual([...resizeMaskToImage(pixelMask(4, 1, [[1, 0]]), 2, 1).data], [0, 0]);
});

test('zero-cell rule: a thin mask missed by every sample gets the cell under its largest component', () => {
  const mask = rectMask(W, H, [34, 0, 35, H]); // one column, full height
  const { box, selector } = regionCrop(mask, { grid: 16 });
  assert.deepEqual(box, [0, 0, W, H]);
  // Crop = whole image (96 wide): columns sampled are floor(d × 6) = 0, 6, …, 30, 36: 34 is missed.
  assert.equal(selector.reduce((s, v) => s + v, 0), 1);
  // Largest component: the column, box centre (34.5, 32) in pixel-edge terms; pixels (34, 31) and
  // (34, 32) are equally near and raster order picks (34, 31) → cell (floor(34·16/96), floor(31·16/64)) = (5, 7).
  assert.equal(selector[7 * 16 + 5], 1);
});

test('zero-cell rule prefers the largest component over a smaller one', () => {
  const pixels: [number, number][] = [[34, 10], [35, 11]]; // a 2-pixel diagonal component
  for (let y = 40; y < 45; y++) pixels.push([76, y]); // a 5-pixel vertical component
  const mask = pixelMask(W, H, pixels);
  const { box, selector } = regionCrop(mask, { grid: 16, contextScale: 1 });
  const crop = { width: box[2] - box[0], height: box[3] - box[1] };
  const ones = [...selector].flatMap((v, i) => (v ? [i] : []));
  assert.equal(ones.length, 1, `box ${box.join(',')}`);
  // Pixel (76, 42) in crop coordinates.
  const col = Math.floor(((76 - box[0]) * 16) / crop.width);
  const row = Math.floor(((42 - box[1]) * 16) / crop.height);
  assert.deepEqual(ones, [row * 16 + col]);
});

test('regionCrop rejects an empty mask and bad options', () => {
  assert.throws(() => regionCrop(pixelMask(10, 10, [])), (e: unknown) => e instanceof InvalidInputError && e.field === 'mask');
  const mask = pixelMask(10, 10, [[5, 5]]);
  assert.throws(() => regionCrop(mask, { contextScale: 0.5 }), /options\.contextScale/);
  assert.throws(() => regionCrop(mask, { contextScale: Number.NaN }), /options\.contextScale/);
  assert.throws(() => regionCrop(mask, { grid: 0 }), /options\.grid/);
  assert.throws(() => regionCrop({ width: 2, height: 2, data: new Uint8Array(3) }), InvalidInputError);
});
