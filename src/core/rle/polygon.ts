/**
 * Polygons to COCO RLE, pixel for pixel as pycocotools' rleFrPoly: vertices snapped to a grid five
 * times finer, edges walked there a step at a time, and each column's crossings made run boundaries.
 */
import { InvalidInputError } from '../errors.js';
import { mergeRuns } from './merge.js';
import { checkSize, describe, writeRle } from './parse.js';
import type { Rle } from './types.js';
import { UintList } from './uint-list.js';

const SCALE = 5;
/** Far beyond any image; past it pycocotools' walk along an edge would allocate gigabytes. */
const MAX_COORDINATE = 1e7;

/**
 * One compressed RLE for the union of polygons [x1, y1, x2, y2, …] in a height × width image, as
 * pycocotools `frPyObjects(polygons, h, w)` followed by `merge`. Coordinates may be fractional and
 * lie outside the image. A polygon of fewer than 3 points covers nothing, as in rleFrPoly (pycocotools'
 * frPyObjects refuses a list whose first polygon has 4 or fewer numbers; owseg treats every polygon
 * alike). No polygons give the empty mask. An odd number of coordinates is an error naming the polygon.
 */
export function fromPolygons(polygons: readonly (readonly number[])[], height: number, width: number, field = 'polygons'): Rle {
  const total = checkSize(height, width, 'height', 'width');
  if (!Array.isArray(polygons)) {
    throw new InvalidInputError(field, 'an array of polygons [x1, y1, x2, y2, …]', `got ${describe(polygons)}`);
  }
  let union: Uint32Array = Uint32Array.of(total);
  for (let i = 0; i < polygons.length; i++) {
    const polygon: unknown = polygons[i];
    const where = `${field}[${i}]`;
    if (!Array.isArray(polygon)) {
      throw new InvalidInputError(where, 'a polygon [x1, y1, x2, y2, …]', `got ${describe(polygon)}`);
    }
    if (polygon.length % 2 !== 0) {
      throw new InvalidInputError(where, 'an even number of coordinates (x, y pairs)', `got ${polygon.length}`);
    }
    polygon.forEach((value, j) => checkCoordinate(value, `${where}[${j}]`));
    const runs = rasterisePolygon(polygon as number[], height, width, total);
    union = i === 0 ? runs : mergeRuns(union, runs, false, total);
  }
  return writeRle({ height, width, counts: union });
}

export function checkCoordinate(value: unknown, field: string): void {
  if (typeof value !== 'number' || !(Math.abs(value) <= MAX_COORDINATE)) {
    throw new InvalidInputError(field, `a finite coordinate within ±${MAX_COORDINATE}`, `got ${describe(value)}`);
  }
}

/** Canonical runs of one polygon given as checked [x1, y1, x2, y2, …]. */
export function rasterisePolygon(xy: ArrayLike<number>, h: number, w: number, total: number): Uint32Array {
  const points = xy.length >> 1;
  const boundaries = new UintList(64);
  for (let j = 0; j < points; j++) {
    const k = j + 1 === points ? 0 : j + 1;
    addEdge(snap(xy[2 * j]!), snap(xy[2 * j + 1]!), snap(xy[2 * k]!), snap(xy[2 * k + 1]!), h, w, boundaries);
  }
  return boundariesToRuns(boundaries.view().sort(), total);
}

/** C's (int) cast truncates toward zero, so a vertex just left of or above 0 snaps to 0, not −1; that tilts its edges, so it is kept. */
function snap(coordinate: number): number {
  return Math.trunc(coordinate * SCALE + 0.5);
}

/**
 * Adds the run boundaries one edge contributes, between fine-grid vertices (x0, y0) and (x1, y1).
 * pycocotools steps along the edge's longer axis one fine unit at a time, from the end with the
 * smaller coordinate on that axis, and rounds the other coordinate (again truncating). Where two
 * consecutive points straddle the fine line between 5c + 2 and 5c + 3 (pixel column c's centre and
 * the next unit) it records a boundary in column c at the row below the lower of the two points.
 * Consecutive points from different edges never straddle such a line at x ≥ 0, so edges are independent.
 */
function addEdge(x0: number, y0: number, x1: number, y1: number, h: number, w: number, out: UintList): void {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  if (dx >= dy) {
    if (dx === 0) return;
    const forward = x0 < x1;
    const xs = forward ? x0 : x1;
    const ys = forward ? y0 : y1;
    const slope = ((forward ? y1 : y0) - ys) / dx;
    // The pair (t, t + 1) straddles column c's line when xs + t = 5c + 2.
    const first = Math.max(0, Math.ceil((xs - 2) / SCALE));
    const last = Math.min(w - 1, Math.floor((xs + dx - 3) / SCALE));
    for (let c = first; c <= last; c++) {
      const t = SCALE * c + 2 - xs;
      const v0 = Math.trunc(ys + slope * t + 0.5);
      const v1 = Math.trunc(ys + slope * (t + 1) + 0.5);
      out.push(c * h + boundaryRow(v0 < v1 ? v0 : v1, h));
    }
  } else {
    // Vertical edges never change column.
    if (dx === 0) return;
    const forward = y0 < y1;
    const xs = forward ? x0 : x1;
    const ys = forward ? y0 : y1;
    const slope = ((forward ? x1 : x0) - xs) / dy;
    let u = Math.trunc(xs + 0.5);
    for (let t = 0; t < dy; t++) {
      const next = Math.trunc(xs + slope * (t + 1) + 0.5);
      if (next !== u) {
        const left = next < u ? next : u;
        const c = (left - 2) / SCALE;
        if (Number.isInteger(c) && c >= 0 && c < w) out.push(c * h + boundaryRow(ys + t, h));
      }
      u = next;
    }
  }
}

/** The first pixel row whose centre (fine row 5r + 2) is at or below fine row v, kept within 0…h. */
function boundaryRow(v: number, h: number): number {
  const row = Math.floor((v + 2) / SCALE);
  return row < 0 ? 0 : row > h ? h : row;
}

/**
 * Runs from sorted boundary positions. pycocotools drops the empty runs between equal positions by
 * folding them into their neighbours, which amounts to a boundary counting only when it occurs an
 * odd number of times; a boundary at the very end (a bottom-right crossing) changes nothing.
 */
function boundariesToRuns(sorted: Uint32Array, total: number): Uint32Array {
  const runs = new UintList(sorted.length + 1);
  let previous = 0;
  for (let i = 0; i < sorted.length; ) {
    const position = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === position) j++;
    if ((j - i) % 2 === 1 && position < total) {
      runs.push(position - previous);
      previous = position;
    }
    i = j;
  }
  runs.push(total - previous);
  return runs.view();
}
