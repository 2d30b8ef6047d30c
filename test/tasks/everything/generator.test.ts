/**
 * The generator on hand-drawn scenes whose outcome is worked out by hand: which masks each filter
 * and NMS drops, crop layers, clean-up, batching and determinism.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import type { RgbImage } from '../../../src/core/image/index.js';
import { generateEverything, type PromptPredictor } from '../../../src/tasks/everything/index.js';
import type { LogitThresholds } from '../../../src/models/sam/index.js';
import { fakePredictor, sceneImage, thresholdFullLogits, type FakeLog } from './fake-predictor.js';
import { drawScene, labelsRle } from './scene-helpers.js';
import { randomScene } from './scenes.js';

// 40 × 30: object 1 is 12 × 12 with hard edges, object 2 is 14 × 16 with soft (±0.5) edges.
const scene = drawScene(
  40,
  30,
  [
    [1, 4, 4, 16, 16],
    [2, 22, 6, 36, 22],
  ],
  {
    '0': { iou: [0.5, 0.5, 0.5], neighbour: 0, edge: null },
    '1': { iou: [0.95, 0.9, 0.87], neighbour: 2, edge: null },
    '2': { iou: [0.93, 0.8, 0.96], neighbour: 1, edge: 0.5 },
  },
);
const image = sceneImage(scene);
const newLog = (): FakeLog => ({ encodes: [], batches: [], points: [] });

test('defaults on a 4 × 4 grid: object 1 and object 1 + 2 survive, from the first point on object 1', async () => {
  // Points sit at x = 5, 15, 25, 35 and y = 3.75, 11.25, 18.75, 26.25: two on object 1, four on object 2.
  const masks = await generateEverything(fakePredictor(scene.objects), image, { pointsPerSide: 4 });
  // Background: IoU 0.5 fails 0.88. Object 1's shrunk mask: 0.87 fails. Object 2's masks: stability
  // 168/284 and 120/220 fail 0.95; its union mask (0.8) fails IoU. The second point's copies of
  // object 1's masks tie on score and lose NMS to the first point's.
  assert.deepEqual(masks, [
    { segmentation: labelsRle(scene, [1]), area: 144, bbox: [4, 4, 11, 11], predictedIou: Math.fround(0.95), pointCoords: [[5, 11.25]], stabilityScore: 1, cropBox: [0, 0, 40, 30] },
    { segmentation: labelsRle(scene, [1, 2]), area: 368, bbox: [4, 4, 31, 17], predictedIou: Math.fround(0.9), pointCoords: [[5, 11.25]], stabilityScore: 1, cropBox: [0, 0, 40, 30] },
  ]);
});

test('a lower stability threshold lets the soft object in; box NMS then drops its full mask for the shrunk one', async () => {
  const masks = await generateEverything(fakePredictor(scene.objects), image, { pointsPerSide: 4, stabilityScoreThresh: 0.5 });
  // Shrunk object 2 (0.96, box 23..34 × 7..20) suppresses object 2 (0.93, IoU 143/195 > 0.7).
  assert.deepEqual(
    masks.map((m) => [m.predictedIou, m.stabilityScore, m.area, m.pointCoords[0]]),
    [
      [Math.fround(0.96), Math.fround(120 / 220), 168, [25, 11.25]],
      [Math.fround(0.95), 1, 144, [5, 11.25]],
      [Math.fround(0.9), 1, 368, [5, 11.25]],
    ],
  );
  const loose = await generateEverything(fakePredictor(scene.objects), image, { pointsPerSide: 4, stabilityScoreThresh: 0.5, boxNmsThresh: 0.75 });
  assert.ok(loose.some((m) => m.area === 224 && m.stabilityScore === Math.fround(168 / 284)), 'IoU 0.733 ≤ 0.75 keeps object 2');
});

/** A predictor whose every prompt returns the same given masks and IoUs, for threshold edge cases. */
function fixedPredictor(maps: Float32Array[], iou: number[]): PromptPredictor {
  return {
    encode: async (img: RgbImage) => ({
      width: img.width,
      height: img.height,
      predictPoints: async (points: Float64Array) => ({
        count: points.length / 2,
        masksPerPrompt: maps.length,
        iou: Float32Array.from({ length: (points.length / 2) * maps.length }, (_, i) => iou[i % maps.length]!),
        threshold: (i: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array) => thresholdFullLogits(maps[i % maps.length]!, img.width, thresholds, mask, rowCounts),
      }),
    }),
  };
}

