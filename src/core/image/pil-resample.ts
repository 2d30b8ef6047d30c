/**
 * Pillow's `Image.resize` rebuilt step by step (libImaging/Resample.c and the nearest-neighbour
 * affine path), so owseg's preprocessing produces the very bytes the Python references feed their models.
 */

/** A row-major image with `channels` interleaved values per pixel; planar data is handled one plane at a time (channels = 1). */
export interface Grid<T extends Uint8Array | Float32Array> {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: T;
}

/** Per output position: the first input index, how many inputs contribute, and their weights (`size` slots each). */
interface Taps {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly size: number;
  readonly weights: Float64Array;
}

/** Pillow's fixed-point layout for 8-bit images: weights scaled by 2^22, leaving 2 bits of headroom for negative lobes. */
const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);

type Kernel = { support: number; at(x: number): number };

const BILINEAR: Kernel = {
  support: 1,
  at(x) {
    const t = Math.abs(x);
    return t < 1 ? 1 - t : 0;
  },
};

/** Keys' cubic with a = −0.5, written in Pillow's evaluation order so every double rounds the same way. */
const BICUBIC: Kernel = {
  support: 2,
  at(x) {
    const a = -0.5;
    const t = Math.abs(x);
    if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
    if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
    return 0;
  },
};

/**
 * Pillow's coefficient table: the kernel is stretched by the downscale factor (its antialiasing),
 * centred on `(i + 0.5) × scale`, cut to the input, and normalised to sum 1.
 */
function pilTaps(inSize: number, outSize: number, kernel: Kernel): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = kernel.support * filterScale;
  const size = Math.ceil(support) * 2 + 1;
  const inverse = 1 / filterScale;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * size);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    // C's (int) cast truncates toward zero, then the range is clipped to the input.
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    let total = 0;
    for (let j = lo; j < hi; j++) {
      const w = kernel.at((j - center + 0.5) * inverse);
      weights[i * size + j - lo] = w;
      total += w;
    }
    if (total !== 0) {
      for (let j = 0; j < hi - lo; j++) weights[i * size + j] = weights[i * size + j]! / total;
    }
    first[i] = lo;
    count[i] = hi - lo;
  }
  return { first, count, size, weights };
}

/** Rounds each weight half away from zero onto the 2^22 grid, as Pillow does before an 8-bit pass. */
function fixedPoint(weights: Float64Array): Int32Array {
  const out = new Int32Array(weights.length);
  const one = 1 << PRECISION_BITS;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    out[i] = w < 0 ? Math.trunc(-0.5 + w * one) : Math.trunc(0.5 + w * one);
  }
  return out;
}

/** Pillow's clip8: drop the fraction bits (arithmetic shift = floor) and saturate to 0…255. */
function clip8(sum: number): number {
  const v = sum >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/*
 * The passes come in 8-bit and float versions, each touching one typed-array type only, so V8
 * compiles monomorphic loops (a shared generic version ran about ten times slower).
 */

/** 8-bit pass along x over input rows `rowStart … rowStart + rows − 1` (Pillow skips rows the vertical pass never reads). */
function horizontal8(src: Grid<Uint8Array>, outWidth: number, taps: Taps, rowStart: number, rows: number): Grid<Uint8Array> {
  const { width, channels } = src;
  const input = src.data;
  const weights = fixedPoint(taps.weights);
  const data = new Uint8Array(outWidth * rows * channels);
  for (let y = 0; y < rows; y++) {
    const inRow = (y + rowStart) * width * channels;
    const outRow = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const count = taps.count[x]!;
      const k = x * taps.size;
      for (let c = 0; c < channels; c++) {
        let sum = HALF;
        let at = inRow + taps.first[x]! * channels + c;
        for (let j = 0; j < count; j++, at += channels) sum += input[at]! * weights[k + j]!;
        data[outRow + x * channels + c] = clip8(sum);
      }
    }
  }
  return { width: outWidth, height: rows, channels, data };
}

/** 8-bit pass along y; tap indices are relative to row `rowOffset` of the original image. Integer sums, so summing a row per tap is exact. */
function vertical8(src: Grid<Uint8Array>, outHeight: number, taps: Taps, rowOffset: number): Grid<Uint8Array> {
  const rowLength = src.width * src.channels;
  const input = src.data;
  const weights = fixedPoint(taps.weights);
  const data = new Uint8Array(rowLength * outHeight);
  const acc = new Int32Array(rowLength);
  for (let y = 0; y < outHeight; y++) {
    acc.fill(HALF);
    const first = taps.first[y]! - rowOffset;
    for (let j = 0; j < taps.count[y]!; j++) {
      const w = weights[y * taps.size + j]!;
      const inRow = (first + j) * rowLength;
      for (let i = 0; i < rowLength; i++) acc[i] = acc[i]! + input[inRow + i]! * w;
    }
    const outRow = y * rowLength;
    for (let i = 0; i < rowLength; i++) data[outRow + i] = clip8(acc[i]!);
  }
  return { width: src.width, height: outHeight, channels: src.channels, data };
}

