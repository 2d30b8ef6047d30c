/**
 * Shape checks for polygons passed in by callers, so a malformed ring is reported by its path
 * (`polygons[2].holes[0]`) instead of producing a wrong area or export.
 */
import { InvalidInputError } from '../errors.js';
import type { Polygon } from './types.js';

export function checkRing(value: unknown, field: string): asserts value is number[] {
  if (!Array.isArray(value) || value.length < 6 || value.length % 2 !== 0) {
    const got = Array.isArray(value) ? `length ${value.length}` : String(value);
    throw new InvalidInputError(field, 'a flat [x0, y0, x1, y1, …] array of at least 3 points', `got ${got}`);
  }
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new InvalidInputError(`${field}[${bad}]`, 'a finite number', `got ${String(value[bad])}`);
}

export function checkPolygon(value: unknown, field: string): asserts value is Polygon {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidInputError(field, 'an object { exterior, holes }', `got ${String(value)}`);
  }
  const { exterior, holes } = value as Partial<Polygon>;
  checkRing(exterior, `${field}.exterior`);
  if (!Array.isArray(holes)) throw new InvalidInputError(`${field}.holes`, 'an array of rings', `got ${String(holes)}`);
  holes.forEach((hole, k) => checkRing(hole, `${field}.holes[${k}]`));
}
