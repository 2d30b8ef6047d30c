/**
 * Task outputs as owseg result regions, one builder per task, shared by every front end (the
 * CLI's files, the server's answers, batch runs) so a region means the same wherever it is written.
 */
import { regionFromMask, type OwsegRegion } from '../core/formats/index.js';
import { toBbox } from '../core/rle/index.js';
import type { DenseResult } from '../tasks/dense/index.js';
import type { EverythingMask } from '../tasks/everything/index.js';
import type { GroundResult } from '../tasks/ground/index.js';
import type { NamedRegion } from '../tasks/name/index.js';
import type { ReferResult } from '../tasks/refer/index.js';

/**
 * An everything-mode mask: the file's bbox is the COCO box of the RLE (what the format requires);
 * SAM's own inclusive box, the prompt point and the crop go into `extra`. A stability score of NaN
 * (an empty mask, only with the filter off) is left out rather than written as null.
 */
export function everythingRegion(id: number, mask: EverythingMask): OwsegRegion {
  return {
    id,
    segmentation: mask.segmentation,
    bbox: toBbox(mask.segmentation),
    area: mask.area,
    predictedIou: mask.predictedIou,
    ...(Number.isFinite(mask.stabilityScore) ? { stabilityScore: mask.stabilityScore } : {}),
    extra: { pointCoords: mask.pointCoords, cropBox: mask.cropBox, samBbox: mask.bbox },
  };
}

/** `regions` with the names naming gave them, in order; an empty name is left out, the log-probability capped at 0. */
export function namedRegions(regions: readonly OwsegRegion[], named: readonly NamedRegion[]): OwsegRegion[] {
  return regions.map((region, i) => {
    const { name, logProb, tokens } = named[i]!;
    return {
      ...region,
      ...(name === '' ? {} : { name }),
      ...(Number.isFinite(logProb) ? { logProb: Math.min(0, logProb) } : {}),
      extra: { ...region.extra, nameTokens: tokens.length },
    };
  });
}

/** Every candidate of the pool with its probability as score, its logit and whether it was selected. */
export function referRegions(pool: readonly OwsegRegion[], result: ReferResult): OwsegRegion[] {
  return pool.map((region, i) => {
    const scored = result.candidates[i]!;
    return { ...region, score: scored.probability, extra: { ...region.extra, logit: scored.score, selected: scored.selected } };
  });
}

/** The answer when the pool is empty: nothing to choose, the empty group rather than an error. */
export function emptyReferResult(threshold: number, head: ReferResult['head'], maskTokens: ReferResult['maskTokens']): ReferResult {
  return { candidates: [], selected: [], empty: true, threshold, head, maskTokens };
}

/** One region per grounded entity, named by its phrase, with its prompt points and attention. */
export function groundRegions(result: GroundResult): OwsegRegion[] {
  return result.entities.map((entity, i) =>
    regionFromMask(i + 1, entity.mask, {
      name: entity.phrase,
      score: Math.min(1, Math.max(0, entity.score)),
      extra: { phrase: entity.phrase, head: entity.head, points: entity.points, labels: entity.labels, attention: entity.attention, ...(entity.box ? { box: entity.box } : {}) },
    }),
  );
}

/** One region per segment of the dense map. */
export function denseRegions(image: { width: number; height: number }, result: DenseResult): OwsegRegion[] {
  return result.regions.map((r) =>
    regionFromMask(r.id, { width: image.width, height: image.height, data: Uint8Array.from(result.map.ids, (id) => (id === r.id ? 1 : 0)) }, {
      name: r.name,
      score: Math.min(1, Math.max(0, r.score)),
      extra: { isthing: r.isthing, freeName: r.freeName, source: r.source, ...(r.categoryId === undefined ? {} : { categoryId: r.categoryId }) },
    }),
  );
}
