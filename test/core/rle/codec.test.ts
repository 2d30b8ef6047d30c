/**
 * encode / decode / area / toBbox / compress against hand-worked strings, published pycocotools
 * vectors and the numpy oracle, plus round trips and every decode error naming its field.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskArea, type Mask } from '../../../src/core/mask.js';
import * as rle from '../../../src/core/rle/index.js';
import { blobMask, noiseMask, seededRandom } from '../../helpers/random.js';
import { boxMask, maskFromRows, maskToBase64, oracle, pycocotoolsTests } from './fixtures.js';

describe('rle.encode hand-worked strings', () => {
  it('writes a single run as one character and a leading 1 as an empty first run', () => {
    // 1×1 of 0: runs [1] → '1' (48 + 1). 1×1 of 1: runs [0, 1] → '0', '1'.
    assert.deepEqual(rle.encode(maskFromRows([[0]])), { size: [1, 1], counts: '1' });
    assert.deepEqual(rle.encode(maskFromRows([[1]])), { size: [1, 1], counts: '01' });
  });

  it('reads the mask down columns', () => {
    // [[0,1],[1,1]] column-major is 0,1,1,1 → runs [1, 3] → '13'.
    assert.deepEqual(rle.encode(maskFromRows([[0, 1], [1, 1]])), { size: [2, 2], counts: '13' });
    // Its transpose is 0,1,1,1 too; a row-major reading would give [1, 3] as well, so also check an
    // asymmetric one: [[0,0],[1,1]] column-major is 0,1,0,1 → runs [1,1,1,1]; run 3 is written as 1 − 1 = 0.
    assert.equal(rle.encode(maskFromRows([[0, 0], [1, 1]])).counts, '1110');
  });

  it('differences from the fourth run on and continues values past 5 bits', () => {
    // 10×10, rows 2–3 × columns 3–5 (pycocotools' testToBboxNonFullImage mask): runs
    // [32, 2, 8, 2, 8, 2, 46]. 32 = 1·32 + 0 → 'P' (0 | 0x20 continuation, + 48) then '1';
    // 2 → '2'; 8 → '8'; then differences from two runs back: 2−2, 8−8, 2−2 → '0','0','0';
    // 46 − 8 = 38 = 1·32 + 6 → 'V' (6 | 0x20, + 48) then '1'.
    const mask = boxMask(10, 10, 3, 2, 6, 4);
    assert.deepEqual(rle.encode(mask), { size: [10, 10], counts: 'P128000V1' });
    assert.deepEqual(rle.decompress(rle.encode(mask)).counts, [32, 2, 8, 2, 8, 2, 46]);
  });

  it('writes negative differences with the sign bit of the last group', () => {
    // 9×1 column 0,1,1,1,1,1,0,1,1 → runs [1, 5, 1, 2]; run 3 is 2 − 5 = −3, whose low 5 bits are
    // 29 with the sign bit 0x10 set and nothing left but sign → one character, 29 + 48 = 'M'.
    assert.equal(rle.encode(maskFromRows([[0], [1], [1], [1], [1], [1], [0], [1], [1]])).counts, '151M');
  });

  it('writes 2^20 as four empty continued groups and a 1', () => {
    const full: Mask = { height: 1024, width: 1024, data: new Uint8Array(1 << 20).fill(1) };
    assert.deepEqual(rle.encode(full), { size: [1024, 1024], counts: '0PPPP1' });
  });

  it('gives "0" for masks without pixels, as pycocotools encodes a 0-size array', () => {
    for (const [h, w] of [[0, 0], [0, 7], [5, 0]] as const) {
      assert.deepEqual(rle.encode({ height: h, width: w, data: new Uint8Array(0) }), { size: [h, w], counts: '0' });
      assert.equal(rle.decode({ size: [h, w], counts: '0' }).data.length, 0);
    }
  });
});

describe('rle published pycocotools vectors', () => {
  // 25×25 masks with [a, b) × [a, b) set, and their strings as pycocotools wrote them
  // (github.com/twsl/pytorchcocotools, tests/mask/test_encode.py, asserted against pycocotools there).
  const squares: [number, number, string][] = [
    [0, 5, '05d00000000d?'],
    [5, 10, 'R45d00000000b;'],
    [20, 25, 'X`05d00000000'],
    [0, 25, '0ac0'],
  ];
  it('encodes the pytorchcocotools squares', () => {
    for (const [a, b, counts] of squares) {
      assert.deepEqual(rle.encode(boxMask(25, 25, a, a, b, b)), { size: [25, 25], counts });
    }
  });

  it('compresses the pytorchcocotools uncompressed RLE to the string pycocotools frPyObjects gives', () => {
    // Same source, tests/mask/test_fr_py_objects.py (case_uncompr).
    const uncompressed = { size: [25, 25] as [number, number], counts: [130, 5, 20, 5, 20, 5, 20, 5, 20, 5, 390] };
    assert.deepEqual(rle.compress(uncompressed), { size: [25, 25], counts: 'R45d00000000b;' });
  });

  it('re-encodes pycocotools strings of real 427 × 640 masks unchanged', () => {
    // pytorchcocotools tests/mask/test_encode.py, case_complex_1_np and case_complex_2_np.
    for (const counts of [
      '\\`_3;j<6M3E_OjCd0T<:O1O2O001O00001O00001O001O0000O1K6J5J6A^C0g<N=O001O0O2Omk^4',
      'RT_32n<<O100O0010O000010O0001O00001O000O101O0ISPc4',
    ]) {
      const encoded = { size: [427, 640] as [number, number], counts };
      assert.deepEqual(rle.encode(rle.decode(encoded)), encoded);
    }
  });

  it('boxes pycocotools test masks as pycocotools does (full-height wrap and a plain box)', () => {
    assert.deepEqual(rle.toBbox(rle.encode(maskFromRows([[0, 1], [1, 1]]))), [0, 0, 2, 2]);
    assert.deepEqual(rle.toBbox(rle.encode(boxMask(10, 10, 3, 2, 6, 4))), [3, 2, 3, 2]);
  });

  it('boxes an RLE with empty leading runs like its re-encoding', () => {
    const { zeroLeading } = pycocotoolsTests;
    assert.deepEqual(rle.decompress(zeroLeading).counts.slice(0, 3), [0, 0, 0]);
    assert.deepEqual(rle.toBbox(zeroLeading), rle.toBbox(rle.encode(rle.decode(zeroLeading))));
  });

  it('refuses the RLE pycocotools refuses to decode', () => {
    assert.throws(() => rle.decode(pycocotoolsTests.invalid, 'ann'), (e: unknown) => {
      return e instanceof InvalidInputError && e.field === 'ann.counts';
    });
  });
});

/** Masks nobody tuned: noise of several densities, blobs, and edge shapes, at awkward sizes. */
function sampleMasks(): Mask[] {
  const random = seededRandom(20240611);
  const masks: Mask[] = [];
  const sizes: [number, number][] = [[1, 1], [1, 9], [9, 1], [2, 2], [3, 5], [7, 4], [16, 16], [31, 17], [64, 48], [100, 3]];
  for (const [h, w] of sizes) {
    for (const density of [0, 0.05, 0.5, 0.95, 1]) masks.push(noiseMask(h, w, density, random));
    masks.push(blobMask(h, w, 3, random));
  }
  masks.push(boxMask(40, 40, 0, 0, 40, 1), boxMask(40, 40, 39, 0, 40, 40), boxMask(33, 29, 5, 0, 9, 33));
  masks.push(blobMask(1024, 1024, 5, random));
  return masks;
}

