/**
 * mIoU against the numpy oracle (both named variants) on generated label maps with ignored pixels,
 * classes missing from the ground truth and predicted "ignore"; PNG folders; hand cases and bad input.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidInputError } from '../../../src/core/errors.js';
import { evaluateSemantic, evaluateSemanticFiles, readLabelPng, type SemanticPair } from '../../../src/eval/semantic/index.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';
import { encodeLabelPng } from './png-writer.js';

interface Oracle {
  detectron2: number | null;
  mmseg: number | null;
  iou: (number | null)[];
  gt_area: number[];
}

/** Predictions mostly right, with noise; class 5 is never in the ground truth, class 6 nowhere. */
function generate(seed: number, count: number): SemanticPair[] {
  const random = seededRandom(seed);
  const pairs: SemanticPair[] = [];
  for (let n = 0; n < count; n++) {
    const width = 10 + Math.floor(random() * 30);
    const height = 8 + Math.floor(random() * 20);
    const gt = new Uint8Array(width * height);
    const pred = new Uint8Array(width * height);
    const base = Math.floor(random() * 5);
    for (let i = 0; i < gt.length; i++) {
      const x = i % width;
      gt[i] = random() < 0.1 ? 255 : (base + Math.floor((x * 3) / width) + (random() < 0.2 ? 1 : 0)) % 5;
      const r = random();
      pred[i] = r < 0.6 ? (gt[i] === 255 ? 2 : gt[i]!) : r < 0.9 ? Math.floor(random() * 6) : 255;
    }
    pairs.push({ name: `map${n}`, gt: { width, height, data: gt }, pred: { width, height, data: pred } });
  }
  return pairs;
}

function compare(mine: number, theirs: number | null, what: string): void {
  if (theirs === null) assert.ok(Number.isNaN(mine), what);
  else assert.ok(Math.abs(mine - theirs) < 1e-9, `${what}: ${mine} vs ${theirs}`);
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-miou-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mIoU against the numpy oracle', () => {
  for (const seed of [11, 12]) {
    it(`matches both variants and every class on generated maps ${seed}`, () => {
      const pairs = generate(seed, 12);
      const oracle = runOracle<Oracle>('semantic_eval.py', {
        num_classes: 7,
        ignore_label: 255,
        pairs: pairs.map((p) => ({ gt: [...p.gt.data], pred: [...p.pred.data] })),
      });
      const d2 = evaluateSemantic(pairs, { numClasses: 7 });
      const mm = evaluateSemantic(pairs, { numClasses: 7, variant: 'mmseg' });
      compare(d2.mIoU, oracle.detectron2, 'detectron2 mIoU');
      compare(mm.mIoU, oracle.mmseg, 'mmseg mIoU');
      assert.equal(oracle.gt_area[5], 0);
      assert.ok(d2.mIoU !== mm.mIoU, 'the variants differ when a class is only predicted');
      assert.ok(Number.isNaN(d2.iou[5]!) && mm.iou[5] === 0 && Number.isNaN(mm.iou[6]!));
      for (let c = 0; c < 5; c++) compare(d2.iou[c]!, oracle.iou[c]!, `class ${c}`);
      // Without numClasses the count is inferred; the detectron2 mean is unchanged.
      compare(evaluateSemantic(pairs).mIoU, oracle.detectron2, 'inferred class count');
    });
  }

  it('reads PNG folders (8-bit grey via sharp, palette and 16-bit by hand) the way PIL does', async () => {
    const pairs = generate(13, 6);
    const gtDir = join(dir, 'gt');
    const predDir = join(dir, 'pred');
    await mkdir(gtDir);
    await mkdir(predDir);
    for (const [i, pair] of pairs.entries()) {
      const { width, height } = pair.gt;
      const name = `${i}.png`;
      if (i % 3 === 0) {
        await sharp(Buffer.from(pair.gt.data), { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toFile(join(gtDir, name));
      } else {
        await writeFile(join(gtDir, name), encodeLabelPng(pair.gt.data, width, height, i % 3 === 1 ? 3 : 0, i % 3 === 1 ? 8 : 16));
      }
      await writeFile(join(predDir, name), encodeLabelPng(pair.pred.data, width, height, 3, 8));
    }
    const ours = await evaluateSemanticFiles(gtDir, predDir, { numClasses: 7 });
    const oracle = runOracle<Oracle>('semantic_eval.py', { num_classes: 7, ignore_label: 255, gt_dir: gtDir, pred_dir: predDir });
    assert.equal(ours.metric, 'miou');
    compare(ours.stats.mIoU, oracle.detectron2, 'files mIoU');
    compare(ours.stats.mIoU, evaluateSemantic(pairs, { numClasses: 7 }).mIoU, 'files = memory');
  });

  it('decodes 1-bit and 16-bit values above 255 exactly', async () => {
    const labels = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0];
    const one = await writeAndRead('one.png', encodeLabelPng(labels, 11, 1, 0, 1));
    assert.deepEqual([...one.data], labels);
    const wide = [0, 300, 65535, 1024, 7, 256];
    const sixteen = await writeAndRead('wide.png', encodeLabelPng(wide, 3, 2, 0, 16));
    assert.deepEqual([...sixteen.data], wide);
  });
});

