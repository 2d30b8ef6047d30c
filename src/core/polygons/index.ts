/**
 * Mask → polygon conversion with exact pixel-corner boundaries, optional simplification, areas
 * and COCO polygon export.
 */
export type { Polygon } from './types.js';
export { maskToPolygons, type MaskToPolygonsOptions } from './trace.js';
export { polygonArea, ringArea } from './area.js';
export { polygonsToCocoSegmentation } from './coco.js';
