/**
 * ROSE's objectness of a SAM candidate mask, and the top-N selection that keeps the best patches:
 * a single score in [0, 1] so candidates of one image can be ranked without tuning per image.
 */
import { checkOptions } from '../../core/bitmap/args.js';
import { InvalidInputError } from '../../core/errors.js';

export interface ObjectnessCandidate {
  /** SAM's predicted IoU (its IoU head is a regression and may stray slightly outside [0, 1]). */
  predictedIou: number;
  /** SAM's stability score, a ratio of areas in [0, 1]. */
  stabilityScore: number;
  /** Mask area in pixels. */
  area: number;
}

export interface ObjectnessOptions {
  /**
   * Fraction of the image at and above which size stops mattering (default 0.001, i.e. about a
   * 32×32 patch of a 1024×1024 image); below it the score falls linearly with the area.
   */
  fullSizeFraction?: number;
}

export const OBJECTNESS_DEFAULTS = { fullSizeFraction: 0.001 } as const;

/**
 * `clamp(predictedIou, 0, 1) × stabilityScore × sizeFactor`, with
 * `sizeFactor = min(1, (area / imageArea) / fullSizeFraction)`.
 *
 * The product means a candidate must be both confident and stable to rank high; the size factor
 * only penalises tiny masks (specks, fragments) and leaves every mask above the threshold alone,
 * so among real regions SAM's own quality estimates decide. An empty mask scores 0.
 */
export function objectness(candidate: ObjectnessCandidate, imageArea: number, options: ObjectnessOptions = {}): number {
  checkCandidate(candidate);
  if (!Number.isInteger(imageArea) || imageArea < 1) {
    throw new InvalidInputError('imageArea', 'a positive integer (pixels)', `got ${String(imageArea)}`);
  }
  if (candidate.area > imageArea) {
    throw new InvalidInputError('candidate.area', `at most imageArea (${imageArea})`, `got ${candidate.area}`);
  }
  checkOptions(options, 'options');
  const fullSizeFraction = options.fullSizeFraction ?? OBJECTNESS_DEFAULTS.fullSizeFraction;
  if (typeof fullSizeFraction !== 'number' || !(fullSizeFraction > 0 && fullSizeFraction <= 1)) {
    throw new InvalidInputError('options.fullSizeFraction', 'a number in (0, 1]', `got ${String(fullSizeFraction)}`);
  }
  const iou = Math.min(1, Math.max(0, candidate.predictedIou));
  const sizeFactor = Math.min(1, candidate.area / imageArea / fullSizeFraction);
  return iou * candidate.stabilityScore * sizeFactor;
}

/**
 * Indices of the `n` highest scores, best first; equal scores keep the lower index first, so the
 * result does not depend on the sort's stability. Fewer than `n` scores give all of them.
 */
export function topN(scores: readonly number[], n: number): number[] {
  if (!Array.isArray(scores)) throw new InvalidInputError('scores', 'an array of numbers');
  scores.forEach((score, i) => {
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new InvalidInputError(`scores[${i}]`, 'a finite number', `got ${String(score)}`);
    }
  });
  if (!Number.isInteger(n) || n < 0) throw new InvalidInputError('n', 'an integer ≥ 0', `got ${String(n)}`);
  const order = scores.map((_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, n);
}

function checkCandidate(candidate: ObjectnessCandidate): void {
  if (typeof candidate !== 'object' || candidate === null) {
    throw new InvalidInputError('candidate', 'an object { predictedIou, stabilityScore, area }');
  }
  const { predictedIou, stabilityScore, area } = candidate;
  if (typeof predictedIou !== 'number' || !Number.isFinite(predictedIou)) {
    throw new InvalidInputError('candidate.predictedIou', 'a finite number', `got ${String(predictedIou)}`);
  }
  if (typeof stabilityScore !== 'number' || !(stabilityScore >= 0 && stabilityScore <= 1)) {
    throw new InvalidInputError('candidate.stabilityScore', 'a number in [0, 1]', `got ${String(stabilityScore)}`);
  }
  if (!Number.isInteger(area) || area < 0) {
    throw new InvalidInputError('candidate.area', 'an integer ≥ 0 (pixels)', `got ${String(area)}`);
  }
}
