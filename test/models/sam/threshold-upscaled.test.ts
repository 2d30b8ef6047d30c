/**
 * UpscaleThresholder against upscalePlane (itself checked against torch in preprocess.test.ts) then
 * plain comparisons: every verdict and row count equal, on planes built to sit on the thresholds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { officialSamPreprocess, samGeometry, upscalePlane, UpscaleThresholder, type LogitThresholds } from '../../../src/models/sam/index.js';
import { seededRandom } from '../../helpers/random.js';

const LOW = 256;
const f32 = Math.fround;

/** Original sizes (height, width): no second resize, a downscale, an upscale, one axis equal, odd and extreme shapes. */
const sizes = [
  [768, 1024],
  [200, 300],
  [1125, 1500],
  [1024, 1000],
  [97, 333],
  [640, 171],
  [1, 1000],
  [1023, 1],
] as const;

/** Smooth blobs of large logits, as a trained SAM gives: mostly decided without computing. */
function blobs(random: () => number): Float32Array {
  const plane = new Float32Array(LOW * LOW).fill(-12);
  for (let s = 0; s < 6; s++) {
    const cx = random() * LOW;
    const cy = random() * LOW;
    const r = 5 + random() * 60;
    const height = 4 + random() * 20;
    for (let y = 0; y < LOW; y++) {
      for (let x = 0; x < LOW; x++) {
        const d = Math.hypot(x - cx, y - cy) / r;
        if (d < 2) plane[y * LOW + x] = Math.max(plane[y * LOW + x]!, f32(height * (1 - d)));
      }
    }
  }
  return plane;
}

/** Values on and next to the thresholds (one ulp either side), zeros of both signs, subnormals. */
function onThresholds(random: () => number): Float32Array {
  const near = [1, -1, 0, -0, f32(1 + 2 ** -23), f32(1 - 2 ** -24), f32(-1 - 2 ** -23), f32(-1 + 2 ** -24), 2 ** -149, -(2 ** -149), 1e-38, 0.5, 3.25, f32(3.25 + 2 ** -22)];
  return Float32Array.from({ length: LOW * LOW }, () => near[Math.floor(random() * near.length)]!);
}

/**
 * Tiles of one value each, on a threshold or one ulp above it: interpolating a constant lands on
 * it ± an ulp, so these are where a too-thin margin would decide a pixel wrongly.
 */
function plateaus(random: () => number): Float32Array {
  const values = [1, f32(1 + 2 ** -23), -1, f32(-1 + 2 ** -24), 0, 2 ** -149, 3.25, f32(3.25 + 2 ** -22)];
  const plane = new Float32Array(LOW * LOW);
  const tile = 16;
  const tiles = Array.from({ length: (LOW / tile) ** 2 }, () => values[Math.floor(random() * values.length)]!);
  for (let y = 0; y < LOW; y++) for (let x = 0; x < LOW; x++) plane[y * LOW + x] = tiles[Math.floor(y / tile) * (LOW / tile) + Math.floor(x / tile)]!;
  return plane;
}

/** Huge magnitudes next to tiny ones, and non-finite values that must never be decided by range. */
function extremes(random: () => number): Float32Array {
  const plane = blobs(random).map((v) => v * 1e30);
  for (let i = 0; i < 300; i++) plane[Math.floor(random() * plane.length)] = [NaN, Infinity, -Infinity, 3e38, -3e38][i % 5]!;
  return plane;
}

const planes = { blobs, onThresholds, plateaus, extremes };
const thresholdSets: LogitThresholds[] = [
  { mask: 0, counted: [1, -1, 0] },
  { mask: 3.25, counted: [0.5] },
  { mask: -1, counted: [] },
  { mask: 0.5, counted: [1, -1, 0, 3.25, f32(1 + 2 ** -23)] },
];

function expected(logits: Float32Array, width: number, height: number, thresholds: LogitThresholds): { mask: Uint8Array; rowCounts: Int32Array } {
  const mask = new Uint8Array(width * height);
  const rowCounts = new Int32Array(thresholds.counted.length * height);
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v > thresholds.mask) mask[i] = 1;
    thresholds.counted.forEach((t, k) => {
      if (v > t) rowCounts[k * height + Math.floor(i / width)]!++;
    });
  }
  return { mask, rowCounts };
}

for (const [name, make] of Object.entries(planes)) {
  test(`thresholding the upscaled logits equals upscalePlane then comparing: ${name}`, () => {
    const random = seededRandom(name.length * 7919);
    for (const [height, width] of sizes) {
      const geometry = samGeometry({ height, width }, officialSamPreprocess);
      const thresholder = new UpscaleThresholder(LOW, geometry);
      const plane = make(random);
      const logits = upscalePlane(plane, LOW, geometry);
      for (const thresholds of thresholdSets) {
        const want = expected(logits, width, height, thresholds);
        const mask = new Uint8Array(width * height).fill(7);
        const rowCounts = new Int32Array(thresholds.counted.length * height).fill(-3);
        thresholder.threshold(plane, thresholds, mask, rowCounts);
        assert.ok(mask.every((v, i) => v === want.mask[i]), `${height}×${width}, mask above ${thresholds.mask}`);
        assert.deepEqual(rowCounts, want.rowCounts, `${height}×${width}, row counts above ${thresholds.counted.join(', ')}`);
      }
    }
  });
}

test('buffers of the wrong size are refused', () => {
  const thresholder = new UpscaleThresholder(LOW, samGeometry({ height: 10, width: 20 }, officialSamPreprocess));
  assert.throws(() => thresholder.threshold(new Float32Array(LOW * LOW), { mask: 0, counted: [1] }, new Uint8Array(200), new Int32Array(9)), /threshold/);
});
