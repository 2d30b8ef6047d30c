/**
 * mIoU from dataset-level counts in two named variants: "detectron2" (SemSegEvaluator: mean over
 * classes with ground-truth pixels) and "mmseg" (IoUMetric: NaN-mean over classes with a non-empty union).
 */
import { InvalidInputError } from '../../core/errors.js';
import type { SemanticCounts } from './confusion.js';

export type MiouVariant = 'detectron2' | 'mmseg';

export interface MiouResult {
  /** Fraction in [0, 1]; NaN when no class qualifies (e.g. every ground-truth pixel ignored). */
  mIoU: number;
  /** Per class intersection / union; NaN for a class the variant leaves out of the mean. */
  iou: number[];
  /** Classes the mean is over. */
  classesInMean: number;
  variant: MiouVariant;
}

/**
 * IoU_c = I_c / (G_c + P_c − I_c) over the whole dataset. "detectron2" averages over classes with
 * G_c > 0 — a class only ever predicted adds nothing (its false positives still lower the IoU of the
 * true classes). "mmseg" averages over classes with G_c + P_c − I_c > 0, so such a class adds an IoU of 0.
 */
export function meanIou(counts: SemanticCounts, variant: MiouVariant = 'detectron2'): MiouResult {
  if (variant !== 'detectron2' && variant !== 'mmseg') {
    throw new InvalidInputError('options.variant', '"detectron2" or "mmseg"', `got ${String(variant)}`);
  }
  const iou: number[] = [];
  let sum = 0;
  let classesInMean = 0;
  for (let c = 0; c < counts.classes; c++) {
    const intersection = counts.intersection[c]!;
    const union = counts.gtArea[c]! + counts.predArea[c]! - intersection;
    const included = variant === 'detectron2' ? counts.gtArea[c]! > 0 : union > 0;
    if (!included) {
      iou.push(NaN);
      continue;
    }
    const value = intersection / union;
    iou.push(value);
    sum += value;
    classesInMean += 1;
  }
  return { mIoU: classesInMean === 0 ? NaN : sum / classesInMean, iou, classesInMean, variant };
}
