/**
 * torch.nn.functional.interpolate (align_corners=False, antialias=False) on CPU float32, rebuilt
 * so owseg's model code reproduces the PyTorch references (e.g. SAM's mask-logit upscaling).
 */
import type { Grid } from './pil-resample.js';

const f32 = Math.fround;

/** One axis of a separable interpolation: per output position, `size` input indices and weights. */
export interface Taps {
  readonly size: number;
  readonly index: Int32Array;
  readonly weights: Float32Array;
}

/** torch's scale for an explicit output size: input / output, as a float32. */
function scaleOf(inSize: number, outSize: number): number {
  return f32(inSize / outSize);
}

/** torch's source coordinate for align_corners=False: (i + 0.5) × scale − 0.5 with a float32 scale, kept in double precision. */
function sourceCoordinate(scale: number, i: number): number {
  return scale * (i + 0.5) - 0.5;
}

/** Mode "nearest": floor(i × scale) in float32, clipped to the last input; torch special-cases equal and doubled sizes. */
function torchNearestIndex(inSize: number, outSize: number): Int32Array {
  const out = new Int32Array(outSize);
  const scale = scaleOf(inSize, outSize);
  for (let i = 0; i < outSize; i++) {
    if (outSize === inSize) out[i] = i;
    else if (outSize === 2 * inSize) out[i] = i >> 1;
    else out[i] = Math.min(Math.floor(f32(i * scale)), inSize - 1);
  }
  return out;
}

/**
 * Mode "bilinear": two taps; negative coordinates clamp to 0, the right tap clamps to the last input.
 * Both weights are ≥ 0 and sum to 1 within 2^-24 (SAM's fused thresholding relies on this).
 */
export function linearTaps(inSize: number, outSize: number): Taps {
  const index = new Int32Array(outSize * 2);
  const weights = new Float32Array(outSize * 2);
  const scale = scaleOf(inSize, outSize);
  for (let i = 0; i < outSize; i++) {
    if (outSize === inSize) {
      index[2 * i] = index[2 * i + 1] = i;
      weights[2 * i] = 1;
      continue;
    }
    const source = Math.max(sourceCoordinate(scale, i), 0);
    const i0 = Math.trunc(source);
    const lambda1 = f32(source - i0);
    index[2 * i] = i0;
    index[2 * i + 1] = i0 < inSize - 1 ? i0 + 1 : i0;
    weights[2 * i] = f32(1 - lambda1);
    weights[2 * i + 1] = lambda1;
  }
  return { size: 2, index, weights };
}

/** Mode "bicubic": Keys' cubic with A = −0.75 on the four inputs around floor(coordinate), indices clamped to the border. */
function cubicTaps(inSize: number, outSize: number): Taps {
  const A = -0.75;
  // float32 polynomials with torch's roundings: its compiled kernel fuses the first multiply-adds
  // of each into one rounding and rounds the last product and sum separately.
  const near = (x: number) => f32(f32(f32(f32((A + 2) * x - (A + 3)) * x) * x) + 1);
  const far = (x: number) => f32(f32(f32(f32(A * x - 5 * A) * x + 8 * A) * x) - 4 * A);
  const index = new Int32Array(outSize * 4);
  const weights = new Float32Array(outSize * 4);
  const scale = scaleOf(inSize, outSize);
  for (let i = 0; i < outSize; i++) {
    const source = sourceCoordinate(scale, i);
    // torch floors the coordinate after rounding it to float32 but takes t from the double value, so t can be slightly negative.
    const i0 = Math.floor(f32(source));
    const t = f32(source - i0);
    const u = f32(1 - t);
    const w = [far(f32(t + 1)), near(t), near(u), far(f32(u + 1))];
    for (let k = 0; k < 4; k++) {
      index[4 * i + k] = Math.min(Math.max(i0 - 1 + k, 0), inSize - 1);
      weights[4 * i + k] = w[k]!;
    }
  }
  return { size: 4, index, weights };
}

