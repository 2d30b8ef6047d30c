/**
 * Test-only even-odd rasteriser: marks the pixels whose centres lie inside a polygon, so tests can
 * check that traced polygons reproduce their mask exactly. Independent of the tracing code.
 */
import type { Polygon } from '../../../src/core/polygons/index.js';

/** Pixels whose centre (x + ½, y + ½) is inside `ring` by the even-odd rule. */
export function rasteriseRing(ring: readonly number[], height: number, width: number): Uint8Array {
  const inside = new Uint8Array(height * width);
  const n = ring.length / 2;
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    const crossings: number[] = [];
    for (let i = 0; i < n; i++) {
      const ax = ring[2 * i]!;
      const ay = ring[2 * i + 1]!;
      const bx = ring[(2 * i + 2) % ring.length]!;
      const by = ring[(2 * i + 3) % ring.length]!;
      if (ay <= cy !== by <= cy) crossings.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      for (let x = 0; x < width; x++) {
        if (x + 0.5 > crossings[k]! && x + 0.5 < crossings[k + 1]!) inside[y * width + x] = 1;
      }
    }
  }
  return inside;
}

/** Pixels inside the exterior and outside every hole. */
export function rasterisePolygon(polygon: Polygon, height: number, width: number): Uint8Array {
  const inside = rasteriseRing(polygon.exterior, height, width);
  for (const hole of polygon.holes) {
    const inHole = rasteriseRing(hole, height, width);
    inHole.forEach((v, i) => {
      if (v) inside[i] = 0;
    });
  }
  return inside;
}
