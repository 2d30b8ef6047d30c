/**
 * The two label clean-ups applied before region-recognition scoring. Osprey and WOW-Seg score with
 * the same formulas but prepare the strings differently, so their numbers are only comparable per variant.
 */
import { pythonSplit, pythonStrip } from './python-text.js';

export type CleanupVariant = 'osprey' | 'wowseg';

export const CLEANUP_VARIANTS: readonly CleanupVariant[] = ['osprey', 'wowseg'];

export interface LabelPair {
  prediction: string;
  groundTruth: string;
}

/** Both strings as the variant's reference script hands them to the embedder and to Semantic IoU (before lower-casing). */
export function cleanPair(pair: LabelPair, variant: CleanupVariant): LabelPair {
  return variant === 'osprey'
    ? { prediction: ospreyPrediction(pair.prediction), groundTruth: ospreyGroundTruth(pair.groundTruth) }
    : { prediction: wowsegPrediction(pair.prediction), groundTruth: wowsegGroundTruth(pair.groundTruth) };
}

/**
 * Osprey (CircleRadon/Osprey osprey/eval/lvis_paco_eval.py): the category's `_` and `:` become
 * spaces. Parentheticals such as LVIS's `bow_(weapon)` stay, as `bow (weapon)`.
 */
export function ospreyGroundTruth(label: string): string {
  return label.replaceAll('_', ' ').replaceAll(':', ' ');
}

/**
 * Osprey's answer clean-up: strip; when the answer has a `:`, keep only the text between the first
 * and the second `:` (Python's `split(':')[1]`, so "category: dog" scores as " dog"); then `.`, `:`
 * and `,` become spaces. The script also cuts the chat separator `</s>` off the raw generation —
 * a decoding detail of its model that owseg's names never carry, so it is not repeated here.
 */
export function ospreyPrediction(answer: string): string {
  let text = pythonStrip(answer);
  if (text.includes(':')) text = text.split(':')[1]!;
  return text.replaceAll('.', ' ').replaceAll(':', ' ').replaceAll(',', ' ');
}

/**
 * WOW-Seg (AAwcAA/WOW-Seg-Meta): the ground truth goes through two scripts. First
 * wow_eval/convert_osprey_to_internvl.py (`_normalize_category_name`, run on the Osprey JSON):
 * parentheticals are removed one at a time from the first `(` to the next `)`, together with a `_`
 * just before the `(`, the text before them stripped (so `bow_(weapon)` → `bow`); `_` and `-`
 * become spaces; when there is a `:`, the parts around each `:` are stripped and rejoined with
 * ": "; whitespace runs collapse to one space and the ends are stripped. Then
 * wow_eval/semantic_eval.py turns `_` and `:` into spaces (its removal of `_(…)` finds nothing
 * after the first step, which left no `_`).
 */
export function wowsegGroundTruth(label: string): string {
  let text = removeParentheticals(label).replaceAll('_', ' ').replaceAll('-', ' ');
  const parts = text.split(':');
  if (parts.length > 1) text = parts.map(pythonStrip).join(': ');
  return pythonSplit(text).join(' ').replaceAll(':', ' ');
}

/** WOW-Seg's answer clean-up (wow_eval/semantic_eval.py): `_` and `:` become spaces; nothing else. */
export function wowsegPrediction(answer: string): string {
  return answer.replaceAll('_', ' ').replaceAll(':', ' ');
}

// The loop of `_normalize_category_name`: it stops when a `)` only precedes the first `(`.
function removeParentheticals(label: string): string {
  let text = label;
  while (text.includes('(') && text.includes(')')) {
    let start = text.indexOf('(');
    const end = text.indexOf(')', start);
    if (end === -1) break;
    if (start > 0 && text[start - 1] === '_') start -= 1;
    text = pythonStrip(text.slice(0, start)) + text.slice(end + 1);
  }
  return text;
}
