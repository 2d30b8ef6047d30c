/**
 * owseg's everything-mode against the independent Python implementation of SAM's generator
 * (tools/reference/amg_reference.py), both driving the same fake predictor: every field, RLE-exact.
 * Low-res cases give the fake SAM's 256² logits, so owseg's fused upscale-and-threshold meets torch's
 * F.interpolate through every filter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateEverything, type EverythingMask, type EverythingOptions } from '../../../src/tasks/everything/index.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';
import { fakePredictor, sceneImage, type FakeScene } from './fake-predictor.js';
import { randomScene } from './scenes.js';

interface OracleMask {
  segmentation: { size: [number, number]; counts: string };
  area: number;
  bbox: number[];
  predicted_iou: number;
  point_coords: number[][];
  stability_score: number;
  crop_box: number[];
}

interface Case {
  name: string;
  scene: FakeScene;
  options: EverythingOptions;
  /** The fake's logits come at SAM's 256² and are upscaled as SAM does. */
  lowRes?: boolean;
}

function randomGrid(seed: number, count: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: count * 2 }, () => random());
}

const cases: Case[] = [
  { name: 'defaults (32 × 32 grid)', scene: randomScene(1, 64, 48, 9), options: {} },
  { name: '16 × 16 grid, no filters', scene: randomScene(2, 60, 44, 7), options: { pointsPerSide: 16, predIouThresh: 0, stabilityScoreThresh: 0.5 } },
  { name: 'stability offset 0.5, strict box NMS', scene: randomScene(3, 64, 64, 10), options: { pointsPerSide: 12, stabilityScoreOffset: 0.5, stabilityScoreThresh: 0.9, boxNmsThresh: 0.3 } },
  { name: 'one crop layer, downscale 2', scene: randomScene(4, 160, 120, 12), options: { pointsPerSide: 16, cropNLayers: 1, cropNPointsDownscaleFactor: 2 } },
  { name: 'two crop layers, overlap 0.25', scene: randomScene(5, 200, 150, 14), options: { pointsPerSide: 8, cropNLayers: 2, cropOverlapRatio: 0.25, cropNmsThresh: 0.5 } },
  { name: 'small-region clean-up', scene: randomScene(6, 96, 72, 12), options: { pointsPerSide: 16, minMaskRegionArea: 40, predIouThresh: 0.8 } },
  { name: 'clean-up across crops', scene: randomScene(7, 180, 140, 14), options: { pointsPerSide: 10, cropNLayers: 1, minMaskRegionArea: 25, boxNmsThresh: 0.8 } },
  { name: 'explicit point grids', scene: randomScene(8, 120, 90, 10), options: { pointGrids: [randomGrid(80, 50), randomGrid(81, 20)], cropNLayers: 1 } },
  // Longest side 1024: the logits are upscaled once, as in the benchmark.
  { name: 'low-res logits, one resize', scene: randomScene(9, 1024, 600, 12), options: { pointsPerSide: 8, stabilityScoreThresh: 0.9 }, lowRes: true },
  { name: 'low-res logits, two crop layers of odd sizes', scene: randomScene(10, 333, 197, 10), options: { pointsPerSide: 8, cropNLayers: 2, cropNPointsDownscaleFactor: 2, stabilityScoreThresh: 0.8 }, lowRes: true },
  { name: 'low-res logits, larger than the model input', scene: randomScene(11, 1100, 700, 12), options: { pointsPerSide: 6, cropNLayers: 1, stabilityScoreThresh: 0.85, minMaskRegionArea: 30 }, lowRes: true },
];

const toSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function oracleOptions(options: EverythingOptions): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [toSnake(key), key === 'pointGrids' ? (value as Float64Array[]).map((g) => Array.from(g)) : value]),
  );
}

function asOracle(mask: EverythingMask): OracleMask {
  return {
    segmentation: mask.segmentation,
    area: mask.area,
    bbox: mask.bbox,
    predicted_iou: mask.predictedIou,
    point_coords: mask.pointCoords,
    stability_score: mask.stabilityScore,
    crop_box: mask.cropBox,
  };
}

test('every kept mask and field matches the Python reference implementation', async () => {
  const { results } = runOracle<{ results: { masks: OracleMask[] }[] }>('amg_reference.py', {
    cases: cases.map((c) => ({ scene: c.scene, options: oracleOptions(c.options), low_res: c.lowRes ?? false })),
  });
  let total = 0;
  for (const [i, c] of cases.entries()) {
    const ours = await generateEverything(fakePredictor(c.scene.objects, { lowRes: c.lowRes ?? false }), sceneImage(c.scene), c.options);
    const expected = results[i]!.masks;
    assert.ok(expected.length > 0, `${c.name}: the case keeps some masks`);
    assert.deepEqual(ours.map(asOracle), expected, c.name);
    total += ours.length;
  }
  assert.ok(total > 40, `only ${total} masks over all cases`);
});
