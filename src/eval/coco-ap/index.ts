/**
 * COCO mask AP (the `eval/coco-ap` module), exact to pycocotools' COCOeval with iouType 'segm':
 * the 12 summary numbers, per-category numbers and the accumulated precision and recall arrays.
 */
export { evaluateCocoAp } from './evaluate.js';
export { evaluateCocoApFiles, type CocoApFileOptions } from './files.js';
export { DEFAULT_AREA_RANGES } from './params.js';
export type {
  AreaRange,
  CategoryAp,
  CocoApAxes,
  CocoApOptions,
  CocoApResult,
  CocoApStats,
  SkipReason,
  SkippedCounts,
} from './types.js';
