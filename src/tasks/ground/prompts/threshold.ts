/**
 * Step 1 of Segment Anyword's prompts: keep the pixels where a word's attention is close to its
 * peak. "Close" is ≥ ratio × max, so the peak itself always survives, even with ratio = 1.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { Mask } from '../../../core/mask.js';
import { assertAttentionMap, mapMaximum, type AttentionMap } from './attention-map.js';

/**
 * A mask of the pixels with `value ≥ ratio × max(map)`, the product taken in float64 on the
 * float32 values. `ratio` is in (0, 1]; a map that is zero everywhere is refused.
 */
export function thresholdMap(map: AttentionMap, ratio = 0.7): Mask {
  assertAttentionMap(map);
  checkRatio(ratio, 'ratio');
  const cut = ratio * mapMaximum(map, 'map');
  const data = new Uint8Array(map.data.length);
  for (let i = 0; i < data.length; i++) data[i] = map.data[i]! >= cut ? 1 : 0;
  return { height: map.height, width: map.width, data };
}

export function checkRatio(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new InvalidInputError(field, 'a number in (0, 1]', `got ${String(value)}`);
  }
}