/** The two-tap sum of {@link tapSum}: w1·v1 rounded alone, then w0·v0 added by an emulated fused multiply-add. */
export function linearSum(w0: number, v0: number, w1: number, v1: number): number {
  return f32(w0 * v0 + f32(w1 * v1));
}

/**
 * One tap sum the way torch's compiled kernel (Debian's python3-torch 1.13, x86-64) accumulates it:
 * the second product rounded alone, then the first, third and fourth each added by a fused
 * multiply-add, emulated as a double multiply-add rounded once to float32.
 */
function tapSum(v: Float32Array, w: Float32Array, t: number, size: number, i0: number, i1: number, i2: number, i3: number): number {
  const sum = linearSum(w[t]!, v[i0]!, w[t + 1]!, v[i1]!);
  if (size === 2) return sum;
  const third = f32(w[t + 2]! * v[i2]! + sum);
  return f32(w[t + 3]! * v[i3]! + third);
}

/**
 * Bilinear or bicubic interpolation of a grid into float32, separably: along x for every input
 * row, then along y, which is torch's nesting (the row interpolations first, then their combination).
 * `keep` returns only the top-left part of the outWidth × outHeight result — the same values as
 * resizing and then cropping, without computing the pixels a crop would discard.
 */
export function torchInterpolate(
  src: Grid<Uint8Array | Float32Array>,
  fullWidth: number,
  fullHeight: number,
  filter: 'bilinear' | 'bicubic',
  keep: { width: number; height: number } = { width: fullWidth, height: fullHeight },
): Grid<Float32Array> {
  const make = filter === 'bilinear' ? linearTaps : cubicTaps;
  const xTaps = make(src.width, fullWidth);
  const yTaps = make(src.height, fullHeight);
  const outWidth = keep.width;
  const outHeight = keep.height;
  const size = xTaps.size;
  const { channels } = src;
  // One element type in the loops keeps them monomorphic; uint8 values are exact in float32.
  const input = src.data instanceof Float32Array ? src.data : Float32Array.from(src.data);
  const rows = new Float32Array(src.height * outWidth * channels);
  const xi = xTaps.index;
  for (let y = 0; y < src.height; y++) {
    const inRow = y * src.width * channels;
    const outRow = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const t = x * size;
      for (let c = 0; c < channels; c++) {
        const base = inRow + c;
        rows[outRow + x * channels + c] = tapSum(
          input,
          xTaps.weights,
          t,
          size,
          base + xi[t]! * channels,
          base + xi[t + 1]! * channels,
          size === 4 ? base + xi[t + 2]! * channels : 0,
          size === 4 ? base + xi[t + 3]! * channels : 0,
        );
      }
    }
  }
  const rowLength = outWidth * channels;
  const data = new Float32Array(outHeight * rowLength);
  const yi = yTaps.index;
  for (let y = 0; y < outHeight; y++) {
    const t = y * size;
    const out = y * rowLength;
    const r0 = yi[t]! * rowLength;
    const r1 = yi[t + 1]! * rowLength;
    const r2 = size === 4 ? yi[t + 2]! * rowLength : 0;
    const r3 = size === 4 ? yi[t + 3]! * rowLength : 0;
    for (let i = 0; i < rowLength; i++) data[out + i] = tapSum(rows, yTaps.weights, t, size, r0 + i, r1 + i, r2 + i, r3 + i);
  }
  return { width: outWidth, height: outHeight, channels, data };
}

/** Mode "nearest": a pure gather, so the input's element type is kept. */
export function torchNearest<T extends Uint8Array | Float32Array>(src: Grid<T>, outWidth: number, outHeight: number): Grid<T> {
  const xs = torchNearestIndex(src.width, outWidth);
  const ys = torchNearestIndex(src.height, outHeight);
  const { channels } = src;
  const data = (src.data instanceof Uint8Array ? new Uint8Array(outWidth * outHeight * channels) : new Float32Array(outWidth * outHeight * channels)) as T;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const from = (ys[y]! * src.width + xs[x]!) * channels;
      const to = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) data[to + c] = src.data[from + c]!;
    }
  }
  return { width: outWidth, height: outHeight, channels, data };
}
