/**
 * PQ against the independent numpy oracle on generated PNG datasets, hand-worked cases for VOID,
 * crowd and the 0.5 thresholds, and panopticapi's sanity errors naming image and segment.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { evaluatePanoptic, evaluatePanopticFiles, pqFromSegments, type PqImage } from '../../../src/eval/panoptic/index.js';
import type { PanopticSegment } from '../../../src/eval/readers/panoptic.js';
import { runOracle } from '../../helpers/python.js';
import { CATEGORIES, generatePanoptic, writePng, type PanopticJson } from './fixtures.js';

interface OracleOutput {
  stats: Record<string, number | null>;
  per_class: Record<string, { pq: number; sq: number; rq: number; tp: number; fp: number; fn: number; iou: number }>;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-pq-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeDataset(name: string, gt: PanopticJson, pred: PanopticJson): Promise<{ gtJson: string; predJson: string }> {
  const gtJson = join(dir, name, 'gt.json');
  const predJson = join(dir, name, 'pred.json');
  await writeFile(gtJson, JSON.stringify(gt));
  await writeFile(predJson, JSON.stringify(pred));
  return { gtJson, predJson };
}

describe('evaluatePanoptic against the numpy oracle', () => {
  for (const seed of [1, 2, 3]) {
    it(`matches every stat and class on generated dataset ${seed}`, async () => {
      const root = join(dir, `gen${seed}`);
      const { gt, pred } = await generatePanoptic(root, seed, 14);
      const { gtJson, predJson } = await writeDataset(`gen${seed}`, gt, pred);
      const progress: number[] = [];
      const ours = await evaluatePanoptic(gtJson, predJson, join(root, 'gt'), join(root, 'pred'), {
        onProgress: (done) => progress.push(done),
      });
      const oracle = runOracle<OracleOutput>('panoptic_eval.py', { gt, pred, gt_dir: join(root, 'gt'), pred_dir: join(root, 'pred') });
      assert.equal(progress.length, 14);
      for (const [key, value] of Object.entries(oracle.stats)) {
        const mine = (ours.stats as unknown as Record<string, number>)[key]!;
        if (value === null) assert.ok(Number.isNaN(mine), key);
        else assert.ok(Math.abs(mine - value) < 1e-9, `${key}: ${mine} vs ${value}`);
      }
      for (const [id, row] of Object.entries(oracle.per_class)) {
        const mine = ours.perClass.get(Number(id))!;
        assert.deepEqual([mine.tp, mine.fp, mine.fn], [row.tp, row.fp, row.fn], `class ${id}`);
        for (const key of ['pq', 'sq', 'rq', 'iou'] as const) assert.ok(Math.abs(mine[key] - row[key]) < 1e-9, `class ${id} ${key}`);
      }
      // The generated data must exercise what it is meant to: matches, FPs, FNs and an unused class.
      const totals = [...ours.perClass.values()].reduce((a, c) => [a[0]! + c.tp, a[1]! + c.fp, a[2]! + c.fn], [0, 0, 0]);
      assert.ok(totals.every((t) => t > 0), `tp/fp/fn ${totals.join('/')}`);
      assert.equal(ours.perClass.get(44)!.pq, 0);
    });
  }

  it('evaluatePanopticFiles finds the PNG folders beside the JSONs and returns the contract keys', async () => {
    const root = join(dir, 'beside');
    const { gt, pred } = await generatePanoptic(root, 9, 3);
    await writeFile(join(root, 'gt.json'), JSON.stringify(gt));
    await writeFile(join(root, 'pred.json'), JSON.stringify(pred));
    const result = await evaluatePanopticFiles(join(root, 'gt.json'), join(root, 'pred.json'));
    assert.equal(result.metric, 'pq');
    assert.deepEqual(Object.keys(result.stats).sort(), ['PQ', 'PQ_st', 'PQ_th', 'RQ', 'RQ_st', 'RQ_th', 'SQ', 'SQ_st', 'SQ_th']);
  });
});

const map = (width: number, ids: number[]) => ({ width, height: ids.length / width, ids: Uint32Array.from(ids) });
const seg = (id: number, categoryId: number, iscrowd = false): PanopticSegment => ({ id, categoryId, iscrowd });

describe('pqFromSegments by hand', () => {
  it('removes VOID from the union and lets VOID absorb a prediction', () => {
    // gt: segment 1 (thing 1) on 4 pixels, VOID on 4. pred 5 covers the gt 3 pixels + 2 VOID pixels:
    // IoU = 3 / (5 + 4 − 3 − 2) = 0.75. pred 6 (1 px, on VOID) is not an FP.
    const image: PqImage = {
      name: 'hand',
      gt: { map: map(4, [1, 1, 1, 1, 0, 0, 0, 0]), segments: [seg(1, 1)] },
      pred: { map: map(4, [5, 5, 5, 0, 5, 5, 6, 0]), segments: [seg(5, 1), seg(6, 1)] },
    };
    const result = pqFromSegments([image], CATEGORIES.map((c) => ({ ...c, isthing: c.isthing === 1 })));
    const person = result.perClass.get(1)!;
    assert.deepEqual([person.tp, person.fp, person.fn], [1, 0, 0]);
    assert.equal(person.iou, 0.75);
    assert.equal(result.stats.PQ, 0.75);
    assert.ok(Number.isNaN(result.stats.PQ_st));
    assert.deepEqual(result.classes, { all: 1, things: 1, stuff: 0 });
  });

  it('IoU exactly 0.5 is no match, ignored share exactly 0.5 is still an FP, crowd of the class absorbs more', () => {
    const categories = [
      { id: 1, name: 'a', isthing: true },
      { id: 2, name: 'b', isthing: false },
    ];
    // pred 7 (class 1, 4 px) meets gt 1 (2 px) on 2 px: IoU 2 / (4 + 2 − 2) = 0.5 → FN + FP.
    // pred 8 (class 2, 4 px): IoU with gt 4 is 2 / 5; 2 px on crowd 3 of its class = exactly half → FP.
    const first: PqImage = {
      name: 'first',
      gt: { map: map(5, [1, 1, 3, 3, 0, 3, 3, 4, 4, 4]), segments: [seg(1, 1), seg(3, 2, true), seg(4, 2)] },
      pred: { map: map(5, [7, 7, 7, 7, 0, 8, 8, 8, 8, 0]), segments: [seg(7, 1), seg(8, 2)] },
    };
    // pred 9 (class 2): 3 px on crowd + 1 on VOID → all ignored, no FP.
    const second: PqImage = {
      name: 'second',
      gt: { map: map(2, [3, 3, 3, 0]), segments: [seg(3, 2, true)] },
      pred: { map: map(2, [9, 9, 9, 9]), segments: [seg(9, 2)] },
    };
    const result = pqFromSegments([first, second], categories);
    const a = result.perClass.get(1)!;
    assert.deepEqual([a.tp, a.fp, a.fn], [0, 1, 1]);
    const b = result.perClass.get(2)!;
    assert.deepEqual([b.tp, b.fp, b.fn], [0, 1, 1]);
    assert.equal(result.stats.PQ, 0);
    assert.deepEqual(result.classes, { all: 2, things: 1, stuff: 1 });
  });
});

describe('panopticapi sanity errors', () => {
  const categories = [{ id: 1, name: 'a', isthing: true }];
  const good = map(2, [1, 1, 2, 0]);
  const check = (pred: PqImage['pred'], pattern: RegExp) =>
    assert.throws(
      () => pqFromSegments([{ name: 'image 42 (x.png)', gt: { map: good, segments: [seg(1, 1), seg(2, 1)] }, pred }], categories),
      (error: unknown) => error instanceof InvalidInputError && pattern.test(error.message),
    );

  it('a PNG segment missing from the JSON', () =>
    check({ map: map(2, [1, 9, 0, 0]), segments: [seg(1, 1)] }, /image 42 \(x\.png\): prediction segment 9: .*in the PNG but not in the JSON/));
  it('an unknown category', () =>
    check({ map: map(2, [1, 1, 0, 0]), segments: [seg(1, 5)] }, /image 42 .*prediction segment 1: .*unknown category_id 5/));
  it('a JSON segment absent from the PNG', () =>
    check({ map: map(2, [1, 1, 0, 0]), segments: [seg(1, 1), seg(4, 1)] }, /prediction segment 4: .*no pixel has its id/));
  it('a size mismatch', () =>
    check({ map: map(1, [1, 1, 1, 1]), segments: [seg(1, 1)] }, /prediction PNG: expected the ground truth's size 2×2 .*got 1×4/));

  it('a missing prediction throws, or is skipped and counted with lenient', async () => {
    const root = join(dir, 'missing');
    const { gt, pred } = await generatePanoptic(root, 5, 3);
    pred.annotations = pred.annotations.filter((a) => a.image_id !== 101);
    const { gtJson, predJson } = await writeDataset('missing', gt, pred);
    await assert.rejects(
      evaluatePanoptic(gtJson, predJson, join(root, 'gt'), join(root, 'pred')),
      /pred\.json: annotations: expected a prediction for image 101 \(000001\.png\)/,
    );
    const lenient = await evaluatePanoptic(gtJson, predJson, join(root, 'gt'), join(root, 'pred'), { lenient: true });
    assert.equal(lenient.skipped.count, 1);
    assert.match(lenient.skipped.reasons[0]!, /image 101/);
  });

  it('writes and reads ids spanning all three channels', async () => {
    const path = join(dir, 'ids.png');
    await writePng(path, Uint32Array.from([0, 255, 256, 65536, 16777215, 123456]), 3, 2);
    const { loadPanopticPng } = await import('../../../src/eval/readers/panoptic.js');
    assert.deepEqual([...(await loadPanopticPng(path)).ids], [0, 255, 256, 65536, 16777215, 123456]);
  });
});
