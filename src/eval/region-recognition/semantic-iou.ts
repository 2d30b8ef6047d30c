/**
 * Semantic IoU (Osprey's SemanticIOU): the words two names share over the words either uses,
 * after lower-casing both and splitting at whitespace as Python's str.split() does.
 */
import { pythonSplit } from './python-text.js';

/**
 * |A ∩ B| / |A ∪ B| of the two word sets. Both empty scores 0: WOW-Seg's rule (Osprey's script
 * would divide by zero).
 */
export function semanticIoU(prediction: string, groundTruth: string): number {
  const a = new Set(pythonSplit(prediction.toLowerCase()));
  const b = new Set(pythonSplit(groundTruth.toLowerCase()));
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
