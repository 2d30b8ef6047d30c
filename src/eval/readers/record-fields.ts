/**
 * Checked access to the fields of parsed JSON (or unpickled) records for the dataset readers and
 * metric file formats: each check throws an InvalidInputError naming the exact field.
 */
import { InvalidInputError } from '../../core/errors.js';

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, 'an object', `got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

export function asArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidInputError(field, 'an array', `got ${describeValue(value)}`);
  return value;
}

export function asInteger(value: unknown, field: string, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const bound = min === -Infinity ? 'an integer' : `an integer ≥ ${min}`;
    throw new InvalidInputError(field, bound, `got ${describeValue(value)}`);
  }
  return value;
}

export function asString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidInputError(field, 'a string', `got ${describeValue(value)}`);
  return value;
}

/** COCO writes flags as 0/1, some tools as booleans; both are accepted, anything else is an error. */
export function asFlag(value: unknown, field: string): boolean {
  if (value === 0 || value === 1 || typeof value === 'boolean') return Boolean(value);
  throw new InvalidInputError(field, '0, 1, true or false', `got ${describeValue(value)}`);
}

/** An image id as COCO-family files write it: an integer, or a string (Cityscapes panoptic). */
export function asImageId(value: unknown, field: string): number | string {
  if (typeof value === 'string') return value;
  return asInteger(value, field);
}
