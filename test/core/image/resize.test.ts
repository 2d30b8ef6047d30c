/**
 * resizeImage / resizePlanes against Pillow and torch themselves (tools/reference/resize_oracle.py):
 * random images of odd sizes, non-integer up- and down-scaling, every filter and convention.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { resizeImage, resizePlanes, type ResizeConvention, type ResizeFilter } from '../../../src/core/image/resize.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';

const FILTERS: ResizeFilter[] = ['nearest', 'bilinear', 'bicubic'];
const CONVENTIONS: ResizeConvention[] = ['pil', 'torch'];
/** [width, height, outWidth, outHeight]: up, down, mixed, one side unchanged, tiny. */
const SIZES: [number, number, number, number][] = [
  [37, 23, 101, 59],
  [101, 59, 37, 23],
  [64, 48, 45, 71],
  [33, 97, 200, 13],
  [17, 19, 17, 40],
  [301, 211, 41, 29],
  [5, 7, 3, 2],
];

interface Case {
  convention: ResizeConvention;
  filter: ResizeFilter;
  dtype: 'uint8' | 'float32';
  channels: number;
  size: [number, number, number, number];
  input: Uint8Array | Float32Array;
  expected?: Uint8Array | Float32Array;
}

function buildCases(): Case[] {
  const random = seededRandom(20240601);
  const cases: Case[] = [];
  for (const convention of CONVENTIONS) {
    for (const filter of FILTERS) {
      for (const [n, size] of SIZES.entries()) {
        const [w, h] = size;
        const bytes = new Uint8Array(w * h * 3);
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
        cases.push({ convention, filter, dtype: 'uint8', channels: 3, size, input: bytes });
        // One- and two-channel tensors: torch takes different code paths for them.
        const channels = 1 + (n % 2);
        const floats = new Float32Array(channels * w * h);
        for (let i = 0; i < floats.length; i++) floats[i] = random() * 40 - 20;
        cases.push({ convention, filter, dtype: 'float32', channels, size, input: floats });
      }
    }
  }
  return cases;
}

const cases = buildCases();

before(() => {
  const request = cases.map(({ convention, filter, dtype, channels, size: [width, height, outWidth, outHeight], input }) => ({
    op: 'resize',
    convention,
    filter,
    dtype,
    channels,
    width,
    height,
    outWidth,
    outHeight,
    data: Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('base64'),
  }));
  const { results } = runOracle<{ results: { data: string }[] }>('resize_oracle.py', { cases: request });
  results.forEach((result, i) => {
    const bytes = Buffer.from(result.data, 'base64');
    const copy = new Uint8Array(bytes);
    cases[i]!.expected = cases[i]!.dtype === 'uint8' ? copy : new Float32Array(copy.buffer);
  });
});

function run(c: Case): Uint8Array | Float32Array {
  const [w, h, ow, oh] = c.size;
  const options = { filter: c.filter, convention: c.convention };
  if (c.dtype === 'uint8') return resizeImage({ width: w, height: h, data: c.input as Uint8Array }, ow, oh, options).data;
  return resizePlanes(c.input as Float32Array, c.channels, h, w, oh, ow, options);
}

function label(c: Case): string {
  const [w, h, ow, oh] = c.size;
  return `${c.convention} ${c.filter} ${c.dtype}×${c.channels} ${w}×${h} → ${ow}×${oh}`;
}

describe('resize against the Python references', () => {
  it('pil convention: uint8 and float32 are bit-identical to Pillow for every filter', () => {
    for (const c of cases.filter((k) => k.convention === 'pil')) {
      assert.deepEqual(run(c), c.expected, label(c));
    }
  });

  it('torch nearest is identical to F.interpolate(mode="nearest")', () => {
    for (const c of cases.filter((k) => k.convention === 'torch' && k.filter === 'nearest')) {
      assert.deepEqual(run(c), c.expected, label(c));
    }
  });

  it('torch bilinear/bicubic float32 are within 1e-5 × max(1, |value|) of F.interpolate', () => {
    for (const c of cases.filter((k) => k.convention === 'torch' && k.filter !== 'nearest' && k.dtype === 'float32')) {
      const actual = run(c);
      const expected = c.expected!;
      assert.equal(actual.length, expected.length, label(c));
      for (let i = 0; i < actual.length; i++) {
        const tolerance = 1e-5 * Math.max(1, Math.abs(expected[i]!));
        assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `${label(c)} at ${i}: ${actual[i]} vs ${expected[i]}`);
      }
    }
  });

  it('torch bilinear/bicubic uint8 differ from rounded F.interpolate by at most 1, in under 0.1% of values', () => {
    for (const c of cases.filter((k) => k.convention === 'torch' && k.filter !== 'nearest' && k.dtype === 'uint8')) {
      const actual = run(c);
      const expected = c.expected!;
      let differing = 0;
      for (let i = 0; i < actual.length; i++) {
        const d = Math.abs(actual[i]! - expected[i]!);
        assert.ok(d <= 1, `${label(c)} at ${i}: ${actual[i]} vs ${expected[i]}`);
        differing += d;
      }
      assert.ok(differing <= Math.max(1, actual.length * 1e-3), `${label(c)}: ${differing} values differ`);
    }
  });
});

