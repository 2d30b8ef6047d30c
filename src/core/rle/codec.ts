/**
 * The public conversions between masks and COCO RLE (pycocotools' encode, decode, area and
 * frPyObjects for uncompressed RLE), all going through validated runs.
 */
import { assertMask, type Mask } from '../mask.js';
import { readRle, writeRle } from './parse.js';
import { maskToRuns, runsToMask } from './runs.js';
import type { Rle, UncompressedRle } from './types.js';

/** Compressed RLE of a mask, byte-identical to pycocotools `mask.encode` (a 0-pixel mask gives counts "0"). */
export function encode(mask: Mask, field = 'mask'): Rle {
  if (!isBinaryMask(mask)) assertMask(mask, field);
  return writeRle({ height: mask.height, width: mask.width, counts: maskToRuns(mask) });
}

/**
 * The same verdict as assertMask, several times faster on large masks by testing four bytes at a
 * time; assertMask is only called to word the error once this says no.
 */
function isBinaryMask(mask: Mask): boolean {
  if (typeof mask !== 'object' || mask === null) return false;
  const { height, width, data } = mask;
  if (!Number.isInteger(height) || height < 0 || !Number.isInteger(width) || width < 0) return false;
  if (!(data instanceof Uint8Array) || data.length !== height * width) return false;
  const head = Math.min(data.length, (4 - (data.byteOffset % 4)) % 4);
  const words = new Uint32Array(data.buffer, data.byteOffset + head, (data.length - head) >> 2);
  let bits = 0;
  for (let i = 0; i < head; i++) bits |= data[i]!;
  for (let i = head + 4 * words.length; i < data.length; i++) bits |= data[i]!;
  for (let i = 0; i < words.length; i++) bits |= words[i]!;
  return (bits & 0xfefefefe) === 0;
}

/** The mask of a compressed or uncompressed RLE; `field` names it in errors (bad characters, negative runs, wrong total). */
export function decode(rle: Rle | UncompressedRle, field = 'rle'): Mask {
  return runsToMask(readRle(rle, field));
}

/** Number of foreground pixels, as pycocotools `mask.area`. */
export function area(rle: Rle | UncompressedRle, field = 'rle'): number {
  return runsArea(readRle(rle, field).counts);
}

/** Sum of the foreground (odd-numbered) runs. */
export function runsArea(counts: Uint32Array): number {
  let sum = 0;
  for (let i = 1; i < counts.length; i += 2) sum += counts[i]!;
  return sum;
}

/**
 * The compressed form of an uncompressed RLE (iscrowd annotations), as pycocotools `frPyObjects`
 * gives it: the runs are kept as written, even empty ones in the middle, so strings match.
 */
export function compress(rle: UncompressedRle, field = 'rle'): Rle {
  return writeRle(readRle(rle, field));
}

/** The run lengths of an RLE as an uncompressed RLE. */
export function decompress(rle: Rle | UncompressedRle, field = 'rle'): UncompressedRle {
  const runs = readRle(rle, field);
  return { size: [runs.height, runs.width], counts: Array.from(runs.counts) };
}
