/**
 * merge and iou against the numpy oracle on random masks, hand-traced pycocotools behaviour for
 * RLEs with empty runs in the middle, the empty-list conventions, and errors naming the field.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import type { Mask } from '../../../src/core/mask.js';
import * as rle from '../../../src/core/rle/index.js';
import { blobMask, noiseMask, seededRandom } from '../../helpers/random.js';
import { oracle } from './fixtures.js';

/** Groups of same-size masks: blobs that overlap in all sorts of ways, noise, empties and fulls. */
function maskGroups(): Mask[][] {
  const random = seededRandom(31337);
  const groups: Mask[][] = [];
  for (let g = 0; g < 60; g++) {
    const h = 1 + Math.floor(random() * 40);
    const w = 1 + Math.floor(random() * 40);
    const count = 2 + Math.floor(random() * 4);
    groups.push(
      Array.from({ length: count }, (_, i) => {
        const pick = (g + i) % 6;
        if (pick === 0) return noiseMask(h, w, random(), random);
        if (pick === 1) return noiseMask(h, w, i % 2, random);
        return blobMask(h, w, 1 + Math.floor(random() * 3), random);
      }),
    );
  }
  groups.push(Array.from({ length: 3 }, () => blobMask(480, 640, 4, random)));
  return groups;
}

describe('rle.merge and rle.iou against the numpy oracle', () => {
  const groups = maskGroups().map((masks) => masks.map((m) => rle.encode(m)));
  const crowd = groups.map((rles) => rles.map((_, i) => i % 3 === 1));
  let unions: rle.Rle[] = [];
  let intersections: rle.Rle[] = [];
  let ious: number[][][] = [];

  before(() => {
    const results = oracle<unknown>(
      groups.flatMap((rles, g) => [
        { op: 'merge', rles, intersect: false },
        { op: 'merge', rles, intersect: true },
        { op: 'iou', dts: rles, gts: rles.slice(1).concat(rles[0]!), iscrowd: crowd[g] },
      ]),
    );
    unions = groups.map((_, g) => results[3 * g] as rle.Rle);
    intersections = groups.map((_, g) => results[3 * g + 1] as rle.Rle);
    ious = groups.map((_, g) => results[3 * g + 2] as number[][]);
  });

  it('merges to the same strings', () => {
    groups.forEach((rles, g) => {
      assert.deepEqual(rle.merge(rles), unions[g], `union of group ${g}`);
      assert.deepEqual(rle.merge(rles, true), intersections[g], `intersection of group ${g}`);
    });
  });

  it('gives bit-identical IoU doubles, crowd columns divided by the detection area', () => {
    groups.forEach((rles, g) => {
      assert.deepEqual(rle.iou(rles, rles.slice(1).concat(rles[0]!), crowd[g]!), ious[g], `group ${g}`);
    });
  });
});

describe('rle.merge conventions', () => {
  it('returns a single RLE unchanged', () => {
    const one = rle.encode(blobMask(20, 30, 2, seededRandom(5)));
    assert.deepEqual(rle.merge([one]), one);
    assert.deepEqual(rle.merge([one], true), one);
  });

  it('keeps the empty runs pycocotools keeps', () => {
    // 5×1: A = [2, 0, 3] (all 0s, written with an empty run of 1s) ∪ B = [5]. pycocotools' first
    // step takes 2 pixels and moves A onto its empty run of 1s, so the union reads 1 and a run of 2
    // is written; the next step takes 0 pixels, moves A back to 0s and writes that empty run; the
    // last takes 3. Result [2, 0, 3] → '203', where the canonical union would be [5].
    assert.deepEqual(rle.merge([{ size: [5, 1], counts: [2, 0, 3] }, { size: [5, 1], counts: [5] }]), { size: [5, 1], counts: '203' });
  });

  it('returns the canonical result where pycocotools would stop before the end of the image', () => {
    // 5×2: A = [4, 2, 0, 3, 1], B = [0, 0, 2, 4, 0, 4]. After 6 pixels both sides step onto empty
    // runs at once and pycocotools stops, writing runs that cover 6 of 10 pixels ('0024'); merging a
    // third RLE into that never returns. owseg gives the union as encode would: [2, 8].
    const a = { size: [5, 2] as [number, number], counts: [4, 2, 0, 3, 1] };
    const b = { size: [5, 2] as [number, number], counts: [0, 0, 2, 4, 0, 4] };
    assert.deepEqual(rle.decompress(rle.merge([a, b])).counts, [2, 8]);
    assert.deepEqual(rle.merge([a, b, { size: [5, 2], counts: [1, 0, 4, 2, 0, 3] }]).size, [5, 2]);
  });
});

