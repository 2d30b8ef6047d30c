/**
 * Step 3 of Segment Anyword's prompts: positive points inside a word's region, the attention peak
 * first, then points spread over the region so SAM sees the whole object and not just its centre.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { Mask } from '../../../core/mask.js';
import { assertAttentionMap, assertMaskOfMap, mapMaximum, type AttentionMap } from './attention-map.js';
import { extendFarthest, squaredDistance } from './farthest.js';
import { pixelCentre, type Point } from './points.js';

/** How positive points are placed; the paper's rule is the only one so far. */
export type PositiveRule = 'peak+farthest';

/**
 * k points (pixel centres) inside `region`. 'peak+farthest': the region's pixel of highest
 * attention (ties: first in raster order), then farthest-point sampling, each next pixel
 * maximising its smallest Euclidean distance to those already taken (ties: first in raster
 * order). A region of fewer than k pixels gives all its pixels, in that same order. A map that
 * is zero everywhere has no peak and is refused.
 */
export function samplePositivePoints(map: AttentionMap, region: Mask, k: number, rule: PositiveRule = 'peak+farthest'): Point[] {
  assertAttentionMap(map);
  mapMaximum(map, 'map');
  assertMaskOfMap(region, map, 'region');
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError('k', 'a positive integer', `got ${String(k)}`);
  if (rule !== 'peak+farthest') throw new InvalidInputError('rule', "'peak+farthest'", `got ${String(rule)}`);
  const candidates: number[] = [];
  for (let i = 0; i < region.data.length; i++) if (region.data[i] === 1) candidates.push(i);
  if (candidates.length === 0) throw new InvalidInputError('region', 'at least one foreground pixel');
  let peak = candidates[0]!;
  for (const i of candidates) if (map.data[i]! > map.data[peak]!) peak = i;
  const nearest = Float64Array.from(candidates, (i) => squaredDistance(i, peak, map.width));
  const chosen = [peak];
  extendFarthest(map.width, candidates, nearest, chosen, k);
  return chosen.map((i) => pixelCentre(i, map.width));
}
