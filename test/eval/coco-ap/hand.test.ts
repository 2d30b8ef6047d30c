/**
 * Hand-worked COCO AP cases whose numbers follow from COCOeval's rules on paper: perfect
 * detections, a lone false positive, crowds, the IoU cap, maxDets, ties and pycocotools' quirks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CocoInstances, CocoResult } from '../../../src/core/formats/index.js';
import { evaluateCocoAp as evaluateOnly, type CocoApOptions, type CocoApStats } from '../../../src/eval/coco-ap/index.js';
import { runOracle } from '../../helpers/python.js';
import { instances, prediction, rect, truth } from './cases.js';

const STAT_NAMES = ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'] as const;

/** Every case is also sent to the numpy oracle at the end, so the hand-worked expectations are checked twice. */
const seen: { gt: CocoInstances; results: CocoResult[]; useCats: boolean; stats: CocoApStats }[] = [];

function evaluateCocoAp(gt: CocoInstances, results: CocoResult[], options: CocoApOptions = {}): ReturnType<typeof evaluateOnly> {
  const result = evaluateOnly(gt, results, options);
  seen.push({ gt, results, useCats: options.useCats ?? true, stats: result.stats });
  return result;
}

const medium = rect(10, 10, 40, 40);
const small = rect(100, 100, 10, 10);
const large = rect(60, 60, 120, 120);

