/**
 * Per-token attention laid out on the image: the grid tiles' cells side by side, the thumbnail's
 * cells upsampled over the same grid and mixed in, normalised to a maximum of 1.
 */
import { resizePlanes } from '../../../core/image/index.js';
import type { TileGrid } from '../../name/preprocess/index.js';
import type { AttentionMap } from '../prompts/attention-map.js';

/**
 * `values` holds grid² values per tile (raster order within a tile), the grid tiles first and the
 * thumbnail last when there is one. The result is (cols · grid) × (rows · grid): each part is scaled
 * to a maximum of 1, the thumbnail bilinearly upsampled (align-corners off, edges clamped), then
 * (1 − w) · tiles + w · thumbnail, scaled again to a maximum of 1.
 */
export function stitchTileMaps(values: Float64Array, tiles: TileGrid, grid: number, thumbnailWeight: number): AttentionMap {
  const width = tiles.cols * grid;
  const height = tiles.rows * grid;
  const tileMap = new Float64Array(width * height);
  for (let ty = 0; ty < tiles.rows; ty++) {
    for (let tx = 0; tx < tiles.cols; tx++) {
      const base = (ty * tiles.cols + tx) * grid * grid;
      for (let y = 0; y < grid; y++) for (let x = 0; x < grid; x++) tileMap[(ty * grid + y) * width + tx * grid + x] = values[base + y * grid + x]!;
    }
  }
  scaleToOne(tileMap);
  if (thumbnailWeight > 0) {
    const thumb = values.subarray(tiles.cols * tiles.rows * grid * grid, (tiles.cols * tiles.rows + 1) * grid * grid);
    const up = Float64Array.from(resizePlanes(Float32Array.from(thumb), 1, grid, grid, height, width, { filter: 'bilinear', convention: 'torch' }));
    scaleToOne(up);
    for (let i = 0; i < tileMap.length; i++) tileMap[i] = (1 - thumbnailWeight) * tileMap[i]! + thumbnailWeight * up[i]!;
    scaleToOne(tileMap);
  }
  return { width, height, data: Float32Array.from(tileMap) };
}

function scaleToOne(values: Float64Array): void {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] = values[i]! / max;
}
