/**
 * From attention to word maps: tokens assigned to the words they spell (multi-byte characters
 * included), tile maps stitched in raster order, the thumbnail upsampled as torch's bilinear.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stitchTileMaps, tokenWords } from '../../../src/tasks/ground/index.js';
import type { Word } from '../../../src/tasks/ground/index.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';

/** A byte-level tokenizer that splits a string into fixed-size byte chunks, as BPE may. */
function byteChunks(text: string, size: number): { ids: number[]; decode: (ids: number[]) => string } {
  const bytes = Buffer.from(text, 'utf8');
  const ids = Array.from({ length: Math.ceil(bytes.length / size) }, (_, k) => k);
  return { ids, decode: (chosen) => Buffer.concat(chosen.map((k) => bytes.subarray(k * size, (k + 1) * size))).toString('utf8') };
}

const words = (text: string): Word[] => [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m, index) => ({ index, text: m[0], start: m.index!, end: m.index! + m[0].length }));

describe('tokenWords', () => {
  test('each token goes to the word it overlaps most; spaces and punctuation to none', () => {
    const text = 'the red dog, left';
    const { ids, decode } = byteChunks(text, 4);
    // "the " "red " "dog," " lef" "t"
    assert.deepEqual(tokenWords(ids, words(text), decode), [0, 1, 2, 3, 3]);
    const single = byteChunks('a  b', 1);
    assert.deepEqual(tokenWords(single.ids, words('a  b'), single.decode), [0, -1, -1, 1]);
  });

  test('a token ending inside a multi-byte character belongs to the word of that character', () => {
    const text = 'café au lait';
    const { ids, decode } = byteChunks(text, 4);
    // bytes: "caf\xc3" "\xa9 au" " lai" "t": the first token stops inside "é" and is café's; the
    // second finishes "é" but holds more of "au".
    assert.deepEqual(tokenWords(ids, words(text), decode), [0, 1, 2, 2]);
  });
});

describe('stitchTileMaps', () => {
  test('grid tiles side by side in raster order, scaled to a maximum of 1', () => {
    // 2 × 1 tiles of 2 × 2 cells: tile 0 holds 1…4, tile 1 holds 5…8.
    const map = stitchTileMaps(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), { cols: 2, rows: 1 }, 2, 0);
    assert.equal(map.width, 4);
    assert.equal(map.height, 2);
    assert.deepEqual([...map.data].map((v) => v * 8), [1, 2, 5, 6, 3, 4, 7, 8]);
  });

  test('the thumbnail is upsampled as torch bilinear (align_corners off) and mixed by its weight', () => {
    const random = seededRandom(4);
    const cases = [
      { cols: 3, rows: 2, grid: 4 },
      { cols: 1, rows: 4, grid: 3 },
      { cols: 2, rows: 2, grid: 16 },
    ];
    const values = cases.map(({ cols, rows, grid }) => Float64Array.from({ length: (cols * rows + 1) * grid * grid }, () => random()));
    const thumbnails = cases.map(({ cols, rows, grid }, i) => [...values[i]!.subarray(cols * rows * grid * grid)]);
    const { maps } = runOracle<{ maps: number[][] }>('ground_stitch.py', {
      cases: cases.map(({ cols, rows, grid }, i) => ({ grid, values: thumbnails[i], width: cols * grid, height: rows * grid })),
    });
    cases.forEach(({ cols, rows, grid }, i) => {
      const tilesOnly = stitchTileMaps(values[i]!, { cols, rows }, grid, 0);
      const mixed = stitchTileMaps(values[i]!, { cols, rows }, grid, 0.25);
      const upMax = Math.max(...maps[i]!);
      const expected = tilesOnly.data.map((v, k) => 0.75 * v + (0.25 * maps[i]![k]!) / upMax);
      const expectedMax = Math.max(...expected);
      const worst = Math.max(...mixed.data.map((v, k) => Math.abs(v - expected[k]! / expectedMax)));
      assert.ok(worst < 1e-6, `case ${i}: max |diff| ${worst}`);
    });
  });
});