/** Mode "F" pass along x: double sums in tap order, stored as float32. */
function horizontalF(src: Grid<Float32Array>, outWidth: number, taps: Taps, rowStart: number, rows: number): Grid<Float32Array> {
  const { width, channels } = src;
  const input = src.data;
  const weights = taps.weights;
  const data = new Float32Array(outWidth * rows * channels);
  for (let y = 0; y < rows; y++) {
    const inRow = (y + rowStart) * width * channels;
    const outRow = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const count = taps.count[x]!;
      const k = x * taps.size;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        let at = inRow + taps.first[x]! * channels + c;
        for (let j = 0; j < count; j++, at += channels) sum += input[at]! * weights[k + j]!;
        data[outRow + x * channels + c] = sum;
      }
    }
  }
  return { width: outWidth, height: rows, channels, data };
}

/**
 * Mode "F" pass along y. Summing a whole row per tap keeps memory access sequential; each output
 * still adds its terms in Pillow's order, so the doubles round identically.
 */
function verticalF(src: Grid<Float32Array>, outHeight: number, taps: Taps, rowOffset: number): Grid<Float32Array> {
  const rowLength = src.width * src.channels;
  const input = src.data;
  const data = new Float32Array(rowLength * outHeight);
  const acc = new Float64Array(rowLength);
  for (let y = 0; y < outHeight; y++) {
    acc.fill(0);
    const first = taps.first[y]! - rowOffset;
    for (let j = 0; j < taps.count[y]!; j++) {
      const w = taps.weights[y * taps.size + j]!;
      const inRow = (first + j) * rowLength;
      for (let i = 0; i < rowLength; i++) acc[i] = acc[i]! + input[inRow + i]! * w;
    }
    data.set(acc, y * rowLength);
  }
  return { width: src.width, height: outHeight, channels: src.channels, data };
}

/**
 * Pillow's separable convolution resize (BILINEAR or BICUBIC): horizontal pass first, then vertical,
 * each skipped when that side keeps its size. Uint8 grids use Pillow's 8-bit fixed-point path with
 * its rounding and clipping after each pass; Float32 grids follow mode "F" (double sums, stored as float32 after each pass).
 */
export function pilConvolve<T extends Uint8Array | Float32Array>(src: Grid<T>, outWidth: number, outHeight: number, filter: 'bilinear' | 'bicubic'): Grid<T> {
  const kernel = filter === 'bilinear' ? BILINEAR : BICUBIC;
  const needHorizontal = outWidth !== src.width;
  const needVertical = outHeight !== src.height;
  if (!needHorizontal && !needVertical) return { ...src, data: src.data.slice() as T };
  const yTaps = pilTaps(src.height, outHeight, kernel);
  const rowStart = needVertical ? yTaps.first[0]! : 0;
  const rowEnd = needVertical ? yTaps.first[outHeight - 1]! + yTaps.count[outHeight - 1]! : src.height;
  if (src.data instanceof Uint8Array) {
    let grid = src as Grid<Uint8Array>;
    if (needHorizontal) grid = horizontal8(grid, outWidth, pilTaps(src.width, outWidth, kernel), rowStart, rowEnd - rowStart);
    return (needVertical ? vertical8(grid, outHeight, yTaps, needHorizontal ? rowStart : 0) : grid) as Grid<T>;
  }
  let grid = src as Grid<Float32Array>;
  if (needHorizontal) grid = horizontalF(grid, outWidth, pilTaps(src.width, outWidth, kernel), rowStart, rowEnd - rowStart);
  return (needVertical ? verticalF(grid, outHeight, yTaps, needHorizontal ? rowStart : 0) : grid) as Grid<T>;
}

/**
 * Pillow's NEAREST resize, which is an affine transform rather than a convolution: the source
 * position starts at half a step and is advanced by repeated addition (so its rounding drift is
 * reproduced), then truncated. Positions that drift outside the input stay 0, as Pillow fills them.
 */
export function pilNearest<T extends Uint8Array | Float32Array>(src: Grid<T>, outWidth: number, outHeight: number): Grid<T> {
  const xs = nearestPositions(src.width, outWidth);
  const ys = nearestPositions(src.height, outHeight);
  const { channels } = src;
  const data = (src.data instanceof Uint8Array ? new Uint8Array(outWidth * outHeight * channels) : new Float32Array(outWidth * outHeight * channels)) as T;
  for (let y = 0; y < outHeight; y++) {
    const sy = ys[y]!;
    if (sy < 0) continue;
    for (let x = 0; x < outWidth; x++) {
      const sx = xs[x]!;
      if (sx < 0) continue;
      const from = (sy * src.width + sx) * channels;
      const to = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) data[to + c] = src.data[from + c]!;
    }
  }
  return { width: outWidth, height: outHeight, channels, data };
}

function nearestPositions(inSize: number, outSize: number): Int32Array {
  const step = inSize / outSize;
  const out = new Int32Array(outSize);
  let position = step * 0.5;
  for (let i = 0; i < outSize; i++) {
    const index = Math.trunc(position);
    out[i] = index < inSize ? index : -1;
    position += step;
  }
  return out;
}
