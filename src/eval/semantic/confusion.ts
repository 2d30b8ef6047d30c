/**
 * Dataset-level per-class pixel counts for semantic segmentation (intersection, ground-truth and
 * predicted areas, ignore label excluded), accumulated map by map; mIoU is computed once at the end.
 */
import { InvalidInputError } from '../../core/errors.js';

/** A label map: one class index per pixel, row-major. */
export interface LabelMap {
  width: number;
  height: number;
  data: Uint8Array | Uint16Array | Int32Array;
}

export interface SemanticCountOptions {
  /** Class indices are 0 … numClasses − 1; default: one more than the largest label seen. */
  numClasses?: number;
  /** Ground-truth pixels with this label are excluded (prediction included); default 255. */
  ignoreLabel?: number;
}

/**
 * Per-class counts over all maps added. A predicted `ignoreLabel` means "no class": the pixel
 * still counts in its ground-truth class's union (as in mmseg, whose histogram drops it).
 */
export class SemanticCounts {
  readonly intersection: number[] = [];
  readonly gtArea: number[] = [];
  readonly predArea: number[] = [];
  private readonly numClasses: number | undefined;
  private readonly ignoreLabel: number;

  constructor(options: SemanticCountOptions = {}) {
    const { numClasses, ignoreLabel = 255 } = options;
    if (numClasses !== undefined && !(Number.isInteger(numClasses) && numClasses > 0)) {
      throw new InvalidInputError('options.numClasses', 'a positive integer', `got ${String(numClasses)}`);
    }
    if (!Number.isInteger(ignoreLabel)) throw new InvalidInputError('options.ignoreLabel', 'an integer', `got ${String(ignoreLabel)}`);
    this.numClasses = numClasses;
    this.ignoreLabel = ignoreLabel;
    if (numClasses !== undefined) this.grow(numClasses);
  }

  /** Class count: `numClasses` when given, else one more than the largest label added so far. */
  get classes(): number {
    return this.intersection.length;
  }

  /** Adds one ground-truth / prediction pair; `name` identifies the map in errors. */
  add(gt: LabelMap, pred: LabelMap, name: string): void {
    if (gt.width !== pred.width || gt.height !== pred.height) {
      throw new InvalidInputError(`${name}: prediction`, `the ground truth's size ${gt.width}×${gt.height}`, `got ${pred.width}×${pred.height}`);
    }
    const n = gt.width * gt.height;
    if (gt.data.length !== n || pred.data.length !== n) {
      const which = gt.data.length !== n ? 'ground truth' : 'prediction';
      throw new InvalidInputError(`${name}: ${which} data`, `length ${n} (width × height)`, `got ${(which === 'ground truth' ? gt : pred).data.length}`);
    }
    // Validate the whole map before counting, so a rejected map leaves the totals untouched.
    this.grow(Math.max(this.checkLabels(gt, name, 'ground truth'), this.checkLabels(pred, name, 'prediction')) + 1);
    const { intersection, gtArea, predArea } = this;
    for (let i = 0; i < n; i++) {
      const g = gt.data[i]!;
      if (g === this.ignoreLabel) continue;
      const p = pred.data[i]!;
      gtArea[g]! += 1;
      if (p === this.ignoreLabel) continue;
      predArea[p]! += 1;
      if (p === g) intersection[g]! += 1;
    }
  }

  /** The largest class index in `map`; throws at the first pixel that is neither a class nor ignored. */
  private checkLabels(map: LabelMap, name: string, which: string): number {
    let largest = -1;
    for (let i = 0; i < map.data.length; i++) {
      const label = map.data[i]!;
      if (label === this.ignoreLabel) continue;
      const outOfRange = label < 0 || (this.numClasses !== undefined && label >= this.numClasses);
      if (outOfRange) {
        const x = i % map.width;
        const bound = this.numClasses === undefined ? '≥ 0' : `in 0…${this.numClasses - 1}`;
        const expected = `a class index ${bound} or the ignore label ${this.ignoreLabel}`;
        throw new InvalidInputError(`${name}: ${which} pixel (${x}, ${(i - x) / map.width})`, expected, `got ${label}`);
      }
      if (label > largest) largest = label;
    }
    return largest;
  }

  private grow(classes: number): void {
    while (this.intersection.length < classes) {
      this.intersection.push(0);
      this.gtArea.push(0);
      this.predArea.push(0);
    }
  }
}
