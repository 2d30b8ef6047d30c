/**
 * The binary mask type every layer shares: row-major bytes of 0 or 1 (`data[y * width + x]`).
 * Constructors and validation live here so no other module has to re-check a mask's shape.
 */
import { InvalidInputError } from './errors.js';

export interface Mask {
  readonly height: number;
  readonly width: number;
  /** Row-major, length height × width, every byte 0 or 1. */
  readonly data: Uint8Array;
}

/** An all-zero mask of the given size. */
export function emptyMask(height: number, width: number): Mask {
  checkDimensions(height, width, 'mask');
  return { height, width, data: new Uint8Array(height * width) };
}

/** Checks a mask-shaped value and throws an {@link InvalidInputError} naming `field` when it is not a valid Mask. */
export function assertMask(value: unknown, field = 'mask'): asserts value is Mask {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, 'an object { height, width, data }');
  }
  const { data } = value as Partial<Mask>;
  const [height, width] = checkDimensions((value as Partial<Mask>).height, (value as Partial<Mask>).width, field);
  if (!(data instanceof Uint8Array)) {
    throw new InvalidInputError(`${field}.data`, 'a Uint8Array');
  }
  if (data.length !== height * width) {
    throw new InvalidInputError(`${field}.data`, `length ${height * width} (height × width)`, `got ${data.length}`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > 1) {
      const x = i % width;
      const y = (i - x) / width;
      throw new InvalidInputError(`${field}.data`, 'only 0 or 1', `got ${v} at x=${x}, y=${y}`);
    }
  }
}

/** Number of foreground pixels. */
export function maskArea(mask: Mask): number {
  let area = 0;
  for (let i = 0; i < mask.data.length; i++) area += mask.data[i]!;
  return area;
}

function checkDimensions(height: unknown, width: unknown, field: string): [number, number] {
  if (!Number.isInteger(height) || (height as number) < 0) {
    throw new InvalidInputError(`${field}.height`, 'a non-negative integer', `got ${String(height)}`);
  }
  if (!Number.isInteger(width) || (width as number) < 0) {
    throw new InvalidInputError(`${field}.width`, 'a non-negative integer', `got ${String(width)}`);
  }
  return [height as number, width as number];
}
