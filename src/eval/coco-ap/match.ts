/**
 * COCOeval.evaluateImg for one unit: detections sorted by score and cut at the largest maxDets,
 * mask IoUs from the compressed RLEs, then for every area range and IoU threshold the greedy
 * matching, leaving one outcome per detection: true positive, false positive or ignored.
 */
import { iou } from '../../core/rle/index.js';
import type { Detection, GroundTruth, Unit } from './prepare.js';

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
    .sort((a, b) => b.dt.score - a.dt.score || a.i - b.i)
    .slice(0, maxDet)
    .map(({ dt }) => dt);
  const gts = unit.gts;
  const ious = iou(
    dts.map((d) => d.rle),
    gts.map((g) => g.rle),
    gts.map((g) => g.crowd),
  );
  const T = iouThresholds.length;
  const A = areaRanges.length;
  const outcomes = new Uint8Array(dts.length * A * T);
  const counted = new Uint32Array(A);
  areaRanges.forEach((range, a) => {
    const outside = (value: number) => value < range.min || value > range.max;
    const ignoredFlag = gts.map((g) => g.crowd || outside(g.area));
    // Ground truths that count come first, ignored ones last (a stable sort, as COCOeval's mergesort).
    const order = gts.map((_, j) => j).sort((x, y) => Number(ignoredFlag[x]) - Number(ignoredFlag[y]));
    const sorted = order.map((j) => gts[j]!);
    const ignored = order.map((j) => ignoredFlag[j]!);
    counted[a] = ignored.filter((flag) => !flag).length;
    const matched = new Uint8Array(gts.length);
    iouThresholds.forEach((threshold, t) => {
      matched.fill(0);
      dts.forEach((dt, d) => {
        const m = ious.length > 0 ? bestMatch(ious[d]!, order, sorted, ignored, matched, Math.min(threshold, CAP)) : -1;
        if (m >= 0) matched[m] = 1;
        outcomes[(d * A + a) * T + t] = outcome(m, sorted, ignored, outside(dt.area));
      });
    });
  });
  return { dts, outcomes, counted };
}

/**
 * The ground truth (position in `sorted`) a detection matches at one threshold, or −1: the highest
 * IoU at or above the threshold, later ones winning ties; matched non-crowd ground truths are
 * taken; once a counted ground truth is matched, ignored ones are not considered.
 */
function bestMatch(
  row: readonly number[],
  order: readonly number[],
  sorted: readonly GroundTruth[],
  ignored: readonly boolean[],
  matched: Uint8Array,
  threshold: number,
): number {
  let best = threshold;
  let m = -1;
  for (let g = 0; g < sorted.length; g++) {
    if (matched[g] && !sorted[g]!.crowd) continue;
    if (m > -1 && !ignored[m] && ignored[g]) break;
    const value = row[order[g]!]!;
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
function outcome(m: number, sorted: readonly GroundTruth[], ignored: readonly boolean[], outsideRange: boolean): number {
  if (m >= 0 && ignored[m]) return IGNORED;
  if (m >= 0 && sorted[m]!.id !== 0) return TRUE_POSITIVE;
  return outsideRange ? IGNORED : FALSE_POSITIVE;
}
