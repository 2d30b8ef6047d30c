/**
 * ROSE's refinement target: per reference category, the pixels where prediction and reference
 * disagree (union minus intersection, UmI), and the k categories that disagree most.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { overlap, type LabelMap } from './label-map.js';

export interface CategoryError {
  category: number;
  /** |P_c ∪ R_c| − |P_c ∩ R_c| in pixels. */
  umi: number;
  /** |P_c ∩ R_c| / |R_c|. */
  recall: number;
}

/**
 * UmI and recall of every category present in the reference (c ≠ 0), by category id. R_c is the
 * reference's c pixels; P_c the prediction's c pixels where the reference is not void: the
 * reference says nothing about its void pixels, so predicting c there is neither right nor wrong
 * (as PQ leaves VOID out of the union). A category only the prediction has gets no entry; its
 * pixels still count against the reference categories they cover. Prediction void (0) on R_c is missed.
 */
export function categoryErrors(pred: LabelMap, ref: LabelMap): Map<number, CategoryError> {
  const { rows, predicted } = overlap(pred, ref);
  const errors = new Map<number, CategoryError>();
  for (const category of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(category)!;
    const referenceArea = [...row.values()].reduce((sum, pixels) => sum + pixels, 0);
    const intersection = row.get(category) ?? 0;
    const umi = referenceArea + (predicted.get(category) ?? 0) - 2 * intersection;
    errors.set(category, { category, umi, recall: intersection / referenceArea });
  }
  return errors;
}

/**
 * The `k` reference categories with the largest UmI (equal UmI: lower id first), worst first;
 * fewer when the reference has fewer categories.
 */
export function worstCategories(pred: LabelMap, ref: LabelMap, k = 5): CategoryError[] {
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError('k', 'a positive integer', `got ${String(k)}`);
  const errors = [...categoryErrors(pred, ref).values()];
  errors.sort((a, b) => b.umi - a.umi || a.category - b.category);
  return errors.slice(0, k);
}
