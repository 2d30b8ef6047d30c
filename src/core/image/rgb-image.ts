/**
 * The 8-bit RGB image type every layer shares, and the check that a value really is one, so
 * resizing, drawing and model preprocessing can trust its shape without re-validating.
 */
import { InvalidInputError } from '../errors.js';

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** Interleaved R, G, B bytes, row-major: pixel (x, y) starts at `(y * width + x) * 3`. */
  readonly data: Uint8Array;
}

/** Throws an {@link InvalidInputError} naming `field` unless `value` is a non-empty, consistent RgbImage. */
export function assertRgbImage(value: unknown, field = 'image'): asserts value is RgbImage {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, 'an object { width, height, data }');
  }
  const { width, height, data } = value as Partial<RgbImage>;
  assertPositiveInteger(width, `${field}.width`);
  assertPositiveInteger(height, `${field}.height`);
  if (!(data instanceof Uint8Array)) {
    throw new InvalidInputError(`${field}.data`, 'a Uint8Array');
  }
  if (data.length !== width * height * 3) {
    throw new InvalidInputError(`${field}.data`, `length ${width * height * 3} (width × height × 3)`, `got ${data.length}`);
  }
}

/** Throws unless `value` is an integer ≥ 1; image and tensor sizes share this rule. */
export function assertPositiveInteger(value: unknown, field: string): asserts value is number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new InvalidInputError(field, 'a positive integer', `got ${String(value)}`);
  }
}
