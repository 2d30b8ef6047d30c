/**
 * Per-mask arithmetic of SAM's generator on thresholded logit maps: stability score and the mask
 * box, with the reference's float32 and integer rules. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { XyxyBox } from './crop-boxes.js';

/**
 * `calculate_stability_score` from per-row counts: area(logits > t + offset) / area(logits > t − offset),
 * `high[y]` and `low[y]` being row y's counts of each. The reference counts each row as int16
 * (wrapping past 32767 pixels, reproduced here), sums rows as int32 and divides in float32.
 * An empty low-threshold mask gives NaN (0 / 0), which no `≥` filter keeps.
 */
export function stabilityFromRows(high: Int32Array, low: Int32Array): number {
  let intersection = 0;
  let union = 0;
  for (let y = 0; y < high.length; y++) {
    intersection = (intersection + ((high[y]! << 16) >> 16)) | 0;
    union = (union + ((low[y]! << 16) >> 16)) | 0;
  }
  return Math.fround(Math.fround(intersection) / Math.fround(union));
}

/**
 * {@link maskBox} of a mask whose per-row foreground counts are known: empty rows are skipped and
 * the others are read from each end only up to their first and last foreground pixel.
 */
export function maskBoxFromRows(mask: Uint8Array, width: number, rowForeground: Int32Array): XyxyBox {
  let left = width;
  let right = -1;
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < rowForeground.length; y++) {
    if (rowForeground[y] === 0) continue;
    if (top < 0) top = y;
    bottom = y;
    const row = y * width;
    let first = 0;
    while (first < left && mask[row + first] === 0) first++;
    left = first;
    let last = width - 1;
    while (last > right && mask[row + last] === 0) last--;
    right = last;
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
