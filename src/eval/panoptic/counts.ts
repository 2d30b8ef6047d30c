/**
 * Per-class PQ counts (ΣIoU, TP, FP, FN) gathered image by image, and the averaging of panopticapi's
 * pq_average into PQ, SQ and RQ over All / Things / Stuff.
 */
import type { PanopticCategory } from '../readers/panoptic.js';

export interface PqClassCounts {
  iou: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface PqClassResult extends PqClassCounts {
  pq: number;
  sq: number;
  rq: number;
  isthing: boolean;
}

/** Fractions in [0, 1] (panopticapi prints them ×100); NaN for a group with no class to average. */
export interface PqStats {
  PQ: number;
  SQ: number;
  RQ: number;
  PQ_th: number;
  SQ_th: number;
  RQ_th: number;
  PQ_st: number;
  SQ_st: number;
  RQ_st: number;
}

export interface PqResult {
  stats: PqStats;
  /** Every category of the ground truth, keyed by id; pq = sq = rq = 0 for one with TP + FP + FN = 0. */
  perClass: Map<number, PqClassResult>;
  /** How many classes each average is over (panopticapi's `n`). */
  classes: { all: number; things: number; stuff: number };
}

export function countsFor(counts: Map<number, PqClassCounts>, categoryId: number): PqClassCounts {
  let entry = counts.get(categoryId);
  if (!entry) {
    entry = { iou: 0, tp: 0, fp: 0, fn: 0 };
    counts.set(categoryId, entry);
  }
  return entry;
}

/**
 * Averages per-class PQ/SQ/RQ over the classes with TP + FP + FN > 0, as panopticapi's
 * pq_average; where panopticapi divides by zero (a group without such a class) owseg returns NaN.
 */
export function averagePq(counts: Map<number, PqClassCounts>, categories: readonly PanopticCategory[]): PqResult {
  const perClass = new Map<number, PqClassResult>();
  const sums = { all: [0, 0, 0, 0], things: [0, 0, 0, 0], stuff: [0, 0, 0, 0] };
  for (const category of categories) {
    const { iou, tp, fp, fn } = counts.get(category.id) ?? { iou: 0, tp: 0, fp: 0, fn: 0 };
    if (tp + fp + fn === 0) {
      perClass.set(category.id, { iou, tp, fp, fn, pq: 0, sq: 0, rq: 0, isthing: category.isthing });
      continue;
    }
    const denominator = tp + 0.5 * fp + 0.5 * fn;
    const pq = iou / denominator;
    const sq = tp !== 0 ? iou / tp : 0;
    const rq = tp / denominator;
    perClass.set(category.id, { iou, tp, fp, fn, pq, sq, rq, isthing: category.isthing });
    for (const group of [sums.all, category.isthing ? sums.things : sums.stuff]) {
      group[0]! += pq;
      group[1]! += sq;
      group[2]! += rq;
      group[3]! += 1;
    }
  }
  const mean = (group: number[], k: number) => (group[3] === 0 ? NaN : group[k]! / group[3]!);
  return {
    stats: {
      PQ: mean(sums.all, 0),
      SQ: mean(sums.all, 1),
      RQ: mean(sums.all, 2),
      PQ_th: mean(sums.things, 0),
      SQ_th: mean(sums.things, 1),
      RQ_th: mean(sums.things, 2),
      PQ_st: mean(sums.stuff, 0),
      SQ_st: mean(sums.stuff, 1),
      RQ_st: mean(sums.stuff, 2),
    },
    perClass,
    classes: { all: sums.all[3]!, things: sums.things[3]!, stuff: sums.stuff[3]! },
  };
}
