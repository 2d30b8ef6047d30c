/**
 * The attention map every prompt step reads (one word's attention over the image) and the checks
 * shared by those steps, so a bad map or a mask of the wrong size is named the same way everywhere.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { assertPositiveInteger } from '../../../core/image/rgb-image.js';
import { assertMask, type Mask } from '../../../core/mask.js';

export interface AttentionMap {
  readonly width: number;
  readonly height: number;
  /** Row-major (`data[y * width + x]`), length width × height, every value finite and ≥ 0. */
  readonly data: Float32Array;
}

/** Throws an InvalidInputError naming `field` unless `value` is a non-empty, finite, non-negative map. */
export function assertAttentionMap(value: unknown, field = 'map'): asserts value is AttentionMap {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, 'an object { width, height, data: Float32Array }');
  }
  const { width, height, data } = value as Partial<AttentionMap>;
  assertPositiveInteger(width, `${field}.width`);
  assertPositiveInteger(height, `${field}.height`);
  if (!(data instanceof Float32Array)) {
    throw new InvalidInputError(`${field}.data`, 'a Float32Array');
  }
  if (data.length !== width * height) {
    throw new InvalidInputError(`${field}.data`, `length ${width * height} (width × height)`, `got ${data.length}`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v) || v < 0) {
      throw new InvalidInputError(`${field}.data`, 'finite values ≥ 0', `got ${v} at x=${i % width}, y=${Math.floor(i / width)}`);
    }
  }
}

/** Checks `mask` is a valid Mask of the map's size. */
export function assertMaskOfMap(mask: unknown, map: AttentionMap, field: string): asserts mask is Mask {
  assertMask(mask, field);
  if (mask.width !== map.width || mask.height !== map.height) {
    throw new InvalidInputError(field, `the map's size ${map.width} × ${map.height}`, `got ${mask.width} × ${mask.height}`);
  }
}

/** The largest value of a checked map; a map that is zero everywhere has no peak and is refused. */
export function mapMaximum(map: AttentionMap, field: string): number {
  let max = 0;
  for (let i = 0; i < map.data.length; i++) if (map.data[i]! > max) max = map.data[i]!;
  if (max === 0) throw new InvalidInputError(`${field}.data`, 'at least one value > 0', 'the map is zero everywhere');
  return max;
}
