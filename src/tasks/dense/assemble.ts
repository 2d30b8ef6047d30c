/**
 * ROSE's dense assembly: named candidate masks, possibly overlapping, become one complete,
 * non-overlapping panoptic map, the most object-like candidate winning every contested pixel.
 */
import { checkOptions } from '../../core/bitmap/args.js';
import { InvalidInputError } from '../../core/errors.js';
import { assertMask, maskArea, type Mask } from '../../core/mask.js';
import { checkName, measureSegments, type DensePanoptic, type DenseSegment } from './dense-map.js';

export interface NamedCandidate {
  mask: Mask;
  /** Higher claims first; usually the `objectness` score. */
  objectness: number;
  name: string;
  isthing: boolean;
}

export interface AssembleOptions {
  /**
   * A candidate keeping less than this fraction of its own area is dropped (default 0.5): it was
   * mostly covered by better candidates, so what is left of it is a sliver, not the region it proposed.
   */
  minVisibleFraction?: number;
  /** A candidate keeping fewer pixels than this is dropped (default 1, so nothing empty is kept; at least 1). */
  minArea?: number;
}

export const ASSEMBLE_DEFAULTS = { minVisibleFraction: 0.5, minArea: 1 } as const;

/**
 * Candidates are visited once, by objectness descending, then larger mask area, then lower index.
 * Each claims its pixels that no kept candidate holds yet; if what it would keep is below
 * `minArea` or below `minVisibleFraction` × its own area, it is dropped and claims nothing — those
 * pixels stay free, so a later (lower-ranked) candidate may take them, and any pixel nobody takes
 * is void (0). Kept candidates get ids 1…K in the order they were kept.
 */
export function assemblePanoptic(candidates: readonly NamedCandidate[], options: AssembleOptions = {}): DensePanoptic {
  const { minVisibleFraction, minArea } = checkAssembleOptions(options);
  const areas = checkCandidates(candidates);
  const { height, width } = candidates[0]!.mask;
  const order = candidates.map((_, i) => i);
  order.sort((a, b) => candidates[b]!.objectness - candidates[a]!.objectness || areas[b]! - areas[a]! || a - b);

  const ids = new Int32Array(height * width);
  const kept: number[] = [];
  for (const index of order) {
    const mask = candidates[index]!.mask.data;
    let visible = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i] === 1 && ids[i] === 0) visible++;
    if (visible < minArea || visible < minVisibleFraction * areas[index]!) continue;
    kept.push(index);
    const id = kept.length;
    for (let i = 0; i < mask.length; i++) if (mask[i] === 1 && ids[i] === 0) ids[i] = id;
  }

  const stats = measureSegments(ids, width, 'ids');
  const segments = kept.map((sourceIndex, k): DenseSegment => {
    const { name, isthing } = candidates[sourceIndex]!;
    const { area, bbox } = stats.get(k + 1)!;
    return { id: k + 1, sourceIndex, name, isthing, area, bbox };
  });
  return { height, width, ids, segments };
}

function checkAssembleOptions(options: AssembleOptions): Required<AssembleOptions> {
  checkOptions(options, 'options');
  const minVisibleFraction = options.minVisibleFraction ?? ASSEMBLE_DEFAULTS.minVisibleFraction;
  const minArea = options.minArea ?? ASSEMBLE_DEFAULTS.minArea;
  if (typeof minVisibleFraction !== 'number' || !(minVisibleFraction >= 0 && minVisibleFraction <= 1)) {
    throw new InvalidInputError('options.minVisibleFraction', 'a number in [0, 1]', `got ${String(minVisibleFraction)}`);
  }
  // An empty segment cannot be written: COCO panoptic lists only ids that some pixel carries.
  if (!Number.isInteger(minArea) || minArea < 1) {
    throw new InvalidInputError('options.minArea', 'an integer ≥ 1 (pixels)', `got ${String(minArea)}`);
  }
  return { minVisibleFraction, minArea };
}

/** Checks every candidate and that all masks share one size; returns the mask areas. */
function checkCandidates(candidates: readonly NamedCandidate[]): number[] {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new InvalidInputError('candidates', "a non-empty array (the masks give the map's size)");
  }
  return candidates.map((candidate, i) => {
    const at = `candidates[${i}]`;
    if (typeof candidate !== 'object' || candidate === null) {
      throw new InvalidInputError(at, 'an object { mask, objectness, name, isthing }');
    }
    assertMask(candidate.mask, `${at}.mask`);
    const first = candidates[0]!.mask;
    if (i === 0 && first.height * first.width === 0) {
      throw new InvalidInputError(`${at}.mask`, 'at least one pixel', `it is ${first.width}×${first.height}`);
    }
    if (candidate.mask.height !== first.height || candidate.mask.width !== first.width) {
      throw new InvalidInputError(`${at}.mask`, `the size of candidates[0].mask (${first.width}×${first.height})`, `got ${candidate.mask.width}×${candidate.mask.height}`);
    }
    if (typeof candidate.objectness !== 'number' || !Number.isFinite(candidate.objectness)) {
      throw new InvalidInputError(`${at}.objectness`, 'a finite number', `got ${String(candidate.objectness)}`);
    }
    checkName(candidate.name, `${at}.name`);
    if (typeof candidate.isthing !== 'boolean') {
      throw new InvalidInputError(`${at}.isthing`, 'true or false', `got ${String(candidate.isthing)}`);
    }
    return maskArea(candidate.mask);
  });
}
