/**
 * evaluateCocoAp against the independent numpy COCOeval oracle on generated datasets nobody tuned:
 * all 12 numbers, and the whole precision and recall arrays, in per-category and pooled modes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCocoAp, type CocoApOptions, type CocoApResult } from '../../../src/eval/coco-ap/index.js';
import { runOracle } from '../../helpers/python.js';
import { makeDataset, type Dataset, type DatasetSpec } from './datasets.js';

interface OracleOutput {
  stats: number[];
  precision: number[];
  recall: number[];
  iouThrs: number[];
  recThrs: number[];
}

const STAT_NAMES = ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'] as const;

const base: DatasetSpec = {
  seed: 1,
  images: 24,
  categories: 4,
  maxObjects: 8,
  minSide: 12,
  maxSide: 200,
  crowdRate: 0.1,
  maxFalsePositives: 4,
  scoreStep: 0,
};

const cases: { name: string; spec: DatasetSpec; options?: CocoApOptions; request?: Record<string, unknown> }[] = [
  { name: 'blobs on random image sizes, crowds, areas on the range limits', spec: { ...base, seed: 11 } },
  { name: 'scores tied in steps of 0.1', spec: { ...base, seed: 12, scoreStep: 0.1 } },
  { name: 'all scores equal', spec: { ...base, seed: 13, scoreStep: 2 } },
  {
    name: 'more than 100 detections per image, tied scores',
    spec: { ...base, seed: 14, images: 4, maxObjects: 30, maxFalsePositives: 160, maxSide: 60, scoreStep: 0.01 },
  },
  { name: 'many crowds', spec: { ...base, seed: 15, crowdRate: 0.5 } },
  { name: 'objects annotated twice (IoU ties)', spec: { ...base, seed: 21, duplicateRate: 0.5, crowdRate: 0.3 } },
  {
    name: 'objects annotated twice, pooled',
    spec: { ...base, seed: 22, duplicateRate: 0.5, crowdRate: 0.3 },
    options: { useCats: false },
    request: { useCats: false },
  },
  { name: 'results with boxes: detection areas from the boxes', spec: { ...base, seed: 16, withBoxes: true } },
  { name: 'annotation ids from 0', spec: { ...base, seed: 17, images: 6, firstId: 0 } },
  { name: 'categories pooled (useCats = 0)', spec: { ...base, seed: 18 }, options: { useCats: false }, request: { useCats: false } },
  {
    name: 'pooled with more than 100 detections',
    spec: { ...base, seed: 19, images: 4, maxObjects: 30, maxFalsePositives: 120, maxSide: 50, scoreStep: 0.05 },
    options: { useCats: false },
    request: { useCats: false },
  },
  {
    name: 'custom thresholds, maxDets and area ranges',
    spec: { ...base, seed: 20, maxFalsePositives: 12 },
    options: {
      iouThresholds: [0.3, 0.5, 0.75, 1],
      maxDets: [20, 5, 100],
      areaRanges: [
        { label: 'all', min: 0, max: 1e10 },
        { label: 'small', min: 0, max: 300 },
        { label: 'medium', min: 300, max: 3000 },
        { label: 'large', min: 3000, max: 1e10 },
      ],
    },
    request: {
      iouThrs: [0.3, 0.5, 0.75, 1],
      maxDets: [20, 5, 100],
      areaRng: [
        [0, 1e10],
        [0, 300],
        [300, 3000],
        [3000, 1e10],
      ],
    },
  },
];

describe('evaluateCocoAp against the numpy COCOeval oracle', () => {
  let worstStat = 0;
  let worstArray = 0;
  for (const { name, spec, options, request } of cases) {
    it(name, () => {
      const data: Dataset = makeDataset(spec);
      const ours: CocoApResult = evaluateCocoAp(data.gt, data.results, options);
      const oracle = runOracle<OracleOutput>('coco_eval.py', { gt: data.gt, results: data.results, ...request });
      assert.deepEqual(ours.params.iouThresholds, oracle.iouThrs);
      assert.deepEqual(ours.params.recallThresholds, oracle.recThrs);
      STAT_NAMES.forEach((stat, i) => {
        const diff = Math.abs(ours.stats[stat] - oracle.stats[i]!);
        worstStat = Math.max(worstStat, diff);
        assert.ok(diff <= 1e-9, `${stat}: owseg ${ours.stats[stat]}, oracle ${oracle.stats[i]}`);
      });
      assert.equal(ours.precision.length, oracle.precision.length);
      assert.equal(ours.recall.length, oracle.recall.length);
      oracle.precision.forEach((value, i) => {
        worstArray = Math.max(worstArray, Math.abs(ours.precision[i]! - value));
      });
      oracle.recall.forEach((value, i) => {
        worstArray = Math.max(worstArray, Math.abs(ours.recall[i]! - value));
      });
      assert.ok(worstArray <= 1e-12, `precision/recall arrays differ by ${worstArray}`);
      // Sanity: the generated data exercises matching at all (not every number -1 or 0).
      assert.ok(ours.stats.AP > 0 && ours.stats.AP < 1, `AP ${ours.stats.AP}`);
    });
  }
  it('reports the largest differences seen', (t) => {
    t.diagnostic(`max |stat diff| ${worstStat}, max |array diff| ${worstArray}`);
  });
});
