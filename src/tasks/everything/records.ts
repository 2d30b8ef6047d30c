/**
 * The per-mask record the generator carries between its stages (the reference's MaskData row),
 * and reordering by kept indices. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { Rle } from '../../core/rle/index.js';
import type { XyxyBox } from './crop-boxes.js';

export interface MaskRecord {
  rle: Rle;
  /** Mask box [left, top, right, bottom], right/bottom inclusive (maskBox). */
  box: XyxyBox;
  predictedIou: number;
  stabilityScore: number;
  /** The prompt point, x then y. */
  point: [number, number];
  cropBox: XyxyBox;
}

/** The records at `keep`, in that order: the reference's `MaskData.filter` with an index list. */
export function pick<T>(records: readonly T[], keep: readonly number[]): T[] {
  return keep.map((i) => records[i]!);
}
