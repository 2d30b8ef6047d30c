/**
 * The three ways COCO-family files store a segment (polygons, compressed RLE, uncompressed RLE):
 * their schemas, and the checks zod cannot express (polygon lengths, sizes, run totals).
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { Rle, UncompressedRle } from '../rle/types.js';
import { appendPath } from './path.js';

/** Polygons: each a flat list x1, y1, x2, y2, … of at least three points. */
export type Polygons = number[][];
export type Segmentation = Polygons | Rle | UncompressedRle;
export type SegmentationKind = 'polygon' | 'rle' | 'uncompressedRle';

export const rleSizeSchema = z.tuple([z.int().nonnegative(), z.int().nonnegative()], {
  error: '[height, width]',
});

/** pycocotools' compressed counts use the characters 48 ('0') to 111 ('o') only. */
export const rleStringSchema = z.string().regex(/^[0-o]*$/, { error: 'a COCO RLE string (characters "0" to "o")' });

export const polygonsSchema = z.array(z.array(z.number()));

const countsSchema = z.union([rleStringSchema, z.array(z.int().nonnegative())], { error: 'string or number[]' });

/**
 * Any COCO segmentation; RLE objects keep unknown keys so a read-write round trip is lossless.
 * One RLE object with a union for `counts` (rather than two RLE objects) lets an error point at
 * `counts`; the cast states what that object is: either RLE form.
 */
export const segmentationSchema = z.union(
  [polygonsSchema, z.looseObject({ size: rleSizeSchema, counts: countsSchema })],
  { error: 'polygons (number[][]) or an RLE object { size, counts }' },
) as z.ZodType<Segmentation>;

export function segmentationKind(segmentation: Segmentation): SegmentationKind {
  if (Array.isArray(segmentation)) return 'polygon';
  return typeof segmentation.counts === 'string' ? 'rle' : 'uncompressedRle';
}

/** [height, width] an RLE must have, with a phrase naming whose size it is for error messages. */
export interface ExpectedSize {
  size: readonly [number, number];
  name: string;
}

/**
 * Checks what the schema cannot: pycocotools needs at least one polygon of three or more
 * (x, y) points; an RLE must cover exactly its image, and uncompressed runs must add up to it.
 */
export function checkSegmentation(segmentation: Segmentation, field: string, expected?: ExpectedSize): void {
  const at = (...tail: PropertyKey[]) => appendPath(field, tail);
  if (Array.isArray(segmentation)) {
    if (segmentation.length === 0) throw new InvalidInputError(at(), 'at least one polygon', 'got an empty list');
    segmentation.forEach((polygon, i) => {
      if (polygon.length < 6) {
        throw new InvalidInputError(at(i), 'at least 6 numbers, 3 (x, y) points', `got ${polygon.length}`);
      }
      if (polygon.length % 2 !== 0) {
        throw new InvalidInputError(at(i), 'an even count of numbers, (x, y) pairs', `got ${polygon.length}`);
      }
    });
    return;
  }
  const [height, width] = segmentation.size;
  if (expected && (height !== expected.size[0] || width !== expected.size[1])) {
    const [h, w] = expected.size;
    throw new InvalidInputError(at('size'), `[${h}, ${w}], ${expected.name}`, `got [${height}, ${width}]`);
  }
  if (typeof segmentation.counts !== 'string') {
    const total = segmentation.counts.reduce((sum, run) => sum + run, 0);
    if (total !== height * width) {
      throw new InvalidInputError(
        at('counts'),
        `run lengths summing to ${height * width}, height × width`,
        `got ${total}`,
      );
    }
  }
}
