/**
 * Intersection and union pixel counts of a predicted and a ground-truth mask, each given as a
 * bitmap or a COCO RLE (compressed or not), checked to be the same size.
 */
import { InvalidInputError } from '../../core/errors.js';
import { assertMask, type Mask } from '../../core/mask.js';
import { area, encode, merge } from '../../core/rle/index.js';
import type { Rle, UncompressedRle } from '../../core/rle/types.js';

export type MaskInput = Mask | Rle | UncompressedRle;

export interface Overlap {
  intersection: number;
  union: number;
  predArea: number;
  gtArea: number;
}

/** I and U of `pred` and `gt`; `field` (e.g. `samples[3]`) names the sample in errors. */
export function overlap(pred: MaskInput, gt: MaskInput, field: string): Overlap {
  const p = toRle(pred, `${field}.pred`);
  const g = toRle(gt, `${field}.gt`);
  if (p.size[0] !== g.size[0] || p.size[1] !== g.size[1]) {
    throw new InvalidInputError(`${field}.pred`, `a mask of the ground truth's size [${g.size[0]}, ${g.size[1]}] (height, width)`, `got [${p.size[0]}, ${p.size[1]}]`);
  }
  const predArea = area(p, `${field}.pred`);
  const gtArea = area(g, `${field}.gt`);
  const intersection = area(merge([p, g], true, field));
  return { intersection, union: predArea + gtArea - intersection, predArea, gtArea };
}

function toRle(value: MaskInput, field: string): Rle | UncompressedRle {
  if (typeof value === 'object' && value !== null && 'data' in value) {
    assertMask(value, field);
    return encode(value, field);
  }
  if (typeof value !== 'object' || value === null || !('counts' in value) || !('size' in value)) {
    throw new InvalidInputError(field, 'a mask { height, width, data } or a COCO RLE { size, counts }');
  }
  return value;
}
