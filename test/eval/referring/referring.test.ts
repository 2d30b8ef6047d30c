/**
 * GRES (ReLA) and RES ("lisa") against the numpy oracle on generated samples with empty targets and
 * empty predictions, hand-worked cases, the exchange files, and bad input naming the record.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Mask } from '../../../src/core/mask.js';
import { decode, encode, fromPolygons } from '../../../src/core/rle/index.js';
import { evaluateGres, evaluateGresFiles, evaluateRes, evaluateResFiles, type GresSample } from '../../../src/eval/referring/index.js';
import { runOracle } from '../../helpers/python.js';
import { blobMask, seededRandom } from '../../helpers/random.js';

interface Oracle {
  gres: Record<string, number | null>;
  res: Record<string, number>;
}

function near(mine: number, theirs: number | null, what: string): void {
  if (theirs === null) assert.ok(Number.isNaN(mine), `${what}: ${mine} should be NaN`);
  else assert.ok(Math.abs(mine - theirs) < 1e-9, `${what}: ${mine} vs ${theirs}`);
}

const empty = (h: number, w: number): Mask => ({ height: h, width: w, data: new Uint8Array(h * w) });

/** A quarter of targets empty, a fifth of predictions empty, some tiny predictions, a few head answers. */
function generate(seed: number, count: number): GresSample[] {
  const random = seededRandom(seed);
  const samples: GresSample[] = [];
  for (let n = 0; n < count; n++) {
    const h = 8 + Math.floor(random() * 24);
    const w = 8 + Math.floor(random() * 24);
    const gt = random() < 0.25 ? empty(h, w) : blobMask(h, w, 1 + Math.floor(random() * 3), random);
    const r = random();
    let pred: Mask;
    if (r < 0.2) pred = empty(h, w);
    else if (r < 0.3) {
      pred = empty(h, w);
      pred.data[Math.floor(random() * h * w)] = 1;
    } else if (r < 0.6) {
      pred = { height: h, width: w, data: gt.data.map((v) => (random() < 0.15 ? 1 - v : v)) };
    } else pred = blobMask(h, w, 1 + Math.floor(random() * 2), random);
    const sample: GresSample = { pred: random() < 0.5 ? encode(pred) : pred, gt: random() < 0.5 ? encode(gt) : gt };
    if (random() < 0.1) sample.predNoTarget = random() < 0.5;
    samples.push(sample);
  }
  return samples;
}

const flat = (m: GresSample['pred']) => [...('data' in m ? m : decode(m)).data];

describe('GRES and RES against the numpy oracle', () => {
  for (const [seed, threshold] of [
    [21, 0],
    [22, 3],
    [23, 0],
  ] as const) {
    it(`matches every stat on generated samples ${seed} (emptyThreshold ${threshold})`, () => {
      const samples = generate(seed, 80);
      const oracle = runOracle<Oracle>('referring_eval.py', {
        empty_threshold: threshold,
        samples: samples.map((s) => ({
          pred: flat(s.pred),
          gt: flat(s.gt),
          ...(s.predNoTarget === undefined ? {} : { pred_no_target: s.predNoTarget }),
        })),
      });
      const gres = evaluateGres(samples, { emptyThreshold: threshold });
      for (const key of ['gIoU', 'cIoU', 'N_acc', 'T_acc'] as const) near(gres[key], oracle.gres[key]!, key);
      assert.ok(gres.counts.TP > 0 && gres.counts.FN > 0 && gres.counts.FP > 0 && gres.counts.TN > 0, JSON.stringify(gres.counts));
      const res = evaluateRes(samples);
      near(res.cIoU, oracle.res.cIoU!, 'res cIoU');
      near(res.gIoU, oracle.res.gIoU!, 'res gIoU');
    });
  }
});

