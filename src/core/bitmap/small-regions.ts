/**
 * segment-anything's `remove_small_regions` (utils/amg.py), used by the automatic mask generator's
 * optional clean-up: fill small holes or drop small islands, with OpenCV's labelling rules.
 */
import { InvalidInputError } from '../errors.js';
import { assertMask, type Mask } from '../mask.js';
import { checkNonNegativeNumber } from './args.js';
import { componentStats, connectedComponents } from './components.js';

export type SmallRegionMode = 'holes' | 'islands';

export interface SmallRegionResult {
  /** The cleaned mask; the input object itself when nothing changed. */
  readonly mask: Mask;
  /** Whether any region was below the threshold (the reference's flag, see below). */
  readonly changed: boolean;
}

/**
 * Reproduces segment-anything's `remove_small_regions(mask, area_thresh, mode)`:
 *
 * - The regions are the 8-connected components of the foreground (`'islands'`) or of the
 *   background (`'holes'`, so background touching the border counts too, and diagonal gaps join
 *   background regions). A region is small when its area is `< areaThresh`.
 * - No small region: the input is returned unchanged with `changed = false`.
 * - `'holes'`: small background regions become foreground.
 * - `'islands'`: small foreground regions are dropped. When every island is small the reference
 *   keeps the largest one instead of returning an empty mask; among equally large islands it keeps
 *   the one OpenCV labels first. OpenCV's 8-connected labelling scans 2 × 2 blocks (two rows at
 *   a time), so that is the island whose first block in that scan comes first, not necessarily
 *   the first in raster order.
 * - `changed` is true whenever a small region existed, even when keeping the largest island
 *   leaves the mask as it was (a single small island): the reference reports it that way.
 */
export function removeSmallRegions(mask: Mask, areaThresh: number, mode: SmallRegionMode): SmallRegionResult {
  assertMask(mask);
  checkNonNegativeNumber(areaThresh, 'areaThresh');
  if (mode !== 'holes' && mode !== 'islands') {
    throw new InvalidInputError('mode', "'holes' or 'islands'", `got ${String(mode)}`);
  }
  const holes = mode === 'holes';
  const working = holes ? { ...mask, data: mask.data.map((v) => 1 - v) } : mask;
  const components = connectedComponents(working, 8);
  const areas = componentStats(components).map((stat) => stat.area);
  if (!areas.some((area) => area < areaThresh)) return { mask, changed: false };
  // keep[label]: whether that region is foreground in the result (index 0 is unused).
  const keep = new Uint8Array(components.count + 1);
  for (let label = 1; label <= components.count; label++) {
    const small = areas[label - 1]! < areaThresh;
    keep[label] = holes === small ? 1 : 0;
  }
  if (!holes && !keep.includes(1)) keep[largestInOpenCvOrder(components.labels, components.width, areas)] = 1;
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) {
    const label = components.labels[i]!;
    // In 'holes' mode label 0 is the original foreground, which always stays.
    data[i] = label === 0 ? (holes ? 1 : 0) : keep[label]!;
  }
  return { mask: { height: mask.height, width: mask.width, data }, changed: true };
}

/** Label of the largest region, ties broken by OpenCV's 2 × 2-block scan order. */
function largestInOpenCvOrder(labels: Int32Array, width: number, areas: number[]): number {
  const largest = areas.reduce((a, b) => Math.max(a, b), 0);
  const blocksPerRow = Math.ceil(width / 2);
  let best = 0;
  let bestBlock = Infinity;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === 0 || areas[label - 1] !== largest) continue;
    const x = i % width;
    const y = (i - x) / width;
    const block = (y >> 1) * blocksPerRow + (x >> 1);
    if (block < bestBlock) {
      bestBlock = block;
      best = label;
    }
  }
  return best;
}
