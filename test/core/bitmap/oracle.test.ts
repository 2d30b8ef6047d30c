/**
 * Bitmap helpers against the reference libraries in one batched oracle call: scipy.ndimage for
 * components and hole filling, torch and PIL for nearest resizing, OpenCV for SAM's clean-up.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  componentStats,
  connectedComponents,
  fillHoles,
  removeSmallRegions,
  resizeNearest,
  type Connectivity,
} from '../../../src/core/bitmap/index.js';
import type { Mask } from '../../../src/core/mask.js';
import { runOracle } from '../../helpers/python.js';
import { blobMask, noiseMask, seededRandom } from '../../helpers/random.js';
import { bitsOf, maskFromBits, maskFromRows } from './masks.js';
import { sourceIndicesOf } from './resize-indices.js';

interface MaskCase {
  h: number;
  w: number;
  bits: string;
}
interface OracleResponse {
  available: { torch: boolean; cv2: boolean };
  label: { count: number; labels: number[]; areas: number[]; boxes: number[][] }[];
  fill: string[];
  resizeIndex: { pil: number[]; floor?: number[]; center?: number[] }[];
  resize2d: ({ floor: string; center: string } | null)[];
  small: { bits: string; changed: boolean }[] | null;
}

const random = seededRandom(20240611);
const wire = (mask: Mask): MaskCase => ({ h: mask.height, w: mask.width, bits: bitsOf(mask) });
const size = (max: number) => 1 + Math.floor(random() * max);

/** Noise at several densities, blobs, thin strips and a blob with a hole punched out. */
function sampleMasks(): Mask[] {
  const masks: Mask[] = [];
  for (const density of [0.1, 0.3, 0.5, 0.6, 0.8]) {
    for (let k = 0; k < 4; k++) masks.push(noiseMask(size(40), size(40), density, random));
  }
  for (let k = 0; k < 8; k++) masks.push(blobMask(size(48), size(48), 1 + Math.floor(random() * 5), random));
  masks.push(noiseMask(1, 37, 0.5, random), noiseMask(29, 1, 0.5, random));
  const holed = blobMask(40, 40, 2, random);
  const punch = blobMask(40, 40, 3, random);
  masks.push({ ...holed, data: holed.data.map((v, i) => v & (1 - punch.data[i]!)) });
  return masks;
}

const masks = sampleMasks();
const connectivities: Connectivity[] = [4, 8];
const labelCases = masks.flatMap((mask) => connectivities.map((connectivity) => ({ ...wire(mask), connectivity })));
const sizePairs: [number, number][] = [
  [1023, 448], [448, 1023], [6, 74], [2, 7], [7, 2], [640, 16], [1, 9], [9, 1], [500, 1000], [1000, 500], [16, 16],
];
for (let k = 0; k < 200; k++) sizePairs.push([size(2048), size(2048)]);
const resize2dCases = masks.slice(0, 16).map((mask) => ({ ...wire(mask), outH: size(64), outW: size(64) }));
const smallCases = [
  ...masks.flatMap((mask) =>
    (['holes', 'islands'] as const).map((mode) => ({ ...wire(mask), mode, thresh: Math.floor(random() * 30) })),
  ),
  // Every island small with tied areas, where OpenCV's block order decides which one stays.
  ...[['000001', '010000'], ['000000', '000000', '000010', '100000'], ['0100100', '0000000', '1000001']].map((rows) => ({
    ...wire(maskFromRows(rows)),
    mode: 'islands' as const,
    thresh: 10,
  })),
  ...Array.from({ length: 6 }, () => ({ ...wire(noiseMask(size(30), size(30), 0.15, random)), mode: 'islands' as const, thresh: 100 })),
];

let oracle: OracleResponse;
before(() => {
  oracle = runOracle<OracleResponse>('bitmap_oracle.py', {
    label: labelCases,
    fill: labelCases,
    resizeIndex: sizePairs.map(([from, to]) => ({ in: from, out: to })),
    resize2d: resize2dCases,
    small: smallCases,
  });
});

