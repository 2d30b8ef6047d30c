/**
 * Segment Anyword's prompt steps against tools/reference/ground_prompts.py (numpy, scipy), written
 * from the same definitions: exact masks and exact points on seeded maps chosen to be full of ties.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Connectivity } from '../../../src/core/bitmap/args.js';
import type { Mask } from '../../../src/core/mask.js';
import { seededRandom } from '../../../src/core/random.js';
import type { AttentionMap } from '../../../src/tasks/ground/prompts/attention-map.js';
import { backgroundNegatives } from '../../../src/tasks/ground/prompts/background.js';
import { largestRegion } from '../../../src/tasks/ground/prompts/largest-region.js';
import { samplePositivePoints } from '../../../src/tasks/ground/prompts/positive-points.js';
import { thresholdMap } from '../../../src/tasks/ground/prompts/threshold.js';
import { bitsOf } from '../../core/bitmap/masks.js';
import { runOracle } from '../../helpers/python.js';
import { blobMask, noiseMask } from '../../helpers/random.js';
import { blobMap, hotPixelMap, levelMap, mapWire, stampedMap, uniformMap } from './maps.js';

type Points = [number, number][];
interface OracleResponse {
  chain: { mask: string; region: string; positives: Points; background?: Points }[];
  largest: string[];
  positives: Points[];
  background: Points[];
}

const random = seededRandom(20250611);
const size = (max: number) => 1 + Math.floor(random() * max);
const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
const connectivities: Connectivity[] = [4, 8];

function sampleMaps(): AttentionMap[] {
  const maps: AttentionMap[] = [];
  for (let n = 0; n < 40; n++) maps.push(blobMap(size(40), size(40), 1 + Math.floor(random() * 4), random));
  for (let n = 0; n < 30; n++) maps.push(levelMap(size(30), size(30), 2 + Math.floor(random() * 4), random));
  for (let n = 0; n < 20; n++) maps.push(stampedMap(8 + size(24), 8 + size(24), 1 + Math.floor(random() * 4), 2 + Math.floor(random() * 3), random));
  for (let n = 0; n < 15; n++) maps.push(hotPixelMap(size(25), size(25), 1 + Math.floor(random() * 6), random));
  for (let n = 0; n < 15; n++) maps.push(uniformMap(size(30), size(30), random));
  maps.push(hotPixelMap(1, 1, 1, random), hotPixelMap(17, 13, 1, random), levelMap(1, 31, 3, random), levelMap(29, 1, 3, random));
  maps.push({ width: 6, height: 4, data: new Float32Array(24).fill(0.25) });
  return maps;
}

const maps = sampleMaps();
const chainCases = maps.map((map) => ({
  map,
  ratio: pick([0.7, 0.7, 0.5, 0.9, 1, 0.05 + random() * 0.95]),
  connectivity: pick(connectivities),
  k: 1 + Math.floor(random() * 8),
  count: 1 + Math.floor(random() * 3),
}));

/** Masks with ties of area: noise, blobs, and many single pixels. */
const largestCases = [
  ...Array.from({ length: 30 }, () => noiseMask(size(30), size(30), pick([0.1, 0.3, 0.5, 0.6]), random)),
  ...Array.from({ length: 10 }, () => blobMask(size(40), size(40), 1 + Math.floor(random() * 4), random)),
  ...Array.from({ length: 10 }, () => noiseMask(size(20), size(20), 0.05, random)),
]
  .filter((mask) => mask.data.includes(1))
  .map((mask) => ({ mask, connectivity: pick(connectivities) }));

/** Regions and exclusions drawn independently of the map, so the sampling is tested on its own. */
function independentCases(): { map: AttentionMap; mask: Mask; k: number; count: number }[] {
  const cases = [];
  for (let n = 0; n < 60; n++) {
    const width = size(32);
    const height = size(32);
    const map = n % 2 === 0 ? levelMap(width, height, 2 + (n % 5), random) : blobMap(width, height, 2, random);
    const mask = n % 3 === 0 ? noiseMask(height, width, 0.4, random) : blobMask(height, width, 1 + (n % 3), random);
    if (!mask.data.includes(1) || !mask.data.includes(0)) continue;
    cases.push({ map, mask, k: 1 + Math.floor(random() * 10), count: 1 + Math.floor(random() * 3) });
  }
  return cases;
}
const independent = independentCases();

let oracle: OracleResponse;
before(() => {
  oracle = runOracle<OracleResponse>('ground_prompts.py', {
    chain: chainCases.map((c) => ({ ...mapWire(c.map), ratio: c.ratio, connectivity: c.connectivity, k: c.k, count: c.count })),
    largest: largestCases.map(({ mask, connectivity }) => ({ h: mask.height, w: mask.width, bits: bitsOf(mask), connectivity })),
    positives: independent.map((c) => ({ ...mapWire(c.map), region: bitsOf(c.mask), k: c.k })),
    background: independent.map((c) => ({ ...mapWire(c.map), exclude: bitsOf(c.mask), count: c.count })),
  });
});

test(`threshold → largest region → points matches the oracle on ${chainCases.length} seeded maps`, () => {
  let withBackground = 0;
  chainCases.forEach((c, n) => {
    const what = `map ${n} (${c.map.width}×${c.map.height}, ratio ${c.ratio}, ${c.connectivity}, k ${c.k})`;
    const theirs = oracle.chain[n]!;
    const mask = thresholdMap(c.map, c.ratio);
    assert.equal(bitsOf(mask), theirs.mask, `${what}: mask`);
    const region = largestRegion(mask, c.connectivity);
    assert.equal(bitsOf(region), theirs.region, `${what}: region`);
    assert.deepEqual(samplePositivePoints(c.map, region, c.k), theirs.positives, `${what}: positives`);
    if (theirs.background === undefined) {
      assert.ok(!region.data.includes(0), `${what}: the oracle found no background`);
      return;
    }
    withBackground++;
    assert.deepEqual(backgroundNegatives(c.map, c.count, region), theirs.background, `${what}: background`);
  });
  assert.ok(withBackground > chainCases.length / 2);
});

test(`largestRegion matches scipy.ndimage.label + the first largest area on ${largestCases.length} masks`, () => {
  largestCases.forEach(({ mask, connectivity }, n) => {
    assert.equal(bitsOf(largestRegion(mask, connectivity)), oracle.largest[n], `mask ${n} (${mask.height}×${mask.width}, ${connectivity})`);
  });
});

test(`samplePositivePoints matches the oracle on ${independent.length} regions not taken from their map`, () => {
  independent.forEach((c, n) => {
    assert.deepEqual(samplePositivePoints(c.map, c.mask, c.k), oracle.positives[n], `case ${n} k ${c.k}`);
  });
});

test(`backgroundNegatives matches the oracle on ${independent.length} exclusions not taken from their map`, () => {
  independent.forEach((c, n) => {
    assert.deepEqual(backgroundNegatives(c.map, c.count, c.mask), oracle.background[n], `case ${n} count ${c.count}`);
  });
});
