/**
 * Per-mask arithmetic of SAM's generator on logit maps: stability score, binarisation and the mask
 * box, with the reference's float32 and integer rules. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { XyxyBox } from './crop-boxes.js';

/**
 * `calculate_stability_score`: area(logits > t + offset) / area(logits > t − offset).
 * The reference compares float32 logits with the thresholds cast to float32, counts each row as
 * int16 (wrapping past 32767 pixels, reproduced here), sums rows as int32 and divides in float32.
 * An empty low-threshold mask gives NaN (0 / 0), which no `≥` filter keeps.
 */
export function stabilityScore(logits: Float32Array, width: number, height: number, threshold: number, offset: number): number {
  const high = Math.fround(threshold + offset);
  const low = Math.fround(threshold - offset);
  let intersection = 0;
  let union = 0;
  for (let y = 0; y < height; y++) {
    let rowHigh = 0;
    let rowLow = 0;
    const end = (y + 1) * width;
    for (let i = y * width; i < end; i++) {
      const v = logits[i]!;
      if (v > high) rowHigh++;
      if (v > low) rowLow++;
    }
    intersection = (intersection + ((rowHigh << 16) >> 16)) | 0;
    union = (union + ((rowLow << 16) >> 16)) | 0;
  }
  return Math.fround(Math.fround(intersection) / Math.fround(union));
}

/**
 * Writes the binary mask `logits > threshold` into `out` (threshold cast to float32, as torch
 * compares) and returns its box as {@link maskBox} would, in the same pass. `out` is a buffer the
 * caller reuses from mask to mask, so no full-size allocation happens per mask.
 */
export function binarizeInto(logits: Float32Array, width: number, height: number, threshold: number, out: Uint8Array): XyxyBox {
  const t = Math.fround(threshold);
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (logits[row + x]! > t) {
        out[row + x] = 1;
        if (first < 0) first = x;
        last = x;
      } else {
        out[row + x] = 0;
      }
    }
    if (first < 0) continue;
    if (top > y) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return bottom < 0 ? [0, 0, 0, 0] : [left, top, right, bottom];
}

/**
 * `batched_mask_to_box` for one mask: [left, top, right, bottom] with right and bottom the last
 * foreground column and row (inclusive, unlike COCO boxes); [0, 0, 0, 0] for an empty mask.
 */
export function maskBox(mask: Uint8Array, width: number, height: number): XyxyBox {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (mask[row + x] === 1) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (top > y) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return bottom < 0 ? [0, 0, 0, 0] : [left, top, right, bottom];
}