/** Precision is tp / (tp + fp + 2⁻⁵²) in pycocotools, so a perfect AP is 0.9999999999999998: compare to 1e-12. */
function near(actual: number, expected: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what} ${actual} is not ${expected}`);
}

function nearStats(actual: CocoApStats, expected: CocoApStats): void {
  for (const key of Object.keys(expected) as (keyof CocoApStats)[]) near(actual[key], expected[key], key);
}

function stats(values: Partial<CocoApStats>, rest: number): CocoApStats {
  return Object.fromEntries(STAT_NAMES.map((name) => [name, values[name] ?? rest])) as unknown as CocoApStats;
}

describe('COCO AP on hand-worked cases', () => {
  it('perfect detections score 1, area ranges without ground truth -1', () => {
    const gt = instances([truth(1, 1, medium), truth(2, 2, small)], [1, 2]);
    const result = evaluateCocoAp(gt, [prediction(1, medium, 0.9), prediction(2, small, 0.3)]);
    nearStats(result.stats, stats({ APl: -1, ARl: -1 }, 1));
    near(result.perCategory[0]!.stats.AP, 1);
    assert.equal(result.perCategory[0]!.groundTruths, 2);
  });

  it('a single false positive scores 0 where there is ground truth', () => {
    const gt = instances([truth(1, 1, medium)]);
    const result = evaluateCocoAp(gt, [prediction(1, small, 0.9)]);
    nearStats(result.stats, stats({ APs: -1, APl: -1, ARs: -1, ARl: -1 }, 0));
  });

  it('no detections at all score 0, not -1', () => {
    const result = evaluateCocoAp(instances([truth(1, 1, large)]), []);
    nearStats(result.stats, stats({ APs: -1, APm: -1, ARs: -1, ARm: -1 }, 0));
  });

  it('a crowd-only image has nothing to measure: every number -1, detections in it ignored', () => {
    const gt = instances([truth(1, 1, large, { iscrowd: 1 })]);
    const result = evaluateCocoAp(gt, [prediction(1, rect(70, 70, 20, 20), 0.9), prediction(1, small, 0.5)]);
    nearStats(result.stats, stats({}, -1));
  });

  it('detections inside a crowd are ignored, however many match it', () => {
    const gt = instances([truth(1, 1, medium), truth(2, 1, large, { iscrowd: 1 })]);
    const inCrowd = [rect(70, 70, 20, 20), rect(100, 100, 30, 30), rect(150, 150, 10, 10)];
    const results = [...inCrowd.map((m, i) => prediction(1, m, 0.9 - i * 0.01)), prediction(1, medium, 0.5)];
    const result = evaluateCocoAp(gt, results);
    near(result.stats.AP, 1);
    near(result.stats.APm, 1);
  });

  it('a false positive ranked above the true positive halves AP', () => {
    const gt = instances([truth(1, 1, medium)]);
    const result = evaluateCocoAp(gt, [prediction(1, small, 0.9), prediction(1, medium, 0.8)]);
    near(result.stats.AP, 0.5);
    near(result.stats.AR100, 1);
    near(result.stats.AR1, 0);
  });

  it('an IoU of exactly 0.5 matches at the first threshold only', () => {
    const gt = instances([truth(1, 1, rect(10, 10, 40, 40))]);
    const result = evaluateCocoAp(gt, [prediction(1, rect(10, 10, 40, 20), 0.9)]);
    near(result.stats.AP50, 1);
    near(result.stats.AP75, 0);
    near(result.stats.AP, 0.1);
  });

  it('maxDets caps detections per image before accumulation', () => {
    const boxes = [rect(0, 0, 40, 40), rect(50, 50, 40, 40), rect(100, 100, 40, 40)];
    const gt = instances(boxes.map((m, i) => truth(i + 1, 1, m)));
    const result = evaluateCocoAp(gt, boxes.map((m, i) => prediction(1, m, 0.5 + i / 10)));
    near(result.stats.AR1, 1 / 3);
    near(result.stats.AR10, 1);
  });

  it('categories without ground truth are left out of the means, not counted as 0', () => {
    const gt = instances([truth(1, 1, medium)], [1], [1, 2]);
    const result = evaluateCocoAp(gt, [prediction(1, medium, 0.9), prediction(1, small, 0.9, { category_id: 2 })]);
    near(result.stats.AP, 1);
    near(result.perCategory[1]!.stats.AP, -1);
    assert.equal(result.perCategory[1]!.groundTruths, 0);
  });

  it('pooled categories (useCats = false) match across categories', () => {
    const gt = instances([truth(1, 1, medium)], [1], [1, 2]);
    const results = [prediction(1, medium, 0.9, { category_id: 2 })];
    near(evaluateCocoAp(gt, results).stats.AP, 0);
    const pooled = evaluateCocoAp(gt, results, { useCats: false });
    near(pooled.stats.AP, 1);
    assert.deepEqual(pooled.perCategory, []);
    assert.deepEqual(pooled.params.categoryIds, [-1]);
  });

  it('pycocotools quirk: a match to the annotation with id 0 counts as a false positive', () => {
    const gt = instances([truth(0, 1, medium)]);
    near(evaluateCocoAp(gt, [prediction(1, medium, 0.9)]).stats.AP, 0);
  });

  it('equal IoUs go to the later ground truth', () => {
    // Two annotations of the same mask; only matching the later (id 7, not id 0) scores.
    const gt = instances([truth(0, 1, medium), truth(7, 1, medium)]);
    near(evaluateCocoAp(gt, [prediction(1, medium, 0.9)]).stats.AP, 51 / 101);
  });

  it('pycocotools quirk: when the first result has a bbox, detection areas are box areas', () => {
    // A 10 × 10 mask whose (wrong) box says 50 × 50: it is then not a small detection, so unmatched it is ignored in "small".
    const gt = instances([truth(1, 1, small)]);
    const fp = rect(150, 10, 10, 10);
    const plain = evaluateCocoAp(gt, [prediction(1, fp, 0.9), prediction(1, small, 0.5)]);
    near(plain.stats.APs, 0.5);
    const boxed = evaluateCocoAp(gt, [prediction(1, fp, 0.9, { bbox: [150, 10, 50, 50] }), prediction(1, small, 0.5)]);
    near(boxed.stats.APs, 1);
  });

  it('agrees with the numpy oracle on every case above', () => {
    const { outputs } = runOracle<{ outputs: { stats: number[] }[] }>('coco_eval.py', {
      requests: seen.map(({ gt, results, useCats }) => ({ gt, results, useCats })),
    });
    seen.forEach(({ stats: ours }, c) => {
      STAT_NAMES.forEach((name, i) => assert.equal(ours[name], outputs[c]!.stats[i], `case ${c}: ${name}`));
    });
  });
});
