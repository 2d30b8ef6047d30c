/**
 * SAM's mask upscaling (postprocess_masks, as upscalePlane computes it) fused with comparisons
 * against thresholds: the same verdict for every pixel, while computing few upscaled logits.
 * Hand-written: no library fuses torch-exact bilinear resizing with thresholding.
 */
import { linearSum as torchLinearSum, linearTaps as torchLinearTaps, type Taps as InterpolationTaps } from '../../core/image/torch-interpolate.js';
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
const FILL = 1;
const COMPUTE = 2;
/** A row run with more than 1/3 of its columns undecided is computed whole. */
const DENSE_SHARE_INVERSE = 3;

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
  private readonly inputWidth: number;
  private readonly x: Axis;
  private readonly y: Axis;
  private readonly columnMin: Float32Array;
  private readonly columnMax: Float32Array;
  /** The last low-res column any output column reads. */
  private readonly lastColumn: number;
  /** One row run's segments: start, end (exclusive), FILL or COMPUTE. */
  private readonly segments: Int32Array;
  /**
   * Exact values of the current row run, computed only over its COMPUTE segments: the first resize
   * along x of low-res row r in slot r mod rowSlots (a run reads at most three consecutive rows),
   * then (two resizes) stage-1 rows firstRow… and their resize along x.
   */
  private readonly alongX1: Float32Array;
  private readonly rowSlots: number;
  /** The low-res row whose whole first resize along x a slot holds for the current plane, or −1. */
  private readonly wholeRow: Int32Array;
  private readonly stage1Rows: Float32Array;
  private readonly alongX2: Float32Array;
  /** One output row's exact logits over its COMPUTE segments. */
  private readonly exactRow: Float32Array;
  private runFirstRow = 0;

  constructor(maskSize: number, geometry: SamGeometry) {
    const { inputSize, originalSize, padSize } = geometry;
    const resized = originalSize.height !== inputSize.height || originalSize.width !== inputSize.width;
    this.maskSize = maskSize;
    this.width = originalSize.width;
    this.height = originalSize.height;
    this.inputWidth = inputSize.width;
    this.x = axis(maskSize, padSize, inputSize.width, resized ? originalSize.width : undefined);
    this.y = axis(maskSize, padSize, inputSize.height, resized ? originalSize.height : undefined);
    this.columnMin = new Float32Array(maskSize);
    this.columnMax = new Float32Array(maskSize);
    this.lastColumn = this.x.runs[this.x.runs.length - 1]!;
    this.segments = new Int32Array((3 * this.x.runs.length) / 4);
    let lowRows = 0;
    let stage1Rows = 0;
    for (let r = 0; r < this.y.runs.length; r += 4) {
      lowRows = Math.max(lowRows, this.y.runs[r + 3]! - this.y.runs[r + 2]! + 1);
      stage1Rows = Math.max(stage1Rows, this.stage1Span(r)[1] - this.stage1Span(r)[0] + 1);
    }
    this.rowSlots = 2 ** Math.ceil(Math.log2(lowRows));
    this.alongX1 = new Float32Array(this.rowSlots * inputSize.width);
    this.wholeRow = new Int32Array(this.rowSlots);
    this.stage1Rows = new Float32Array(resized ? stage1Rows * inputSize.width : 0);
    this.alongX2 = new Float32Array(resized ? stage1Rows * originalSize.width : 0);
    this.exactRow = new Float32Array(originalSize.width);
  }

  /**
   * Writes `logit > thresholds.mask` as 0/1 into `mask` (height × width, row-major) and, for each k,
   * the count of `logit > thresholds.counted[k]` in row y into `rowCounts[k × height + y]`.
   */
  threshold(plane: Float32Array, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
    const { width, height } = this;
    const k = thresholds.counted.length;
    if (plane.length !== this.maskSize * this.maskSize || mask.length !== width * height || rowCounts.length !== k * height) {
      throw new Error(`threshold: got a plane of ${plane.length}, a mask of ${mask.length} and ${rowCounts.length} row counts for ${this.maskSize}² → ${width}×${height} with ${k} thresholds`);
    }
    mask.fill(0);
    this.wholeRow.fill(-1);
    const certain = new Int32Array(k);
    const rows = this.y.runs;
    for (let r = 0; r < rows.length; r += 4) {
      const segments = this.classifyColumns(plane, rows[r + 2]!, rows[r + 3]!, thresholds, certain);
      if (segments.compute) this.computeRun(plane, r, segments.count);
      for (let y = rows[r]!; y < rows[r + 1]!; y++) {
        for (let t = 0; t < k; t++) rowCounts[t * height + y] = certain[t]!;
        this.writeRow(y, segments.count, thresholds, mask, rowCounts);
      }
    }
  }

  /**
   * Decides each column run over the low-res rows lo…hi and leaves segments in `this.segments`:
   * decided runs above the mask threshold merged into fills, undecided runs merged into spans to
   * compute; decided runs below it need nothing, the mask starting at 0. `certain[t]` gets the
   * decided pixels above counted[t] in one row.
   */
  private classifyColumns(plane: Float32Array, lo: number, hi: number, thresholds: LogitThresholds, certain: Int32Array): { count: number; compute: boolean } {
    const { columnMin, columnMax, maskSize, segments } = this;
    const counted = thresholds.counted;
    const mid = thresholds.mask;
    for (let c = 0; c <= this.lastColumn; c++) {
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
    let count = 0;
    let computed = 0;
    for (let r = 0; r < runs.length; r += 4) {
      let min = columnMin[runs[r + 2]!]!;
      let max = columnMax[runs[r + 2]!]!;
      for (let c = runs[r + 2]! + 1; c <= runs[r + 3]!; c++) {
        min = Math.min(min, columnMin[c]!);
        max = Math.max(max, columnMax[c]!);
      }
      const margin = Math.max(-min, max) * RELATIVE_MARGIN + ABSOLUTE_MARGIN;
      const low = min - margin;
      const high = max + margin;
      // A threshold within [low, high], or a NaN bound, leaves the run undecided.
      let decided = low > mid || high < mid;
      for (let t = 0; t < counted.length && decided; t++) decided = low > counted[t]! || high < counted[t]!;
      const start = runs[r]!;
      const end = runs[r + 1]!;
      let kind = COMPUTE;
      if (decided) {
        for (let t = 0; t < counted.length; t++) if (low > counted[t]!) certain[t]! += end - start;
        if (!(low > mid)) continue;
        kind = FILL;
      }
      computed += kind === COMPUTE ? end - start : 0;
      if (computed * DENSE_SHARE_INVERSE > this.width) return this.wholeRowSegment(certain);
      const last = 3 * (count - 1);
      if (count > 0 && segments[last + 1] === start && segments[last + 2] === kind) {
        segments[last + 1] = end;
      } else {
        segments[3 * count] = start;
        segments[3 * count + 1] = end;
        segments[3 * count + 2] = kind;
        count++;
      }
    }
    return { count, compute: computed > 0 };
  }

  /** A mostly undecided row run (noisy logits) is computed whole: one span is cheaper than many short ones. */
  private wholeRowSegment(certain: Int32Array): { count: number; compute: boolean } {
    certain.fill(0);
    this.segments.set([0, this.width, COMPUTE]);
    return { count: 1, compute: true };
  }

  /** Stage-1 rows the output rows of y run `r` read (two resizes only; else the rows themselves). */
  private stage1Span(r: number): [number, number] {
    const { runs, stage2 } = this.y;
    if (stage2 === undefined) return [runs[r]!, runs[r + 1]! - 1];
    return [stage2.index[2 * runs[r]!]!, stage2.index[2 * (runs[r + 1]! - 1) + 1]!];
  }

  /**
   * The exact intermediate values the COMPUTE segments of y run `r` need, pass by pass as
   * upscalePlane computes them: along x for the run's low-res rows, then (two resizes) along y into
   * stage-1 rows and along x again.
   */
  private computeRun(plane: Float32Array, r: number, count: number): void {
    const { segments, inputWidth: inW, maskSize: s, alongX1, stage1Rows, alongX2, width, wholeRow } = this;
    const lo = this.y.runs[r + 2]!;
    const hi = this.y.runs[r + 3]!;
    const [firstRow, lastRow] = this.stage1Span(r);
    const slotMask = this.rowSlots - 1;
    this.runFirstRow = firstRow;
    const { index: xi, weights: xw } = this.x.stage1;
    const { index: yi, weights: yw } = this.y.stage1;
    const x2 = this.x.stage2;
    for (let i = 0; i < 3 * count; i += 3) {
      if (segments[i + 2] !== COMPUTE) continue;
      const start = segments[i]!;
      const end = segments[i + 1]!;
      // Stage-1 columns the segment reads.
      const from = x2 ? x2.index[2 * start]! : start;
      const to = x2 ? x2.index[2 * (end - 1) + 1]! + 1 : end;
      const whole = from === 0 && to === inW;
      for (let row = lo; row <= hi; row++) {
        const slot = row & slotMask;
        // Consecutive runs share a low-res row: a whole row computed for the previous run is reused.
        if (whole && wholeRow[slot] === row) continue;
        wholeRow[slot] = whole ? row : -1;
        const src = row * s;
        const out = slot * inW;
        for (let m = from; m < to; m++) alongX1[out + m] = torchLinearSum(xw[2 * m]!, plane[src + xi[2 * m]!]!, xw[2 * m + 1]!, plane[src + xi[2 * m + 1]!]!);
      }
      if (x2 === undefined) continue;
      for (let k = firstRow; k <= lastRow; k++) {
        const top = (yi[2 * k]! & slotMask) * inW;
        const bottom = (yi[2 * k + 1]! & slotMask) * inW;
        const out = (k - firstRow) * inW;
        for (let m = from; m < to; m++) stage1Rows[out + m] = torchLinearSum(yw[2 * k]!, alongX1[top + m]!, yw[2 * k + 1]!, alongX1[bottom + m]!);
        const along = (k - firstRow) * width;
        for (let x = start; x < end; x++) {
          alongX2[along + x] = torchLinearSum(x2.weights[2 * x]!, stage1Rows[out + x2.index[2 * x]!]!, x2.weights[2 * x + 1]!, stage1Rows[out + x2.index[2 * x + 1]!]!);
        }
      }
    }
  }

  /** One output row: fills written, undecided spans finished from computeRun's values and compared. */
  private writeRow(y: number, count: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
    const { segments, width, height } = this;
    const counted = thresholds.counted;
    const mid = thresholds.mask;
    const rowStart = y * width;
    const y2 = this.y.stage2;
    // The two rows this output row combines, and their weights, in the buffers computeRun filled.
    let top: number;
    let bottom: number;
    let values: Float32Array;
    let taps: InterpolationTaps;
    if (y2 === undefined) {
      taps = this.y.stage1;
      values = this.alongX1;
      top = (taps.index[2 * y]! & (this.rowSlots - 1)) * this.inputWidth;
      bottom = (taps.index[2 * y + 1]! & (this.rowSlots - 1)) * this.inputWidth;
    } else {
      taps = y2;
      values = this.alongX2;
      top = (taps.index[2 * y]! - this.runFirstRow) * width;
      bottom = (taps.index[2 * y + 1]! - this.runFirstRow) * width;
    }
    const w0 = taps.weights[2 * y]!;
    const w1 = taps.weights[2 * y + 1]!;
    const exact = this.exactRow;
    for (let i = 0; i < 3 * count; i += 3) {
      const start = segments[i]!;
      const end = segments[i + 1]!;
      if (segments[i + 2] === FILL) {
        mask.fill(1, rowStart + start, rowStart + end);
        continue;
      }
      // Comparisons turned into numbers, not branches: near a boundary they are unpredictable. The
      // first three counted thresholds share the pass that computes the logits (NaN pads: nothing
      // is above it); any further ones read them back from `exact`.
      const t0 = counted[0] ?? NaN;
      const t1 = counted[1] ?? NaN;
      const t2 = counted[2] ?? NaN;
      let above0 = 0;
      let above1 = 0;
      let above2 = 0;
      for (let x = start; x < end; x++) {
        const v = torchLinearSum(w0, values[top + x]!, w1, values[bottom + x]!);
        exact[x] = v;
        mask[rowStart + x] = +(v > mid);
        above0 += +(v > t0);
        above1 += +(v > t1);
        above2 += +(v > t2);
      }
      const firstCounts = [above0, above1, above2];
      for (let t = 0; t < counted.length; t++) {
        let above = firstCounts[t] ?? 0;
        if (t >= 3) for (let x = start; x < end; x++) above += +(exact[x]! > counted[t]!);
        rowCounts[t * height + y]! += above;
      }
    }
  }
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
