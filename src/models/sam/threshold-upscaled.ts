/**
 * SAM's mask upscaling (postprocess_masks, as upscalePlane computes it) fused with comparisons
 * against thresholds: the same verdict for every pixel, while computing few upscaled logits.
 * Hand-written: no library fuses torch-exact bilinear resizing with thresholding.
 */
import { torchLinearSum, torchLinearTaps, type InterpolationTaps } from '../../core/image/index.js';
import type { SamGeometry } from './preprocess.js';

/** Float32 thresholds a mask's upscaled logits are compared with (`logit > threshold`, as torch compares). */
export interface LogitThresholds {
  /** Logits above it are 1 in the binary mask. */
  mask: number;
  /** Logits above each of these are counted row by row. */
  counted: readonly number[];
}

/**
 * Every bilinear pass computes f32(w0·a + f32(w1·b)) with w0, w1 ≥ 0 and |w0 + w1 − 1| ≤ 2^-24, so
 * its result lies within 3·2^-24·max(|a|, |b|) of [min(a, b), max(a, b)]. After the at most four
 * passes of two resizes, an upscaled logit lies within 12·2^-24·A < 2^-20·A of the range of the
 * low-resolution logits it is made from (A their largest magnitude). A block whose range clears a
 * threshold by A·2^-18 (four times that) is decided without computing it; the absolute term covers
 * float32 underflow near zero. NaN and infinite logits never clear it and are computed.
 */
const RELATIVE_MARGIN = 2 ** -18;
const ABSOLUTE_MARGIN = 2 ** -120;
const UNDECIDED = -1;

/**
 * One axis of the two resizes: stage 1 (low-res → model input, only the first `kept` outputs, the
 * crop that drops the padding) and stage 2 (kept → original size), absent when the original size is
 * the kept size on both axes (upscalePlane skips that resize). Consecutive outputs whose low-res
 * sources span the same range [lo, hi] form a run: runs[4j … 4j + 3] = start, end (exclusive), lo, hi.
 */
interface Axis {
  stage1: InterpolationTaps;
  stage2: InterpolationTaps | undefined;
  runs: Int32Array;
}

/**
 * Thresholds the upscaled logits of planes for one image geometry; the taps and runs are computed
 * once and reused for every plane. Results equal `upscalePlane` followed by the comparisons, bit for
 * bit: logits whose verdict is certain are never computed, the others are computed exactly as
 * upscalePlane does (the same taps, the same float32 sums in the same order).
 */
export class UpscaleThresholder {
  readonly width: number;
  readonly height: number;
  private readonly maskSize: number;
  private readonly x: Axis;
  private readonly y: Axis;
  private readonly columnMin: Float32Array;
  private readonly columnMax: Float32Array;
  private readonly runCodes: Int32Array;

  constructor(maskSize: number, geometry: SamGeometry) {
    const { inputSize, originalSize, padSize } = geometry;
    const resized = originalSize.height !== inputSize.height || originalSize.width !== inputSize.width;
    this.maskSize = maskSize;
    this.width = originalSize.width;
    this.height = originalSize.height;
    this.x = axis(maskSize, padSize, inputSize.width, resized ? originalSize.width : undefined);
    this.y = axis(maskSize, padSize, inputSize.height, resized ? originalSize.height : undefined);
    this.columnMin = new Float32Array(maskSize);
    this.columnMax = new Float32Array(maskSize);
    this.runCodes = new Int32Array(this.x.runs.length / 4);
  }

  /**
   * Writes `logit > thresholds.mask` as 0/1 into `mask` (height × width, row-major) and, for each k,
   * the count of `logit > thresholds.counted[k]` in row y into `rowCounts[k × height + y]`.
   */
  threshold(plane: Float32Array, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
    const { width, height } = this;
    const counted = thresholds.counted;
    const k = counted.length;
    if (plane.length !== this.maskSize * this.maskSize || mask.length !== width * height || rowCounts.length !== k * height) {
      throw new Error(`threshold: got a plane of ${plane.length}, a mask of ${mask.length} and ${rowCounts.length} row counts for ${this.maskSize}² → ${width}×${height} with ${k} thresholds`);
    }
    mask.fill(0);
    rowCounts.fill(0);
    const certain = new Int32Array(k);
    const rows = this.y.runs;
    for (let r = 0; r < rows.length; r += 4) {
      this.classifyColumns(plane, rows[r + 2]!, rows[r + 3]!, thresholds, certain);
      for (let y = rows[r]!; y < rows[r + 1]!; y++) {
        for (let t = 0; t < k; t++) rowCounts[t * height + y] = certain[t]!;
        this.writeRow(plane, y, thresholds, mask, rowCounts);
      }
    }
  }

