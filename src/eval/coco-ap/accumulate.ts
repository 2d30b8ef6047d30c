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
  const { groupStart, npig } = collected;
  let largest = 0;
  for (let k = 0; k < K; k++) largest = Math.max(largest, groupStart[k + 1]! - groupStart[k]!);
  const rc = new Float64Array(largest);
  const pr = new Float64Array(largest);
  for (let k = 0; k < K; k++) {
    const { ranks, outcomes, n } = gatherByScore(collected, k);
    for (let m = 0; m < M; m++) {
      const maxDet = maxDets[m]!;
      for (let a = 0; a < A; a++) {
        const counted = npig[k * A + a]!;
        if (counted === 0) continue;
        for (let t = 0; t < T; t++) {
          const row = outcomes.subarray((a * T + t) * n, (a * T + t + 1) * n);
          let tp = 0;
          let fp = 0;
          let nd = 0;
          for (let i = 0; i < n; i++) {
            if (ranks[i]! >= maxDet) continue;
            if (row[i] === TRUE_POSITIVE) tp++;
            else if (row[i] === FALSE_POSITIVE) fp++;
            rc[nd] = tp / counted;
            pr[nd] = tp / (fp + tp + EPS);
            nd++;
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
    }
  }
  return { precision, recall };
}

/**
 * Group k's entries by descending score, ties in concatenation order (numpy's stable mergesort),
 * with their outcomes copied out as [a][t][i] so the loops above read memory in order.
 */
function gatherByScore(collected: Outcomes, k: number): { ranks: Uint32Array; outcomes: Uint8Array; n: number } {
  const start = collected.groupStart[k]!;
  const n = collected.groupStart[k + 1]! - start;
  const { scores, thresholds: T, areas: A } = collected;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = start + i;
  order.sort((x, y) => scores[y]! - scores[x]! || x - y);
  const ranks = new Uint32Array(n);
  const outcomes = new Uint8Array(n * A * T);
  for (let i = 0; i < n; i++) {
    const e = order[i]!;
    ranks[i] = collected.ranks[e]!;
    for (let at = 0; at < A * T; at++) outcomes[at * n + i] = collected.outcomes[e * A * T + at]!;
  }
  return { ranks, outcomes, n };
}