test('thresholds compare in float32 as torch does: IoU > float32(0.88), stability ≥ float32(0.95)', async () => {
  const blank: RgbImage = { width: 10, height: 2, data: new Uint8Array(60) };
  // 19 pixels above +1 and one at 0.5: stability 19/20, exactly float32(0.95), which passes ≥.
  const stable = new Float32Array(20).fill(2);
  stable[0] = 0.5;
  // 18 above +1, 1 at exactly 1 (not > 1), 1 at exactly -1 (not > -1): 18/19 fails.
  const unstable = new Float32Array(20).fill(2);
  unstable[0] = 1;
  unstable[1] = -1;
  const masks = await generateEverything(fixedPredictor([stable, stable, unstable], [0.9, 0.88, 0.99]), blank, { pointsPerSide: 1 });
  assert.deepEqual(
    masks.map((m) => [m.predictedIou, m.stabilityScore, m.area]),
    [[Math.fround(0.9), Math.fround(0.95), 20]],
  );
});

test('the batch size changes nothing but the calls', async () => {
  const random = randomScene(11, 72, 54, 9);
  const runs = [];
  for (const pointsPerBatch of [1, 7, 64]) {
    const log = newLog();
    runs.push(await generateEverything(fakePredictor(random.objects, { log }), sceneImage(random), { pointsPerSide: 10, cropNLayers: 1, pointsPerBatch }));
    const perCrop = [100, 100, 100, 100, 100];
    const expected = perCrop.flatMap((n) => Array.from({ length: Math.ceil(n / pointsPerBatch) }, (_, b) => Math.min(pointsPerBatch, n - b * pointsPerBatch)));
    assert.deepEqual(log.batches, expected);
  }
  assert.ok(runs[0]!.length > 3);
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
  // Deterministic: a second run is identical, key order included.
  const again = await generateEverything(fakePredictor(random.objects), sceneImage(random), { pointsPerSide: 10, cropNLayers: 1, pointsPerBatch: 64 });
  assert.equal(JSON.stringify(again), JSON.stringify(runs[2]));
});

test('crop layers: each crop is encoded once, with the layer grid scaled to the crop', async () => {
  const log = newLog();
  const big = drawScene(100, 80, [], { '0': { iou: [0.5, 0.5, 0.5], neighbour: 0, edge: null } });
  await generateEverything(fakePredictor(big.objects, { log }), sceneImage(big), { pointsPerSide: 4, cropNLayers: 1, cropNPointsDownscaleFactor: 2 });
  // Layer 1: overlap int(512/1500 × 80) = 27; crops ceil((27 + 100) / 2) = 64 by ceil((27 + 80) / 2) = 54,
  // at x0 = 0, 37 and y0 = 0, 27 (column by column), clipped to the image.
  assert.deepEqual(log.encodes, [
    { width: 100, height: 80 },
    { width: 64, height: 54 },
    { width: 64, height: 53 },
    { width: 63, height: 54 },
    { width: 63, height: 53 },
  ]);
  assert.deepEqual(log.batches, [16, 4, 4, 4, 4]);
  // Layer 1 has 4 / 2 = 2 points per side at 1/4 and 3/4 of the crop.
  assert.deepEqual(log.points.slice(32, 40), [16, 13.5, 48, 13.5, 16, 40.5, 48, 40.5]);
  assert.deepEqual(log.points.slice(40, 48), [16, 13.25, 48, 13.25, 16, 39.75, 48, 39.75]);
  assert.deepEqual(log.points.slice(48, 56), [15.75, 13.5, 47.25, 13.5, 15.75, 40.5, 47.25, 40.5]);
});

