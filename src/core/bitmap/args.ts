/**
 * Argument checks shared by the bitmap and polygon helpers, so every bad argument gets an
 * InvalidInputError that names it in the same words.
 */
import { InvalidInputError } from '../errors.js';

/** Pixel connectivity: 4 joins edge neighbours only, 8 also joins diagonal neighbours. */
export type Connectivity = 4 | 8;

/** An end-exclusive pixel box `[x0, y0, x1, y1]`: columns x0…x1−1, rows y0…y1−1. */
export type PixelBox = readonly [x0: number, y0: number, x1: number, y1: number];

export function checkConnectivity(value: unknown, field: string): asserts value is Connectivity {
  if (value !== 4 && value !== 8) {
    throw new InvalidInputError(field, '4 or 8', `got ${String(value)}`);
  }
}

export function checkPositiveInteger(value: unknown, field: string): asserts value is number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new InvalidInputError(field, 'a positive integer', `got ${String(value)}`);
  }
}

export function checkNonNegativeNumber(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(field, 'a finite number ≥ 0', `got ${String(value)}`);
  }
}

/** Checks that `options` is undefined or a plain object, so a misplaced positional argument is caught. */
export function checkOptions(value: unknown, field: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InvalidInputError(field, 'an options object or undefined', `got ${String(value)}`);
  }
}