/** The same pixels as `mask` in a Uint8Array that does not start on a 4-byte boundary. */
function unaligned(mask: Mask): Mask {
  const buffer = new Uint8Array(mask.data.length + 3);
  const data = buffer.subarray(3);
  data.set(mask.data);
  return { height: mask.height, width: mask.width, data };
}

describe('rle round trips', () => {
  it('decodes what it encodes, for every sample and for unaligned data', () => {
    for (const mask of sampleMasks()) {
      for (const input of [mask, unaligned(mask)]) {
        const encoded = rle.encode(input);
        assert.deepEqual(rle.decode(encoded), { height: mask.height, width: mask.width, data: mask.data });
        assert.deepEqual(rle.compress(rle.decompress(encoded)), encoded);
        assert.equal(rle.area(encoded), maskArea(mask));
      }
    }
  });

  it('decodes uncompressed runs with empty runs in the middle', () => {
    // 2×3, column-major 1,1,0,1,1,1 written with a gratuitous empty run of 1s and of 0s.
    const decoded = rle.decode({ size: [2, 3], counts: [0, 2, 1, 0, 0, 3] });
    assert.deepEqual(Array.from(decoded.data), [1, 0, 1, 1, 1, 1]);
  });
});

describe('rle against the numpy oracle', () => {
  const masks = sampleMasks();
  let results: { encode: rle.Rle; decode: { mask: string }; area: number; box: number[] }[] = [];

  before(() => {
    const cases = masks.flatMap((mask) => {
      const encoded = { size: [mask.height, mask.width], counts: rle.encode(mask).counts };
      return [
        { op: 'encode', h: mask.height, w: mask.width, mask: maskToBase64(mask) },
        { op: 'decode', rle: encoded },
        { op: 'area', rle: encoded },
        { op: 'toBbox', rle: encoded },
      ];
    });
    const raw = oracle<unknown>(cases);
    results = masks.map((_, i) => ({
      encode: raw[4 * i] as rle.Rle,
      decode: raw[4 * i + 1] as { mask: string },
      area: raw[4 * i + 2] as number,
      box: raw[4 * i + 3] as number[],
    }));
  });

  it('writes the same strings', () => {
    masks.forEach((mask, i) => assert.deepEqual(rle.encode(mask), results[i]!.encode, `mask ${i} (${mask.height}×${mask.width})`));
  });

  it('reads its strings back into the same pixels the oracle reads', () => {
    masks.forEach((mask, i) => assert.equal(maskToBase64(rle.decode(rle.encode(mask))), results[i]!.decode.mask, `mask ${i}`));
  });

  it('gives the same areas and boxes', () => {
    masks.forEach((mask, i) => {
      const encoded = rle.encode(mask);
      assert.equal(rle.area(encoded), results[i]!.area);
      assert.deepEqual(rle.toBbox(encoded), results[i]!.box, `mask ${i} (${mask.height}×${mask.width})`);
    });
  });

  it('boxes RLEs whose runs of 1s are all empty with pycocotools’ 32-bit wrap-around', () => {
    const [box] = oracle<number[]>([{ op: 'toBbox', rle: { size: [3, 2], counts: [4, 0, 2] } }]);
    assert.deepEqual(rle.toBbox({ size: [3, 2], counts: [4, 0, 2] }), box);
    assert.deepEqual(rle.toBbox({ size: [3, 2], counts: [6] }), [0, 0, 0, 0]);
  });
});

