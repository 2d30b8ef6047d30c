/**
 * Exact conversions between float32 and the 16-bit floats found in checkpoints and fp16 graphs:
 * IEEE half (round to nearest, ties to even) and bfloat16 (the top half of a float32).
 */

// One float32 slot viewed as its bits: conversions work on the IEEE encoding, not on arithmetic.
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

function bitsOfFloat32(value: number): number {
  scratchFloat[0] = value;
  return scratchBits[0]!;
}

function float32OfBits(bits: number): number {
  scratchBits[0] = bits;
  return scratchFloat[0]!;
}

/** Half bits from float32 bits, rounding to nearest with ties to even; NaN stays NaN (quiet, sign kept). */
function halfFromFloatBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  const halfExponent = exponent - 112; // rebias 127 → 15
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent > 0) {
    let half = (halfExponent << 10) | (mantissa >>> 13);
    const rest = mantissa & 0x1fff;
    // A carry out of the mantissa moves into the exponent, which is the correct rounding (up to inf).
    if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
    return sign | half;
  }
  // Half subnormal: value = significand × 2^-24, so shift the 24-bit significand right by 126 − exponent.
  const shift = 126 - exponent;
  if (shift > 24) return sign;
  const significand = mantissa | 0x800000;
  let half = significand >>> shift;
  const rest = significand & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
  return sign | half;
}

/** Float32 bits from half bits (exact: every half is a float32). */
function floatBitsFromHalf(half: number): number {
  const sign = (half & 0x8000) << 16;
  const exponent = (half >>> 10) & 0x1f;
  let mantissa = half & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0;
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
  if (mantissa === 0) return sign >>> 0;
  // Normalise a half subnormal: shift until the implicit bit appears, lowering the exponent each time.
  let floatExponent = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    floatExponent--;
  }
  return (sign | (floatExponent << 23) | ((mantissa & 0x3ff) << 13)) >>> 0;
}

/** The half-precision bits nearest to `value` (first rounded to float32, as tensors hold float32). */
export function float32ToFloat16Bits(value: number): number {
  return halfFromFloatBits(bitsOfFloat32(value));
}

export function float16BitsToFloat32(bits: number): number {
  return float32OfBits(floatBitsFromHalf(bits & 0xffff));
}

/** The bfloat16 bits nearest to `value`, ties to even; NaN stays a quiet NaN. */
export function float32ToBfloat16Bits(value: number): number {
  return bfloatFromFloatBits(bitsOfFloat32(value));
}

export function bfloat16BitsToFloat32(bits: number): number {
  return float32OfBits(((bits & 0xffff) << 16) >>> 0);
}

function bfloatFromFloatBits(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return (bits >>> 16) | 0x40;
  return (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
}

function wordsView(source: Float32Array): Uint32Array {
  return new Uint32Array(source.buffer, source.byteOffset, source.length);
}

export function float32ArrayToFloat16(source: Float32Array, out = new Uint16Array(source.length)): Uint16Array {
  const words = wordsView(source);
  for (let i = 0; i < words.length; i++) out[i] = halfFromFloatBits(words[i]!);
  return out;
}

export function float16ArrayToFloat32(source: Uint16Array, out = new Float32Array(source.length)): Float32Array {
  const words = wordsView(out);
  for (let i = 0; i < source.length; i++) words[i] = floatBitsFromHalf(source[i]!);
  return out;
}

export function float32ArrayToBfloat16(source: Float32Array, out = new Uint16Array(source.length)): Uint16Array {
  const words = wordsView(source);
  for (let i = 0; i < words.length; i++) out[i] = bfloatFromFloatBits(words[i]!);
  return out;
}

export function bfloat16ArrayToFloat32(source: Uint16Array, out = new Float32Array(source.length)): Float32Array {
  const words = wordsView(out);
  for (let i = 0; i < source.length; i++) words[i] = (source[i]! << 16) >>> 0;
  return out;
}