test('across crops the mask from the smaller crop wins; masks cut by an inner crop edge are dropped', async () => {
  // 200 × 160. Layer-1 crops: overlap 54, 127 × 107 at x0 0 / 73, y0 0 / 53:
  // [0, 0, 127, 107], [0, 53, 127, 160], [73, 0, 200, 107], [73, 53, 200, 160].
  const rule = { iou: [0.95, 0.5, 0.5] as [number, number, number], neighbour: 0, edge: null };
  const two = drawScene(
    200,
    160,
    [
      // Whole and ≥ 20 px from every inner edge only in the first crop; cut by y = 53 in the second.
      [1, 30, 30, 50, 50],
      // Whole only in the third crop; cut by x = 127 in the first, by y = 53 in the fourth.
      [2, 100, 25, 150, 75],
      // Whole in the third crop but its bottom row (89) is 18 px from that crop's y = 107 edge, and
      // its top (60) 7 px from the fourth crop's y = 53: only the whole-image crop keeps it.
      [3, 160, 60, 190, 90],
    ],
    { '0': { ...rule, iou: [0.5, 0.5, 0.5] }, '1': rule, '2': rule, '3': rule },
  );
  const masks = await generateEverything(fakePredictor(two.objects), sceneImage(two), { pointsPerSide: 16, cropNLayers: 1 });
  assert.deepEqual(
    masks.map((m) => [m.area, m.cropBox]),
    [
      [400, [0, 0, 127, 107]],
      [2500, [73, 0, 127, 107]],
      [900, [0, 0, 200, 160]],
    ],
  );
});

test('small-region clean-up fills a speck hole, and the untouched duplicate wins NMS', async () => {
  // Object 1 (20 × 20) has a 1-pixel hole of label 3; label 3's own masks fail the IoU filter.
  const holed = drawScene(
    40,
    40,
    [
      [1, 10, 10, 30, 30],
      [3, 20, 20, 21, 21],
    ],
    {
      '0': { iou: [0.5, 0.5, 0.5], neighbour: 0, edge: null },
      '1': { iou: [0.95, 0.9, 0.5], neighbour: 3, edge: null },
      '3': { iou: [0.5, 0.5, 0.5], neighbour: 0, edge: null },
    },
  );
  const plain = await generateEverything(fakePredictor(holed.objects), sceneImage(holed), { pointsPerSide: 4 });
  // Mask 0 (with the hole, 0.95) suppresses mask 1 (hole filled by the neighbour, 0.9): same box.
  assert.deepEqual(plain.map((m) => [m.area, m.predictedIou]), [[399, Math.fround(0.95)]]);
  const cleaned = await generateEverything(fakePredictor(holed.objects), sceneImage(holed), { pointsPerSide: 4, minMaskRegionArea: 5 });
  // The cleaned hole-free mask keeps its predicted IoU and stability; its RLE is the full square.
  assert.deepEqual(cleaned.map((m) => [m.area, m.predictedIou, m.bbox]), [[400, Math.fround(0.95), [10, 10, 19, 19]]]);
  assert.deepEqual(cleaned[0]!.segmentation, labelsRle(holed, [1, 3]));
});

test('bad options are rejected before any model call', async () => {
  const predictor = fakePredictor(scene.objects);
  const bad = [
    { pointsPerBatch: 0 },
    { pointsPerSide: 2.5 },
    { cropNLayers: -1 },
    { predIouThresh: Number.NaN },
    { pointsPerSide: 4, pointGrids: [new Float64Array([0.5, 0.5])] },
    { pointGrids: [new Float64Array([0.5, 1.5])] },
    { pointGrids: [new Float64Array([0.5, 0.5])], cropNLayers: 1 },
    { pointsPerSide: 2, cropNLayers: 2, cropNPointsDownscaleFactor: 2 },
    { minMaskRegionArea: -1 },
  ];
  for (const options of bad) {
    await assert.rejects(generateEverything(predictor, image, options), InvalidInputError, JSON.stringify(options));
  }
  await assert.rejects(generateEverything(predictor, { width: 2, height: 2, data: new Uint8Array(3) }), InvalidInputError);
});

test('progress is reported after every batch, crop by crop, up to the total number of points', async () => {
  const reports: string[] = [];
  await generateEverything(fakePredictor(scene.objects), image, { pointsPerSide: 4, pointsPerBatch: 10, cropNLayers: 1, cropNPointsDownscaleFactor: 2 }, {
    onProgress: ({ crop, crops, points, totalPoints }) => reports.push(`${crop}/${crops} ${points}/${totalPoints}`),
  });
  // Layer 0: 16 points in batches of 10 and 6; layer 1: four crops of 4 points.
  assert.deepEqual(reports, ['1/5 10/32', '1/5 16/32', '2/5 20/32', '3/5 24/32', '4/5 28/32', '5/5 32/32']);
});
