/**
 * The three ways COCO-family files store a segment (polygons, compressed RLE, uncompressed RLE):
 * their schemas, and the checks zod cannot express (polygon lengths, sizes, run totals).
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { area } from '../rle/index.js';
import type { Rle, UncompressedRle } from '../rle/types.js';
import { appendPath } from './path.js';
import { int } from './schemas.js';

/** Polygons: each a flat list x1, y1, x2, y2, … of at least three points. */
export type Polygons = number[][];
export type Segmentation = Polygons | Rle | UncompressedRle;
export type SegmentationKind = 'polygon' | 'rle' | 'uncompressedRle';

export const rleSizeSchema = z.tuple([int(0), int(0)], {
  error: '[height, width]',
});

/**
 * Polygon coordinates are most of the numbers in a COCO file; checking them in one plain loop
 * rather than through a zod schema per number makes parsing several times faster.
 */
export const polygonsSchema = z.array(z.unknown()).superRefine((polygons, ctx) => {
  for (let i = 0; i < polygons.length; i++) {
    const polygon = polygons[i];
    if (!Array.isArray(polygon)) {
      ctx.addIssue({ code: 'custom', message: 'a polygon [x1, y1, x2, y2, …]', path: [i], input: polygon });
      return;
    }
    for (let j = 0; j < polygon.length; j++) {
      const value: unknown = polygon[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: 'a number', path: [i, j], input: value });
        return;
      }
    }
  }
}) as z.ZodType<Polygons>;

const countsSchema = z.union([z.string(), z.array(int(0))], { error: 'string or number[]' });

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
 * (x, y) points; an RLE must have its image's size, and its runs must cover it exactly.
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
  // Reading the runs checks the counts string's characters and that the runs cover height × width.
  area(segmentation, field);
}
