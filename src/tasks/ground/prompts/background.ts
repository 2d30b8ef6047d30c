/**
 * Step 4 of Segment Anyword's prompts: negative points on the background when a sentence names a
 * single entity, so there is no other entity to push SAM away from.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { Mask } from '../../../core/mask.js';
import { assertAttentionMap, assertMaskOfMap, mapMaximum, type AttentionMap } from './attention-map.js';
import { extendFarthest } from './farthest.js';
import { pixelCentre, type Point } from './points.js';

/** Percentage of the candidate pixels that counts as the low-attention background. */
const LOW_PERCENT = 10;

/**
 * `count` (1…3) points in the map's lowest-attention area, away from `exclude` (the positive
 * region; it must be non-empty and must not cover the whole map). Candidates are the pixels
 * outside `exclude`; with n of them, the cut is the ⌈n / 10⌉-th smallest candidate value and the
 * low area is every candidate with a value ≤ the cut (ties at the cut included). Points are then
 * taken by farthest-point sampling seeded with `exclude`: each next pixel of the low area
 * maximises its smallest Euclidean distance to `exclude` and to the points already taken (ties:
 * first in raster order). A low area of fewer than `count` pixels gives all of them. A map that
 * is zero everywhere has no low area to speak of and is refused.
 */
export function backgroundNegatives(map: AttentionMap, count: number, exclude: Mask): Point[] {
  assertAttentionMap(map);
  mapMaximum(map, 'map');
  if (!Number.isInteger(count) || count < 1 || count > 3) {
    throw new InvalidInputError('count', 'an integer from 1 to 3', `got ${String(count)}`);
  }
  assertMaskOfMap(exclude, map, 'exclude');
  const outside: number[] = [];
  for (let i = 0; i < exclude.data.length; i++) if (exclude.data[i] === 0) outside.push(i);
  if (outside.length === exclude.data.length) throw new InvalidInputError('exclude', 'at least one pixel (the positive region)');
  if (outside.length === 0) throw new InvalidInputError('exclude', 'a region that leaves some of the map as background', 'it covers every pixel');
  const values = Float32Array.from(outside, (i) => map.data[i]!).sort();
  const rank = Math.ceil((outside.length * LOW_PERCENT) / 100);
  const cut = values[rank - 1]!;
  const low = outside.filter((i) => map.data[i]! <= cut);
  const nearest = squaredDistanceToRegion(low, exclude);
  const chosen: number[] = [];
  extendFarthest(map.width, low, nearest, chosen, count);
  return chosen.map((i) => pixelCentre(i, map.width));
}

/**
 * Each pixel's squared distance to the nearest pixel of `region`. Only the region's edge pixels
 * (with a 4-neighbour outside it) are compared: from any outside pixel, the nearest region pixel
 * is an edge pixel, since the neighbour one step towards the outside pixel would be nearer still.
 */
function squaredDistanceToRegion(pixels: readonly number[], region: Mask): Float64Array {
  const { width, height, data } = region;
  const edgeX: number[] = [];
  const edgeY: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (data[i] === 0) continue;
      const onEdge =
        (x > 0 && data[i - 1] === 0) ||
        (x + 1 < width && data[i + 1] === 0) ||
        (y > 0 && data[i - width] === 0) ||
        (y + 1 < height && data[i + width] === 0);
      if (onEdge) {
        edgeX.push(x);
        edgeY.push(y);
      }
    }
  }
  return Float64Array.from(pixels, (i) => {
    const x = i % width;
    const y = (i - x) / width;
    let best = Infinity;
    for (let e = 0; e < edgeX.length; e++) {
      const dx = x - edgeX[e]!;
      const dy = y - edgeY[e]!;
      const d = dx * dx + dy * dy;
      if (d < best) best = d;
    }
    return best;
  });
}