describe('GRES and RES by hand', () => {
  const m = (w: number, bits: number[]): Mask => ({ height: bits.length / w, width: w, data: Uint8Array.from(bits) });

  it('scores no-target samples as ReLA', () => {
    const result = evaluateGres([
      // target, I 1, U 3
      { gt: m(2, [1, 1, 0, 0]), pred: m(2, [0, 1, 1, 0]) },
      // no target, predicted empty: IoU 1, nothing added
      { gt: m(2, [0, 0, 0, 0]), pred: m(2, [0, 0, 0, 0]) },
      // no target, 2 px predicted: IoU 0, U 2 added
      { gt: m(2, [0, 0, 0, 0]), pred: m(2, [1, 1, 0, 0]) },
      // target predicted empty: IoU 0, U 1 added
      { gt: m(2, [0, 0, 0, 1]), pred: m(2, [0, 0, 0, 0]) },
    ]);
    assert.deepEqual(result.iou, [1 / 3, 1, 0, 0]);
    assert.equal(result.gIoU, (1 / 3 + 1) / 4);
    assert.equal(result.cIoU, 1 / (3 + 2 + 1));
    assert.deepEqual(result.counts, { TP: 1, FN: 1, FP: 1, TN: 1 });
    assert.equal(result.N_acc, 0.5);
    assert.equal(result.T_acc, 0.5);
  });

  it('a no-target head answer zeroes I but keeps U; without no-target samples the accuracies are 0', () => {
    const result = evaluateGres([{ gt: m(2, [1, 1, 0, 0]), pred: m(2, [1, 1, 0, 0]), predNoTarget: true }]);
    assert.deepEqual([result.gIoU, result.cIoU, result.N_acc, result.T_acc], [0, 0, 0, 0]);
  });

  it('RES keeps LISA epsilons and scores a both-empty sample 1', () => {
    const res = evaluateRes([
      { gt: m(2, [1, 1, 0, 0]), pred: m(2, [0, 1, 1, 0]) },
      { gt: m(2, [0, 0, 0, 0]), pred: m(2, [0, 0, 0, 0]) },
    ]);
    assert.equal(res.cIoU, 1 / (3 + 1e-10));
    assert.equal(res.gIoU, (1 / (3 + 1e-5) + 1) / (2 + 1e-5));
    assert.equal(res.variant, 'lisa');
  });

  it('names the sample of a size mismatch or a non-empty no-target mask', () => {
    assert.throws(() => evaluateGres([{ gt: m(2, [0, 0, 0, 0]), pred: m(2, [0, 0]) }]), /samples\[0\]\.pred: expected a mask of the ground truth's size \[2, 2\]/);
    assert.throws(
      () => evaluateGres([{ gt: m(2, [0, 0, 0, 0]), pred: m(2, [0, 0, 0, 0]) }, { gt: m(1, [1]), pred: m(1, [1]), noTarget: true }]),
      /samples\[1\]\.gt: expected an empty mask for a no-target sample/,
    );
  });
});

describe('exchange files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'owseg-ref-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, value: unknown) => {
    await writeFile(join(dir, name), JSON.stringify(value));
    return join(dir, name);
  };

  it('reads RLE, polygons and [] records and scores them like the in-memory functions', async () => {
    const samples = generate(31, 30);
    const rle = (x: GresSample['pred']) => ('data' in x ? encode(x) : x);
    const gtRecords: unknown[] = samples.map((s, i) => ({ id: i, segmentation: rle(s.gt) }));
    const predRecords: unknown[] = samples.map((s, i) => ({ id: i, segmentation: rle(s.pred), ...(s.predNoTarget === undefined ? {} : { no_target: s.predNoTarget }) }));
    // A polygon ground truth (a 4×4 square on a 10×10 image) and an empty-list prediction.
    gtRecords.push({ id: 'poly', size: [10, 10], segmentation: [[2, 2, 6, 2, 6, 6, 2, 6]] });
    predRecords.push({ id: 'poly', segmentation: [] });
    const gtPath = await write('gt.json', gtRecords);
    const predPath = await write('pred.json', predRecords.reverse());
    const gres = await evaluateGresFiles(gtPath, predPath);
    const expected = evaluateGres([
      ...samples,
      { gt: decode(fromPolygons([[2, 2, 6, 2, 6, 6, 2, 6]], 10, 10)), pred: empty(10, 10) },
    ]);
    assert.equal(gres.metric, 'gres');
    for (const key of ['gIoU', 'cIoU', 'N_acc', 'T_acc'] as const) near(gres.stats[key], expected[key], key);
    const res = await evaluateResFiles(gtPath, predPath);
    assert.equal(res.metric, 'res');
    assert.deepEqual(Object.keys(res.stats).sort(), ['cIoU', 'gIoU']);
  });

  it('names the record of a missing size, an unknown id and a missing prediction; lenient counts skips', async () => {
    const gtPath = await write('gt2.json', [{ id: 1, segmentation: [] }]);
    const predPath = await write('pred2.json', [{ id: 1, segmentation: [] }]);
    await assert.rejects(evaluateGresFiles(gtPath, predPath), /gt2\.json: \[0\]\.size: expected \[height, width\]/);
    const gt3 = await write('gt3.json', [{ id: 1, size: [2, 2], segmentation: [] }, { id: 2, size: [2, 2], segmentation: [] }]);
    const pred3 = await write('pred3.json', [{ id: 1, segmentation: [] }, { id: 7, segmentation: [] }]);
    await assert.rejects(evaluateGresFiles(gt3, pred3), /pred3\.json: \[1\]\.id: expected the id of a ground-truth record/);
    const lenient = await evaluateGresFiles(gt3, pred3, { lenient: true });
    assert.equal(lenient.skipped, 2);
    assert.equal(lenient.stats.N_acc, 1);
  });
});