describe('resize validation and edge cases', () => {
  const image = { width: 4, height: 3, data: new Uint8Array(36).map((_, i) => i * 7) };

  it('returns an equal copy when the size does not change', () => {
    for (const convention of CONVENTIONS) {
      for (const filter of FILTERS) {
        const out = resizeImage(image, 4, 3, { filter, convention });
        assert.deepEqual(out.data, image.data);
        assert.notEqual(out.data, image.data);
      }
    }
  });

  it('rejects bad sizes, options and shapes with the field named', () => {
    assert.throws(() => resizeImage(image, 0, 3, { filter: 'bilinear', convention: 'pil' }), /^InvalidInputError: width: expected a positive integer/);
    assert.throws(() => resizeImage(image, 2, 2.5, { filter: 'bilinear', convention: 'pil' }), InvalidInputError);
    assert.throws(() => resizeImage(image, 2, 2, { filter: 'lanczos' as ResizeFilter, convention: 'pil' }), /options\.filter: expected one of nearest, bilinear, bicubic/);
    assert.throws(() => resizeImage(image, 2, 2, { filter: 'nearest', convention: 'cv2' as ResizeConvention }), /options\.convention/);
    assert.throws(() => resizeImage({ ...image, data: new Uint8Array(5) }, 2, 2, { filter: 'nearest', convention: 'pil' }), /image\.data: expected length 36/);
    assert.throws(() => resizePlanes(new Float32Array(11), 1, 3, 4, 2, 2, { filter: 'nearest', convention: 'torch' }), /data: expected length 12/);
    assert.throws(() => resizePlanes(new Float64Array(12) as unknown as Float32Array, 1, 3, 4, 2, 2, { filter: 'nearest', convention: 'torch' }), /data: expected a Float32Array/);
  });

  it('does not modify its input', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    resizePlanes(data, 1, 2, 3, 5, 7, { filter: 'bicubic', convention: 'torch' });
    assert.deepEqual(data, new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it('crop keeps exactly the top-left part of the full resize, for every torch filter', () => {
    const random = seededRandom(7);
    const data = Float32Array.from({ length: 2 * 13 * 11 }, () => random() * 20 - 10);
    for (const filter of ['bilinear', 'bicubic'] as const) {
      const full = resizePlanes(data, 2, 13, 11, 40, 37, { filter, convention: 'torch' });
      const cropped = resizePlanes(data, 2, 13, 11, 40, 37, { filter, convention: 'torch', crop: { height: 30, width: 25 } });
      const expected = new Float32Array(2 * 30 * 25);
      for (let c = 0; c < 2; c++) {
        for (let y = 0; y < 30; y++) expected.set(full.subarray(c * 40 * 37 + y * 37, c * 40 * 37 + y * 37 + 25), c * 30 * 25 + y * 25);
      }
      assert.deepEqual(cropped, expected);
    }
  });

  it('crop is refused outside the output or with a convention that cannot compute it', () => {
    const data = new Float32Array(12);
    assert.throws(() => resizePlanes(data, 1, 3, 4, 6, 8, { filter: 'bilinear', convention: 'torch', crop: { height: 7, width: 8 } }), /options\.crop: expected whole numbers within the output/);
    assert.throws(() => resizePlanes(data, 1, 3, 4, 6, 8, { filter: 'bilinear', convention: 'pil', crop: { height: 2, width: 2 } }), /options\.crop: expected only with the torch convention/);
  });
});
