/**
 * Exact mask → polygon conversion by walking pixel-edge boundaries. Hand-written because no
 * maintained JS library traces exact pixel-corner contours with holes under a chosen connectivity.
 */
import { checkConnectivity, checkNonNegativeNumber, checkOptions, type Connectivity } from '../bitmap/args.js';
import { connectedComponents } from '../bitmap/components.js';
import { assertMask, type Mask } from '../mask.js';
import { ringArea } from './area.js';
import { simplifyRing } from './simplify.js';
import type { Polygon } from './types.js';

export interface MaskToPolygonsOptions {
  /** Douglas–Peucker tolerance in pixels; 0 (default) keeps the boundary exact. */
  tolerance?: number;
  /** Which pixels form one polygon: 8 (default) joins diagonal neighbours, 4 keeps them apart. */
  connectivity?: Connectivity;
}

// Directions 0…3 = right, down, left, up in image coordinates; (d + 1) % 4 turns right on screen.
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;

/**
 * One polygon per connected component (in the order of {@link connectedComponents}), each with its
 * holes. With `tolerance` 0 the rings follow pixel edges exactly, with only the corners kept:
 * a pixel is in the mask iff its centre is inside some exterior and outside that polygon's holes.
 * Rings may touch themselves or each other at a pixel corner (where diagonal pixels meet) but
 * never cross. With `tolerance` > 0 each ring is simplified on its own, exactness is given up,
 * and rings that would keep fewer than 3 vertices are dropped (with its holes, for an exterior).
 * An empty mask gives [].
 */
export function maskToPolygons(mask: Mask, options?: MaskToPolygonsOptions): Polygon[] {
  assertMask(mask);
  checkOptions(options, 'options');
  const tolerance = options?.tolerance ?? 0;
  checkNonNegativeNumber(tolerance, 'options.tolerance');
  const connectivity = options?.connectivity ?? 8;
  checkConnectivity(connectivity, 'options.connectivity');

  const { height, width, data } = mask;
  const { count, labels } = connectedComponents(mask, connectivity);
  const polygons: Polygon[] = Array.from({ length: count }, () => ({ exterior: [], holes: [] }));
  // A copy with a one-pixel background frame, so neighbour reads need no bounds checks.
  const stride = width + 2;
  const framed = new Uint8Array((height + 2) * stride);
  for (let y = 0; y < height; y++) framed.set(data.subarray(y * width, (y + 1) * width), (y + 1) * stride + 1);
  const on = (x: number, y: number): boolean => framed[(y + 1) * stride + x + 1] === 1;
  // Every ring has a horizontal edge; marking those is enough to start each ring once.
  const visited = new Uint8Array((height + 1) * width);

  for (let y = 0; y <= height; y++) {
    for (let x = 0; x < width; x++) {
      const below = on(x, y);
      if (below === on(x, y - 1) || visited[y * width + x]) continue;
      // Boundary edges keep the foreground on their right (as seen on screen).
      const ring = below ? traceRing(x, y, 0) : traceRing(x + 1, y, 2);
      const owner = below ? labels[y * width + x]! : labels[(y - 1) * width + x]!;
      const polygon = polygons[owner - 1]!;
      if (ringArea(ring) > 0) polygon.exterior = ring;
      else polygon.holes.push(ring);
    }
  }
  return tolerance === 0 ? polygons : simplifyPolygons(polygons, tolerance);

  /** Does a boundary edge leave vertex (x, y) in direction d? */
  function leaves(x: number, y: number, d: number): boolean {
    switch (d) {
      case 0:
        return on(x, y) && !on(x, y - 1);
      case 1:
        return on(x - 1, y) && !on(x, y);
      case 2:
        return on(x - 1, y - 1) && !on(x - 1, y);
      default:
        return on(x, y - 1) && !on(x - 1, y - 1);
    }
  }

  /** Walks one ring from vertex (x, y) leaving in direction d and returns its corners. */
  function traceRing(startX: number, startY: number, startD: number): number[] {
    // At a vertex where two diagonal pixels meet, two edges leave. Turning left (away from the
    // pixel just followed) carries the ring across to the diagonal pixel, joining them (8);
    // turning right closes the ring around the current pixel, keeping them apart (4).
    const turns = connectivity === 8 ? [3, 0, 1] : [1, 0, 3];
    const ring: number[] = [];
    let x = startX;
    let y = startY;
    let d = startD;
    do {
      if (d === 0) visited[y * width + x] = 1;
      else if (d === 2) visited[y * width + x - 1] = 1;
      x += DX[d]!;
      y += DY[d]!;
      let next = d;
      for (const turn of turns) {
        next = (d + turn) % 4;
        if (leaves(x, y, next)) break;
      }
      if (next !== d) ring.push(x, y);
      d = next;
    } while (x !== startX || y !== startY || d !== startD);
    // The start vertex, when it is a corner, was reached last; list it first so that every
    // exterior begins at its top-left corner.
    if (ring[ring.length - 2] === startX && ring[ring.length - 1] === startY) ring.unshift(...ring.splice(-2));
    return ring;
  }
}

function simplifyPolygons(polygons: Polygon[], tolerance: number): Polygon[] {
  const simplified: Polygon[] = [];
  for (const polygon of polygons) {
    const exterior = simplifyRing(polygon.exterior, tolerance);
    if (exterior === null) continue;
    const holes = polygon.holes.map((hole) => simplifyRing(hole, tolerance)).filter((hole) => hole !== null);
    simplified.push({ exterior, holes });
  }
  return simplified;
}
