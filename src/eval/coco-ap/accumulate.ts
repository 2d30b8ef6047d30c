/**
 * COCOeval.accumulate: per category, area range and maxDets, the detections of all images merged
 * by score, cumulative true and false positives per IoU threshold, precision made monotone from
 * the right and read at 101 recall points (searchsorted 'left'), and the final recall.
 */
import type { Outcomes } from './collect.js';
import { FALSE_POSITIVE, TRUE_POSITIVE } from './match.js';

/** np.spacing(1): keeps precision defined where nothing was detected. */
const EPS = 2 ** -52;

export interface Accumulated {
  precision: Float64Array;
  recall: Float64Array;
}

export function accumulate(collected: Outcomes, recallThresholds: readonly number[], maxDets: readonly number[]): Accumulated {
  const T = collected.thresholds;
  const R = recallThresholds.length;
  const K = collected.groups;
  const A = collected.areas;
  const M = maxDets.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const { groupStart, scores, ranks, outcomes, npig } = collected;
  const capacity = groupStart[K]! - groupStart[0]!;
  const rc = new Float64Array(capacity);
  const pr = new Float64Array(capacity);
  for (let k = 0; k < K; k++) {
    const byScore = sortByScore(groupStart[k]!, groupStart[k + 1]!, scores);
    maxDets.forEach((maxDet, m) => {
      const entries = byScore.filter((e) => ranks[e]! < maxDet);
      const nd = entries.length;
      for (let a = 0; a < A; a++) {
        const counted = npig[k * A + a]!;
        if (counted === 0) continue;
        for (let t = 0; t < T; t++) {
          let tp = 0;
          let fp = 0;
          for (let i = 0; i < nd; i++) {
            const outcome = outcomes[(entries[i]! * A + a) * T + t];
            if (outcome === TRUE_POSITIVE) tp++;
            else if (outcome === FALSE_POSITIVE) fp++;
            rc[i] = tp / counted;
            pr[i] = tp / (fp + tp + EPS);
          }
          recall[((t * K + k) * A + a) * M + m] = nd > 0 ? rc[nd - 1]! : 0;
          for (let i = nd - 1; i > 0; i--) {
            if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
          }
          // Each recall threshold reads the precision at the first detection reaching it; thresholds
          // never reached keep 0, as pycocotools leaves them when its index runs past the end.
          let i = 0;
          for (let r = 0; r < R; r++) {
            while (i < nd && rc[i]! < recallThresholds[r]!) i++;
            precision[(((t * R + r) * K + k) * A + a) * M + m] = i < nd ? pr[i]! : 0;
          }
        }
      }
    });
  }
  return { precision, recall };
}

/** Entry indices of [start, end) by descending score, ties in concatenation order (numpy's stable mergesort). */
function sortByScore(start: number, end: number, scores: Float64Array): Uint32Array {
  const order = new Uint32Array(end - start);
  for (let i = 0; i < order.length; i++) order[i] = start + i;
  return order.sort((x, y) => scores[y]! - scores[x]! || x - y);
}
