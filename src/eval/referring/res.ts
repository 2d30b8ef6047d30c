/**
 * Referring segmentation scores as LISA's validate() computes them — the "lisa" variant, with its
 * epsilons: cIoU = ΣI / (ΣU + 1e-10), gIoU = Σ(I / (U + 1e-5), or 1 when U = 0) / (N + 1e-5).
 */
import { overlap, type MaskInput } from './overlap.js';

export interface ResSample {
  pred: MaskInput;
  gt: MaskInput;
}

export interface ResStats {
  cIoU: number;
  gIoU: number;
}

/**
 * The "lisa" variant. Per sample I and U of the binary masks; a sample with U = 0 (both masks
 * empty) scores 1. The epsilons are LISA's: they shift results by < 1e-5 relative and are kept so
 * numbers match. LISA sums in float32 tensors; owseg in float64 (differences ~1e-7 relative).
 */
export function evaluateRes(samples: Iterable<ResSample>): ResStats & { variant: 'lisa' } {
  let sumI = 0;
  let sumU = 0;
  let sumIou = 0;
  let n = 0;
  for (const sample of samples) {
    const { intersection, union } = overlap(sample.pred, sample.gt, `samples[${n}]`);
    sumI += intersection;
    sumU += union;
    sumIou += intersection / (union + 1e-5) + (union === 0 ? 1 : 0);
    n += 1;
  }
  return { cIoU: sumI / (sumU + 1e-10), gIoU: sumIou / (n + 1e-5), variant: 'lisa' };
}