  /**
   * Decides each column run over the low-res rows lo…hi: runCodes[j] is UNDECIDED, or bit 0 = above
   * the mask threshold and bit t + 1 = above counted[t]. `certain[t]` gets the decided row count.
   */
  private classifyColumns(plane: Float32Array, lo: number, hi: number, thresholds: LogitThresholds, certain: Int32Array): void {
    const { columnMin, columnMax, maskSize, runCodes } = this;
    const counted = thresholds.counted;
    for (let c = 0; c < maskSize; c++) {
      let min = plane[lo * maskSize + c]!;
      let max = min;
      for (let row = lo + 1; row <= hi; row++) {
        const v = plane[row * maskSize + c]!;
        // Math.min/max keep NaN, which must leave the run undecided.
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      columnMin[c] = min;
      columnMax[c] = max;
    }
    certain.fill(0);
    const runs = this.x.runs;
    for (let j = 0, r = 0; r < runs.length; j++, r += 4) {
      let min = columnMin[runs[r + 2]!]!;
      let max = columnMax[runs[r + 2]!]!;
      for (let c = runs[r + 2]! + 1; c <= runs[r + 3]!; c++) {
        min = Math.min(min, columnMin[c]!);
        max = Math.max(max, columnMax[c]!);
      }
      const margin = Math.max(-min, max) * RELATIVE_MARGIN + ABSOLUTE_MARGIN;
      let code = side(min, max, thresholds.mask, margin);
      for (let t = 0; t < counted.length && code !== UNDECIDED; t++) {
        const above = side(min, max, counted[t]!, margin);
        code = above === UNDECIDED ? UNDECIDED : code | (above << (t + 1));
      }
      runCodes[j] = code;
      if (code === UNDECIDED) continue;
      const length = runs[r + 1]! - runs[r]!;
      for (let t = 0; t < counted.length; t++) if (code & (2 << t)) certain[t]! += length;
    }
  }

  /** One output row: decided runs above the mask threshold are filled, undecided ones computed pixel by pixel. */
  private writeRow(plane: Float32Array, y: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
    const { runCodes, width, height } = this;
    const runs = this.x.runs;
    const counted = thresholds.counted;
    const rowStart = y * width;
    let fillFrom = -1;
    for (let j = 0, r = 0; r < runs.length; j++, r += 4) {
      const code = runCodes[j]!;
      if (code !== UNDECIDED && code & 1) {
        if (fillFrom < 0) fillFrom = runs[r]!;
        continue;
      }
      if (fillFrom >= 0) {
        mask.fill(1, rowStart + fillFrom, rowStart + runs[r]!);
        fillFrom = -1;
      }
      if (code !== UNDECIDED) continue;
      for (let x = runs[r]!; x < runs[r + 1]!; x++) {
        const v = this.logit(plane, y, x);
        if (v > thresholds.mask) mask[rowStart + x] = 1;
        for (let t = 0; t < counted.length; t++) if (v > counted[t]!) rowCounts[t * height + y]!++;
      }
    }
    if (fillFrom >= 0) mask.fill(1, rowStart + fillFrom, rowStart + width);
  }

  /** The upscaled logit at (y, x), with upscalePlane's arithmetic: each resize along x, then along y. */
  private logit(plane: Float32Array, y: number, x: number): number {
    const { stage2: y2 } = this.y;
    const { stage2: x2 } = this.x;
    if (y2 === undefined || x2 === undefined) return this.stage1(plane, y, x);
    const ty = 2 * y;
    const tx = 2 * x;
    const alongX = (row: number): number =>
      torchLinearSum(x2.weights[tx]!, this.stage1(plane, row, x2.index[tx]!), x2.weights[tx + 1]!, this.stage1(plane, row, x2.index[tx + 1]!));
    return torchLinearSum(y2.weights[ty]!, alongX(y2.index[ty]!), y2.weights[ty + 1]!, alongX(y2.index[ty + 1]!));
  }

  /** The first resize's (cropped) output at row `y`, column `x`. */
  private stage1(plane: Float32Array, y: number, x: number): number {
    const { index: yi, weights: yw } = this.y.stage1;
    const { index: xi, weights: xw } = this.x.stage1;
    const s = this.maskSize;
    const tx = 2 * x;
    const ty = 2 * y;
    const x0 = xi[tx]!;
    const x1 = xi[tx + 1]!;
    const r0 = yi[ty]! * s;
    const r1 = yi[ty + 1]! * s;
    const top = torchLinearSum(xw[tx]!, plane[r0 + x0]!, xw[tx + 1]!, plane[r0 + x1]!);
    const bottom = torchLinearSum(xw[tx]!, plane[r1 + x0]!, xw[tx + 1]!, plane[r1 + x1]!);
    return torchLinearSum(yw[ty]!, top, yw[ty + 1]!, bottom);
  }
}

/** 1 when every logit from values in [min, max] is above `threshold`, 0 when none is, else UNDECIDED. */
function side(min: number, max: number, threshold: number, margin: number): number {
  if (min > threshold + margin) return 1;
  if (max < threshold - margin) return 0;
  return UNDECIDED;
}

function axis(maskSize: number, padSize: number, kept: number, original: number | undefined): Axis {
  const stage1 = torchLinearTaps(maskSize, padSize);
  const stage2 = original === undefined ? undefined : torchLinearTaps(kept, original);
  const length = original ?? kept;
  const runs: number[] = [];
  for (let i = 0; i < length; i++) {
    // Taps are monotone, so the sources of output i are the low-res span from its first to its last tap.
    const first = stage2 ? stage2.index[2 * i]! : i;
    const last = stage2 ? stage2.index[2 * i + 1]! : i;
    const lo = stage1.index[2 * first]!;
    const hi = stage1.index[2 * last + 1]!;
    const n = runs.length;
    if (n > 0 && runs[n - 2] === lo && runs[n - 1] === hi) runs[n - 3] = i + 1;
    else runs.push(i, i + 1, lo, hi);
  }
  return { stage1, stage2, runs: Int32Array.from(runs) };
}
