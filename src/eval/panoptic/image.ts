/**
 * One image's contribution to PQ, as panopticapi's pq_compute_single_core: segment areas, the
 * gt×pred intersection table, matching at IoU > 0.5 with VOID removed from the union, crowd and VOID absorbing FPs.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { PanopticCategory, PanopticIdMap, PanopticSegment } from '../readers/panoptic.js';
import { countsFor, type PqClassCounts } from './counts.js';

/** One image in memory: id maps (0 = VOID) with the segments their ids refer to. */
export interface PqImage {
  /** How errors name the image, e.g. `image 139 (000000000139.png)`. */
  name: string;
  gt: { map: PanopticIdMap; segments: readonly PanopticSegment[] };
  pred: { map: PanopticIdMap; segments: readonly PanopticSegment[] };
}

const VOID = 0;
/** Segment ids are below 256³, so gt·2²⁴ + pred is an exact, unique pair key below 2⁴⁸. */
const OFFSET = 16777216;

/** Adds the image's TP/FP/FN/ΣIoU to `counts` (keyed by category id). */
export function addPqImage(
  counts: Map<number, PqClassCounts>,
  image: PqImage,
  categories: ReadonlyMap<number, PanopticCategory>,
): void {
  const { gt, pred, name } = image;
  if (gt.map.width !== pred.map.width || gt.map.height !== pred.map.height) {
    throw new InvalidInputError(
      `${name}: prediction PNG`,
      `the ground truth's size ${gt.map.width}×${gt.map.height}`,
      `got ${pred.map.width}×${pred.map.height}`,
    );
  }
  const intersections = intersect(gt.map.ids, pred.map.ids);
  const gtPixels = new Map<number, number>();
  const predPixels = new Map<number, number>();
  for (const [key, pixels] of intersections) {
    const g = Math.floor(key / OFFSET);
    const p = key - g * OFFSET;
    gtPixels.set(g, (gtPixels.get(g) ?? 0) + pixels);
    predPixels.set(p, (predPixels.get(p) ?? 0) + pixels);
  }
  const gtSegments = checkSegments(gt.segments, gtPixels, categories, `${name}: ground truth`);
  const predSegments = checkSegments(pred.segments, predPixels, categories, `${name}: prediction`);

  // panopticapi takes ground-truth areas from the JSON and prediction areas from the PNG.
  const gtArea = (segment: PanopticSegment) => segment.area ?? gtPixels.get(segment.id)!;
  const voidOf = (predId: number) => intersections.get(VOID * OFFSET + predId) ?? 0;

  const gtMatched = new Set<number>();
  const predMatched = new Set<number>();
  for (const [key, intersection] of intersections) {
    const g = gtSegments.get(Math.floor(key / OFFSET));
    const p = predSegments.get(key % OFFSET);
    if (!g || !p || g.iscrowd || g.categoryId !== p.categoryId) continue;
    const union = predPixels.get(p.id)! + gtArea(g) - intersection - voidOf(p.id);
    const iou = intersection / union;
    if (iou > 0.5) {
      const entry = countsFor(counts, g.categoryId);
      entry.tp += 1;
      entry.iou += iou;
      gtMatched.add(g.id);
      predMatched.add(p.id);
    }
  }

  // Only one crowd region per category counts: panopticapi keeps the last one in segments_info order.
  const crowdOf = new Map<number, number>();
  for (const segment of gtSegments.values()) {
    if (gtMatched.has(segment.id)) continue;
    if (segment.iscrowd) crowdOf.set(segment.categoryId, segment.id);
    else countsFor(counts, segment.categoryId).fn += 1;
  }
  for (const segment of predSegments.values()) {
    if (predMatched.has(segment.id)) continue;
    let ignored = voidOf(segment.id);
    const crowd = crowdOf.get(segment.categoryId);
    if (crowd !== undefined) ignored += intersections.get(crowd * OFFSET + segment.id) ?? 0;
    // A prediction mostly on VOID or on a crowd region of its class is not counted as a false positive.
    if (ignored / predPixels.get(segment.id)! > 0.5) continue;
    countsFor(counts, segment.categoryId).fp += 1;
  }
}

/** Pixel counts of every (gt id, pred id) pair; runs of equal pairs are counted with one map update. */
function intersect(gtIds: Uint32Array, predIds: Uint32Array): Map<number, number> {
  const table = new Map<number, number>();
  const n = gtIds.length;
  let i = 0;
  while (i < n) {
    const g = gtIds[i]!;
    const p = predIds[i]!;
    let j = i + 1;
    while (j < n && gtIds[j] === g && predIds[j] === p) j++;
    const key = g * OFFSET + p;
    table.set(key, (table.get(key) ?? 0) + (j - i));
    i = j;
  }
  return table;
}

/**
 * panopticapi's sanity checks (every non-VOID id of the PNG is in the JSON, every JSON segment is
 * in the PNG, every category is known), applied to the ground truth as well as the prediction.
 */
function checkSegments(
  segments: readonly PanopticSegment[],
  pixels: ReadonlyMap<number, number>,
  categories: ReadonlyMap<number, PanopticCategory>,
  where: string,
): Map<number, PanopticSegment> {
  const byId = new Map<number, PanopticSegment>();
  for (const segment of segments) {
    if (byId.has(segment.id)) {
      throw new InvalidInputError(`${where} segment ${segment.id}`, 'a segment id used once per image', 'it is repeated');
    }
    if (!categories.has(segment.categoryId)) {
      throw new InvalidInputError(
        `${where} segment ${segment.id}`,
        'a category_id listed in the ground truth categories',
        `unknown category_id ${segment.categoryId}`,
      );
    }
    if (!pixels.has(segment.id)) {
      throw new InvalidInputError(`${where} segment ${segment.id}`, 'a segment present in the PNG', 'it is in the JSON but no pixel has its id');
    }
    byId.set(segment.id, segment);
  }
  for (const id of pixels.keys()) {
    if (id !== VOID && !byId.has(id)) {
      throw new InvalidInputError(`${where} segment ${id}`, 'a segment listed in the JSON segments_info', 'it is in the PNG but not in the JSON');
    }
  }
  return byId;
}
