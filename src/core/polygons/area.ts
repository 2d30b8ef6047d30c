/**
 * Polygon areas by the shoelace formula, in square pixels; with exact traced polygons the area
 * equals the region's pixel count.
 */
import { checkPolygon, checkRing } from './check.js';
import type { Polygon } from './types.js';

/**
 * Signed area of one flat ring: positive when it runs clockwise on screen in image coordinates
 * (y down), as exteriors from {@link maskToPolygons} do; negative for holes.
 */
export function ringArea(ring: readonly number[]): number {
  checkRing(ring, 'ring');
  let twice = 0;
  const n = ring.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    twice += ring[i]! * ring[j + 1]! - ring[j]! * ring[i + 1]!;
  }
  return twice / 2;
}

/** Area inside the exterior and outside the holes, whatever the rings' orientation. */
export function polygonArea(polygon: Polygon): number {
  checkPolygon(polygon, 'polygon');
  let area = Math.abs(ringArea(polygon.exterior));
  for (const hole of polygon.holes) area -= Math.abs(ringArea(hole));
  return area;
}
