/**
 * Mask2Token's square context box around a mask, with the reference's float32 arithmetic and
 * integer truncation (`mask2token` in internvl_chat_finetune.py, the same code in single_mask_infer.py).
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { Mask } from '../../../core/mask.js';

/** End-exclusive `[x0, y0, x1, y1]`. */
export type CropBox = readonly [x0: number, y0: number, x1: number, y1: number];

/**
 * The crop box of `mask` (whose size is the tiled image's). The reference computes, with torch
 * scalars: centre = (min + max) / 2 and side = max(w, h) × scale in float32, each side capped at the
 * image size; lo = max(0, int(centre − side / 2)), hi = min(size − 1, int(centre + side / 2))
 * (int truncates toward zero); if hi − lo + 1 < side, it extends from the clamped edge:
 * hi = min(size − 1, int(lo + side)) when lo is 0, else lo = max(0, int(hi − side)).
 * Math.fround reproduces each float32 rounding. An all-zero mask throws (the reference skips it).
 */
export function cropBox(mask: Mask, scale: number): CropBox {
  const bounds = maskBounds(mask);
  if (bounds === undefined) {
    throw new InvalidInputError('mask', 'at least one nonzero pixel', 'the mask is empty at the tiled image size');
  }
  const [minCol, minRow, maxCol, maxRow] = bounds;
  const longest = Math.max(maxCol - minCol + 1, maxRow - minRow + 1);
  const side = Math.fround(longest * Math.fround(scale));
  const [x0, x1] = cropRange(minCol, maxCol, Math.min(side, mask.width), mask.width);
  const [y0, y1] = cropRange(minRow, maxRow, Math.min(side, mask.height), mask.height);
  return [x0, y0, x1 + 1, y1 + 1];
}

/** Inclusive [lo, hi] along one axis. */
function cropRange(min: number, max: number, side: number, size: number): [number, number] {
  const centre = Math.fround((min + max) / 2);
  const half = Math.fround(side / 2);
  let lo = Math.max(0, Math.trunc(Math.fround(centre - half)));
  let hi = Math.min(size - 1, Math.trunc(Math.fround(centre + half)));
  if (hi - lo + 1 < side) {
    if (lo === 0) hi = Math.min(size - 1, Math.trunc(Math.fround(lo + side)));
    else lo = Math.max(0, Math.trunc(Math.fround(hi - side)));
  }
  return [lo, hi];
}

/** Inclusive [minCol, minRow, maxCol, maxRow] of the nonzero pixels, or undefined when none. */
function maskBounds(mask: Mask): [number, number, number, number] | undefined {
  const { width, height, data } = mask;
  let minCol = width;
  let minRow = height;
  let maxCol = -1;
  let maxRow = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] === 0) continue;
      if (x < minCol) minCol = x;
      if (x > maxCol) maxCol = x;
      if (minRow === height) minRow = y;
      maxRow = y;
    }
  }
  return maxRow < 0 ? undefined : [minCol, minRow, maxCol, maxRow];
}
