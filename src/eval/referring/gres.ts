/**
 * Generalized referring segmentation scores exactly as ReLA's ReferEvaluator: cIoU, gIoU, and the
 * no-target accuracies N-acc / T-acc, with every decision ReLA leaves to its model named as an option.
 */
import { InvalidInputError } from '../../core/errors.js';
import { overlap, type MaskInput } from './overlap.js';

export interface GresSample {
  pred: MaskInput;
  gt: MaskInput;
  /** Whether the expression refers to nothing; default: the ground-truth mask is empty. ReLA reads the dataset's flag. */
  noTarget?: boolean;
  /**
   * Whether the model answered "no target". ReLA takes this from its separate no-target head, not
   * from the mask; pass it to reproduce such a model's numbers. Default: the mask-area rule (see `emptyThreshold`).
   */
  predNoTarget?: boolean;
}

export interface GresOptions {
  /** Without `predNoTarget`, a prediction of at most this many pixels means "no target"; default 0 (an empty mask). */
  emptyThreshold?: number;
}

/**
 * Fractions in [0, 1] (ReLA prints gIoU and cIoU ×100, the accuracies as fractions). T_acc is NaN
 * when there are no-target samples but no target sample (ReLA divides by zero there).
 */
export interface GresStats {
  gIoU: number;
  cIoU: number;
  N_acc: number;
  T_acc: number;
}

export interface GresResult extends GresStats {
  /** ReLA's no-target confusion: TP = no-target found, FN = missed, FP = target called empty, TN = target kept. */
  counts: { TP: number; FN: number; FP: number; TN: number };
  /** Per-sample IoU as ReLA defines it (1 for a correctly empty answer). */
  iou: number[];
}

/**
 * Per sample, as ReLA: I and U of the masks. A no-target sample scores IoU 1 and adds nothing to
 * ΣI and ΣU when predicted empty; otherwise IoU 0 and its U (the predicted area) joins ΣU. A target
 * sample predicted empty keeps its U but I = 0; otherwise IoU = I / U (0 when U = 0).
 * gIoU = mean IoU over all samples, cIoU = ΣI / ΣU (NaN when ΣU = 0), N-acc = TP / (TP + FN),
 * T-acc = TN / (TN + FP); with no no-target sample at all ReLA reports N-acc = T-acc = 0, and so does owseg.
 */
export function evaluateGres(samples: Iterable<GresSample>, options: GresOptions = {}): GresResult {
  const threshold = options.emptyThreshold ?? 0;
  if (!(Number.isInteger(threshold) && threshold >= 0)) {
    throw new InvalidInputError('options.emptyThreshold', 'a non-negative integer number of pixels', `got ${String(threshold)}`);
  }
  const counts = { TP: 0, FN: 0, FP: 0, TN: 0 };
  const iou: number[] = [];
  let sumI = 0;
  let sumU = 0;
  let index = 0;
  for (const sample of samples) {
    const field = `samples[${index++}]`;
    const { intersection, union, predArea, gtArea } = overlap(sample.pred, sample.gt, field);
    const noTarget = sample.noTarget ?? gtArea === 0;
    const predNoTarget = sample.predNoTarget ?? predArea <= threshold;
    if (noTarget) {
      if (gtArea !== 0) throw new InvalidInputError(`${field}.gt`, 'an empty mask for a no-target sample', `it has ${gtArea} pixels`);
      if (predNoTarget) {
        counts.TP += 1;
        iou.push(1);
      } else {
        counts.FN += 1;
        iou.push(0);
        sumU += union;
      }
      continue;
    }
    const i = predNoTarget ? 0 : intersection;
    if (predNoTarget) counts.FP += 1;
    else counts.TN += 1;
    iou.push(union === 0 ? 0 : i / union);
    sumI += i;
    sumU += union;
  }
  const { TP, FN, FP, TN } = counts;
  const anyNoTarget = TP + FN > 0;
  return {
    gIoU: iou.length === 0 ? NaN : iou.reduce((a, b) => a + b, 0) / iou.length,
    cIoU: sumU === 0 ? NaN : sumI / sumU,
    N_acc: anyNoTarget ? TP / (TP + FN) : 0,
    T_acc: anyNoTarget ? (TN + FP === 0 ? NaN : TN / (TN + FP)) : 0,
    counts,
    iou,
  };
}
