/**
 * RAS mask pooling: cell coverage as exact area fractions against an independent rational-arithmetic
 * oracle, masks smaller than a cell, and the pooled token as the coverage-weighted mean of tile tokens.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { emptyMask, type Mask } from '../../../src/core/mask.js';
import { cellCoverage, poolMaskToken } from '../../../src/tasks/refer/index.js';
import { runOracle } from '../../helpers/python.js';
import { blobMask, noiseMask, rectangleMask, seededRandom } from '../../helpers/random.js';

describe('cellCoverage', () => {
  test('equals the exact-fraction oracle on masks and grids that do not align with pixels', () => {
    const random = seededRandom(31);
    const cases: { mask: Mask; columns: number; rows: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const height = 3 + Math.floor(random() * 40);
      const width = 3 + Math.floor(random() * 40);
      const mask = i % 3 === 0 ? noiseMask(height, width, 0.3, random) : blobMask(height, width, 2, random);
      cases.push({ mask, columns: 1 + Math.floor(random() * 12), rows: 1 + Math.floor(random() * 12) });
    }
    cases.push({ mask: rectangleMask(10, 10, [4, 4, 5, 5]), columns: 3, rows: 3 });
    cases.push({ mask: rectangleMask(7, 13, [0, 0, 13, 7]), columns: 4, rows: 5 });
    const { coverage } = runOracle<{ coverage: number[][] }>('refer_pool.py', {
      cases: cases.map(({ mask, columns, rows }) => ({ height: mask.height, width: mask.width, data: [...mask.data], columns, rows })),
    });
    cases.forEach(({ mask, columns, rows }, i) => {
      const ours = cellCoverage(mask, columns, rows);
      const worst = Math.max(...ours.map((v, k) => Math.abs(v - coverage[i]![k]!)));
      assert.ok(worst < 1e-12, `case ${i}: max |diff| ${worst}`);
    });
  });

  test('a one-pixel mask inside a 3 × 3 cell covers a ninth of it', () => {
    const coverage = cellCoverage(rectangleMask(6, 6, [1, 1, 2, 2]), 2, 2);
    assert.deepEqual([...coverage].map((v) => +v.toFixed(12)), [+(1 / 9).toFixed(12), 0, 0, 0]);
  });
});

describe('poolMaskToken', () => {
  const hidden = 2;
  // Two tiles side by side, 2 × 2 tokens each: token value = [tile, cell].
  const tokens = Float32Array.from({ length: 2 * 4 * hidden }, (_, k) => (k % hidden === 0 ? Math.floor(k / (4 * hidden)) : Math.floor(k / hidden) % 4));
  const image = { tokens, tiles: { cols: 2, rows: 1 }, grid: 2, hidden };

  test('a mask over one cell is that cell\'s token; over two equal halves, their mean', () => {
    // 8 × 4 image: cells are 2 × 2 pixels; tile 1, cell 3 is x 6–8, y 2–4.
    assert.deepEqual([...poolMaskToken(rectangleMask(4, 8, [6, 2, 8, 4]), image)], [1, 3]);
    const pooled = poolMaskToken(rectangleMask(4, 8, [2, 0, 6, 2]), image);
    assert.deepEqual([...pooled], [0.5, 0.5]);
  });

  test('a mask smaller than a cell still pools (its cells weighted by the share they hold)', () => {
    const pooled = poolMaskToken(rectangleMask(4, 8, [1, 1, 3, 2]), image);
    // One pixel in cell 0 and one in cell 1 of tile 0, each a quarter of its cell: equal weights.
    assert.deepEqual([...pooled], [0, 0.5]);
  });

  test('an empty mask is refused, naming it', () => {
    assert.throws(() => poolMaskToken(emptyMask(4, 8), image, 'candidates[3]'), (error: unknown) => error instanceof InvalidInputError && /candidates\[3\]: expected a mask with at least one pixel set/.test(error.message));
  });
});
