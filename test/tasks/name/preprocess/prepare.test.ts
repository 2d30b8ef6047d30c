/**
 * prepareRegions and regionPixels end to end against the oracle: tiles, per-region pixels (crop of
 * the tiled image, Pillow bicubic, normalised), boxes, selectors and token counts; and bad input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../../src/core/errors.js';
import type { Mask } from '../../../../src/core/mask.js';
import { prepareRegions } from '../../../../src/tasks/name/preprocess/prepare.js';
import { regionPixels } from '../../../../src/tasks/name/preprocess/region-pixels.js';
import { blobMask, seededRandom } from '../../../helpers/random.js';
import {
  decodeBytes,
  decodeFloats,
  imageCase,
  maskCase,
  maxAbsDiff,
  oracle,
  pixelMask,
  randomImage,
  rectMask,
  type RegionResult,
  type TileResult,
} from './oracle.js';

const S = 28;

test('prepareRegions matches the reference pipeline: tiles, region pixels, boxes and selectors', () => {
  const random = seededRandom(19);
  const inputs = ([[130, 70], [40, 90]] as const).map(([width, height]) => ({
    width,
    height,
    image: randomImage(width, height, random),
    masks: [
      blobMask(height, width, 2, random),
      blobMask(height, width, 1, random),
      rectMask(width, height, [0, 0, width, height]),
      rectMask(width, height, [width - 4, height - 3, width, height]),
      pixelMask(width, height, [[3, 4], [5, 4], [4, 6]]),
    ],
  }));
  // Two oracle calls in all: starting torch dominates the cost.
  const tiled = oracle<TileResult>(inputs.map(({ image }) => ({ op: 'tile', ...imageCase(image), maxTiles: 12, tileSize: S, thumbnail: true })));
  const regions = oracle<{ regions: RegionResult[] }>(
    inputs.map(({ masks }, k) => {
      const resized = { width: tiled[k]!.cols * S, height: tiled[k]!.rows * S, data: decodeBytes(tiled[k]!.resized) };
      return { op: 'region', ...imageCase(resized), masks: masks.map(maskCase), scale: 2, grid: 16, tileSize: S };
    }),
  );
  inputs.forEach(({ width, height, image, masks }, k) => {
    const prepared = prepareRegions(image, masks, { tileSize: S });
    const wantTiles = decodeFloats(tiled[k]!.normalized);
    assert.equal(prepared.tileCount, tiled[k]!.tiles.length);
    assert.equal(prepared.tiles.length, wantTiles.length);
    assert.ok(maxAbsDiff(prepared.tiles, wantTiles) <= 1e-6);
    prepared.regions.forEach((region, i) => {
      const expected = regions[k]!.regions[i]!;
      const label = `${width}×${height} mask ${i}`;
      if ('empty' in expected) return assert.fail(`${label} should not be empty`);
      assert.deepEqual(region.box, expected.box, label);
      assert.equal(region.tokenCount, region.selector.reduce((s, v) => s + v, 0));
      if (expected.selector.includes(1)) assert.deepEqual([...region.selector], expected.selector, label);
      else assert.equal(region.tokenCount, 1, `${label}: zero-cell rule`);
      const want = decodeFloats(expected.pixels);
      assert.equal(region.pixels.length, 3 * S * S);
      assert.ok(maxAbsDiff(region.pixels, want) <= 1e-6, `${label}: pixels differ by ${maxAbsDiff(region.pixels, want)}`);
    });
  });
});

test('regionPixels returns a crop of exactly tileSize unchanged and rejects boxes outside the image', () => {
  const image = randomImage(60, 40, seededRandom(23));
  const same = regionPixels(image, [10, 5, 10 + S, 5 + S], { tileSize: S });
  assert.deepEqual(same.data.subarray(0, 3), image.data.subarray((5 * 60 + 10) * 3, (5 * 60 + 10) * 3 + 3));
  assert.throws(() => regionPixels(image, [0, 0, 61, 10], { tileSize: S }), /box/);
  assert.throws(() => regionPixels(image, [5, 5, 5, 10], { tileSize: S }), /box/);
});

test('prepareRegions rejects a mask of another size and a mask that is empty at the tiled size', () => {
  const image = randomImage(60, 40, seededRandom(29));
  assert.throws(
    () => prepareRegions(image, [pixelMask(60, 41, [[1, 1]])], { tileSize: S }),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'masks[0]',
  );
  assert.throws(
    () => prepareRegions(image, [pixelMask(60, 40, [[1, 1]]), pixelMask(60, 40, [])], { tileSize: S }),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'masks[1]',
  );
  // 39×39 stays one 28×28 tile (area 1521 ≤ 0.5 · 28² · 4, so the 2×2 tie is not taken); rows and
  // columns are sampled at floor(d × 39 / 28) ≤ 37, so pixel (38, 38) is lost.
  const square = randomImage(39, 39, seededRandom(31));
  const lost = pixelMask(39, 39, [[38, 38]]);
  assert.throws(() => prepareRegions(square, [lost], { tileSize: S }), /masks\[0\]/);
  assert.throws(() => prepareRegions(image, 'no' as unknown as Mask[]), InvalidInputError);
});
