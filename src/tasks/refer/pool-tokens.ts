/**
 * RAS's mask average pooling on InternVL: one mask token per mask, the image tokens of the whole
 * image's grid tiles averaged with the mask's coverage of each token's cell as weights.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Mask } from '../../core/mask.js';
import type { TileGrid } from '../name/preprocess/index.js';
import { cellCoverage } from './cell-coverage.js';

export interface TileTokens {
  /** Image tokens of the whole image, [tiles × grid², hidden] row-major: grid tiles in raster order first (a thumbnail after them is not used). */
  tokens: Float32Array;
  tiles: TileGrid;
  /** Token cells per tile side (16 for InternVL3 at 448 px). */
  grid: number;
  hidden: number;
}

/**
 * The pooled token of `mask` (of the image's size): Σ coverage · token / Σ coverage over every
 * token cell of the tiled image. The tiles cover the whole image (resized without keeping aspect),
 * so cell (cx, cy) of the cols·grid × rows·grid lattice is a rectangle of the original image.
 * RAS projects pooled vision features with a trained projector; no such weights are public, so
 * this pools the already projected image tokens, which live in the LLM's width.
 */
export function poolMaskToken(mask: Mask, image: TileTokens, field = 'mask'): Float32Array {
  const { tokens, tiles, grid, hidden } = image;
  const columns = tiles.cols * grid;
  const rows = tiles.rows * grid;
  if (tokens.length < tiles.cols * tiles.rows * grid * grid * hidden) {
    throw new InvalidInputError('image.tokens', `at least ${tiles.cols * tiles.rows} tiles × ${grid * grid} tokens × ${hidden}`, `got ${tokens.length} values`);
  }
  const coverage = cellCoverage(mask, columns, rows);
  const pooled = new Float64Array(hidden);
  let total = 0;
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < columns; cx++) {
      const weight = coverage[cy * columns + cx]!;
      if (weight === 0) continue;
      const tile = Math.floor(cy / grid) * tiles.cols + Math.floor(cx / grid);
      const row = tile * grid * grid + (cy % grid) * grid + (cx % grid);
      for (let d = 0; d < hidden; d++) pooled[d] = pooled[d]! + weight * tokens[row * hidden + d]!;
      total += weight;
    }
  }
  if (total === 0) throw new InvalidInputError(field, 'a mask with at least one pixel set', 'it is empty');
  return Float32Array.from(pooled, (value) => value / total);
}