async function writeAndRead(name: string, bytes: Buffer) {
  await writeFile(join(dir, name), bytes);
  return readLabelPng(join(dir, name));
}

describe('mIoU by hand and bad input', () => {
  const map = (width: number, values: number[]) => ({ width, height: values.length / width, data: Uint8Array.from(values) });

  it('works a 2-class case by hand', () => {
    // gt  0 0 1 1 255 ; pred 0 1 1 1 0 → class 0: I 1, U 2; class 1: I 2, U 3; ignored pixel dropped.
    const result = evaluateSemantic([{ name: 'a', gt: map(5, [0, 0, 1, 1, 255]), pred: map(5, [0, 1, 1, 1, 0]) }]);
    assert.deepEqual(result.iou, [0.5, 2 / 3]);
    assert.equal(result.mIoU, (0.5 + 2 / 3) / 2);
  });

  it('names the map and pixel of an out-of-range label, and a size mismatch', () => {
    assert.throws(
      () => evaluateSemantic([{ name: 'b.png', gt: map(2, [0, 1, 0, 9]), pred: map(2, [0, 0, 0, 0]) }], { numClasses: 3 }),
      (e: unknown) => e instanceof InvalidInputError && /b\.png: ground truth pixel \(1, 1\): expected a class index in 0…2 or the ignore label 255 \(got 9\)/.test(e.message),
    );
    assert.throws(
      () => evaluateSemantic([{ name: 'c.png', gt: map(2, [0, 1, 0, 1]), pred: map(4, [0, 0, 0, 0]) }]),
      /c\.png: prediction: expected the ground truth's size 2×2 \(got 4×1\)/,
    );
  });

  it('a missing prediction file is an error, or skipped and counted with lenient', async () => {
    const gtDir = join(dir, 'gt2');
    const predDir = join(dir, 'pred2');
    await mkdir(gtDir);
    await mkdir(predDir);
    await writeFile(join(gtDir, 'a.png'), encodeLabelPng([0, 1, 1, 0], 2, 2, 0, 8));
    await writeFile(join(gtDir, 'b.png'), encodeLabelPng([0, 1, 1, 0], 2, 2, 0, 8));
    await writeFile(join(predDir, 'a.png'), encodeLabelPng([0, 1, 0, 0], 2, 2, 0, 8));
    await assert.rejects(evaluateSemanticFiles(gtDir, predDir), /pred2\/b\.png: expected a prediction for every ground-truth map/);
    const lenient = await evaluateSemanticFiles(gtDir, predDir, { lenient: true });
    assert.equal(lenient.skipped, 1);
    assert.equal(lenient.stats.mIoU, (2 / 3 + 0.5) / 2);
  });

  it('refuses an RGB PNG as a label map', async () => {
    await sharp(Buffer.alloc(12, 7), { raw: { width: 2, height: 2, channels: 3 } }).png().toFile(join(dir, 'rgb.png'));
    await assert.rejects(readLabelPng(join(dir, 'rgb.png')), /rgb\.png: expected a single-channel PNG label map .*its colour type is RGB/);
  });
});
