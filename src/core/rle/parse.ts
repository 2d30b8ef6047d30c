/**
 * Reading RLE objects from callers and files into validated runs, and writing runs back out as
 * compressed RLE; every error names the offending field so a bad annotation file can be fixed.
 */
import { InvalidInputError } from '../errors.js';
import { runsToString, stringToRuns } from './counts-string.js';
import type { Runs } from './runs.js';
import type { Rle, UncompressedRle } from './types.js';

/** pycocotools keeps run lengths in 32-bit unsigned integers, so no image may have more pixels. */
const MAX_PIXELS = 0xffffffff;

/** Checks a height and width (reported as `heightField` and `widthField`) and returns the number of pixels. */
export function checkSize(height: unknown, width: unknown, heightField: string, widthField: string): number {
  if (!Number.isInteger(height) || (height as number) < 0) {
    throw new InvalidInputError(heightField, 'a non-negative integer height', `got ${describe(height)}`);
  }
  if (!Number.isInteger(width) || (width as number) < 0) {
    throw new InvalidInputError(widthField, 'a non-negative integer width', `got ${describe(width)}`);
  }
  const total = (height as number) * (width as number);
  if (total > MAX_PIXELS) {
    throw new InvalidInputError(heightField, `at most ${MAX_PIXELS} pixels, as COCO RLE counts are 32-bit`, `got ${height} × ${width}`);
  }
  return total;
}

/** Validates a compressed or uncompressed RLE; `field` is where it sits, e.g. `annotations[3].segmentation`. */
export function readRle(value: unknown, field: string): Runs {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, 'an RLE object { size: [height, width], counts }');
  }
  const { size, counts } = value as Partial<Rle | UncompressedRle>;
  if (!Array.isArray(size) || size.length !== 2) {
    throw new InvalidInputError(`${field}.size`, '[height, width]', `got ${describe(size)}`);
  }
  const [height, width] = size as [number, number];
  const total = checkSize(height, width, `${field}.size[0]`, `${field}.size[1]`);
  if (typeof counts === 'string') {
    return { height, width, counts: stringToRuns(counts, total, `${field}.counts`) };
  }
  if (Array.isArray(counts)) {
    return { height, width, counts: readRunArray(counts, total, `${field}.counts`) };
  }
  throw new InvalidInputError(`${field}.counts`, 'a compressed RLE string or an array of run lengths', `got ${describe(counts)}`);
}

function readRunArray(counts: unknown[], total: number, field: string): Uint32Array {
  const runs = new Uint32Array(counts.length);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const run = counts[i];
    if (!Number.isInteger(run) || (run as number) < 0) {
      throw new InvalidInputError(`${field}[${i}]`, 'a non-negative integer run length', `got ${describe(run)}`);
    }
    sum += run as number;
    if (sum > total) {
      throw new InvalidInputError(field, `runs summing to ${total} (height × width)`, `they pass it at run ${i}`);
    }
    runs[i] = run as number;
  }
  if (sum !== total) {
    throw new InvalidInputError(field, `runs summing to ${total} (height × width)`, `got ${sum}`);
  }
  return runs;
}

/** Compressed RLE of runs, exactly as pycocotools would write them. */
export function writeRle(runs: Runs): Rle {
  return { size: [runs.height, runs.width], counts: runsToString(runs.counts) };
}

/** A short rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
