/**
 * The automatic mask generator's masks as owseg result regions, shared by every front end that
 * writes them (`owseg segment`, `refer`'s candidate pool, batch runs).
 */
import type { OwsegRegion } from '../../core/formats/owseg-result.js';
import { toBbox } from '../../core/rle/index.js';
import type { EverythingMask } from './generate.js';

/**
 * Regions numbered from 1. The file's bbox is the COCO box of the RLE (what the format requires);
 * SAM's own inclusive box, the prompt point and the crop go into `extra`. A stability score of
 * NaN (an empty mask, only with the filter off) is left out rather than written as null.
 */
export function everythingOwsegRegions(masks: readonly EverythingMask[]): OwsegRegion[] {
  return masks.map((mask, i) => ({
    id: i + 1,
    segmentation: mask.segmentation,
    bbox: toBbox(mask.segmentation),
    area: mask.area,
    predictedIou: mask.predictedIou,
    ...(Number.isFinite(mask.stabilityScore) ? { stabilityScore: mask.stabilityScore } : {}),
    extra: { pointCoords: mask.pointCoords, cropBox: mask.cropBox, samBbox: mask.bbox },
  }));
}
