/**
 * Boxes from RLE and RLE from boxes, as pycocotools `toBbox` and `frBbox`, with pycocotools'
 * conventions for runs that wrap from one column into the next and for empty masks.
 */
import { InvalidInputError } from '../errors.js';
import { readRle, checkSize, writeRle } from './parse.js';
import { checkCoordinate, rasterisePolygon } from './polygon.js';
import type { Rle, UncompressedRle, XywhBox } from './types.js';

/**
 * The [x, y, width, height] box of an RLE, as pycocotools ≥ 2.0.3 `mask.toBbox` gives it:
 * [0, 0, 0, 0] for an RLE with fewer than two runs (the canonical empty mask), and the full image
 * height whenever some run of 1s continues from one column into the next.
 */
export function toBbox(rle: Rle | UncompressedRle, field = 'rle'): XywhBox {
  const runs = readRle(rle, field);
  return runsBbox(runs.counts, runs.height, runs.width);
}

/** toBbox on validated runs; iou uses it to skip pairs that cannot overlap. */
export function runsBbox(counts: Uint32Array, h: number, w: number): XywhBox {
  const pairs = counts.length - (counts.length % 2);
  if (pairs === 0) return [0, 0, 0, 0];
  let left = w;
  let top = h;
  let right = 0;
  let bottom = 0;
  let end = 0;
  for (let j = 0; j < pairs; j++) {
    const start = end;
    end += counts[j]!;
    if ((j & 1) === 0 || end === start) continue;
    const startX = Math.floor(start / h);
    const endX = Math.floor((end - 1) / h);
    left = Math.min(left, startX);
    right = Math.max(right, endX);
    if (startX < endX) {
      top = 0;
      bottom = h - 1;
    } else {
      top = Math.min(top, start - startX * h);
      bottom = Math.max(bottom, end - 1 - endX * h);
    }
  }
  // pycocotools subtracts in 32-bit unsigned arithmetic: an RLE whose only runs of 1s are empty
  // keeps left = width and right = 0 and reports a wrapped-around size, which is reproduced here.
  return [left, top, (right - left + 1) >>> 0, (bottom - top + 1) >>> 0];
}

/** Compressed RLE of a box [x, y, width, height] (fractional allowed), as pycocotools `frBbox`: the box drawn as a 4-point polygon. */
export function fromBbox(box: XywhBox, height: number, width: number, field = 'bbox'): Rle {
  const total = checkSize(height, width, 'height', 'width');
  if (!Array.isArray(box) || box.length !== 4) {
    throw new InvalidInputError(field, '[x, y, width, height]');
  }
  box.forEach((value, i) => checkCoordinate(value, `${field}[${i}]`));
  const [x, y, w, h] = box;
  const corners = [x, y, x, y + h, x + w, y + h, x + w, y];
  return writeRle({ height, width, counts: rasterisePolygon(corners, height, width, total) });
}