describe('rle.iou conventions', () => {
  const square = rle.fromBbox([2, 2, 4, 4], 10, 10);
  const shifted = rle.fromBbox([4, 2, 4, 4], 10, 10);

  it('orders rows by detection and columns by ground truth', () => {
    const far = rle.fromBbox([8, 8, 2, 2], 10, 10);
    // square ∩ shifted = 8 pixels, union 24; crowd: 8 / area(detection) = 8 / 16.
    assert.deepEqual(rle.iou([square, far], [shifted, far, shifted], [false, false, true]), [
      [8 / 24, 0, 8 / 16],
      [0, 1, 0],
    ]);
  });

  it('returns [] when either list is empty, as pycocotools does', () => {
    assert.deepEqual(rle.iou([], [square], [false]), []);
    assert.deepEqual(rle.iou([square], [], []), []);
  });

  it('counts only the prefix pycocotools counts when empty runs line up', () => {
    // 4×1 column 0,0,1,1 written [1, 0, 1, 2]: after the first pixel both copies step onto their
    // empty run of 1s at once, pycocotools' loop ends with no intersection, and the IoU is 0.
    const odd = { size: [4, 1] as [number, number], counts: [1, 0, 1, 2] };
    assert.deepEqual(rle.iou([odd], [odd], [false]), [[0]]);
    const canonical = { size: [4, 1] as [number, number], counts: [2, 2] };
    assert.deepEqual(rle.iou([canonical], [odd, canonical], [false, true]), [[1, 1]]);
  });
});

describe('rle.merge and rle.iou errors name the field', () => {
  const a = rle.fromBbox([0, 0, 2, 2], 4, 4);
  const b = rle.fromBbox([0, 0, 2, 2], 4, 5);
  const fails = (fn: () => unknown, field: string, pattern: RegExp): void => {
    assert.throws(fn, (e: unknown) => e instanceof InvalidInputError && e.field === field && pattern.test(e.message));
  };

  it('rejects merges of nothing or of different sizes', () => {
    fails(() => rle.merge([]), 'rles', /non-empty array/);
    fails(() => rle.merge([a, a, b]), 'rles[2].size', /\[4, 4\], the size of rles\[0\] \(got \[4, 5\]\)/);
    fails(() => rle.merge([a, { size: [4, 4], counts: '?' }], false, 'parts'), 'parts[1].counts', /summing to 16/);
  });

  it('rejects IoU inputs of different sizes or without one crowd flag per ground truth', () => {
    fails(() => rle.iou([a], [a, b], [false, false]), 'gts[1].size', /the size of dts\[0\]/);
    fails(() => rle.iou([a, b], [a], [false]), 'dts[1].size', /got \[4, 5\]/);
    fails(() => rle.iou([a], [a], []), 'iscrowd', /1 booleans/);
    fails(() => rle.iou([a], [a], [1 as unknown as boolean]), 'iscrowd', /booleans/);
    fails(() => rle.iou([a], [{ size: [4, 4], counts: [3] }], [false]), 'gts[0].counts', /got 3/);
    fails(() => rle.iou({} as rle.Rle[], [a], [false]), 'dts', /array of RLEs/);
  });
});
