/**
 * ROSE's diagnosis of a badly predicted category, which decides how refinement repairs it: renamed
 * (wrong category), not segmented at all (missed), or segmented only in part (incomplete).
 */
import { InvalidInputError } from '../../../core/errors.js';
import { overlap, type LabelMap } from './label-map.js';

export type Situation = { kind: 'wrong-category'; predictedAs: number } | { kind: 'missed' } | { kind: 'incomplete' };

/** Below this recall a category is treated as not found at all. */
export const MISSED_RECALL = 0.2;
/** Share of R_c that one other predicted category must exceed to count as the name given instead. */
export const WRONG_CATEGORY_SHARE = 0.5;

/**
 * For a category present in the reference: recall < 0.2 and one predicted category d ∉ {0, c}
 * holding more than half of R_c's pixels → wrong-category (d reported; at most one d can); recall
 * < 0.2 otherwise → missed; recall ≥ 0.2 → incomplete (whether the rest of R_c is void, other
 * categories or both). Pixels counted as in {@link categoryErrors}.
 */
export function situation(pred: LabelMap, ref: LabelMap, category: number): Situation {
  const row = overlap(pred, ref).rows.get(category);
  if (!row) {
    throw new InvalidInputError('category', 'a category present in the reference', `no reference pixel has category ${String(category)}`);
  }
  const referenceArea = [...row.values()].reduce((sum, pixels) => sum + pixels, 0);
  if ((row.get(category) ?? 0) / referenceArea >= MISSED_RECALL) return { kind: 'incomplete' };
  for (const [predicted, pixels] of row) {
    if (predicted !== 0 && predicted !== category && pixels > WRONG_CATEGORY_SHARE * referenceArea) {
      return { kind: 'wrong-category', predictedAs: predicted };
    }
  }
  return { kind: 'missed' };
}
