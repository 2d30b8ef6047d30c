/**
 * evaluateCocoAp: COCO mask AP exactly as pycocotools' COCOeval(iouType='segm') computes it —
 * evaluate, accumulate, summarize — on in-memory ground truth and results.
 */
import type { CocoInstances, CocoResult } from '../../core/formats/index.js';
import { accumulate } from './accumulate.js';
import { Outcomes } from './collect.js';
import { matchUnit } from './match.js';
import { resolveParams, type Params } from './params.js';
import { prepare } from './prepare.js';
import { screenResults, type Screened } from './screen.js';
import { summarize } from './summarize.js';
import type { CocoApOptions, CocoApResult } from './types.js';

/**
 * Mask AP of `results` against `gt`. Every image and category of `gt` takes part (COCOeval's
 * default imgIds and catIds). Throws an InvalidInputError naming the record for a prediction of
 * an unknown image or category, an RLE of the wrong size or a repeated id, unless `lenient`.
 */
export function evaluateCocoAp(gt: CocoInstances, results: readonly CocoResult[], options: CocoApOptions = {}): CocoApResult {
  const params = resolveParams(options);
  const screened = screenResults(results, gt, options.lenient ?? false, options.source);
  return evaluateScreened(gt, results, screened, params, options);
}

/** The evaluation after screening: records with a skip reason are left out. */
export function evaluateScreened(
  gt: CocoInstances,
  results: readonly CocoResult[],
  { reasons, skipped }: Screened,
  params: Params,
  options: Pick<CocoApOptions, 'source' | 'onProgress'>,
): CocoApResult {
  const skip = reasons.map((reason) => reason !== undefined);
  const prepared = prepare(gt, results, skip, params.useCats, options.source);
  const K = params.useCats ? prepared.categoryIds.length : 1;
  const T = params.iouThresholds.length;
  const A = params.areaRanges.length;
  const collected = new Outcomes(prepared.detections, K, A, T);
  const maxDet = params.maxDets[params.maxDets.length - 1]!;
  prepared.units.forEach((unit, done) => {
    collected.add(unit.group, matchUnit(unit, params.iouThresholds, params.areaRanges, maxDet));
    options.onProgress?.(done + 1, prepared.units.length);
  });
  collected.finish();
  const accumulated = accumulate(collected, params.recallThresholds, params.maxDets);
  const names = new Map(gt.categories.map((category) => [category.id, category.name]));
  const groundTruths = countGroundTruths(gt, prepared.categoryIds);
  return {
    stats: summarize(accumulated, params, K),
    perCategory: params.useCats
      ? prepared.categoryIds.map((categoryId, k) => ({
          categoryId,
          name: names.get(categoryId) ?? '',
          groundTruths: groundTruths[k]!,
          stats: summarize(accumulated, params, K, [k]),
        }))
      : [],
    precision: accumulated.precision,
    recall: accumulated.recall,
    params: {
      useCats: params.useCats,
      iouThresholds: params.iouThresholds,
      recallThresholds: params.recallThresholds,
      categoryIds: params.useCats ? prepared.categoryIds : [-1],
      areaRanges: params.areaRanges,
      maxDets: params.maxDets,
    },
    counts: { images: prepared.imageIds.length, groundTruths: prepared.groundTruths, detections: prepared.detections },
    skipped,
  };
}

function countGroundTruths(gt: CocoInstances, categoryIds: readonly number[]): number[] {
  const index = new Map(categoryIds.map((id, k) => [id, k]));
  const counts = categoryIds.map(() => 0);
  for (const annotation of gt.annotations) {
    if (annotation.iscrowd !== 1) counts[index.get(annotation.category_id)!]!++;
  }
  return counts;
}
