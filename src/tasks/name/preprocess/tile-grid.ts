/**
 * InternVL's dynamic-resolution grid choice (`dynamic_preprocess` / `find_closest_aspect_ratio` in
 * internvl/train/dataset.py): which cols × rows of square tiles an image is resized to.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { assertPositiveInteger } from '../../../core/image/rgb-image.js';

export interface TileGridOptions {
  /** Fewest tiles; the reference always uses 1. */
  minTiles?: number;
  /** Most tiles; WOW-Seg evaluates with 12 (trains with 4). */
  maxTiles?: number;
  /** Tile side in pixels (448 for InternViT); only the tie-break reads it. */
  tileSize?: number;
}

export interface TileGrid {
  readonly cols: number;
  readonly rows: number;
}

/**
 * The tile grid for a `width` × `height` image, as the reference picks it: candidates are all
 * (cols, rows) with min ≤ cols·rows ≤ max, ordered by cols·rows; the one whose cols/rows is
 * closest to width/height wins, and on an exactly equal difference a later candidate replaces the
 * current best only if width·height > 0.5 · tileSize² · cols · rows (so large images move to the
 * grid with more tiles). Float64 arithmetic throughout, as Python's.
 *
 * The reference orders candidates of equal cols·rows by a Python set's iteration order. That order
 * never matters when minTiles = 1 (two equal-product candidates i/j < i'/j' always have the
 * strictly closer candidate i/j' between them); with minTiles > 1 we take them by ascending cols.
 */
export function tileGrid(width: number, height: number, options: TileGridOptions = {}): TileGrid {
  assertPositiveInteger(width, 'width');
  assertPositiveInteger(height, 'height');
  const { minTiles, maxTiles, tileSize } = checkTileGridOptions(options);
  const aspect = width / height;
  const area = width * height;
  let best: TileGrid = { cols: 1, rows: 1 };
  let bestDiff = Infinity;
  for (const candidate of candidateGrids(minTiles, maxTiles)) {
    const diff = Math.abs(aspect - candidate.cols / candidate.rows);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = candidate;
    } else if (diff === bestDiff && area > 0.5 * tileSize * tileSize * candidate.cols * candidate.rows) {
      best = candidate;
    }
  }
  return best;
}

/** Validated options with the reference's defaults filled in. */
export function checkTileGridOptions(options: TileGridOptions): Required<TileGridOptions> {
  const { minTiles = 1, maxTiles = 12, tileSize = 448 } = options ?? {};
  assertPositiveInteger(minTiles, 'options.minTiles');
  assertPositiveInteger(maxTiles, 'options.maxTiles');
  assertPositiveInteger(tileSize, 'options.tileSize');
  if (maxTiles < minTiles) {
    throw new InvalidInputError('options.maxTiles', `at least options.minTiles (${minTiles})`, `got ${maxTiles}`);
  }
  return { minTiles, maxTiles, tileSize };
}

function candidateGrids(minTiles: number, maxTiles: number): TileGrid[] {
  const grids: TileGrid[] = [];
  for (let cols = 1; cols <= maxTiles; cols++) {
    for (let rows = 1; cols * rows <= maxTiles; rows++) {
      if (cols * rows >= minTiles) grids.push({ cols, rows });
    }
  }
  // Array.prototype.sort is stable, so equal products stay in ascending-cols order.
  return grids.sort((a, b) => a.cols * a.rows - b.cols * b.rows);
}
