/**
 * The SAM adapter on tiny random packs (the SAM layer's own builder): batches equal single-point
 * decodes, every kept mask is the runner's own mask for its point, and batching changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RgbImage } from '../../../src/core/image/index.js';
import { encode } from '../../../src/core/rle/index.js';
import { loadSam, segmentPrompt, writeTinySamPack, type SamModel } from '../../../src/models/sam/index.js';
import { generateEverything } from '../../../src/tasks/everything/index.js';
import { samPredictor } from '../../../src/tasks/everything/sam-predictor.js';
import { seededRandom } from '../../helpers/random.js';
import { thresholdFullLogits } from './fake-predictor.js';

let root: string;
const models: SamModel[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'owseg-everything-'));
});
after(async () => {
  await Promise.all(models.map((m) => m.release()));
  await rm(root, { recursive: true, force: true });
});

async function tinyModel(layout: 'official' | 'transformers-sam'): Promise<SamModel> {
  const dir = join(root, layout);
  await writeTinySamPack(dir, { layout, seed: 3 });
  const model = await loadSam(dir);
  models.push(model);
  return model;
}

function noiseImage(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
}

// Random weights give arbitrary IoUs and soft logits: the filters are opened so masks come through.
const open = { predIouThresh: 0, stabilityScoreThresh: 0.05 };

test('a batch of points decodes as the same points one at a time', async () => {
  const model = await tinyModel('transformers-sam');
  const image = noiseImage(40, 30, 1);
  const embedding = await model.encodeImage(image);
  const points = new Float32Array([5, 5, 20.5, 14.25, 39, 29, 0.5, 12]);
  const decode = (p: Float32Array) => model.decode(embedding, { points: p, labels: new Float32Array(p.length / 2).fill(1), pointsPerPrompt: 1 });
  const batch = await decode(points);
  assert.equal(batch.masksPerPrompt, 3);
  const plane = 256 * 256;
  for (let p = 0; p < 4; p++) {
    const single = await decode(points.subarray(p * 2, p * 2 + 2));
    for (let k = 0; k < 3; k++) {
      assert.ok(Math.abs(single.iou[k]! - batch.iou[p * 3 + k]!) < 1e-5, 'IoU');
      const a = single.lowResLogits.subarray(k * plane, (k + 1) * plane);
      const b = batch.lowResLogits.subarray((p * 3 + k) * plane, (p * 3 + k + 1) * plane);
      assert.ok(a.every((v, i) => Math.abs(v - b[i]!) < 1e-4), 'logits');
    }
  }
});

test('each mask is thresholded as the runner’s upscaled logits, bit for bit', async () => {
  const model = await tinyModel('transformers-sam');
  const image = noiseImage(40, 30, 1);
  const encoded = await samPredictor(model).encode(image);
  const embedding = await model.encodeImage(image);
  const points = new Float64Array([5, 5, 20.5, 14.25, 39, 29, 0.5, 12]);
  const batch = await encoded.predictPoints(points, { multimask: true });
  const decoded = await model.decode(embedding, { points: Float32Array.from(points), labels: new Float32Array(4).fill(1), pointsPerPrompt: 1 });
  // The tiny model's logits sit near 0, so thresholds there split every mask.
  const thresholds = { mask: 0, counted: [Math.fround(0.02), Math.fround(-0.02)] };
  for (let index = 0; index < 12; index++) {
    const mask = new Uint8Array(40 * 30);
    const rowCounts = new Int32Array(2 * 30);
    batch.threshold(index, thresholds, mask, rowCounts);
    const wantMask = new Uint8Array(40 * 30);
    const wantCounts = new Int32Array(2 * 30);
    thresholdFullLogits(model.upscaleLogits(embedding, decoded.lowResLogits, index), 40, thresholds, wantMask, wantCounts);
    assert.deepEqual(mask, wantMask, `mask ${index}`);
    assert.deepEqual(rowCounts, wantCounts, `row counts ${index}`);
  }
});

for (const layout of ['official', 'transformers-sam'] as const) {
  test(`${layout}: every kept mask is the runner's mask for its point`, async () => {
    const model = await tinyModel(layout);
    const image = noiseImage(48, 36, 2);
    const masks = await generateEverything(samPredictor(model), image, { ...open, pointsPerSide: 2 });
    assert.ok(masks.length > 0);
    const embedding = await model.encodeImage(image);
    for (const mask of masks) {
      const [[x, y]] = mask.pointCoords as [[number, number]];
      const direct = await segmentPrompt(model, embedding, { points: [[x, y]], labels: [1] });
      const k = Array.from(direct.scores).indexOf(mask.predictedIou);
      assert.ok(k >= 0, 'the predicted IoU is one of the point’s three');
      assert.deepEqual(mask.segmentation, encode(direct.masks[k]!));
    }
  });
}

test('crops and batch sizes: the same masks for 1 and 64 points a batch', async () => {
  const model = await tinyModel('transformers-sam');
  const image = noiseImage(60, 44, 3);
  // Every upscale goes through the 1024² model input, so the grid stays small: 4 + 4 × 1 points.
  const options = { ...open, pointsPerSide: 2, cropNLayers: 1, cropNPointsDownscaleFactor: 2 };
  const runs = [];
  for (const pointsPerBatch of [1, 64]) runs.push(await generateEverything(samPredictor(model), image, { ...options, pointsPerBatch }));
  assert.ok(runs[0]!.length > 0);
  assert.deepEqual(runs[1], runs[0]);
});
