/**
 * The public shapes of COCO mask AP: options (COCOeval's Params under owseg names) and the result
 * (pycocotools' 12 summary numbers, per-category numbers, and the accumulated arrays).
 */

/** An object-area range with the label summarize() looks it up by ('all', 'small', 'medium', 'large'). */
export interface AreaRange {
  label: string;
  /** Inclusive bounds on the ground truth's `area` field and the detection's area, as COCOeval tests them. */
  min: number;
  max: number;
}

/** Why a prediction was left out in lenient mode (in strict mode each is an InvalidInputError). */
export type SkipReason = 'unknownImage' | 'unknownCategory' | 'wrongSize' | 'duplicateId';

export type SkippedCounts = Record<SkipReason, number>;

export interface CocoApOptions {
  /** false pools all categories per image, as COCOeval with useCats = 0 (default true). */
  useCats?: boolean;
  /** Default np.linspace(.5, .95, 10), the exact doubles numpy gives. */
  iouThresholds?: readonly number[];
  /** Default [1, 10, 100]; sorted ascending as COCOeval does. */
  maxDets?: readonly number[];
  /** Default all [0, 1e10], small [0, 32²], medium [32², 96²], large [96², 1e10]. */
  areaRanges?: readonly AreaRange[];
  /** Skip predictions for unknown images or categories, of the wrong size or with a repeated id, and count them. */
  lenient?: boolean;
  /** Names the predictions in error messages, e.g. the file they came from (default `results`). */
  source?: string;
  /** Called as images are evaluated: `done` of `total` evaluation units (image × category, or images when pooled). */
  onProgress?: (done: number, total: number) => void;
}

/** COCOeval.stats in order, as fractions; −1 where nothing could be measured, as pycocotools prints. */
export interface CocoApStats {
  AP: number;
  AP50: number;
  AP75: number;
  APs: number;
  APm: number;
  APl: number;
  AR1: number;
  AR10: number;
  AR100: number;
  ARs: number;
  ARm: number;
  ARl: number;
}

export interface CategoryAp {
  categoryId: number;
  name: string;
  /** Ground truths of this category that are not crowds. */
  groundTruths: number;
  /** The 12 numbers restricted to this category (summarize() with K = 1). */
  stats: CocoApStats;
}

/** The axes of `precision` and `recall`: the parameters the evaluation ran with. */
export interface CocoApAxes {
  useCats: boolean;
  iouThresholds: number[];
  recallThresholds: number[];
  /** The K axis: category ids ascending, or [-1] when categories are pooled. */
  categoryIds: number[];
  areaRanges: AreaRange[];
  maxDets: number[];
}

export interface CocoApResult {
  stats: CocoApStats;
  /** One entry per ground-truth category, ascending by id; empty when categories are pooled. */
  perCategory: CategoryAp[];
  /** COCOeval.eval['precision'], flat in C order [T, R, K, A, M]: index ((((t · R + r) · K + k) · A + a) · M + m); −1 where a category has no ground truth. */
  precision: Float64Array;
  /** COCOeval.eval['recall'], flat [T, K, A, M]: index (((t · K + k) · A + a) · M + m). */
  recall: Float64Array;
  params: CocoApAxes;
  /** What went into the evaluation. */
  counts: { images: number; groundTruths: number; detections: number };
  /** Predictions left out in lenient mode, by reason (all zero in strict mode). */
  skipped: SkippedCounts;
}