describe('rle decode errors name the field', () => {
  const fails = (value: unknown, field: string, pattern: RegExp, path?: string): void => {
    assert.throws(
      () => rle.decode(value as rle.Rle, path),
      (e: unknown) => e instanceof InvalidInputError && e.field === field && pattern.test(e.message),
    );
  };

  it('reports a wrong total the way annotation readers show it', () => {
    assert.throws(() => rle.decode({ size: [3, 4], counts: [2, 3, 5] }, 'annotations[3].segmentation'), {
      name: 'InvalidInputError',
      message: 'annotations[3].segmentation.counts: expected runs summing to 12 (height × width) (got 10)',
    });
    fails({ size: [3, 4], counts: '<7' }, 'rle.counts', /summing to 12 \(height × width\) \(they pass it at run 1\)/);
    fails({ size: [3, 4], counts: '4' }, 'rle.counts', /summing to 12 \(height × width\) \(got 4\)/);
  });

  it('rejects characters outside the alphabet, cut-off values and over-long values', () => {
    fails({ size: [3, 4], counts: '4 8' }, 'rle.counts', /'0' to 'o'.*" " at character 1/);
    fails({ size: [3, 4], counts: '4p' }, 'rle.counts', /"p" at character 1/);
    fails({ size: [3, 4], counts: '4P' }, 'rle.counts', /ends inside the value that starts at character 1/);
    fails({ size: [3, 4], counts: 'PPPPPPP0' }, 'rle.counts', /at most 7 characters/);
  });

  it('rejects negative runs, in either form', () => {
    // Runs 1, 5, 1 then 'J' = 26 = −6 with the sign bit: 5 − 6 = −1.
    fails({ size: [12, 1], counts: '151J' }, 'rle.counts', /non-negative runs .*run 3 .* is -1/);
    fails({ size: [3, 4], counts: [10, -2] }, 'rle.counts[1]', /non-negative integer run length \(got -2\)/);
    fails({ size: [3, 4], counts: [2.5, 9.5] }, 'rle.counts[0]', /got 2.5/);
  });

  it('rejects malformed objects and sizes', () => {
    fails(null, 'rle', /RLE object/);
    fails([1, 2], 'rle', /RLE object/);
    fails({ size: [3], counts: '<' }, 'rle.size', /\[height, width\]/);
    fails({ size: [-1, 4], counts: '0' }, 'rle.size[0]', /non-negative integer height \(got -1\)/);
    fails({ size: [3, 'a'], counts: '0' }, 'rle.size[1]', /width \(got "a"\)/);
    fails({ size: [70000, 70000], counts: '0' }, 'rle.size[0]', /32-bit/);
    fails({ size: [3, 4], counts: 12 }, 'rle.counts', /string or an array/);
  });

  it('checks masks given to encode', () => {
    const bad = { height: 2, width: 2, data: Uint8Array.from([0, 1, 2, 0]) };
    assert.throws(() => rle.encode(bad, 'prediction'), { field: 'prediction.data', message: /only 0 or 1 \(got 2 at x=0, y=1\)/ });
    assert.throws(() => rle.encode({ height: 2, width: 3, data: new Uint8Array(4) }), { field: 'mask.data' });
    assert.throws(() => rle.area({ size: [1, 1], counts: 'x' } as rle.Rle, 'a'), { field: 'a.counts' });
    assert.throws(() => rle.toBbox({ size: [1, 1], counts: '2' }, 'b'), { field: 'b.counts' });
  });
});
