/**
 * COCOeval.evaluateImg for one unit: detections sorted by score and cut at the largest maxDets,
 * mask IoUs from the compressed RLEs, then for every area range and IoU threshold the greedy
 * matching, leaving one outcome per detection: true positive, false positive or ignored.
 */
import { iou } from '../../core/rle/index.js';
import type { Detection, Unit } from './prepare.js';

export const IGNORED = 0;
export const TRUE_POSITIVE = 1;
export const FALSE_POSITIVE = 2;

/** COCOeval caps the IoU a match must reach just below 1, so a threshold of 1 still matches perfect masks. */
const CAP = 1 - 1e-10;

export interface UnitOutcome {
  /** The kept detections, highest score first (ties in input order, as numpy's mergesort). */
  dts: Detection[];
  /** outcome[(d · A + a) · T + t] for detection d, area range a, threshold t. */
  outcomes: Uint8Array;
  /** Ground truths not ignored in each area range (npig's share from this unit). */
  counted: Uint32Array;
}

export function matchUnit(
  unit: Unit,
  iouThresholds: readonly number[],
  areaRanges: readonly { min: number; max: number }[],
  maxDet: number,
): UnitOutcome {
  const dts = unit.dts
    .map((dt, i) => ({ dt, i }))
    .sort((x, y) => y.dt.score - x.dt.score || x.i - y.i)
    .slice(0, maxDet)
    .map(({ dt }) => dt);
  const gts = unit.gts;
  const D = dts.length;
  const G = gts.length;
  const T = iouThresholds.length;
  const A = areaRanges.length;
  const ious =
    D > 0 && G > 0
      ? iou(
          dts.map((d) => d.rle),
          gts.map((g) => g.rle),
          gts.map((g) => g.crowd),
        )
      : [];
  const outcomes = new Uint8Array(D * A * T);
  const counted = new Uint32Array(A);
  const order = new Uint32Array(G);
  const matched = new Uint8Array(G);
  for (let a = 0; a < A; a++) {
    const { min, max } = areaRanges[a]!;
    // Ground truths that count first, ignored ones after, each in their order: COCOeval's stable
    // sort by the ignore flag. Position g is then ignored exactly when g >= counting.
    let counting = 0;
    for (let j = 0; j < G; j++) if (!ignoredTruth(gts[j]!, min, max)) order[counting++] = j;
    for (let j = 0, g = counting; j < G; j++) if (ignoredTruth(gts[j]!, min, max)) order[g++] = j;
    counted[a] = counting;
    for (let t = 0; t < T; t++) {
      const threshold = Math.min(iouThresholds[t]!, CAP);
      matched.fill(0);
      for (let d = 0; d < D; d++) {
        const m = G > 0 ? bestMatch(ious[d]!, order, gts, counting, matched, threshold) : -1;
        if (m >= 0) matched[m] = 1;
        const outside = dts[d]!.area < min || dts[d]!.area > max;
        outcomes[(d * A + a) * T + t] = outcome(m, m >= 0 ? gts[order[m]!]!.id : 0, counting, outside);
      }
    }
  }
  return { dts, outcomes, counted };
}

/** COCOeval ignores crowds, and ground truths whose `area` field is outside the range (bounds included). */
function ignoredTruth(gt: { crowd: boolean; area: number }, min: number, max: number): boolean {
  return gt.crowd || gt.area < min || gt.area > max;
}

/**
 * The ground truth (position in `order`) a detection matches at one threshold, or −1: the highest
 * IoU at or above the threshold, later ones winning ties; matched non-crowd ground truths are
 * taken; once a counted ground truth is matched, ignored ones are not considered.
 */
function bestMatch(
  row: readonly number[],
  order: Uint32Array,
  gts: readonly { crowd: boolean }[],
  counting: number,
  matched: Uint8Array,
  threshold: number,
): number {
  let best = threshold;
  let m = -1;
  for (let g = 0; g < order.length; g++) {
    const j = order[g]!;
    if (matched[g] && !gts[j]!.crowd) continue;
    if (m > -1 && m < counting && g >= counting) break;
    const value = row[j]!;
    if (value < best) continue;
    best = value;
    m = g;
  }
  return m;
}

/**
 * COCOeval's dtIgnore and dtMatches folded into one outcome. It stores the matched ground truth's
 * id and later tests that id for non-zero, so a match to an annotation with id 0 counts as no match.
 */
function outcome(m: number, matchedId: number, counting: number, outside: boolean): number {
  if (m >= counting) return IGNORED;
  if (m >= 0 && matchedId !== 0) return TRUE_POSITIVE;
  return outside ? IGNORED : FALSE_POSITIVE;
}
