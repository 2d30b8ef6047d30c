/**
 * COCOeval.summarize for segm: the 12 numbers, each the numpy mean of the precision or recall
 * entries > −1 picked by IoU threshold, area label and maxDets (−1 when there are none), for all
 * categories or for one.
 */
import type { Accumulated } from './accumulate.js';
import { numpyMean } from './numpy.js';
import type { Params } from './params.js';
import type { CocoApStats } from './types.js';

interface Pick {
  precision: boolean;
  iouThreshold?: number;
  area?: string;
  maxDets: number | undefined;
}

/** The 12 numbers over K axis entries `categories` (all of them by default). */
export function summarize(accumulated: Accumulated, params: Params, K: number, categories?: readonly number[]): CocoApStats {
  const ks = categories ?? Array.from({ length: K }, (_, k) => k);
  const at = (pick: Pick) => mean(accumulated, params, K, ks, pick);
  const [m0, m1, m2] = params.maxDets;
  return {
    // The first number asks for maxDets = 100 itself, not for maxDets[2] as the others do.
    AP: at({ precision: true, maxDets: 100 }),
    AP50: at({ precision: true, iouThreshold: 0.5, maxDets: m2 }),
    AP75: at({ precision: true, iouThreshold: 0.75, maxDets: m2 }),
    APs: at({ precision: true, area: 'small', maxDets: m2 }),
    APm: at({ precision: true, area: 'medium', maxDets: m2 }),
    APl: at({ precision: true, area: 'large', maxDets: m2 }),
    AR1: at({ precision: false, maxDets: m0 }),
    AR10: at({ precision: false, maxDets: m1 }),
    AR100: at({ precision: false, maxDets: m2 }),
    ARs: at({ precision: false, area: 'small', maxDets: m2 }),
    ARm: at({ precision: false, area: 'medium', maxDets: m2 }),
    ARl: at({ precision: false, area: 'large', maxDets: m2 }),
  };
}

/**
 * Entries are visited in numpy's C order of s[t, r, k] (precision) or s[t, k] (recall), since the
 * mean's pairwise summation depends on the order. A threshold, label or maxDets value that is not
 * in the parameters selects nothing, so the number is −1 (pycocotools would fail on a missing maxDets[2]).
 */
function mean(accumulated: Accumulated, params: Params, K: number, ks: readonly number[], pick: Pick): number {
  const R = pick.precision ? params.recallThresholds.length : 1;
  const A = params.areaRanges.length;
  const M = params.maxDets.length;
  const ts = params.iouThresholds.flatMap((threshold, t) => (pick.iouThreshold === undefined || threshold === pick.iouThreshold ? [t] : []));
  const a = params.areaRanges.findIndex((range) => range.label === (pick.area ?? 'all'));
  const m = params.maxDets.indexOf(pick.maxDets ?? Number.NaN);
  if (a < 0 || m < 0) return -1;
  const source = pick.precision ? accumulated.precision : accumulated.recall;
  const values: number[] = [];
  for (const t of ts) {
    for (let r = 0; r < R; r++) {
      for (const k of ks) {
        const value = source[(((t * R + r) * K + k) * A + a) * M + m]!;
        if (value > -1) values.push(value);
      }
    }
  }
  return values.length === 0 ? -1 : numpyMean(values);
}
