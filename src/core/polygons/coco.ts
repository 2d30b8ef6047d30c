/**
 * COCO polygon export. COCO polygons have no holes, so only exteriors are written; a mask with
 * holes should be exported as RLE instead to stay exact.
 */
import { InvalidInputError } from '../errors.js';
import { checkPolygon } from './check.js';
import type { Polygon } from './types.js';

/**
 * COCO `segmentation` polygons: one flat `[x0, y0, x1, y1, …]` list per polygon, exteriors
 * only. Holes are dropped because COCO's polygon format cannot express them (pycocotools would
 * rasterise a hole ring as more foreground), so a mask with holes must be exported as RLE to
 * round-trip exactly.
 */
export function polygonsToCocoSegmentation(polygons: readonly Polygon[]): number[][] {
  if (!Array.isArray(polygons)) {
    throw new InvalidInputError('polygons', 'an array of { exterior, holes }', `got ${String(polygons)}`);
  }
  polygons.forEach((polygon, k) => checkPolygon(polygon, `polygons[${k}]`));
  return polygons.map((polygon) => polygon.exterior.slice());
}
