/**
 * Tests for the float16 and bfloat16 conversions: hand-picked edge values (signed zeros,
 * subnormals, overflow, NaN, ties), exhaustive round trips and a nearest-value property check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bfloat16ArrayToFloat32,
  bfloat16BitsToFloat32,
  float16ArrayToFloat32,
  float16BitsToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from '../../src/onnx/index.js';
import { seededRandom } from '../helpers/random.js';

const floatOfBits = (bits: number): number => new Float32Array(Uint32Array.of(bits).buffer)[0]!;
const isNaNHalf = (h: number): boolean => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

test('float16: signed zeros, one, the largest finite value and infinities', () => {
  assert.equal(float32ToFloat16Bits(0), 0x0000);
  assert.equal(float32ToFloat16Bits(-0), 0x8000);
  assert.equal(float32ToFloat16Bits(1), 0x3c00);
  assert.equal(float32ToFloat16Bits(-2), 0xc000);
  assert.equal(float32ToFloat16Bits(65504), 0x7bff);
  assert.equal(float32ToFloat16Bits(Infinity), 0x7c00);
  assert.equal(float32ToFloat16Bits(-Infinity), 0xfc00);
  assert.ok(Object.is(float16BitsToFloat32(0x8000), -0));
  assert.equal(float16BitsToFloat32(0x7bff), 65504);
  assert.equal(float16BitsToFloat32(0xfc00), -Infinity);
});

test('float16: overflow rounds to infinity exactly from 65520 (the tie above 65504)', () => {
  assert.equal(float32ToFloat16Bits(65519.99), 0x7bff);
  assert.equal(float32ToFloat16Bits(65520), 0x7c00);
  assert.equal(float32ToFloat16Bits(-65520), 0xfc00);
  assert.equal(float32ToFloat16Bits(1e10), 0x7c00);
});

test('float16: NaN stays NaN, keeping its sign, even when the payload is only in low bits', () => {
  assert.ok(isNaNHalf(float32ToFloat16Bits(NaN)));
  const lowPayload = floatOfBits(0x7f800001);
  assert.ok(Number.isNaN(lowPayload));
  assert.ok(isNaNHalf(float32ToFloat16Bits(lowPayload)));
  assert.equal(float32ToFloat16Bits(floatOfBits(0xff800001)) & 0x8000, 0x8000);
  assert.ok(Number.isNaN(float16BitsToFloat32(0x7e00)));
  assert.ok(Number.isNaN(float16BitsToFloat32(0xfc01)));
});

test('float16: subnormals, the normal boundary and underflow ties', () => {
  const tiny = 2 ** -24;
  assert.equal(float32ToFloat16Bits(tiny), 0x0001);
  assert.equal(float32ToFloat16Bits(-tiny), 0x8001);
  assert.equal(float16BitsToFloat32(0x0001), tiny);
  assert.equal(float32ToFloat16Bits(tiny / 2), 0x0000, 'half the smallest subnormal ties to even zero');
  assert.equal(float32ToFloat16Bits(-tiny / 2), 0x8000);
  assert.equal(float32ToFloat16Bits(Math.fround(tiny / 2 * (1 + 2 ** -20))), 0x0001, 'just above the tie rounds up');
  assert.equal(float32ToFloat16Bits(3 * tiny / 2), 0x0002, '1.5 ulp ties to the even 2');
  assert.equal(float32ToFloat16Bits(5 * tiny / 2), 0x0002, '2.5 ulp ties to the even 2');
  assert.equal(float32ToFloat16Bits(1023 * tiny), 0x03ff);
  assert.equal(float16BitsToFloat32(0x03ff), 1023 * tiny);
  assert.equal(float32ToFloat16Bits(2 ** -14), 0x0400, 'smallest normal');
  assert.equal(float32ToFloat16Bits(1023.5 * tiny), 0x0400, 'the largest subnormal tie carries into the normal range');
  assert.equal(float32ToFloat16Bits(2 ** -40), 0x0000);
  assert.equal(float32ToFloat16Bits(floatOfBits(0x00000001)), 0x0000, 'a float32 subnormal underflows');
});

test('float16: ties in the normal range go to the even mantissa', () => {
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11), 0x3c00);
  assert.equal(float32ToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  assert.equal(float32ToFloat16Bits(2049), 0x6800, '2049 lies halfway between 2048 and 2050');
  assert.equal(float32ToFloat16Bits(2051), 0x6802);
});

test('float16: every half survives half → float32 → half', () => {
  for (let h = 0; h < 0x10000; h++) {
    const back = float32ToFloat16Bits(float16BitsToFloat32(h));
    if (isNaNHalf(h)) assert.ok(isNaNHalf(back), `NaN ${h.toString(16)}`);
    else assert.equal(back, h, `half ${h.toString(16)}`);
  }
});

test('float16: random float32 values go to the nearest half, ties to even', () => {
  const random = seededRandom(16);
  for (let i = 0; i < 50000; i++) {
    // Exponents around the half range, including subnormals and overflow.
    const x = Math.fround((random() < 0.5 ? -1 : 1) * (1 + random()) * 2 ** Math.floor(random() * 46 - 28));
    const h = float32ToFloat16Bits(x);
    const value = float16BitsToFloat32(h);
    const magnitude = h & 0x7fff;
    const neighbours = [magnitude - 1, magnitude + 1].filter((m) => m >= 0 && m <= 0x7c00).map((m) => float16BitsToFloat32((h & 0x8000) | m));
    const error = Math.abs(x - value);
    for (const n of neighbours) {
      const other = Math.abs(x - n);
      if (value === Infinity || value === -Infinity) {
        assert.ok(Math.abs(x) >= 65520, `${x} overflowed`);
        continue;
      }
      assert.ok(error < other || (error === other && (h & 1) === 0), `${x} → ${value}, but ${n} is nearer`);
    }
  }
});

test('float16 arrays convert like the scalars, and into a given output array', () => {
  const values = Float32Array.of(0, -0, 1.5, 65520, -1e-8, 3.14159, NaN);
  const halves = float32ArrayToFloat16(values);
  assert.deepEqual(Array.from(halves), Array.from(values, float32ToFloat16Bits));
  const out = new Float32Array(values.length);
  assert.equal(float16ArrayToFloat32(halves, out), out);
  assert.deepEqual(Array.from(out), Array.from(halves, float16BitsToFloat32));
});

test('bfloat16: exact widening, ties to even, NaN kept, overflow to infinity', () => {
  assert.equal(float32ToBfloat16Bits(1), 0x3f80);
  assert.equal(float32ToBfloat16Bits(-0), 0x8000);
  assert.ok(Object.is(bfloat16BitsToFloat32(0x8000), -0));
  assert.equal(bfloat16BitsToFloat32(0x3f81), 1 + 2 ** -7);
  assert.equal(float32ToBfloat16Bits(floatOfBits(0x3f808000)), 0x3f80, 'tie → even');
  assert.equal(float32ToBfloat16Bits(floatOfBits(0x3f818000)), 0x3f82, 'tie → even');
  assert.equal(float32ToBfloat16Bits(floatOfBits(0x3f808001)), 0x3f81);
  assert.equal(float32ToBfloat16Bits(floatOfBits(0x7f7fffff)), 0x7f80, 'largest float32 rounds to infinity');
  assert.equal(float32ToBfloat16Bits(-Infinity), 0xff80);
  const nan = float32ToBfloat16Bits(floatOfBits(0x7f800001));
  assert.ok(Number.isNaN(bfloat16BitsToFloat32(nan)), 'a low-payload NaN must not round to infinity');
  assert.equal(float32ToBfloat16Bits(floatOfBits(0x00000001)), 0x0000, 'the smallest float32 subnormal ties down to even zero');
  assert.equal(float32ToBfloat16Bits(floatOfBits(0x00018000)), 0x0002, 'bfloat16 keeps float32 subnormals');
  assert.equal(bfloat16BitsToFloat32(0x0001), floatOfBits(0x00010000));
});

test('bfloat16 arrays: every bfloat16 survives widening and narrowing', () => {
  const all = new Uint16Array(0x10000).map((_, i) => i);
  const back = float32ArrayToBfloat16(bfloat16ArrayToFloat32(all));
  for (let b = 0; b < 0x10000; b++) {
    if ((b & 0x7f80) === 0x7f80 && (b & 0x7f) !== 0) assert.ok(Number.isNaN(bfloat16BitsToFloat32(back[b]!)));
    else assert.equal(back[b], b);
  }
});
