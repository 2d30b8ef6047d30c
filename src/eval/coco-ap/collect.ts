/**
 * The per-detection outcomes of all units in flat typed arrays, grouped by K index and in
 * pycocotools' concatenation order, in place of COCOeval's list of per-image dicts: about
 * A · T + 12 bytes per detection, whatever the number of images and categories.
 */
import type { UnitOutcome } from './match.js';

export class Outcomes {
  readonly scores: Float64Array;
  /** Position of each detection among its unit's kept detections (the maxDets cut-off tests it). */
  readonly ranks: Uint32Array;
  /** outcome[(e · A + a) · T + t] for entry e. */
  readonly outcomes: Uint8Array;
  /** Entries of group k are [groupStart[k], groupStart[k + 1]). */
  readonly groupStart: Uint32Array;
  /** npig[k · A + a]: ground truths that count for group k in area range a. */
  readonly npig: Float64Array;
  private length = 0;
  private lastGroup = 0;

  constructor(
    capacity: number,
    readonly groups: number,
    readonly areas: number,
    readonly thresholds: number,
  ) {
    this.scores = new Float64Array(capacity);
    this.ranks = new Uint32Array(capacity);
    this.outcomes = new Uint8Array(capacity * areas * thresholds);
    this.groupStart = new Uint32Array(groups + 1);
    this.npig = new Float64Array(groups * areas);
  }

  /** Appends one unit's outcome; units must arrive in group order, then image order. */
  add(group: number, unit: UnitOutcome): void {
    this.closeGroupsBefore(group);
    const stride = this.areas * this.thresholds;
    unit.dts.forEach((dt, d) => {
      this.scores[this.length + d] = dt.score;
      this.ranks[this.length + d] = d;
    });
    this.outcomes.set(unit.outcomes, this.length * stride);
    this.length += unit.dts.length;
    unit.counted.forEach((count, a) => {
      this.npig[group * this.areas + a]! += count;
    });
  }

  /** Marks the end of the last group; call once after the last add. */
  finish(): void {
    this.closeGroupsBefore(this.groups);
  }

  private closeGroupsBefore(group: number): void {
    while (this.lastGroup < group) this.groupStart[++this.lastGroup] = this.length;
  }
}