test('connectedComponents matches scipy.ndimage.label: count, labels, areas, boxes (4 and 8)', () => {
  labelCases.forEach((c, k) => {
    const ours = connectedComponents(maskFromBits(c.h, c.w, c.bits), c.connectivity);
    const theirs = oracle.label[k]!;
    const what = `case ${k} (${c.h}×${c.w}, ${c.connectivity})`;
    assert.equal(ours.count, theirs.count, what);
    assert.deepEqual(Array.from(ours.labels), theirs.labels, what);
    const stats = componentStats(ours);
    assert.deepEqual(stats.map((s) => s.area), theirs.areas, what);
    assert.deepEqual(stats.map((s) => [...s.box]), theirs.boxes, what);
  });
});

test('fillHoles matches scipy.ndimage.binary_fill_holes with the same structure', () => {
  labelCases.forEach((c, k) => {
    const ours = fillHoles(maskFromBits(c.h, c.w, c.bits), { connectivity: c.connectivity });
    assert.equal(bitsOf(ours), oracle.fill[k], `case ${k} (${c.h}×${c.w}, ${c.connectivity})`);
  });
});

test("resizeNearest 'floor' and 'center' pick torch's indices (nearest, nearest-exact) for 211 size pairs", (t) => {
  if (!oracle.available.torch) return t.skip('torch is not installed for /usr/bin/python3');
  sizePairs.forEach(([from, to], k) => {
    assert.deepEqual(sourceIndicesOf(from, to, 'floor'), oracle.resizeIndex[k]!.floor, `${from} → ${to} floor`);
    assert.deepEqual(sourceIndicesOf(from, to, 'center'), oracle.resizeIndex[k]!.center, `${from} → ${to} center`);
  });
});

test("resizeNearest 'center' equals PIL Image.NEAREST except within float32 rounding of a tie", () => {
  // PIL computes (d + ½) × in / out in float64, torch in float32: where that value is an integer
  // (or, for large sizes, within float32 rounding of one) the two may read adjacent indices.
  let differing = 0;
  sizePairs.forEach(([from, to], k) => {
    const ours = sourceIndicesOf(from, to, 'center');
    oracle.resizeIndex[k]!.pil.forEach((pil, d) => {
      if (pil === ours[d]) return;
      const exact = ((2 * d + 1) * from) / (2 * to);
      const tie = Math.round(exact);
      assert.ok(Math.abs(exact - tie) < 1e-3, `${from} → ${to} at ${d}: ${exact} is not near a tie`);
      assert.deepEqual([Math.min(pil, ours[d]!), Math.max(pil, ours[d]!)], [tie - 1, tie], `${from} → ${to} at ${d}`);
      differing++;
    });
  });
  assert.ok(differing > 0, 'the size pairs include ties where PIL and torch differ');
});

test('resizeNearest on 2-D masks matches torch F.interpolate in both conventions', (t) => {
  if (!oracle.available.torch) return t.skip('torch is not installed for /usr/bin/python3');
  resize2dCases.forEach((c, k) => {
    const mask = maskFromBits(c.h, c.w, c.bits);
    for (const convention of ['floor', 'center'] as const) {
      const ours = resizeNearest(mask, c.outH, c.outW, { convention });
      assert.equal(bitsOf(ours), oracle.resize2d[k]![convention], `case ${k} ${convention}`);
    }
  });
});

test("removeSmallRegions matches segment-anything's rule on OpenCV components", (t) => {
  if (oracle.small === null) return t.skip('OpenCV (python3-opencv) is not installed for /usr/bin/python3');
  smallCases.forEach((c, k) => {
    const ours = removeSmallRegions(maskFromBits(c.h, c.w, c.bits), c.thresh, c.mode);
    const theirs = oracle.small![k]!;
    assert.equal(ours.changed, theirs.changed, `case ${k} ${c.mode} < ${c.thresh}`);
    assert.equal(bitsOf(ours.mask), theirs.bits, `case ${k} ${c.mode} < ${c.thresh}`);
  });
});
