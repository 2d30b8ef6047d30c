/**
 * tileImage and normalizeTiles against the oracle: the resized image, every tile and the thumbnail
 * byte for byte, and the normalised tensor (float32, expected bit-identical; asserted within 1e-6).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../../src/core/errors.js';
import { normalizeTiles } from '../../../../src/tasks/name/preprocess/normalize.js';
import { tileImage } from '../../../../src/tasks/name/preprocess/tile-image.js';
import { seededRandom } from '../../../helpers/random.js';
import { decodeBytes, decodeFloats, imageCase, maxAbsDiff, oracle, randomImage, type TileResult } from './oracle.js';

const random = seededRandom(11);
const cases = [
  { width: 90, height: 45, maxTiles: 12, tileSize: 28, thumbnail: true },
  { width: 45, height: 90, maxTiles: 12, tileSize: 28, thumbnail: true },
  { width: 37, height: 37, maxTiles: 12, tileSize: 28, thumbnail: true },
  { width: 200, height: 31, maxTiles: 12, tileSize: 14, thumbnail: true },
  { width: 5, height: 3, maxTiles: 6, tileSize: 28, thumbnail: true },
  { width: 123, height: 77, maxTiles: 4, tileSize: 56, thumbnail: false },
  { width: 640, height: 480, maxTiles: 12, tileSize: 28, thumbnail: true },
  { width: 700, height: 350, maxTiles: 12, tileSize: 448, thumbnail: true },
].map((c) => ({ ...c, image: randomImage(c.width, c.height, random) }));

test('tiles, resized image and thumbnail are byte-identical to Pillow; normalised tensors match torch', () => {
  const results = oracle<TileResult>(cases.map((c) => ({ op: 'tile', ...imageCase(c.image), maxTiles: c.maxTiles, tileSize: c.tileSize, thumbnail: c.thumbnail })));
  cases.forEach((c, k) => {
    const expected = results[k]!;
    const label = `${c.width}×${c.height} max ${c.maxTiles} S ${c.tileSize}`;
    const tiled = tileImage(c.image, c);
    assert.deepEqual([tiled.grid.cols, tiled.grid.rows], [expected.cols, expected.rows], label);
    assert.deepEqual([tiled.resized.width, tiled.resized.height], [expected.cols * c.tileSize, expected.rows * c.tileSize], label);
    assert.deepEqual(tiled.resized.data, decodeBytes(expected.resized), `${label}: resized`);
    assert.equal(tiled.tiles.length, expected.tiles.length, label);
    tiled.tiles.forEach((tile, i) => {
      assert.deepEqual([tile.width, tile.height], [c.tileSize, c.tileSize]);
      assert.deepEqual(tile.data, decodeBytes(expected.tiles[i]!), `${label}: tile ${i}`);
    });
    const normalized = normalizeTiles(tiled.tiles, { tileSize: c.tileSize });
    const want = decodeFloats(expected.normalized);
    assert.equal(normalized.length, want.length, label);
    assert.ok(maxAbsDiff(normalized, want) <= 1e-6, `${label}: normalised differs by ${maxAbsDiff(normalized, want)}`);
  });
});

test('one tile means no thumbnail; more than one appends it last', () => {
  const square = tileImage(randomImage(30, 30, random), { tileSize: 28 });
  assert.equal(square.tiles.length, 1);
  const wide = tileImage(randomImage(60, 30, random), { tileSize: 28 });
  assert.equal(wide.tiles.length, 3);
  assert.equal(tileImage(randomImage(60, 30, random), { tileSize: 28, thumbnail: false }).tiles.length, 2);
});

test('normalizeTiles resizes a tile of another size first and rejects bad input', () => {
  const small = randomImage(20, 13, random);
  const tensor = normalizeTiles([small], { tileSize: 28 });
  assert.equal(tensor.length, 3 * 28 * 28);
  assert.throws(() => normalizeTiles([{ width: 2, height: 2, data: new Uint8Array(3) }], { tileSize: 28 }), /tiles\[0\]\.data/);
  assert.throws(() => normalizeTiles([], { tileSize: 0 }), InvalidInputError);
  assert.throws(() => tileImage({ width: 0, height: 1, data: new Uint8Array(0) }), InvalidInputError);
});
